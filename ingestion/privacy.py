"""Personal data: masked or dropped right after reading, so it never leaves ingestion.

Names of natural persons (legal representatives) are masked to their first character and
``*`` (张三 -> 张*); phone and ID numbers are dropped. ``scrub_personal_data`` is applied to
every table before anything else sees it, so neither ``raw.*`` nor ``meta.quarantine``
(whose ``raw_record`` is built from the scrubbed table) can hold them.
"""

from __future__ import annotations

import polars as pl

from ingestion.readers import RawTable

MASKED_NAME_HEADERS = ("法人代表", "法定代表人", "OperName")
DROPPED_HEADERS = (
    "联系电话",
    "电话",
    "手机",
    "手机号",
    "手机号码",
    "身份证号",
    "身份证号码",
    "电子邮箱",
    "邮箱",
    "PhoneNumber",
    "Phone",
    "Tel",
    "Email",
)


def masked_name(column: str | pl.Expr) -> pl.Expr:
    """First character of the name followed by ``*``; null stays null."""
    name = pl.col(column) if isinstance(column, str) else column
    return pl.when(name.is_not_null()).then(name.str.slice(0, 1) + "*")


def mask_person_name(name: str | None) -> str | None:
    """``"张三"`` -> ``"张*"`` (the same rule as ``masked_name``, for one value)."""
    return pl.select(masked_name(pl.lit(name, dtype=pl.String))).item()


def scrub_personal_data(table: RawTable) -> RawTable:
    """The table with personal names masked and phone / ID columns removed."""
    frame = table.frame.drop([h for h in table.headers if h in DROPPED_HEADERS])
    masked = [masked_name(h).alias(h) for h in table.headers if h in MASKED_NAME_HEADERS]
    return RawTable(
        path=table.path,
        frame=frame.with_columns(masked),
        header_row=table.header_row,
        encoding=table.encoding,
        sheet=table.sheet,
    )
