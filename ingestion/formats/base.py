"""What a delivery format is, and the column helpers every adapter uses.

An adapter module declares ``name``, ``feed``, ``signature`` (the headers that recognise
it) and ``to_canonical(table) -> pl.DataFrame``. The helpers here never raise for a bad
value: a value that does not parse becomes null and its text goes to ``<column>__text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any

import polars as pl

from ingestion.canonical import (
    CANONICAL_COLUMNS,
    ROW_NUMBER,
    TOTALS_LABEL,
    UNPARSED_SUFFIX,
    MoneyColumns,
    unparsed,
)
from ingestion.readers import RawTable
from ingestion.values import parse_date, parse_money


@dataclass(frozen=True)
class Format:
    """A delivery layout: how to recognise it and how to turn it into canonical rows."""

    name: str
    feed: str
    signature: tuple[str, ...]
    to_canonical: Callable[[RawTable], pl.DataFrame]

    @classmethod
    def from_module(cls, module: ModuleType) -> Format:
        return cls(module.name, module.feed, tuple(module.signature), module.to_canonical)

    def missing_headers(self, headers: Iterable[str]) -> list[str]:
        present = set(headers)
        return [header for header in self.signature if header not in present]

    def describe(self) -> str:
        return f"{self.name} ({', '.join(self.signature)})"


TOTALS_LABEL_COLUMNS = 3  # a totals row's label is in one of the first three columns
# A cell that is only a totals word, maybe followed by a count: 合计, 合计：3条, Total 12.
# A name that merely starts with the word (合计科技有限公司) is not one.
TOTALS_CELL = r"^(?:合计|总计|小计|共计|总数|(?i:totals?))(?:\s*[:：]?\s*[\d共].*)?$"


def renamed(table: RawTable, columns: Mapping[str, str]) -> pl.DataFrame:
    """The mapped source columns under canonical names (absent ones null), ``_row_number``
    and ``_totals_label`` (see ``totals_label``)."""
    present = set(table.headers)
    return table.frame.select(
        *(
            pl.col(header).alias(canonical)
            if header in present
            else pl.lit(None, pl.String).alias(canonical)
            for header, canonical in columns.items()
        ),
        totals_label(table.headers).alias(TOTALS_LABEL),
        ROW_NUMBER,
    )


def totals_label(headers: Iterable[str]) -> pl.Expr:
    """The cell that marks the row as a totals row a spreadsheet adds at the bottom
    (``合计``, ``合计：3条``), null for a record. Every layout can carry one; the contract
    step quarantines it as ``row:totals_row``. The label sits where a record's label
    would, in the first ``TOTALS_LABEL_COLUMNS`` columns (looking no further keeps this
    cheap on large files)."""
    cells = [
        pl.when(pl.col(h).str.strip_chars().str.contains(TOTALS_CELL)).then(pl.col(h))
        for h in list(headers)[:TOTALS_LABEL_COLUMNS]
    ]
    return pl.coalesce(cells) if cells else pl.lit(None, pl.String)


def map_values(frame: pl.DataFrame, column: str, function: Callable[[str], Any]) -> pl.DataFrame:
    """``function`` applied to each distinct non-null value of a text column (fast on repeats)."""
    text = frame[column]
    distinct = text.drop_nulls().unique()
    mapped = pl.Series([function(value) for value in distinct], dtype=pl.String)
    return frame.with_columns(text.replace_strict(distinct, mapped, default=None).alias(column))


def with_dates(
    frame: pl.DataFrame, columns: Iterable[str], parser: Callable[[str], date | None] = parse_date
) -> pl.DataFrame:
    """Text columns parsed to dates; unparseable text kept in ``<column>__text``."""
    for column in columns:
        text = frame[column]
        parsed, failed = _parse_distinct(text, parser)
        frame = frame.with_columns(
            text.replace_strict(
                list(parsed), list(parsed.values()), default=None, return_dtype=pl.Date
            ).alias(column),
            pl.when(text.is_in(failed)).then(text).alias(unparsed(column)),
        )
    return frame


def with_money(frame: pl.DataFrame, columns: MoneyColumns) -> pl.DataFrame:
    """The money text split into amount, currency and flags (all null when unparseable)."""
    text = frame[columns.text].fill_null("")  # blank means undisclosed
    parsed, _ = _parse_distinct(text, parse_money)
    keys = list(parsed)

    def lookup(field: str, dtype: pl.DataType) -> pl.Series:
        values = [getattr(money, field) for money in parsed.values()]
        return text.replace_strict(keys, values, default=None, return_dtype=dtype)

    return frame.with_columns(
        lookup("amount", pl.Float64()).alias(columns.amount),
        lookup("currency", pl.String()).alias(columns.currency),
        lookup("is_estimate", pl.Boolean()).alias(columns.is_estimate),
        lookup("is_undisclosed", pl.Boolean()).alias(columns.is_undisclosed),
    )


def _parse_distinct(text: pl.Series, parser: Callable[[str], Any]) -> tuple[dict, list[str]]:
    parsed, failed = {}, []
    for value in text.drop_nulls().unique():
        try:
            parsed[value] = parser(value)
        except ValueError:
            failed.append(value)
    return parsed, failed


def canonical_frame(frame: pl.DataFrame, feed: str) -> pl.DataFrame:
    """The feed's canonical columns in order and type (null when the layout has none), then
    helper columns (``<column>__text``, ``_totals_label``), ``_row_number``."""
    columns = CANONICAL_COLUMNS[feed]
    helpers = [
        name for name in frame.columns if name.endswith(UNPARSED_SUFFIX) or name == TOTALS_LABEL
    ]
    return frame.select(
        *(
            pl.col(name).cast(dtype) if name in frame.columns else pl.lit(None, dtype).alias(name)
            for name, dtype in columns.items()
        ),
        *helpers,
        ROW_NUMBER,
    )
