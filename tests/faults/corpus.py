"""The fault corpus: bad deliveries built from the clean fixtures, each with the outcome
the loader must produce (tests/faults/test_fault_corpus.py asserts them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter

FIXTURES = Path(__file__).parents[1] / "fixtures"
REGISTRY = (FIXTURES / "registrations" / "registry_export.csv").read_text(encoding="utf-8")
VENTURE = (FIXTURES / "financing" / "venture_export.csv").read_text(encoding="utf-8")
HEADER, FIRST, SECOND = REGISTRY.splitlines(keepends=True)[:3]
USCC = "91310115MA1K3YJ587"  # the enterprise of FIRST
FORMULAS = ('=HYPERLINK("http://evil.example","点击")', "+cmd|' /C calc'!A0")


@dataclass(frozen=True)
class Fault:
    """``build(folder) -> path`` writes the delivery; the rest is the expected outcome."""

    feed: str
    build: Callable[[Path], Path]
    status: str  # loaded | rejected | skipped_duplicate
    message: str = ""  # part of the load-log message (names the problem)
    rows_loaded: int = 0
    quarantined: dict[int, str] = field(default_factory=dict)  # row number -> rule


def _file(name: str, text: str | bytes) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return path

    return build


def _without_column(text: str, column: str) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    index = rows[0].index(column)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(r[:index] + r[index + 1 :] for r in rows)
    return out.getvalue()


def _merged_header_workbook(folder: Path) -> Path:
    """A title row merged across the first columns above the real header."""
    path = folder / "merged_header.xlsx"
    rows = list(csv.reader(io.StringIO(HEADER + FIRST + SECOND)))
    with xlsxwriter.Workbook(str(path)) as workbook:
        sheet = workbook.add_worksheet()
        sheet.merge_range(0, 0, 0, 3, "浦东新区企业登记信息")
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value)
    return path


def _same_file_twice(folder: Path) -> Path:
    (folder / "first_delivery.csv").write_text(HEADER + FIRST, encoding="utf-8")
    return _file("second_delivery.csv", HEADER + FIRST)(folder)


def _formula_names() -> str:
    first = FIRST.replace("上海浦银金融科技有限公司", '"' + FORMULAS[0].replace('"', '""') + '"')
    return HEADER + first + SECOND.replace("上海陆家嘴数据服务有限公司", FORMULAS[1])


def _conflicting_approval(folder: Path) -> Path:
    """A later delivery for the same USCC with another name and a later 核准日期."""
    (folder / "2025-03.csv").write_text(HEADER + FIRST, encoding="utf-8")
    later = FIRST.replace("上海浦银金融科技有限公司", "上海浦银数字科技有限公司")
    return _file("2025-06.csv", HEADER + later.replace("2023/5/1", "2025/6/30"))(folder)


FAULTS: dict[str, Fault] = {
    "truncated file": Fault(
        "registrations",
        _file("truncated.csv", HEADER + FIRST + SECOND[:40]),
        "loaded",
        rows_loaded=1,
        quarantined={3: "registration_date:parseable_date"},
    ),
    "empty file": Fault("registrations", _file("empty.csv", b""), "rejected", "the file is empty"),
    "header only": Fault("registrations", _file("header_only.csv", HEADER), "loaded"),
    "GBK bytes in a UTF-8 file": Fault(
        "registrations",
        _file("mixed.csv", (HEADER + FIRST).encode() + SECOND.encode("gbk")),
        "rejected",
        "cannot be decoded: not UTF-8",
    ),
    "missing required column": Fault(
        "registrations",
        _file("no_uscc.csv", _without_column(HEADER + FIRST, "统一社会信用代码")),
        "rejected",
        "missing column(s) 统一社会信用代码",
    ),
    "renamed column": Fault(
        "registrations",
        _file("renamed.csv", HEADER.replace("注册日期", "成立日期") + FIRST),
        "rejected",
        "missing column(s) 注册日期",
    ),
    "extra column": Fault(
        "registrations",
        _file("extra.csv", HEADER.rstrip("\n") + ",备注\n" + FIRST.rstrip("\n") + ",x\n"),
        "loaded",
        rows_loaded=1,
    ),
    "same file twice": Fault("registrations", _same_file_twice, "skipped_duplicate", "same bytes"),
    "duplicate rows within a file": Fault(
        "registrations",
        _file("duplicates.csv", HEADER + FIRST + FIRST),
        "loaded",
        rows_loaded=1,
        quarantined={3: "row:repeated_in_file"},
    ),
    "conflicting rows for one USCC": Fault(
        "registrations", _conflicting_approval, "loaded", rows_loaded=1
    ),
    "future dates": Fault(
        "registrations",
        _file("future.csv", HEADER + FIRST.replace("2019-03-05", "2099-03-05")),
        "loaded",
        quarantined={2: "registration_date:not_in_future"},
    ),
    "negative amounts": Fault(
        "financing",
        _file(
            "negative.csv",
            "".join(VENTURE.splitlines(keepends=True)[:2]).replace("630万人民币", "-630万人民币"),
        ),
        "loaded",
        quarantined={2: "amount_text:parseable_amount"},
    ),
    "formula-injection names": Fault(
        "registrations", _file("formulas.csv", _formula_names()), "loaded", rows_loaded=2
    ),
    "10 MB field": Fault(
        "registrations",
        _file("huge_field.csv", HEADER + FIRST.replace("软件开发", "软" * 3_500_000)),
        "rejected",
        "field larger than field limit",
    ),
    "NUL bytes": Fault(
        "registrations",
        _file("nul.csv", HEADER + FIRST.replace("张江路", "张江\x00路")),
        "rejected",
        "contains a NUL character",
    ),
    "XLSX with merged header cells": Fault(
        "registrations", _merged_header_workbook, "loaded", rows_loaded=2
    ),
}
