"""``bureau_events``: the district bureaus' event registers (feed ``events``)."""

from __future__ import annotations

import polars as pl

from ingestion.canonical import AMOUNT
from ingestion.formats.base import canonical_frame, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.readers import RawTable

name = "bureau_events"
feed = "events"
signature = ("企业名称", "事件类型", "事件日期", "发布单位")

COLUMNS = {
    "企业名称": "enterprise_name",
    "统一社会信用代码": "uscc",
    "事件类型": "event_type_raw",
    "事件日期": "event_date",
    "级别": "level",
    "金额": AMOUNT.text,
    "发布单位": "issuing_office",
    "备注": "description",
}


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS)
    frame = frame.with_columns(normalized_uscc("uscc").alias("uscc"))
    frame = with_dates(frame, ["event_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, feed)
