"""The custom checks of the contracts, registered with pandera, and why a value fails them.

Each check delegates to the rule in ``ingestion`` (identifiers, values); nothing is decided
here twice. A check returns True for a passing row; a null result also passes (nullable
columns are governed by ``nullable=`` alone). ``explain`` turns a failure into words.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import date

import polars as pl
from pandera.api.extensions import register_check_method
from pandera.api.polars.types import PolarsData

from ingestion.canonical import unparsed
from ingestion.identifiers import (
    patent_number_problem,
    patent_number_problems,
    patent_type_digit,
    patent_type_of,
    patent_type_of_number,
    uscc_problem,
    uscc_problems,
)


def loading_day() -> date:
    """Dates after the day of loading are a contract violation."""
    return date.today()


def _column(data: PolarsData) -> pl.Series:
    return data.lazyframe.select(data.key).collect().to_series()


def _passes_unless_in(data: PolarsData, failing: list[str]) -> pl.LazyFrame:
    failing_values = pl.Series(failing, dtype=pl.String).implode()
    return data.lazyframe.select(~pl.col(data.key).is_in(failing_values))


@register_check_method()
def valid_uscc(data: PolarsData) -> pl.LazyFrame:
    """GB 32100-2015 USCC, organisation code check included (``identifiers.uscc_problem``)."""
    return _passes_unless_in(data, list(uscc_problems(_column(data))))


@register_check_method()
def valid_patent_number(data: PolarsData) -> pl.LazyFrame:
    """Application number with a correct check digit (``identifiers.patent_number_problem``)."""
    return _passes_unless_in(data, list(patent_number_problems(_column(data))))


@register_check_method()
def not_in_future(data: PolarsData) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col(data.key) <= loading_day())


@register_check_method()
def parseable_date(data: PolarsData) -> pl.LazyFrame:
    """No date text was left unparsed (the adapter keeps it in ``<column>__text``)."""
    helper = unparsed(data.key)
    if helper not in data.lazyframe.collect_schema().names():  # e.g. rows already in raw.*
        return data.lazyframe.select(pl.repeat(True, pl.len()).alias(data.key))
    return data.lazyframe.select(pl.col(helper).is_null().alias(data.key))


@register_check_method(statistics=["amount", "undisclosed"])
def parseable_amount(data: PolarsData, *, amount: str, undisclosed: str) -> pl.LazyFrame:
    """The money text gave an amount or was recognised as undisclosed."""
    parsed = pl.col(amount).is_not_null() | pl.col(undisclosed).fill_null(False)
    return data.lazyframe.select((pl.col(data.key).is_null() | parsed).alias(data.key))


@register_check_method(statistics=["number"])
def matches_number_type(data: PolarsData, *, number: str) -> pl.LazyFrame:
    """The patent type agrees with the type digit of the application number, if any."""
    expected = patent_type_of(number)
    return data.lazyframe.select(
        (expected.is_null() | (pl.col(data.key) == expected)).alias(data.key)
    )


@register_check_method(statistics=["other"])
def present_or_found_by(data: PolarsData, *, other: str) -> pl.LazyFrame:
    """The value is present, or ``other`` (a key that can find it later) is."""
    present = pl.col(data.key).is_not_null() | pl.col(other).is_not_null()
    return data.lazyframe.select(present.alias(data.key))


# -- explanations --------------------------------------------------------------------------

Explanation = Callable[[dict, str], str | None]


def _patent_type_mismatch(row: dict, column: str) -> str:
    number = row.get("application_number")
    return (
        f"application number {number} has type digit {patent_type_digit(number)}, "
        f"which means {patent_type_of_number(number)}"
    )


EXPLANATIONS: dict[str, Explanation] = {
    "not_nullable": lambda row, column: (
        "value is missing" if row.get(unparsed(column)) is None else "is not a recognised value"
    ),
    "valid_uscc": lambda row, column: uscc_problem(row[column]),
    "valid_patent_number": lambda row, column: patent_number_problem(row[column]),
    "not_in_future": lambda row, column: f"is after the loading day {loading_day()}",
    "parseable_date": lambda row, column: "is not a recognised date",
    "parseable_amount": lambda row, column: "is not a recognised amount",
    "matches_number_type": _patent_type_mismatch,
    "present_or_found_by": lambda row, column: (
        "is missing, and so is the publication number that would find it"
    ),
}


def explain(check: str, row: dict, column: str, detail: str = "") -> str:
    """Why ``row[column]`` failed ``check`` (``detail``: pandera's arguments, e.g. isin's set)."""
    if check == "isin":
        return f"is not one of {', '.join(_allowed_values(detail))}"
    explanation = EXPLANATIONS.get(check)
    reason = explanation(row, column) if explanation else None
    return reason or f"fails {check}{detail}"


def _allowed_values(detail: str) -> list[str]:
    """``"(('a', 'b'))"`` (pandera's rendering of isin's argument) -> ``['a', 'b']``."""
    try:
        return [str(value) for value in ast.literal_eval(detail)]
    except (ValueError, SyntaxError, TypeError):
        return [detail]
