"""``crunchbase_rounds``: a Crunchbase-style funding-rounds CSV (feed ``financing``).

One row per round; the company is known only by its (often English) name, so
``registered_name`` is that name and entity resolution links it. ``investment_type`` is
mapped to the Chinese round words of the ``round_stages`` seed; an unknown type is kept as
delivered (no stage). The amount is ``raised_amount`` in ``raised_amount_currency_code``,
else ``raised_amount_usd`` in USD, else undisclosed (never 0). Investors come as a
Postgres-style array ``{"A","B"}`` and are stored ``、``-separated.
"""

from __future__ import annotations

import csv

import polars as pl

from ingestion.canonical import AMOUNT
from ingestion.formats.base import canonical_frame, map_values, renamed, with_dates, with_money
from ingestion.readers import RawTable

name = "crunchbase_rounds"
feed = "financing"
signature = ("company_name", "investment_type", "announced_on", "raised_amount_usd")

COLUMNS = {
    "company_name": "company_name",
    "announced_on": "deal_date",
    "investment_type": "round_raw",
    "investor_names": "investors",
}
ROUND_OF_INVESTMENT_TYPE = {
    "pre_seed": "种子轮",
    "seed": "种子轮",
    "angel": "天使轮",
    "series_a": "A轮",
    "series_b": "B轮",
    "series_c": "C轮",
    "series_d": "D轮",
    "series_e": "E轮",
    "series_f": "F轮",
    "private_equity": "PE",
    "corporate_round": "战略投资",
    "post_ipo_equity": "定向增发",
}
INVESTOR_SEPARATOR = "、"


def round_word(investment_type: str) -> str:
    return ROUND_OF_INVESTMENT_TYPE.get(investment_type.strip().lower(), investment_type)


def investor_list(text: str) -> str:
    """``{"A","B, Inc."}`` -> ``A、B, Inc.`` (a plain ``A, B`` is left as delivered)."""
    if not (text.startswith("{") and text.endswith("}")):
        return text
    items = next(csv.reader([text[1:-1]], skipinitialspace=True), [])
    return INVESTOR_SEPARATOR.join(item.strip() for item in items if item.strip())


def amount_text(table: RawTable) -> pl.Expr:
    """``<raised_amount> <currency code>``, else ``<raised_amount_usd> USD``, else null."""
    headers = set(table.headers)

    def column(header: str) -> pl.Expr:
        return pl.col(header) if header in headers else pl.lit(None, pl.String)

    own = column("raised_amount") + column("raised_amount_currency_code").fill_null("CNY")
    return pl.coalesce(own, column("raised_amount_usd") + pl.lit("USD")).alias(AMOUNT.text)


def location(table: RawTable) -> pl.Expr:
    """``CHN-Shanghai-Shanghai`` from the parts the file has."""
    parts = [pl.col(h) for h in ("country_code", "region", "city") if h in table.headers]
    joined = pl.concat_str(parts, separator="-", ignore_nulls=True) if parts else pl.lit(None)
    return joined.cast(pl.String).alias("location")


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS)
    derived = table.frame.with_columns(location(table), amount_text(table))
    frame = frame.with_columns(
        pl.col("company_name").alias("registered_name"),
        derived["location"],
        derived[AMOUNT.text],
    )
    frame = map_values(frame, "round_raw", round_word)
    frame = map_values(frame, "investors", investor_list)
    frame = with_dates(frame, ["deal_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, feed)
