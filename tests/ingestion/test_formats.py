"""Delivery formats: detection by header signature, and canonical rows from each fixture."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ingestion.canonical import CANONICAL_COLUMNS
from ingestion.errors import FileRejected
from ingestion.formats import FORMATS, choose_format, detect_format
from ingestion.formats.base import totals_label
from ingestion.privacy import scrub_personal_data
from ingestion.readers import read_table

FIXTURES = Path(__file__).parents[1] / "fixtures"


def canonical(feed: str, name: str):
    table = scrub_personal_data(read_table(FIXTURES / feed / name))
    fmt = detect_format(feed, table.headers)
    return fmt.name, fmt.to_canonical(table)


def by_row(frame) -> dict[int, dict]:
    return {row["_row_number"]: row for row in frame.to_dicts()}


def test_every_format_declares_a_known_feed_and_signature():
    for fmt in FORMATS:
        assert fmt.feed in CANONICAL_COLUMNS
        assert fmt.signature


def test_unknown_header_lists_known_formats_and_the_closest_miss():
    headers = ["企业名称", "统一社会信用代码", "注册日期", "注册资金", "注册地址", "登记状态"]
    with pytest.raises(FileRejected) as rejected:
        detect_format("registrations", headers)
    message = str(rejected.value)
    assert "header matches no known format for feed registrations" in message
    assert "registry_export (企业名称, 统一社会信用代码," in message
    assert "missing column(s) 核准日期" in message


def test_forced_format_names_the_missing_columns():
    with pytest.raises(FileRejected, match="needs column\\(s\\) missing from the header: 申请日"):
        choose_format("patents", ["申请号", "申请人", "IPC分类号", "专利类型"], "cnipa_table")
    with pytest.raises(ValueError, match="unknown format 'nope' for feed patents"):
        choose_format("patents", [], "nope")
    with pytest.raises(ValueError, match="unknown feed"):
        detect_format("weather", [])


def test_registry_export():
    name, frame = canonical("registrations", "registry_export.csv")
    assert name == "registry_export"
    assert list(frame.columns[: len(CANONICAL_COLUMNS["registrations"])]) == list(
        CANONICAL_COLUMNS["registrations"]
    )
    rows = by_row(frame)
    assert rows[2]["registered_capital_amount"] == 1e7
    assert rows[2]["status"] == "active"  # 存续(在营、开业、在册)
    assert rows[2]["legal_representative_masked"] == "张*"
    assert rows[3]["uscc"] == "91310115MA1FL8XQ1X"  # upper-cased
    assert rows[3]["registered_capital_currency"] == "USD"
    assert rows[3]["approval_date"] == date(2024, 1, 2)
    assert rows[4]["registered_capital_is_undisclosed"] is True
    assert rows[4]["registered_capital_amount"] is None
    assert rows[10]["registration_date"] is None
    assert rows[10]["registration_date__text"] == "2021-13-45"
    assert rows[12]["status"] == "停业整顿"  # unknown: kept for the contract to report
    assert rows[14]["status"] == "revoked"  # 吊销，未注销
    assert rows[15]["status"] == "moved_out"
    assert 5 not in rows  # the blank line


def test_cnipa_table():
    _, frame = canonical("patents", "cnipa_table.csv")
    rows = by_row(frame)
    assert rows[2]["application_number"] == "202310123456.6"
    assert rows[2]["ipc_codes"] == "G06Q40/04;G06F16/27"
    assert rows[2]["applicants"] == "上海浦银金融科技有限公司;上海陆家嘴数据服务有限公司"
    assert rows[2]["patent_type"] == "invention"
    assert rows[3]["patent_type"] == "utility_model"
    assert rows[3]["applicant_uscc"] is None
    assert rows[4]["patent_type"] == "design"
    assert rows[5]["application_number"] == "02123456.6"


def test_cnipa_table_reads_the_optional_family_and_lapse_columns():
    """同族专利: members split at any separator and written without punctuation; 失效日."""
    name, frame = canonical("patents", "cnipa_table_families.csv")
    rows = by_row(frame)
    assert name == "cnipa_table"
    assert rows[2]["family_publications"] == "US20230123456A1;WO2023123456A1;EP4123456A1"
    assert rows[3]["family_publications"] == "CN117000099A"
    assert rows[4]["family_publications"] is None
    assert [rows[n]["lapse_date"] for n in (2, 3, 4)] == [None, date(2025, 7, 1), None]


def test_cnipa_table_without_family_and_lapse_columns_still_reads():
    """Older exports have no 同族专利 or 失效日: every row loads with them null."""
    _, frame = canonical("patents", "cnipa_table.csv")
    assert frame.height == 9
    assert frame["family_publications"].null_count() == 9
    assert frame["lapse_date"].null_count() == 9


def test_venture_export_fills_continuation_rows_within_the_file():
    _, frame = canonical("financing", "venture_export.csv")
    rows = by_row(frame)
    for continuation in (3, 4):
        assert rows[continuation]["registered_name"] == "上海浦银金融科技有限公司"
        assert rows[continuation]["uscc"] == "91310115MA1K3YJ587"
        assert rows[continuation]["founded_on"] == date(2019, 3, 1)
    assert rows[3]["amount"] == 5e7 and rows[3]["amount_is_estimate"] is True
    assert rows[4]["currency"] == "USD"
    # 陆数 has no USCC: its own row does not inherit one, its continuation inherits none
    assert rows[5]["uscc"] is None and rows[6]["uscc"] is None
    assert rows[6]["registered_name"] == "上海陆家嘴数据服务有限公司"
    assert rows[5]["amount_is_undisclosed"] is True and rows[5]["amount"] is None
    assert rows[10]["company_name"] == "无名科技" and rows[10]["registered_name"] is None


def test_bureau_events():
    _, frame = canonical("events", "bureau_events.csv")
    rows = by_row(frame)
    assert rows[4]["amount"] == 5e5 and rows[4]["event_date"] == date(2024, 6, 30)
    assert rows[8]["event_date"] == date(2023, 7, 16)  # Excel serial 45123
    assert rows[2]["amount_is_undisclosed"] is True  # blank amount


@pytest.mark.parametrize(
    ("cells", "label"),
    [
        (["合计", None, "3家"], "合计"),
        (["合计：3条", None, None], "合计：3条"),
        ([None, "总计 12", None], "总计 12"),
        (["Total", None, None], "Total"),
        (["合计科技有限公司", "91310115MA1K3YJ587", None], None),  # a name, not a totals word
        (["上海甲公司", None, None, "合计"], None),  # beyond the first three columns
    ],
)
def test_totals_rows_are_recognised_by_their_label(cells, label):
    headers = [f"c{i}" for i in range(len(cells))]
    frame = pl.DataFrame([cells], schema=dict.fromkeys(headers, pl.String), orient="row")
    assert frame.select(totals_label(headers)).item() == label
