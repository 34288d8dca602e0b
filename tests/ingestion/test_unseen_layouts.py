"""Hand-made files in every known layout, as a new user would bring them: columns in another
order, extra columns, blank lines, a title row or a notes sheet, merged group headers, a
trailing 合计 row, dates re-saved by Excel, GBK / UTF-8 with BOM / JSON with numbers.

Each must load (never crash, never be rejected), with every non-blank row accounted for
and each quarantined row under the reason worked out by hand below. The files are in
``tests/fixtures/unseen/`` (see its README for what each one tries).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from ingestion.loader import ensure_schema, ingest_file

UNSEEN = Path(__file__).parents[1] / "fixtures" / "unseen"

# (file, feed, format, rows read, {row number: quarantine rule}) - blank rows are not read
EXPECTED = [
    (
        "registry_export_resaved.csv",
        "registrations",
        "registry_export",
        4,
        {5: "uscc:valid_uscc", 6: "row:totals_row"},
    ),
    (
        "commercial_api_paged.json",
        "registrations",
        "commercial_api",
        3,
        {2: "registration_date:not_nullable"},  # 0001-01-01 means missing
    ),
    (
        "cnipa_table_titled.xlsx",
        "patents",
        "cnipa_table",
        4,
        {5: "application_number:valid_patent_number", 6: "row:totals_row"},
    ),
    (
        "google_patents_resaved.csv",
        "patents",
        "google_patents",
        4,
        {6: "application_date:parseable_date"},  # 13/7/2023: no month 13
    ),
    (
        "venture_export_grouped.xlsx",
        "financing",
        "venture_export",
        5,
        {5: "deal_date:parseable_date", 7: "row:totals_row"},
    ),
    (
        "crunchbase_reordered.csv",
        "financing",
        "crunchbase_rounds",
        3,
        {5: "deal_date:parseable_date"},  # 30 February
    ),
    (
        "bureau_events_titled.csv",
        "events",
        "bureau_events",
        4,
        {5: "event_date:not_nullable", 6: "row:totals_row"},
    ),
    (
        "abnormal_list_chinese_keys.json",
        "events",
        "abnormal_operations",
        3,
        {3: "event_date:not_nullable"},  # AddDate 0001-01-01: missing
    ),
    (
        "lending_platforms_totals.csv",
        "events",
        "lending_platforms",
        4,
        {5: "event_type_raw:not_nullable", 6: "row:totals_row"},  # 良性退出: no known word
    ),
    (
        "talent_list_gbk_titled.csv",
        "events",
        "talent_list",
        4,
        {6: "uscc:valid_uscc", 7: "row:totals_row"},  # row 5 is blank: not read
    ),
    (
        "subsidy_list_resaved.csv",
        "events",
        "subsidy_list",
        3,
        {3: "event_date:parseable_date"},  # 2/30/2024
    ),
    (
        "case_list_reordered.csv",
        "events",
        "case_list",
        2,
        {3: "event_date:not_nullable"},
    ),
]


@pytest.fixture
def con():
    connection = duckdb.connect()
    ensure_schema(connection)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    ("file", "feed", "format_name", "read", "rules"), EXPECTED, ids=[case[0] for case in EXPECTED]
)
def test_unseen_layout_loads_and_every_row_is_accounted_for(
    con, file, feed, format_name, read, rules
):
    result = ingest_file(con, UNSEEN / file, feed)
    assert (result.status, result.format) == ("loaded", format_name), result.message
    assert (result.rows_read, result.rows_quarantined) == (read, len(rules))
    assert result.rows_loaded == read - len(rules)
    quarantined = con.execute("select row_number, rule, message from meta.quarantine").fetchall()
    assert {row: rule for row, rule, _ in quarantined} == rules
    for row, rule, message in quarantined:
        assert message.startswith(f"{file} row {row}: {rule}"), message


def test_every_unseen_file_is_in_the_table_above():
    files = {path.name for path in UNSEEN.iterdir() if path.suffix != ".md"}
    assert files == {case[0] for case in EXPECTED}


def test_totals_rows_and_unknown_words_are_explained(con):
    ingest_file(con, UNSEEN / "lending_platforms_totals.csv", "events")
    messages = dict(con.execute("select row_number, message from meta.quarantine").fetchall())
    assert "'良性退出': is not a recognised value" in messages[5]
    assert "'合计': a totals row, not a record" in messages[6]


def test_reordered_and_resaved_values_land_in_the_right_columns(con):
    ingest_file(con, UNSEEN / "registry_export_resaved.csv", "registrations")
    rows = con.execute(
        "select uscc, name, registration_date, approval_date, registered_capital_amount, "
        "registered_capital_currency from raw.registrations order by _row_number"
    ).fetchall()
    assert rows == [
        (
            "91310115MA1K3YJ587",
            "上海浦银金融科技有限公司",
            date(2019, 3, 5),  # 2019/3/5 0:00:00
            date(2023, 5, 1),
            5_000_000.0,  # 500万人民币
            "CNY",
        ),
        (
            "91310115MA1FL8XQ1X",
            "上海陆家嘴数据服务有限公司",
            date(2020, 7, 8),
            date(2024, 1, 2),  # 2024年1月2日
            100_000.0,  # 10(万美元)
            "USD",
        ),
    ]


def test_merged_group_header_names_every_column(con):
    ingest_file(con, UNSEEN / "venture_export_grouped.xlsx", "financing")
    rows = con.execute(
        "select registered_name, deal_date, round_raw, location, amount_is_estimate "
        "from raw.financing_rounds order by _row_number"
    ).fetchall()
    assert rows == [
        ("上海浦银金融科技有限公司", date(2019, 6, 1), "天使轮", "上海-浦东新区", False),
        ("上海浦银金融科技有限公司", date(2020, 8, 15), "A轮", "上海-浦东新区", True),  # 数千万
        ("上海陆家嘴数据服务有限公司", date(2021, 5, 6), "Pre-A轮", None, False),
    ]


def test_google_rows_keep_their_publication_numbers(con):
    ingest_file(con, UNSEEN / "google_patents_resaved.csv", "patents")
    rows = con.execute(
        "select publication_number, application_number, patent_type, application_date, "
        "grant_date from raw.patents order by _row_number"
    ).fetchall()
    assert rows == [
        ("CN116000001A", None, "invention", date(2023, 3, 1), None),
        ("CN219000002U", None, "utility_model", date(2023, 4, 5), date(2023, 9, 1)),
        ("US2024123456A1", None, "invention", date(2024, 2, 28), None),  # A1: an application
    ]


def test_family_lists_land_in_the_canonical_event_columns(con):
    """The talent list's extra 序号/备注 columns and the subsidy list's contact phone are
    dropped; types come from the column or from the family; 万元 amounts are converted."""
    ingest_file(con, UNSEEN / "talent_list_gbk_titled.csv", "events")
    ingest_file(con, UNSEEN / "subsidy_list_resaved.csv", "events")
    rows = con.execute(
        "select event_type_raw, event_date, uscc, amount, amount_is_undisclosed, description "
        "from raw.events order by _source_file, _row_number"
    ).fetchall()
    assert rows == [
        (
            "贷款贴息",
            date(2024, 3, 15),
            "91310115MA1K3YJ587",
            1_200_000.0,
            False,
            "浦金贴〔2024〕3号",
        ),
        ("贷款贴息", date(2024, 3, 1), "91310115MA1FL8XQ1X", 85_000.0, False, "浦金贴〔2024〕5号"),
        (
            "人才政策兑现",
            date(2024, 3, 15),
            "91310115MA1K3YJ587",
            500_000.0,
            False,
            "浦人才〔2024〕12号",
        ),
        (
            "外籍人才工作许可",
            date(2024, 5, 6),
            "91310115MA1FL8XQ1X",
            None,
            True,
            "浦人才〔2024〕13号",
        ),
    ]
    columns = {
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where table_name = 'events'"
        ).fetchall()
    }
    assert not any("电话" in c or "phone" in c for c in columns)
