"""``venture_export``: the venture-database export (feed ``financing``).

A company's later rounds are continuation rows: all company columns are blank and
inherit from the row above, within the same file.
"""

from __future__ import annotations

import polars as pl

from ingestion.canonical import AMOUNT
from ingestion.formats.base import canonical_frame, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.readers import RawTable
from ingestion.values import parse_month_or_date

name = "venture_export"
feed = "financing"
signature = ("公司名称", "工商名称", "融资时间", "轮次", "融资金额")

COLUMNS = {
    "公司名称": "company_name",
    "工商名称": "registered_name",
    "统一社会信用代码": "uscc",
    "成立时间": "founded_on",
    "地点": "location",
    "融资时间": "deal_date",
    "轮次": "round_raw",
    "融资金额": AMOUNT.text,
    "投资方": "investors",
}
COMPANY_COLUMNS = ("company_name", "registered_name", "uscc", "founded_on", "location")


def with_continuation_rows_filled(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows whose company columns are all blank take them from the last company row above.

    A row with only some company columns blank (say, no USCC) is a company of its own and
    is left as delivered.
    """
    starts_company = pl.any_horizontal(pl.col(COMPANY_COLUMNS).is_not_null())
    company = starts_company.cum_sum().alias("_company")
    return (
        frame.with_columns(company)
        .with_columns(pl.col(COMPANY_COLUMNS).first().over("_company"))
        .drop("_company")
    )


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = with_continuation_rows_filled(renamed(table, COLUMNS))
    frame = frame.with_columns(normalized_uscc("uscc").alias("uscc"))
    frame = with_dates(frame, ["founded_on"], parser=parse_month_or_date)
    frame = with_dates(frame, ["deal_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, feed)
