"""Every fault of the corpus: quarantined with its rule or rejected with a message naming
the file and the problem; nothing else in the warehouse changes; the accounting holds."""

from __future__ import annotations

import io
from pathlib import Path

import duckdb
import pytest
from corpus import FAULTS, FIXTURES, FORMULAS, USCC

from fintech_cluster.export import write_csv
from ingestion.loader import ensure_schema, ingest_file, ingest_landing

BASELINE_FILES = {
    "registrations": "registry_export.csv",
    "patents": "cnipa_table.csv",
    "financing": "venture_export.csv",
    "events": "bureau_events.csv",
}
TABLES = (
    "raw.registrations",
    "raw.patents",
    "raw.financing_rounds",
    "raw.events",
    "meta.load_log",
    "meta.quarantine",
)


@pytest.fixture
def warehouse(tmp_path) -> duckdb.DuckDBPyConnection:
    """A warehouse holding the clean fixtures of every feed."""
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    ensure_schema(con)
    for feed, name in BASELINE_FILES.items():
        ingest_file(con, FIXTURES / feed / name, feed)
    yield con
    con.close()


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {
        table: con.execute(f"select * from {table} order by all").fetchall() for table in TABLES
    }


def _rows_from(con, table: str, file_path: str) -> int:
    column = "_source_file" if table.startswith("raw.") else "file_path"
    sql = f"select count(*) from {table} where {column} = ?"
    return con.execute(sql, [file_path]).fetchall()[0][0]


@pytest.mark.parametrize("name", FAULTS)
def test_fault_outcome(warehouse, tmp_path, name):
    fault = FAULTS[name]
    folder = tmp_path / "landing" / fault.feed
    folder.mkdir(parents=True)
    path = fault.build(folder)
    before = _snapshot(warehouse)
    result = ingest_landing(warehouse, folder, fault.feed)[-1]

    assert result.file_path == str(path.resolve())
    assert result.status == fault.status, result.message
    assert path.name in result.message and fault.message in result.message
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    assert result.rows_loaded == fault.rows_loaded
    quarantined = warehouse.execute(
        "select row_number, rule from meta.quarantine where file_path = ?", [result.file_path]
    ).fetchall()
    assert dict(quarantined) == fault.quarantined
    raw_table = {"financing": "raw.financing_rounds"}.get(fault.feed, f"raw.{fault.feed}")
    assert _rows_from(warehouse, raw_table, result.file_path) == result.rows_loaded
    after = _snapshot(warehouse)
    for table in TABLES:  # nothing but this delivery's rows was added, nothing removed
        assert set(before[table]) <= set(after[table]), table
    added = sum(len(after[t]) - len(before[t]) for t in TABLES)
    files_logged = len(after["meta.load_log"]) - len(before["meta.load_log"])
    assert added == files_logged + _delivered_rows(warehouse, folder)


def _delivered_rows(con, folder: Path) -> int:
    """Raw plus quarantine rows written for the files of ``folder``."""
    batches = con.execute(
        "select rows_loaded + rows_quarantined from meta.load_log where file_path like ?",
        [f"{folder.resolve()}/%"],
    ).fetchall()
    return sum(rows for (rows,) in batches)


def test_formula_injection_is_kept_as_text_and_neutralised_on_export(warehouse, tmp_path):
    folder = tmp_path / "landing" / "registrations"
    folder.mkdir(parents=True)
    ingest_file(warehouse, FAULTS["formula-injection names"].build(folder), "registrations")
    names = {name for (name,) in warehouse.execute("select name from raw.registrations").fetchall()}
    assert set(FORMULAS) <= names
    out = io.StringIO()
    write_csv(out, ["name"], [(formula,) for formula in FORMULAS] + [("上海浦银",), (-1.5,)])
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[2] == "'+cmd|' /C calc'!A0"
    assert lines[3:] == ["上海浦银", "-1.5"]


def test_conflicting_rows_for_one_uscc_are_both_kept_with_their_approval_dates(warehouse, tmp_path):
    """Raw keeps both deliveries; staging keeps the latest 核准日期 (docs/quality-gates.md),
    tested by the dbt unit test `test_latest_approval_wins_regardless_of_load_order`."""
    folder = tmp_path / "landing" / "registrations"
    folder.mkdir(parents=True)
    FAULTS["conflicting rows for one USCC"].build(folder)
    ingest_landing(warehouse, folder, "registrations")
    rows = warehouse.execute(
        "select name, approval_date from raw.registrations where uscc = ? "
        "and _source_file like ? order by approval_date",
        [USCC, f"{folder.resolve()}/%"],
    ).fetchall()
    assert [name for name, _ in rows] == ["上海浦银金融科技有限公司", "上海浦银数字科技有限公司"]
