"""Personal data: masked or dropped right after reading, so it never leaves ingestion.

Names of natural persons (legal representatives, contacts) are masked to their first
character and ``*`` (张三 -> 张*); phone numbers, e-mails, ID numbers and inventors' names
are dropped. ``scrub_personal_data`` is applied to every table before anything else sees
it, so neither ``raw.*`` nor ``meta.quarantine`` (whose ``raw_record`` is built from the
scrubbed table) can hold them.

Where a join needs a person (the same representative behind several firms), the name is
replaced by a keyed hash, HMAC-SHA256 with the key in ``FINTECH_CLUSTER_PII_KEY``: equal
names give equal hashes, and without the key nobody can test a guessed name against
them. There is no default key; asking for a hash without one is an error.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import unicodedata
from collections.abc import Mapping

import polars as pl

from ingestion.readers import RawTable

PII_KEY_VARIABLE = "FINTECH_CLUSTER_PII_KEY"
MIN_PII_KEY_BYTES = 16
MASKED_NAME_HEADERS = ("法人代表", "法定代表人", "OperName", "联系人")
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
    "E-mail",
    "电子邮件",
    "联系方式",
    "inventor/author",  # Google Patents: inventors are natural persons
    "发明人",
)


class MissingPiiKey(RuntimeError):
    """A keyed hash of personal data was asked for, and no usable key is configured."""


def masked_name(column: str | pl.Expr) -> pl.Expr:
    """First character of the name followed by ``*``; null stays null."""
    name = pl.col(column) if isinstance(column, str) else column
    return pl.when(name.is_not_null()).then(name.str.slice(0, 1) + "*")


def mask_person_name(name: str | None) -> str | None:
    """``"张三"`` -> ``"张*"`` (the same rule as ``masked_name``, for one value)."""
    return pl.select(masked_name(pl.lit(name, dtype=pl.String))).item()


def scrub_personal_data(
    table: RawTable, hashed_headers: tuple[str, ...] = (), key: bytes | None = None
) -> RawTable:
    """The table with personal names masked and phone / e-mail / ID columns removed.

    ``hashed_headers``: person columns a join needs, replaced by their keyed hash
    (``person_hash``; the key is ``pii_key()`` unless given) instead of masked or dropped.
    """
    if hashed_headers:
        key = key if key is not None else pii_key()
    hashed = [h for h in table.headers if h in hashed_headers]
    dropped = [h for h in table.headers if h in DROPPED_HEADERS and h not in hashed]
    masked = [h for h in table.headers if h in MASKED_NAME_HEADERS and h not in hashed]
    frame = table.frame.with_columns(
        *(hashed_person(h, key).alias(h) for h in hashed),
        *(masked_name(h).alias(h) for h in masked),
    ).drop(dropped)
    return RawTable(
        path=table.path,
        frame=frame,
        header_row=table.header_row,
        encoding=table.encoding,
        sheet=table.sheet,
    )


def pii_key(environ: Mapping[str, str] = os.environ) -> bytes:
    """The key of the personal-data hashes; ``MissingPiiKey`` when it is unset or short."""
    key = environ.get(PII_KEY_VARIABLE, "").encode("utf-8")
    if not key:
        raise MissingPiiKey(
            f"{PII_KEY_VARIABLE} is not set: a keyed hash of personal names needs a secret key "
            f"(at least {MIN_PII_KEY_BYTES} bytes), e.g. export {PII_KEY_VARIABLE}=$(openssl "
            "rand -hex 32); names are masked instead when no join needs them"
        )
    if len(key) < MIN_PII_KEY_BYTES:
        raise MissingPiiKey(
            f"{PII_KEY_VARIABLE} is {len(key)} bytes long; use at least {MIN_PII_KEY_BYTES}"
        )
    return key


def person_hash(name: str | None, key: bytes) -> str | None:
    """HMAC-SHA256 (hex) of the name, NFKC-normalised and without spaces; None stays None."""
    if name is None:
        return None
    canonical = "".join(unicodedata.normalize("NFKC", name).split())
    if not canonical:
        return None
    return hmac.new(key, canonical.encode("utf-8"), hashlib.sha256).hexdigest()


def hashed_person(column: str | pl.Expr, key: bytes) -> pl.Expr:
    """The ``person_hash`` of every name in a text column (for a join on persons)."""
    name = pl.col(column) if isinstance(column, str) else column
    return name.map_elements(lambda text: person_hash(text, key), return_dtype=pl.String)
