"""Vendor layouts (issue 3): each fixture under ``tests/fixtures/deliveries/<format>/``
mimics a real delivery; expected values are read off the fixture by hand."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import duckdb
import pytest
import xlsxwriter

from ingestion.formats import detect_format
from ingestion.loader import ensure_schema, ingest_file
from ingestion.privacy import scrub_personal_data
from ingestion.readers import read_table

DELIVERIES = Path(__file__).parents[1] / "fixtures" / "deliveries"
COMMERCIAL_API = DELIVERIES / "commercial_api" / "qcc_search.json"
GOOGLE_PATENTS = DELIVERIES / "google_patents" / "gp-search-20250630.csv"
CRUNCHBASE = DELIVERIES / "crunchbase_rounds" / "funding_rounds.csv"
ABNORMAL = DELIVERIES / "abnormal_operations" / "abnormal_list.json"
LENDING = DELIVERIES / "lending_platforms" / "p2p_problem_platforms.csv"
CERTIFICATIONS = DELIVERIES / "certification_list" / "浦东新区2024年认定名单.xlsx"
LISTINGS = DELIVERIES / "listing_list" / "listed_companies.csv"


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


def canonical_rows(path: Path, feed: str) -> tuple[str, dict[int, dict]]:
    table = scrub_personal_data(read_table(path))
    fmt = detect_format(feed, table.headers)
    frame = fmt.to_canonical(table)
    return fmt.name, {row["_row_number"]: row for row in frame.to_dicts()}


def quarantine_rules(con) -> dict[int, str]:
    rows = con.execute("select row_number, rule from meta.quarantine").fetchall()
    return dict(rows)


# (fixture, feed, format, rows read, rows loaded, {row number: quarantine rule})
EXPECTED_LOADS = [
    (COMMERCIAL_API, "registrations", "commercial_api", 4, 3, {4: "uscc:valid_uscc"}),
    (
        GOOGLE_PATENTS,
        "patents",
        "google_patents",
        5,
        4,
        {7: "application_number:present_or_found_by"},  # no id: nothing finds its number
    ),
    (CRUNCHBASE, "financing", "crunchbase_rounds", 5, 4, {6: "deal_date:parseable_date"}),
    (ABNORMAL, "events", "abnormal_operations", 3, 2, {3: "event_date:not_nullable"}),
    (LENDING, "events", "lending_platforms", 4, 3, {6: "event_type_raw:not_nullable"}),
    (
        CERTIFICATIONS,
        "events",
        "certification_list",
        5,
        2,
        {5: "event_date:parseable_date", 6: "uscc:valid_uscc", 7: "row:totals_row"},
    ),
    (LISTINGS, "events", "listing_list", 3, 2, {4: "event_date:not_nullable"}),
]


@pytest.mark.parametrize(
    ("path", "feed", "format_name", "read", "loaded", "rules"),
    EXPECTED_LOADS,
    ids=[case[2] for case in EXPECTED_LOADS],
)
def test_layout_is_detected_and_every_row_accounted_for(
    con, path, feed, format_name, read, loaded, rules
):
    result = ingest_file(con, path, feed)
    assert (result.status, result.format) == ("loaded", format_name)
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        read,
        loaded,
        len(rules),
    )
    assert quarantine_rules(con) == rules


def test_commercial_api_registrations():
    name, rows = canonical_rows(COMMERCIAL_API, "registrations")
    assert name == "commercial_api"
    first, second, third = rows[1], rows[2], rows[3]
    assert first["registration_date"] == date(2019, 3, 5)
    assert first["approval_date"] == date(2023, 5, 1)  # ISO with offset, read as written
    assert first["registered_capital_amount"] == 10_000_000
    assert first["registered_capital_currency"] == "CNY"
    assert first["status"] == "active"
    assert first["legal_representative_masked"] == "张*"
    assert second["uscc"] == "91310115MA1FL8XQ1X"
    assert second["registration_date"] == date(2020, 7, 8)  # YYYY/M/D H:MM:SS
    assert second["approval_date"] is None  # 0001-01-01 means missing
    assert (second["registered_capital_amount"], second["registered_capital_currency"]) == (
        100_000,
        "USD",
    )
    assert third["registered_capital_is_undisclosed"] is True
    assert third["registered_capital_amount"] is None
    assert third["status"] == "deregistered"


def test_commercial_api_personal_data_stays_out(con):
    ingest_file(con, COMMERCIAL_API, "registrations")
    everything = json.dumps(
        [
            con.sql(f"select * from {t}").fetchall()
            for t in ("raw.registrations", "meta.quarantine")
        ],
        default=str,
        ensure_ascii=False,
    )
    for personal in ("张三", "李四", "赵六", "13800138000", "zhangsan@example.com"):
        assert personal not in everything


def test_a_pre_2015_registration_number_in_the_uscc_column_is_named_as_such(con):
    ingest_file(con, COMMERCIAL_API, "registrations")
    message = con.execute("select message from meta.quarantine").fetchall()[0][0]
    assert "310115000123456" in message
    assert "15-digit pre-2015 registration number" in message


def test_google_patents_kind_codes_dates_and_applicants():
    name, rows = canonical_rows(GOOGLE_PATENTS, "patents")
    assert name == "google_patents"
    application, granted, utility, design = rows[3], rows[4], rows[5], rows[6]
    assert application["publication_number"] == "CN114138539A"
    assert application["applicants"] == "上海浦银金融科技有限公司;上海陆家嘴数据服务有限公司"
    assert application["application_date"] == date(2021, 11, 30)  # M/D/YYYY
    assert (application["patent_type"], application["grant_date"]) == ("invention", None)
    assert application["legal_status"] == "公开"
    assert (granted["patent_type"], granted["grant_date"]) == ("invention", date(2023, 6, 9))
    # utility models and designs are granted on publication
    assert (utility["patent_type"], utility["grant_date"]) == ("utility_model", date(2022, 2, 1))
    assert (design["patent_type"], design["grant_date"]) == ("design", date(2022, 1, 18))
    assert design["legal_status"] == "授权"


def test_crunchbase_rounds_amounts_rounds_and_investors():
    name, rows = canonical_rows(CRUNCHBASE, "financing")
    assert name == "crunchbase_rounds"
    series_a, series_b, seed, unknown = rows[2], rows[3], rows[4], rows[5]
    assert series_a["registered_name"] == "Shanghai Puyin Fintech"
    assert series_a["round_raw"] == "A轮"
    assert (series_a["amount"], series_a["currency"]) == (100_000_000, "CNY")  # own currency
    assert series_a["investors"] == "Sequoia Capital China、IDG Capital"
    assert series_a["location"] == "CHN-Shanghai-Shanghai"
    assert (series_b["amount"], series_b["currency"]) == (40_000_000, "USD")  # USD fallback
    assert series_b["investors"] == "Hillhouse Capital、Tencent Holdings, Ltd."
    assert seed["round_raw"] == "种子轮"
    assert seed["amount_is_undisclosed"] is True and seed["amount"] is None  # never 0
    assert (unknown["round_raw"], unknown["amount"], unknown["currency"]) == (
        "series_unknown",
        3_000_000,
        "HKD",
    )


def test_abnormal_operation_list():
    name, rows = canonical_rows(ABNORMAL, "events")
    assert name == "abnormal_operations"
    assert rows[1]["event_type_raw"] == "列入经营异常名录"
    assert rows[1]["event_date"] == date(2022, 3, 15)
    assert rows[1]["issuing_office"] == "上海市浦东新区市场监督管理局"
    assert rows[1]["description"] == "通过登记的住所或者经营场所无法联系的"
    assert rows[2]["event_date"] == date(2023, 7, 1)  # YYYY年M月D日
    assert rows[2]["uscc"] == "91310115MA1FL8XQ1X"


def test_problem_lending_platforms_status_words():
    name, rows = canonical_rows(LENDING, "events")  # a GB18030 file
    assert name == "lending_platforms"
    absconded, blocked, police, benign = rows[2], rows[3], rows[5], rows[6]
    assert absconded["event_type_raw"] == "非法集资案件"
    assert absconded["enterprise_name"] == "上海某贷金融信息服务有限公司"
    assert absconded["event_date"] == date(2018, 6, 20)
    assert blocked["event_type_raw"] == "列入经营异常名录"
    assert blocked["description"].startswith("提现困难; 钱多多")
    assert police["event_type_raw"] == "非法集资案件"  # "停业,经侦介入": police case first
    assert police["enterprise_name"] == "快易借"  # no company name: the platform's
    assert benign["event_type_raw"] is None  # 良性退出 is no known risk word


def test_a_workbook_is_loaded_from_the_sheet_whose_header_is_known(con, tmp_path):
    path = tmp_path / "abnormal.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet("说明").write(0, 0, "经营异常名录导出,数据截至2025-06-30")
    sheet = workbook.add_worksheet("名录")
    sheet.merge_range(0, 0, 0, 3, "经营异常名录")
    sheet.write_row(1, 0, ["Name", "AddReason", "AddDate", "DecisionOffice"])
    sheet.write_row(2, 0, ["甲公司", "未按期公示年报", "2024-07-01", "浦东新区市场监管局"])
    workbook.close()

    result = ingest_file(con, path, "events")
    assert (result.status, result.format, result.rows_loaded) == (
        "loaded",
        "abnormal_operations",
        1,
    )
    row = con.execute("select enterprise_name, event_date, _row_number from raw.events").fetchall()
    assert row == [("甲公司", date(2024, 7, 1), 3)]


def test_a_workbook_with_no_known_sheet_is_rejected_listing_the_formats(con, tmp_path):
    path = tmp_path / "other.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet("a").write_row(0, 0, ["x", "y"])
    workbook.add_worksheet("b").write_row(0, 0, ["p", "q"])
    workbook.close()
    result = ingest_file(con, path, "events")
    assert result.status == "rejected"
    for known in ("bureau_events (", "abnormal_operations (", "lending_platforms ("):
        assert known in result.message


VENTURE = DELIVERIES / "venture_export" / "itjuzi_export.csv"


def test_venture_export_continuation_rows_and_amounts():
    name, rows = canonical_rows(VENTURE, "financing")
    assert name == "venture_export"
    for continuation in (3, 4):
        assert rows[continuation]["registered_name"] == "上海浦银金融科技有限公司"
        assert rows[continuation]["uscc"] == "91310115MA1K3YJ587"
    assert (rows[2]["amount"], rows[2]["currency"], rows[2]["amount_is_estimate"]) == (
        6_300_000,
        "CNY",
        False,
    )
    assert (rows[3]["amount"], rows[3]["amount_is_estimate"]) == (50_000_000, True)  # 5 × 千万
    assert (rows[4]["amount"], rows[4]["currency"]) == (260_000_000, "USD")
    undisclosed = rows[5]
    assert undisclosed["amount"] is None and undisclosed["amount_is_undisclosed"] is True
    assert undisclosed["currency"] == "CNY"  # 未透露人民币: never 0
    assert rows[6]["registered_name"] == "上海陆家嘴数据服务有限公司"
    assert (rows[6]["amount"], rows[6]["amount_is_estimate"]) == (100_000_000, True)  # 近亿


def test_the_venture_export_as_a_workbook_with_notes_title_and_merged_header(con, tmp_path):
    """The same rows re-saved as the vendor's XLSX: a notes sheet first, a title row, and a
    two-row header whose group cells are merged; they load exactly like the CSV."""
    header, *data = list(csv.reader(VENTURE.read_text(encoding="utf-8").splitlines()))
    path = tmp_path / "itjuzi.xlsx"
    workbook = xlsxwriter.Workbook(path)
    workbook.add_worksheet("导出说明").write(0, 0, "数据来源:IT桔子,导出时间 2025-06-30")
    sheet = workbook.add_worksheet("融资事件")
    sheet.merge_range(0, 0, 0, 8, "上海地区融资事件导出")
    sheet.merge_range(1, 0, 1, 4, "公司信息")
    sheet.merge_range(1, 5, 1, 8, "融资信息")
    sheet.write_row(2, 0, header)
    for offset, row in enumerate(data):
        sheet.write_row(3 + offset, 0, row)
    workbook.close()

    from_workbook = ingest_file(con, path, "financing")
    from_csv = ingest_file(con, VENTURE, "financing")
    assert (from_workbook.status, from_workbook.format) == ("loaded", "venture_export")
    assert from_workbook.rows_loaded == from_csv.rows_loaded == 5
    columns = "registered_name, uscc, deal_date, round_raw, amount, currency, amount_is_estimate"
    by_file = {
        batch: con.execute(
            f"select _row_number, {columns} from raw.financing_rounds "
            "where _batch_id = ? order by _row_number",
            [batch],
        ).fetchall()
        for batch in (from_workbook.batch_id, from_csv.batch_id)
    }
    workbook_rows, csv_rows = by_file[from_workbook.batch_id], by_file[from_csv.batch_id]
    assert [row[0] for row in workbook_rows] == [4, 5, 6, 7, 8]  # header on sheet row 3
    assert [row[1:] for row in workbook_rows] == [row[1:] for row in csv_rows]


def test_certification_list_categories_become_the_seeds_event_types():
    name, rows = canonical_rows(CERTIFICATIONS, "events")
    assert name == "certification_list"
    high_tech, specialised, dcmm = rows[3], rows[4], rows[5]  # title row 1, header row 2
    assert (high_tech["event_type_raw"], high_tech["event_date"]) == (
        "高新技术企业认定",
        date(2024, 12, 1),  # a date cell
    )
    assert (high_tech["level"], high_tech["description"]) == ("国家级", "GR202431001234")
    assert high_tech["issuing_office"] == "上海市科学技术委员会"
    assert specialised["event_type_raw"] == "专精特新企业认定"
    assert specialised["event_date"] == date(2024, 6, 30)  # 2024年6月30日
    assert specialised["uscc"] == "91310115MA1FL8XQ1X"  # upper-cased
    assert dcmm["event_type_raw"] == "DCMM认证"


def test_listing_list_rows_are_listings_with_board_code_and_name():
    name, rows = canonical_rows(LISTINGS, "events")
    assert name == "listing_list"
    star_market, hong_kong = rows[2], rows[3]
    assert (star_market["event_type_raw"], star_market["event_date"]) == ("上市", date(2023, 7, 22))
    assert star_market["description"] == "科创板 688001.SH 浦银科技"
    assert star_market["issuing_office"] == "上海证券交易所"
    assert hong_kong["enterprise_name"] == "陆数据"  # no 公司全称: the short name
