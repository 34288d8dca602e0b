"""Contract of ``raw.events`` (feed ``events``, see docs/feeds.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa

import data_contracts.checks  # noqa: F401  (registers the custom checks)
from ingestion.canonical import AMOUNT, EVENT_LEVELS

PARSED_AMOUNT = {"amount": AMOUNT.amount, "undisclosed": AMOUNT.is_undisclosed}


class EventsContract(pa.DataFrameModel):
    enterprise_name: str = pa.Field(nullable=True)
    uscc: str = pa.Field(nullable=True, valid_uscc=())
    event_type_raw: str = pa.Field(nullable=False)
    event_date: date = pa.Field(nullable=False, parseable_date=(), not_in_future=())
    level: str = pa.Field(nullable=True, isin=EVENT_LEVELS)
    amount_text: str = pa.Field(nullable=True, parseable_amount=PARSED_AMOUNT)
    amount: float = pa.Field(nullable=True)
    currency: str = pa.Field(nullable=True)
    amount_is_estimate: bool = pa.Field(nullable=True)
    amount_is_undisclosed: bool = pa.Field(nullable=True)
    issuing_office: str = pa.Field(nullable=True)
    description: str = pa.Field(nullable=True)

    class Config:
        strict = False  # helper columns (``<column>__text``, ``_row_number``) may be present
        coerce = False
