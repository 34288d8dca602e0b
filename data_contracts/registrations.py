"""Contract of ``raw.registrations`` (feed ``registrations``, see docs/feeds.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa

import data_contracts.checks  # noqa: F401  (registers the custom checks)
from ingestion.canonical import REGISTERED_CAPITAL, REGISTRATION_STATUSES

PARSED_CAPITAL = {
    "amount": REGISTERED_CAPITAL.amount,
    "undisclosed": REGISTERED_CAPITAL.is_undisclosed,
}


class RegistrationsContract(pa.DataFrameModel):
    uscc: str = pa.Field(nullable=False, valid_uscc=())
    name: str = pa.Field(nullable=False)
    registration_date: date = pa.Field(nullable=False, parseable_date=(), not_in_future=())
    enterprise_type: str = pa.Field(nullable=True)
    legal_representative_masked: str = pa.Field(nullable=True)
    registered_capital_text: str = pa.Field(nullable=True, parseable_amount=PARSED_CAPITAL)
    registered_capital_amount: float = pa.Field(nullable=True)
    registered_capital_currency: str = pa.Field(nullable=True)
    registered_capital_is_estimate: bool = pa.Field(nullable=True)
    registered_capital_is_undisclosed: bool = pa.Field(nullable=True)
    business_scope: str = pa.Field(nullable=True)
    province: str = pa.Field(nullable=True)
    district: str = pa.Field(nullable=True)
    address: str = pa.Field(nullable=True)
    industry_code: str = pa.Field(nullable=True)
    status: str = pa.Field(nullable=True, isin=REGISTRATION_STATUSES)
    approval_date: date = pa.Field(nullable=True, parseable_date=(), not_in_future=())

    class Config:
        strict = False  # helper columns (``<column>__text``, ``_row_number``) may be present
        coerce = False
