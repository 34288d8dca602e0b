"""``listing_list``: a list of listed companies (上市公司名单), feed ``events``.

The listings family comes from exchanges and data vendors with securities columns:
``公司全称, 统一社会信用代码, 证券代码, 证券简称, 上市日期, 上市板块, 交易所``. Each row is
the event ``上市`` (the ``event_types`` seed's listing) of the company, dated ``上市日期``,
issued by the exchange; board, code and short name make the description. The short
name stands in for the company when ``公司全称`` is missing.
"""

from __future__ import annotations

import polars as pl

from ingestion.canonical import AMOUNT
from ingestion.formats.base import canonical_frame, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.readers import RawTable

name = "listing_list"
feed = "events"
signature = ("证券代码", "证券简称", "上市日期")

LISTING_EVENT_TYPE = "上市"
COLUMNS = {
    "公司全称": "enterprise_name",
    "统一社会信用代码": "uscc",
    "证券代码": "security_code",
    "证券简称": "short_name",
    "上市日期": "event_date",
    "上市板块": "board",
    "交易所": "issuing_office",
}


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS)
    description = pl.concat_str(
        [pl.col("board"), pl.col("security_code"), pl.col("short_name")],
        separator=" ",
        ignore_nulls=True,
    )
    frame = frame.with_columns(
        pl.coalesce("enterprise_name", "short_name").alias("enterprise_name"),
        normalized_uscc("uscc").alias("uscc"),
        pl.lit(LISTING_EVENT_TYPE).alias("event_type_raw"),
        description.alias("description"),
        pl.lit(None, pl.String).alias("level"),
        pl.lit(None, pl.String).alias(AMOUNT.text),
    )
    frame = with_dates(frame, ["event_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, feed)
