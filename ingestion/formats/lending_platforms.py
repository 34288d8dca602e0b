"""``lending_platforms``: lists of problem online-lending (P2P) platforms, feed ``events``.

Industry watch lists name a platform, when trouble started and a status word. The status
words are risk incidents; the ``event_types`` seed knows two risk types, so:

* ``跑路`` (operators absconded) and ``经侦介入`` (economic-crime police investigating)
  -> ``非法集资案件`` (illegal-fundraising case: what both are prosecuted as);
* ``提现困难`` (withdrawals blocked) and ``停业`` (ceased business)
  -> ``列入经营异常名录`` (operating abnormally).

The status word itself is kept at the start of the description. A status with none of
the words leaves the event type null (its text in ``event_type_raw__text``), which the
contract quarantines (``event_type_raw:not_nullable``, naming the status).
"""

from __future__ import annotations

import polars as pl

from ingestion.canonical import AMOUNT, unparsed
from ingestion.formats.base import canonical_frame, map_values, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.readers import RawTable

name = "lending_platforms"
feed = "events"
signature = ("平台名称", "问题时间", "问题类型")

ILLEGAL_FUNDRAISING = "非法集资案件"
ABNORMAL_OPERATION = "列入经营异常名录"
# Checked in this order: "停业，经侦介入" is a police case first.
EVENT_TYPE_OF_STATUS_WORD = {
    "经侦介入": ILLEGAL_FUNDRAISING,
    "跑路": ILLEGAL_FUNDRAISING,
    "提现困难": ABNORMAL_OPERATION,
    "停业": ABNORMAL_OPERATION,
}
COLUMNS = {
    "平台名称": "platform_name",
    "公司名称": "company_name",
    "统一社会信用代码": "uscc",
    "问题时间": "event_date",
    "问题类型": "event_type_raw",
    "所在地": "location",
    "备注": "note",
}


def event_type_of_status(status: str) -> str | None:
    """The risk event type the status words mean, or None when none is known."""
    for word, event_type in EVENT_TYPE_OF_STATUS_WORD.items():
        if word in status:
            return event_type
    return None


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS)
    description = pl.concat_str(
        [pl.col("event_type_raw"), pl.col("platform_name"), pl.col("location"), pl.col("note")],
        separator="; ",
        ignore_nulls=True,
    )
    frame = frame.with_columns(
        pl.coalesce("company_name", "platform_name").alias("enterprise_name"),
        normalized_uscc("uscc").alias("uscc"),
        description.alias("description"),
        pl.lit(None, pl.String).alias("level"),
        pl.lit(None, pl.String).alias("issuing_office"),
        pl.lit(None, pl.String).alias(AMOUNT.text),
    )
    status = frame["event_type_raw"]
    frame = map_values(frame, "event_type_raw", event_type_of_status)
    unknown_status = pl.col("event_type_raw").is_null() & status.is_not_null()
    frame = frame.with_columns(
        pl.when(unknown_status).then(status).alias(unparsed("event_type_raw"))
    )
    frame = with_dates(frame, ["event_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, feed)
