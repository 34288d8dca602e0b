"""``google_patents``: a Google Patents search-result CSV export (feed ``patents``).

The export may start with a ``search URL:,https://…`` line above the header (the reader
skips it as a title row); dates may be ``M/D/YYYY`` after a round trip through Excel;
``assignee`` holds several applicants separated by commas. ``id`` is the publication
number with its kind code, ``CN-114138539-A``. The kind code gives the type and the
grant status (A: invention application published; B/C: invention granted; U/Y: utility
model, granted on publication; S/D: design, granted on publication). For a granted kind
without a grant date, the publication date is the grant date (it is the grant notice).

The export carries **no application number**, the key of patents: its rows load with the
publication number alone, and ``stg_patents__applications`` finds the application through
the CNIPA rows' 公开号 (same number, any kind code). A row without an ``id`` has neither
and is quarantined (``application_number:present_or_found_by``). Inventors are natural
persons: ``ingestion.privacy`` drops the ``inventor/author`` column on reading.
"""

from __future__ import annotations

import polars as pl

from ingestion.formats.base import canonical_frame, renamed, with_dates
from ingestion.identifiers import normalized_publication_number
from ingestion.readers import RawTable

name = "google_patents"
feed = "patents"
signature = ("id", "title", "assignee", "filing/creationdate", "publicationdate")

COLUMNS = {
    "id": "publication_number",
    "title": "title",
    "assignee": "applicants",
    "filing/creationdate": "application_date",
    "publicationdate": "publication_date",
    "grantdate": "grant_date",
}
PATENT_TYPE_OF_KIND = {
    "A": "invention",
    "B": "invention",
    "C": "invention",
    "U": "utility_model",
    "Y": "utility_model",
    "S": "design",
    "D": "design",
}
GRANTED_KINDS = ("B", "C", "U", "Y", "S", "D")


def kind_code(column: str) -> pl.Expr:
    """The kind letter of a normalised publication number (``A`` of ``CN114138539A``)."""
    return pl.col(column).str.extract(r"^[A-Z]{2}\d+([A-Z])\d?$")


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS).with_columns(
        normalized_publication_number("publication_number").alias("publication_number")
    )
    kind = kind_code("publication_number")
    frame = frame.with_columns(
        pl.lit(None, pl.String).alias("application_number"),
        pl.lit(None, pl.String).alias("applicant_uscc"),
        pl.lit(None, pl.String).alias("ipc_codes"),
        kind.replace_strict(PATENT_TYPE_OF_KIND, default=None).alias("patent_type"),
        pl.when(kind.is_in(GRANTED_KINDS))
        .then(pl.lit("授权"))
        .when(kind.is_not_null())
        .then(pl.lit("公开"))
        .alias("legal_status"),
        pl.col("applicants").str.replace_all(r"\s*[,;；]\s*", ";").alias("applicants"),
    )
    frame = with_dates(frame, ["application_date", "publication_date", "grant_date"])
    granted_on_publication = kind_code("publication_number").is_in(GRANTED_KINDS)
    frame = frame.with_columns(
        pl.when(granted_on_publication)
        .then(pl.coalesce("grant_date", "publication_date"))
        .otherwise("grant_date")
        .alias("grant_date")
    )
    return canonical_frame(frame, feed)
