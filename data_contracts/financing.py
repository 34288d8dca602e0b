"""Contract of ``raw.financing_rounds`` (feed ``financing``, see docs/feeds.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa

import data_contracts.checks  # noqa: F401  (registers the custom checks)
from ingestion.canonical import AMOUNT

PARSED_AMOUNT = {"amount": AMOUNT.amount, "undisclosed": AMOUNT.is_undisclosed}


class FinancingContract(pa.DataFrameModel):
    company_name: str = pa.Field(nullable=True)
    registered_name: str = pa.Field(nullable=False)
    uscc: str = pa.Field(nullable=True, valid_uscc=())
    founded_on: date = pa.Field(nullable=True, parseable_date=(), not_in_future=())
    location: str = pa.Field(nullable=True)
    deal_date: date = pa.Field(nullable=False, parseable_date=(), not_in_future=())
    round_raw: str = pa.Field(nullable=False)
    amount_text: str = pa.Field(nullable=True, parseable_amount=PARSED_AMOUNT)
    amount: float = pa.Field(nullable=True)
    currency: str = pa.Field(nullable=True)
    amount_is_estimate: bool = pa.Field(nullable=True)
    amount_is_undisclosed: bool = pa.Field(nullable=True)
    investors: str = pa.Field(nullable=True)

    class Config:
        strict = False  # helper columns (``<column>__text``, ``_row_number``) may be present
        coerce = False
