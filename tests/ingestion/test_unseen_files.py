"""Files never seen before, in every known layout, tried as a new user would: random
mixes of good, blank, odd and hostile values, as CSV (three encodings), JSON (array or
envelope, with numbers and nested objects) or XLSX. Every file must load or be rejected
with a message, never crash, and every non-blank row must be accounted for."""

from __future__ import annotations

import csv
import io
import json
import random

import duckdb
import pytest
import xlsxwriter

from ingestion.formats import FORMATS
from ingestion.loader import ensure_schema, ingest_file

ODD_VALUES = (
    "",
    "  ",
    "N/A",
    "0001-01-01",
    "2021/5/6 9:05:07",
    "12/31/2023",
    "44322",
    "2099-01-01",
    "未透露人民币",
    "数千万",
    "1,000(万元人民币)",
    '{"A","B"}',
    "CN-114138539-A",
    "跑路",
    "91310115MA1K3YJ587",
    "310115000123456",
    "x" * 300,
    "—",
    "😀",
    "=SUM(A1)",
)
EXTRA_HEADERS = ("备注", "extra", "Email", "法人代表", "联系电话")
TRIALS_PER_FORMAT = 5


def write_file(path, headers, rows, rng: random.Random) -> None:
    if path.suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(headers)
        writer.writerows(rows)
        encoding = rng.choice(["utf-8", "utf-8-sig", "gb18030"])
        path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    elif path.suffix == ".json":
        records = [
            dict(zip(headers, [rng.choice([v, 1.5, None, {"k": v}]) for v in row], strict=True))
            for row in rows
        ]
        document = records if rng.random() < 0.5 else {"Status": "200", "Result": records}
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    else:
        workbook = xlsxwriter.Workbook(path)
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, headers)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, row)
        workbook.close()


@pytest.mark.parametrize("fmt", FORMATS, ids=[fmt.name for fmt in FORMATS])
def test_unseen_files_load_without_a_crash_and_every_row_is_accounted_for(fmt, tmp_path):
    rng = random.Random(fmt.name)
    for trial in range(TRIALS_PER_FORMAT):
        headers = list(fmt.signature) + rng.sample(EXTRA_HEADERS, 2)
        rows = [[rng.choice(ODD_VALUES) for _ in headers] for _ in range(rng.randint(0, 6))]
        path = tmp_path / f"{trial}.{rng.choice(['csv', 'json', 'xlsx'])}"
        write_file(path, headers, rows, rng)
        con = duckdb.connect()
        ensure_schema(con)
        result = ingest_file(con, path, fmt.feed)
        assert result.status in ("loaded", "rejected"), result
        assert result.status == "loaded" or not rows, result.message
        if result.status == "loaded":
            assert result.rows_read == result.rows_loaded + result.rows_quarantined
            (in_raw,) = con.execute(f"select count(*) from raw.{raw_table(fmt.feed)}").fetchone()
            (in_quarantine,) = con.execute("select count(*) from meta.quarantine").fetchone()
            assert (in_raw, in_quarantine) == (result.rows_loaded, result.rows_quarantined)
        con.close()


def raw_table(feed: str) -> str:
    return {"financing": "financing_rounds"}.get(feed, feed)
