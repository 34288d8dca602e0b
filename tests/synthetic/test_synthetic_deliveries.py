"""The landing files: deterministic bytes, real encodings, readable XLSX, known dirt."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from stdnum.cn import uscc as stdnum_uscc

from ingestion.synthetic import generate
from ingestion.synthetic.identifiers import is_valid_application_number

ACTIVE_LABELS = {"存续", "在业", "开业"}
DATE_COLUMNS = {"注册日期", "核准日期", "申请日", "授权日", "融资时间", "事件日期"}
CANONICAL_OF_HEADER = {
    "统一社会信用代码": "uscc",
    "注册日期": "registration_date",
    "申请号": "application_number",
    "申请日": "application_date",
    "融资时间": "deal_date",
    "事件日期": "event_date",
}


def _landing_files(landing: Path) -> list[Path]:
    """The primary layouts' files; the vendor layouts (``<feed>/vendors/``) re-deliver their
    rows and are checked by tests/ingestion/test_vendor_layouts.py."""
    return sorted(p for p in landing.rglob("*") if p.is_file() and "vendors" not in p.parts)


def _hashes(summary) -> dict[str, str]:
    return {f.path: f.sha256 for f in summary.files}


def test_same_seed_gives_identical_files_and_another_seed_does_not(generated, tmp_path):
    again = generate(tmp_path / "again", "small", generated.seed, generated.as_of)
    other = generate(tmp_path / "other", "small", generated.seed + 1, generated.as_of)
    assert _hashes(again) == _hashes(generated)
    for file in again.files:
        assert (again.home_root / file.path).read_bytes() == (
            generated.home_root / file.path
        ).read_bytes()
    same_paths = _hashes(other).keys() & _hashes(generated).keys()
    landing_paths = [p for p in same_paths if p.startswith("landing/")]
    assert landing_paths
    assert all(_hashes(other)[p] != _hashes(generated)[p] for p in landing_paths)


def test_manifest_lists_every_written_file(generated):
    written = {
        p.relative_to(generated.home_root).as_posix()
        for p in generated.home_root.rglob("*")
        if p.is_file()
    }
    assert {f.path for f in generated.files} | {"truth/manifest.json"} == written


def test_gbk_files_decode_only_as_gbk(landing):
    gbk_files = [
        landing / "registrations/2023-12-31_工商登记全量.csv",
        landing / "financing/投融资事件_2015-2023.csv",
    ]
    for path in gbk_files:
        raw = path.read_bytes()
        assert raw.decode("gbk").startswith("公司名称" if "financing" in path.parts else "企业名称")
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")


def test_bom_where_the_feeds_deliver_one(landing):
    assert (
        (landing / "registrations/2025_工商登记变更.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    )
    assert (
        not (landing / "registrations/2026_工商登记变更.csv")
        .read_bytes()
        .startswith(b"\xef\xbb\xbf")
    )
    assert (landing / "patents/专利检索_2020.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert not (landing / "patents/专利检索_2021.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_xlsx_files_open_with_calamine(landing):
    workbooks = [p for p in _landing_files(landing) if p.suffix == ".xlsx"]
    assert len(workbooks) == 3
    for path in workbooks:
        frame = pl.read_excel(path, engine="calamine")
        assert frame.height > 0
        assert {"统一社会信用代码"} <= set(frame.columns)


def test_every_file_has_rows(landing, read_delivery):
    for path in _landing_files(landing):
        assert read_delivery(path).height > 0, path


def test_no_date_after_as_of_in_any_file(generated, landing, read_delivery, parse_date):
    for path in _landing_files(landing):
        frame = read_delivery(path)
        for column in DATE_COLUMNS & set(frame.columns):
            days = [parse_date(t) for t in frame[column].drop_nulls() if t]
            assert all(d is None or d <= generated.as_of for d in days), (path, column)


def test_no_date_after_as_of_in_truth(generated, truth):
    columns = {
        "enterprises.csv": ("registration_date", "death_date"),
        "patents.csv": ("application_date", "grant_date"),
        "financing_rounds.csv": ("deal_date",),
        "events.csv": ("event_date",),
    }
    for name, date_columns in columns.items():
        for row in truth(name):
            for column in date_columns:
                day = row[column] and date.fromisoformat(row[column])
                assert not day or day <= generated.as_of, (name, row)


def _is_violation(column: str, value: str | None, parse_date) -> bool:
    """Whether ``value`` breaks the contract of its canonical column (only USCCs may be blank)."""
    if not value:
        return column != "uscc"
    if column == "uscc":
        return not stdnum_uscc.is_valid(value)
    if column == "application_number":
        return not is_valid_application_number(value.removeprefix("CN"))
    return parse_date(value) is None


def test_expected_quarantine_rows_hold_exactly_the_invalid_values(
    truth, landing, read_delivery, parse_date
):
    expected = {
        (r["file"], int(r["row_number"]), r["column"])
        for r in truth("expected_quarantine.csv")
        if "/vendors/" not in r["file"]
    }
    assert {column for *_, column in expected} == set(CANONICAL_OF_HEADER.values())
    found = set()
    for path in _landing_files(landing):
        frame = read_delivery(path)
        file = path.relative_to(landing).as_posix()
        for header, column in CANONICAL_OF_HEADER.items():
            if header not in frame.columns:
                continue
            for row_number, value in enumerate(frame[header], start=2):
                if _is_violation(column, value, parse_date):
                    found.add((file, row_number, column))
    assert found == expected


def test_some_valid_usccs_arrive_in_lower_case(landing, read_delivery):
    frame = read_delivery(landing / "registrations/2023-12-31_工商登记全量.csv")
    lower = [code for code in frame["统一社会信用代码"] if code != code.upper()]
    assert lower and all(stdnum_uscc.is_valid(code) for code in lower)


def test_some_firms_register_and_close_within_one_change_file(landing, read_delivery, parse_date):
    """A firm born and closed in one year: its registration row, then its closing row."""
    found = 0
    for path in landing.glob("registrations/*_工商登记变更.*"):
        year = int(path.name[:4])
        labels: dict[str, list[str]] = defaultdict(list)
        frame = read_delivery(path).select("统一社会信用代码", "注册日期", "登记状态")
        for code, registered, label in frame.iter_rows():
            day = parse_date(registered)
            if day and day.year == year:
                labels[code.upper()].append(label)
        found += sum(
            seen[0] in ACTIVE_LABELS and seen[-1] not in ACTIVE_LABELS for seen in labels.values()
        )
    assert found > 0


def test_continuation_rows_follow_a_company_row(landing, read_delivery):
    for path in (p for p in landing.glob("financing/*") if p.is_file()):  # not vendors/
        frame = read_delivery(path)
        assert frame["工商名称"][0] is not None
        assert frame["工商名称"].null_count() > 0, "several rounds of one company"


def test_regenerating_replaces_the_previous_files(tmp_path):
    home = tmp_path / "home"
    generate(home, "small", 1, date(2026, 11, 28))
    earlier = generate(home, "small", 1, date(2024, 6, 30))
    written = {p.relative_to(home).as_posix() for p in home.rglob("*") if p.is_file()}
    assert written == {f.path for f in earlier.files} | {"truth/manifest.json"}
    assert not any("2026" in path for path in written)


def test_progress_reaches_its_total(tmp_path):
    calls = []
    generate(tmp_path / "home", "small", 1, date(2025, 2, 1), progress=lambda *c: calls.append(c))
    assert calls[-1][1] == calls[-1][2] == len(calls)


def test_as_of_before_2024_is_refused(tmp_path):
    with pytest.raises(ValueError, match="2023-12-31"):
        generate(tmp_path / "home", "small", 1, date(2023, 12, 31))
