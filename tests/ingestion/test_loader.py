"""Loading files into DuckDB: accounting, idempotence, rejection, privacy, atomicity."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from data_contracts import validate_frame
from ingestion import loader
from ingestion.loader import ensure_schema, ingest_file, ingest_landing, read_raw_rows

FIXTURES = Path(__file__).parents[1] / "fixtures"
REGISTRATIONS = FIXTURES / "registrations" / "registry_export.csv"
TABLES = (
    "raw.registrations",
    "raw.patents",
    "raw.financing_rounds",
    "raw.events",
    "meta.load_log",
    "meta.quarantine",
)
# (fixture, rows read, rows loaded, {row number: rule}) — see tests/fixtures/README.md
EXPECTED = {
    "registrations": (
        "registry_export.csv",
        13,
        6,
        {
            7: "uscc:valid_uscc",
            8: "uscc:valid_uscc",
            9: "registration_date:not_in_future",
            10: "registration_date:parseable_date",
            11: "registered_capital_text:parseable_amount",
            12: "status:isin",
            13: "name:not_nullable",
        },
    ),
    "patents": (
        "cnipa_table.csv",
        9,
        4,
        {
            6: "application_number:valid_patent_number",
            7: "patent_type:matches_number_type",
            8: "applicant_uscc:valid_uscc",
            9: "application_date:not_nullable",
            10: "grant_date:not_in_future",
        },
    ),
    "financing": (
        "venture_export.csv",
        9,
        5,
        {
            7: "deal_date:not_in_future",
            8: "amount_text:parseable_amount",
            9: "uscc:valid_uscc",
            10: "registered_name:not_nullable",
        },
    ),
    "events": (
        "bureau_events.csv",
        7,
        4,
        {5: "level:isin", 6: "event_type_raw:not_nullable", 7: "amount_text:parseable_amount"},
    ),
}


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def contents(con) -> dict[str, list[tuple]]:
    return {
        table: sorted(con.sql(f"select * from {table}").fetchall(), key=repr) for table in TABLES
    }


def count(con, table: str) -> int:
    return con.execute(f"select count(*) from {table}").fetchall()[0][0]


@pytest.mark.parametrize("feed", list(EXPECTED))
def test_accounting_and_quarantine_rules_per_file(con, feed):
    name, rows_read, rows_loaded, rules = EXPECTED[feed]
    result = ingest_file(con, FIXTURES / feed / name, feed)
    assert (result.status, result.rows_read, result.rows_loaded) == (
        "loaded",
        rows_read,
        rows_loaded,
    )
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    table = loader.raw_table_name(feed)
    assert count(con, table) == rows_loaded
    quarantine = con.sql("select row_number, rule, message from meta.quarantine").fetchall()
    assert {row: rule for row, rule, _ in quarantine} == rules
    for row, rule, message in quarantine:
        assert message.startswith(f"{name} row {row}: {rule}")
    log = con.sql("select rows_read, rows_loaded, rows_quarantined, status from meta.load_log")
    assert log.fetchall() == [(rows_read, rows_loaded, len(rules), "loaded")]
    assert validate_frame(feed, read_raw_rows(con, feed)) == []  # what the asset check runs


def test_a_warehouse_created_before_the_family_column_gains_it():
    """A home refreshed before 同族专利 and 失效日 existed keeps its rows and loads new files."""
    connection = duckdb.connect()
    connection.execute("create schema raw")
    connection.execute(
        "create table raw.patents (application_number varchar, legal_status varchar,"
        " _batch_id varchar, _source_file varchar, _file_sha256 varchar,"
        " _row_number integer, _loaded_at timestamp)"
    )
    connection.execute("insert into raw.patents (application_number) values ('202210000001.2')")
    ensure_schema(connection)
    ingest_file(connection, FIXTURES / "patents" / "cnipa_table_families.csv", "patents")
    families = connection.sql(
        "select application_number, family_publications, lapse_date from raw.patents order by 1"
    ).fetchall()
    connection.close()
    assert families == [
        ("202210000001.2", None, None),
        ("202210002468.9", "US20230123456A1;WO2023123456A1;EP4123456A1", None),
        ("202210002469.3", "CN117000099A", date(2025, 7, 1)),
        ("202310001357.0", None, None),
    ]


def test_lineage_columns(con):
    result = ingest_file(con, REGISTRATIONS, "registrations")
    sha256 = hashlib.sha256(REGISTRATIONS.read_bytes()).hexdigest()
    assert result.batch_id == f"b_{sha256[:16]}"
    lineage = con.sql(
        "select distinct _batch_id, _source_file, _file_sha256 from raw.registrations"
    ).fetchall()
    assert lineage == [(result.batch_id, str(REGISTRATIONS.resolve()), sha256)]
    row_numbers = con.sql("select _row_number from raw.registrations order by 1").fetchall()
    assert [n for (n,) in row_numbers] == [2, 3, 4, 6, 14, 15]


def test_the_same_file_twice_changes_nothing(con):
    first = ingest_file(con, REGISTRATIONS, "registrations")
    before = contents(con)
    second = ingest_file(con, REGISTRATIONS, "registrations")
    assert (first.status, second.status) == ("loaded", "unchanged")
    assert contents(con) == before


def test_the_same_bytes_under_a_new_name_are_logged_once_as_duplicate(con, tmp_path):
    ingest_file(con, REGISTRATIONS, "registrations")
    copy = tmp_path / "resent.csv"
    shutil.copy(REGISTRATIONS, copy)
    first, again = (ingest_file(con, copy, "registrations") for _ in range(2))
    assert (first.status, again.status) == ("skipped_duplicate", "unchanged")
    assert "same bytes as" in first.message
    log = con.sql("select file_path, status, rows_read from meta.load_log order by loaded_at")
    assert log.fetchall() == [
        (str(REGISTRATIONS.resolve()), "loaded", 13),
        (str(copy.resolve()), "skipped_duplicate", 0),
    ]
    assert count(con, "raw.registrations") == 6


def rejected(con, path: Path, feed: str, format_name: str | None = None) -> str:
    result = ingest_file(con, path, feed, format_name)
    assert result.status == "rejected"
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (0, 0, 0)
    assert result.message.startswith(f"{path.name}: ")
    assert con.sql("select status, message from meta.load_log").fetchall()[-1] == (
        "rejected",
        result.message,
    )
    assert count(con, "raw.registrations") == count(con, "meta.quarantine") == 0
    return result.message


def test_unknown_header_is_rejected(con):
    message = rejected(con, FIXTURES / "registrations" / "unknown_layout.csv", "registrations")
    assert "header matches no known format for feed registrations" in message


def test_missing_required_column_is_rejected(con, tmp_path):
    lines = REGISTRATIONS.read_text(encoding="utf-8").splitlines()
    detected, forced = tmp_path / "detected.csv", tmp_path / "forced.csv"
    for path, rows in ((detected, 2), (forced, 3)):  # different bytes: both are new files
        path.write_text("\n".join(",".join(line.split(",")[:12]) for line in lines[:rows]))
    assert "missing column(s) 核准日期" in rejected(con, detected, "registrations")
    message = rejected(con, forced, "registrations", "registry_export")
    assert "needs column(s) missing from the header: 核准日期" in message


def test_undecodable_file_is_rejected(con, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_bytes(REGISTRATIONS.read_bytes()[:200] + b"\xff\xff\xff")
    assert "cannot be decoded" in rejected(con, broken, "registrations")


def test_gbk_and_xlsx_deliveries_load_like_the_utf8_csv(con, tmp_path):
    text = REGISTRATIONS.read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes(text.replace("\n", "\r\n").encode("gbk"))
    workbook_path = tmp_path / "registry.xlsx"
    workbook = xlsxwriter.Workbook(workbook_path)
    sheet = workbook.add_worksheet()
    sheet.write(0, 0, "工商登记信息导出")  # a title row: the header moves to row 2
    for row, line in enumerate(text.splitlines(), start=1):
        sheet.write_row(row, 0, next(csv.reader([line]), []))
    workbook.close()
    results = [
        ingest_file(con, path, "registrations") for path in (REGISTRATIONS, gbk, workbook_path)
    ]
    assert [(r.rows_read, r.rows_loaded) for r in results] == [(13, 6)] * 3
    names = con.execute(
        "select _row_number, name from raw.registrations where _source_file = ? order by 1",
        [str(workbook_path.resolve())],
    ).fetchall()
    assert names[0] == (3, "上海浦银金融科技有限公司")  # sheet row 3: below title and header


def test_personal_data_never_reaches_the_warehouse(con):
    ingest_file(con, REGISTRATIONS, "registrations")
    everything = json.dumps(contents(con), default=str, ensure_ascii=False)
    for personal in ("张三", "李四", "钱七", "13800138000", "021-50501234", "13700137000"):
        assert personal not in everything
    masked = con.sql("select distinct legal_representative_masked from raw.registrations")
    assert ("张*",) in masked.fetchall()
    record = con.execute("select raw_record from meta.quarantine where row_number = 7")
    record = record.fetchall()[0][0]
    assert json.loads(record) == {
        "企业名称": "上海错码科技有限公司",
        "统一社会信用代码": "91310115MA7BCD1230",
        "注册日期": "2021-06-01",
        "企业类型": "有限责任公司",
        "法人代表": "钱*",
        "注册资金": "100万人民币",
        "经营范围": "软件开发",
        "所在省份": "上海市",
        "地区": "浦东新区",
        "注册地址": "上海市浦东新区世纪大道1号",
        "行业代码": "I6510",
        "登记状态": "存续",
        "核准日期": "2021-06-01",
    }


def test_a_crash_mid_load_leaves_nothing_behind(con, monkeypatch):
    real_insert = loader.insert_frame

    def insert_then_crash(connection, table, frame):
        if table == "meta.quarantine":
            raise RuntimeError("disk full")
        real_insert(connection, table, frame)

    monkeypatch.setattr(loader, "insert_frame", insert_then_crash)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest_file(con, REGISTRATIONS, "registrations")
    assert all(rows == [] for rows in contents(con).values())

    monkeypatch.setattr(loader, "insert_frame", real_insert)
    assert ingest_file(con, REGISTRATIONS, "registrations").status == "loaded"  # not "unchanged"


def test_ingest_landing_loads_visible_files_in_path_order(con, tmp_path):
    folder = tmp_path / "landing" / "events"
    source = FIXTURES / "events" / "bureau_events.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    for relative, data_line in [("b.csv", 1), ("a/2024.csv", 2), ("a/2023.csv", 3)]:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(f"{lines[0]}\n{lines[data_line]}\n", encoding="utf-8")
    for hidden in (".partial.csv", ".tmp/x.csv", "~$lock.xlsx"):
        (folder / hidden).parent.mkdir(parents=True, exist_ok=True)
        (folder / hidden).write_bytes(b"garbage")
    seen = []
    results = ingest_landing(con, tmp_path / "landing", "events", on_file=seen.append)
    assert [Path(r.file_path).relative_to(folder.resolve()).as_posix() for r in results] == [
        "a/2023.csv",
        "a/2024.csv",
        "b.csv",
    ]
    assert seen == results
    assert {r.status for r in results} == {"loaded"}
    again = ingest_landing(con, folder, "events")  # the feed folder itself works too
    assert [r.status for r in again] == ["unchanged"] * 3
    assert ingest_landing(con, tmp_path / "landing", "patents") == []  # nothing delivered


def test_user_errors_raise_one_line_messages(con, tmp_path):
    with pytest.raises(ValueError, match="unknown feed 'weather'; expected one of: registrations"):
        ingest_file(con, REGISTRATIONS, "weather")
    with pytest.raises(FileNotFoundError, match="no such file: .*missing.csv"):
        ingest_file(con, tmp_path / "missing.csv", "registrations")
    with pytest.raises(ValueError, match="unknown format 'vendor_x' for feed registrations"):
        ingest_file(con, REGISTRATIONS, "registrations", "vendor_x")
    with pytest.raises(FileNotFoundError, match="no such landing folder"):
        ingest_landing(con, tmp_path / "nowhere", "registrations")
