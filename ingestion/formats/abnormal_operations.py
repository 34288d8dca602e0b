"""``abnormal_operations``: the abnormal-operation list (经营异常名录), feed ``events``.

Commercial-API field names: ``AddReason, AddDate, DecisionOffice`` (and, when removed from
the list, ``RemoveReason, RemoveDate``), with the enterprise as ``Name``/``CreditCode`` or
their Chinese headers. Every row is a listing: event type ``列入经营异常名录`` (a risk
incident in the ``event_types`` seed), dated ``AddDate``, the reason as description.
A removal (``RemoveDate``) is not loaded: one delivered row is one event, so the row
accounting holds; a removal list would be its own layout.
"""

from __future__ import annotations

import polars as pl

from ingestion.canonical import AMOUNT
from ingestion.formats.base import canonical_frame, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.readers import RawTable

name = "abnormal_operations"
feed = "events"
signature = ("AddReason", "AddDate", "DecisionOffice")

LISTED_EVENT_TYPE = "列入经营异常名录"
NAME_HEADERS = ("Name", "企业名称")
USCC_HEADERS = ("CreditCode", "统一社会信用代码")
COLUMNS = {
    "AddDate": "event_date",
    "DecisionOffice": "issuing_office",
    "AddReason": "description",
}


def first_present(table: RawTable, headers: tuple[str, ...]) -> str:
    """The first of ``headers`` the file has (else the first: absent, so null)."""
    return next((header for header in headers if header in table.headers), headers[0])


def to_canonical(table: RawTable) -> pl.DataFrame:
    columns = {
        **COLUMNS,
        first_present(table, NAME_HEADERS): "enterprise_name",
        first_present(table, USCC_HEADERS): "uscc",
    }
    frame = renamed(table, columns).with_columns(
        normalized_uscc("uscc").alias("uscc"),
        pl.lit(LISTED_EVENT_TYPE).alias("event_type_raw"),
        pl.lit(None, pl.String).alias(AMOUNT.text),
    )
    frame = with_dates(frame, ["event_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, feed)
