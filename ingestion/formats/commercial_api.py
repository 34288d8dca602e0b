"""``commercial_api``: registrations from a commercial company-data API (feed ``registrations``).

Qichacha-style JSON records, usually wrapped in an envelope
``{"Status": "200", "Result": [...]}`` (the reader unwraps it). Field names are the API's:
``Name, CreditCode, StartDate, OperName, RegistCapi, Address, Status`` and optional
``EconKind, Scope, Province, CheckDate``. Dates may carry a time and an offset
(``2016-03-15T00:00:00+08:00``) and ``0001-01-01T00:00:00`` means missing.
"""

from __future__ import annotations

import polars as pl

from ingestion.canonical import REGISTERED_CAPITAL
from ingestion.formats.base import canonical_frame, map_values, renamed, with_dates, with_money
from ingestion.formats.registry_export import registration_status
from ingestion.identifiers import normalized_uscc
from ingestion.privacy import masked_name
from ingestion.readers import RawTable

name = "commercial_api"
feed = "registrations"
signature = ("Name", "CreditCode", "StartDate", "OperName", "RegistCapi", "Address", "Status")

COLUMNS = {
    "Name": "name",
    "CreditCode": "uscc",
    "StartDate": "registration_date",
    "EconKind": "enterprise_type",
    "OperName": "legal_representative_masked",
    "RegistCapi": REGISTERED_CAPITAL.text,
    "Scope": "business_scope",
    "Province": "province",
    "Address": "address",
    "Status": "status",
    "CheckDate": "approval_date",
}


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS)
    frame = frame.with_columns(
        normalized_uscc("uscc").alias("uscc"),
        masked_name("legal_representative_masked").alias("legal_representative_masked"),
    )
    frame = map_values(frame, "status", registration_status)
    frame = with_dates(frame, ["registration_date", "approval_date"])
    frame = with_money(frame, REGISTERED_CAPITAL)
    return canonical_frame(frame, feed)
