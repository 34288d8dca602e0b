"""Text clean-up applied to every delivered value and header (feeds.md, "Delivery formats")."""

from __future__ import annotations

import re
import unicodedata

import polars as pl

_WHITESPACE = re.compile(r"\s+")


def clean_text(value: str | None) -> str | None:
    """NFKC-normalise and strip; empty text becomes None (full-width ``（１）`` -> ``(1)``)."""
    if value is None:
        return None
    cleaned = unicodedata.normalize("NFKC", value).strip()
    return cleaned or None


def clean_header(value: str | None) -> str:
    """A header as formats match it: NFKC, no BOM, no white space anywhere (``IPC 分类号``)."""
    text = unicodedata.normalize("NFKC", value or "").replace("\ufeff", "")
    return _WHITESPACE.sub("", text)


def clean_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``clean_text`` for every String column of a frame.

    NFKC is the costly part, so it runs only on columns holding a value it would change,
    once per distinct value.
    """
    string_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    maybe_changed = _columns_beyond_ascii_and_cjk(frame, string_columns)
    normalized = frame.with_columns(_nfkc(frame[name]) for name in maybe_changed)
    return normalized.with_columns(_stripped(name) for name in string_columns)


def _stripped(column: str) -> pl.Expr:
    """The rest of ``clean_text``: white space stripped, empty text null."""
    return pl.col(column).str.strip_chars().replace("", None).alias(column)


def _nfkc(column: pl.Series) -> pl.Series:
    """NFKC of every value, computed once per distinct value: a column such as 企业类型
    holds a handful of values a million times."""
    distinct = column.drop_nulls().unique()
    if _is_nfkc(distinct):
        return column
    return column.replace_strict(distinct, distinct.str.normalize("NFKC"), default=None)


# Characters NFKC leaves alone, alone or side by side: ASCII and the CJK Unified Ideographs
# (none decomposes or combines, no composition is made of them; tests/ingestion/test_text.py
# checks every one). A column of only these is already NFKC.
_NOT_ASCII_OR_CJK = r"[^\x00-\x7F\x{4E00}-\x{9FFF}]"


def _columns_beyond_ascii_and_cjk(frame: pl.DataFrame, columns: list[str]) -> set[str]:
    """The columns with some character outside ASCII and the CJK ideographs: one parallel
    pass over every column, before the exact (single-threaded) check of the few left."""
    if not columns or frame.height == 0:
        return set()
    found = frame.select(pl.col(name).str.contains(_NOT_ASCII_OR_CJK).any() for name in columns)
    return {name for name, beyond in found.row(0, named=True).items() if beyond}


def _is_nfkc(column: pl.Series) -> bool:
    """Python's exact NFKC quick check over the values joined by newlines (a starter, so
    joining changes nothing): far cheaper than normalising."""
    joined = column.str.join("\n").item() if len(column) else ""
    return unicodedata.is_normalized("NFKC", joined or "")
