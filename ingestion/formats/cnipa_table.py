"""``cnipa_table``: the CNIPA-style patent search table (feed ``patents``)."""

from __future__ import annotations

import polars as pl

from ingestion.formats.base import canonical_frame, map_values, renamed, with_dates
from ingestion.identifiers import (
    normalized_patent_number,
    normalized_publication_number,
    normalized_uscc,
)
from ingestion.readers import RawTable

name = "cnipa_table"
feed = "patents"
signature = ("申请号", "申请日", "申请人", "IPC分类号", "专利类型")

COLUMNS = {
    "申请号": "application_number",
    "申请日": "application_date",
    "公开号": "publication_number",
    "名称": "title",
    "申请人": "applicants",
    "申请人统一社会信用代码": "applicant_uscc",
    "IPC分类号": "ipc_codes",
    "专利类型": "patent_type",
    "授权日": "grant_date",
    "法律状态": "legal_status",
    "同族专利": "family_publications",  # optional: older exports have no such column
    "失效日": "lapse_date",  # optional too
}

PATENT_TYPE_BY_LEADING_WORD = {
    "发明": "invention",
    "实用新型": "utility_model",
    "外观设计": "design",
}


def patent_type(text: str) -> str:
    """The canonical type, or the text itself when unknown (the contract reports it)."""
    for word, kind in PATENT_TYPE_BY_LEADING_WORD.items():
        if text.startswith(word):
            return kind
    return text


def semicolon_list(column: str) -> pl.Expr:
    """``甲公司； 乙公司`` -> ``甲公司;乙公司`` (empty items dropped)."""
    items = pl.col(column).str.replace_all(r"\s*[;；]\s*", ";").str.replace_all(";{2,}", ";")
    return items.str.strip_chars(";").alias(column)


def ipc_list(column: str) -> pl.Expr:
    """``G06Q 40/04；g06f 16/27`` -> ``G06Q40/04;G06F16/27``.

    Spaces inside a code (before a digit or around ``/``) are dropped; any other run of
    spaces or separators splits two codes.
    """
    codes = (
        pl.col(column)
        .str.to_uppercase()
        .str.replace_all(r"\s*/\s*", "/")
        .str.replace_all(r"\s+(\d)", "${1}")
        .str.replace_all(r"[\s,;，；]+", ";")
    )
    return codes.str.strip_chars(";").alias(column)


def publication_list(column: str) -> pl.Expr:
    """``US 2023/0123456 A1； wo2023123456a1`` -> ``US20230123456A1;WO2023123456A1``.

    Members are split at ``;``/``,`` (full-width ones too: the reader's NFKC made them
    half-width) or line breaks; inside a member, spaces, ``/`` and ``-`` are dropped (each
    office writes its numbers with its own punctuation). Blank -> null.
    """
    members = (
        pl.col(column)
        .str.to_uppercase()
        .str.replace_all(r"\s*[;,\n]\s*", ";")
        .str.replace_all(r"[\s/-]+", "")
        .str.replace_all(";{2,}", ";")
        .str.strip_chars(";")
    )
    return pl.when(members != "").then(members).alias(column)


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS)
    frame = frame.with_columns(
        normalized_patent_number("application_number").alias("application_number"),
        normalized_publication_number("publication_number").alias("publication_number"),
        normalized_uscc("applicant_uscc").alias("applicant_uscc"),
    )
    frame = map_values(frame, "patent_type", patent_type)
    frame = frame.with_columns(
        semicolon_list("applicants"),
        ipc_list("ipc_codes"),
        publication_list("family_publications"),
    )
    frame = with_dates(frame, ["application_date", "grant_date", "lapse_date"])
    return canonical_frame(frame, feed)
