"""The canonical raw tables of feeds.md: columns, types and value sets, defined once.

Adapters produce these columns, the contracts check them and the loader creates the
``raw.*`` tables from them. A value an adapter could not parse is null, with the text it
could not parse in ``<column>__text`` (a helper column the contracts read, never loaded).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from fintech_cluster.settings import FEEDS, RAW_TABLE_OF_FEED

UNPARSED_SUFFIX = "__text"
ROW_NUMBER = "_row_number"
# Helper column: the text of a cell that makes the row a totals row (合计, 总计, Total…).
TOTALS_LABEL = "_totals_label"


@dataclass(frozen=True)
class MoneyColumns:
    """The five columns one money text becomes."""

    text: str
    amount: str
    currency: str
    is_estimate: str
    is_undisclosed: str

    def types(self) -> dict[str, pl.DataType]:
        return {
            self.text: pl.String(),
            self.amount: pl.Float64(),
            self.currency: pl.String(),
            self.is_estimate: pl.Boolean(),
            self.is_undisclosed: pl.Boolean(),
        }


REGISTERED_CAPITAL = MoneyColumns(
    text="registered_capital_text",
    amount="registered_capital_amount",
    currency="registered_capital_currency",
    is_estimate="registered_capital_is_estimate",
    is_undisclosed="registered_capital_is_undisclosed",
)
AMOUNT = MoneyColumns(
    text="amount_text",
    amount="amount",
    currency="currency",
    is_estimate="amount_is_estimate",
    is_undisclosed="amount_is_undisclosed",
)

TEXT, DATE = pl.String(), pl.Date()

CANONICAL_COLUMNS: dict[str, dict[str, pl.DataType]] = {
    "registrations": {
        "uscc": TEXT,
        "name": TEXT,
        "registration_date": DATE,
        "enterprise_type": TEXT,
        "legal_representative_masked": TEXT,
        **REGISTERED_CAPITAL.types(),
        "business_scope": TEXT,
        "province": TEXT,
        "district": TEXT,
        "address": TEXT,
        "industry_code": TEXT,
        "status": TEXT,
        "approval_date": DATE,
    },
    "patents": {
        "application_number": TEXT,
        "application_date": DATE,
        "publication_number": TEXT,
        "title": TEXT,
        "applicants": TEXT,
        "applicant_uscc": TEXT,
        "ipc_codes": TEXT,
        "patent_type": TEXT,
        "grant_date": DATE,
        "legal_status": TEXT,
        "family_publications": TEXT,
        "lapse_date": DATE,
    },
    "financing": {
        "company_name": TEXT,
        "registered_name": TEXT,
        "uscc": TEXT,
        "founded_on": DATE,
        "location": TEXT,
        "deal_date": DATE,
        "round_raw": TEXT,
        **AMOUNT.types(),
        "investors": TEXT,
    },
    "events": {
        "enterprise_name": TEXT,
        "uscc": TEXT,
        "event_type_raw": TEXT,
        "event_date": DATE,
        "level": TEXT,
        **AMOUNT.types(),
        "issuing_office": TEXT,
        "description": TEXT,
    },
}

# Every raw table also records where each row came from.
LINEAGE_COLUMNS: dict[str, pl.DataType] = {
    "_batch_id": TEXT,
    "_source_file": TEXT,
    "_file_sha256": TEXT,
    ROW_NUMBER: pl.Int32(),
    "_loaded_at": pl.Datetime("us"),
}

REGISTRATION_STATUSES = ("active", "deregistered", "revoked", "moved_out")
PATENT_TYPES = ("invention", "utility_model", "design")
EVENT_LEVELS = ("国际级", "国家级", "市级", "区级")


def check_feed(feed: str) -> str:
    """``feed`` itself, or ``ValueError`` naming the known feeds."""
    if feed not in FEEDS:
        raise ValueError(f"unknown feed {feed!r}; expected one of: {', '.join(FEEDS)}")
    return feed


def raw_table_name(feed: str) -> str:
    """``raw.<table>`` for a feed (``financing`` -> ``raw.financing_rounds``)."""
    return f"raw.{RAW_TABLE_OF_FEED[check_feed(feed)]}"


def unparsed(column: str) -> str:
    """Name of the helper column holding the text ``column`` could not be parsed from."""
    return f"{column}{UNPARSED_SUFFIX}"
