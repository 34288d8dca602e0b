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


def clean_text_expr(column: str, normalize: bool = True) -> pl.Expr:
    """``clean_text`` as a polars expression over one String column.

    ``normalize=False`` skips NFKC, for a column known to hold only NFKC-stable characters.
    """
    text = pl.col(column).str.normalize("NFKC") if normalize else pl.col(column)
    return text.str.strip_chars().replace("", None).alias(column)


def clean_text_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``clean_text`` for every String column of a frame.

    NFKC is the costly part, so it runs only on columns holding a value it would change.
    """
    string_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        clean_text_expr(name, normalize=not _is_nfkc(frame[name])) for name in string_columns
    )


def _is_nfkc(column: pl.Series) -> bool:
    """Python's exact NFKC quick check over the values joined by newlines (a starter, so
    joining changes nothing): far cheaper than normalising."""
    joined = column.str.join("\n").item() if len(column) else ""
    return unicodedata.is_normalized("NFKC", joined or "")
