"""Contract of ``raw.patents`` (feed ``patents``, see docs/feeds.md)."""

from __future__ import annotations

from datetime import date

import pandera.polars as pa

import data_contracts.checks  # noqa: F401  (registers the custom checks)
from ingestion.canonical import PATENT_TYPES


class PatentsContract(pa.DataFrameModel):
    # A Google Patents export has no application number: its publication number finds it
    # (stg_patents__applications looks it up among the CNIPA rows' 公开号).
    application_number: str = pa.Field(
        nullable=True,
        valid_patent_number=(),
        present_or_found_by={"other": "publication_number"},
    )
    application_date: date = pa.Field(nullable=False, parseable_date=(), not_in_future=())
    publication_number: str = pa.Field(nullable=True)
    title: str = pa.Field(nullable=True)
    applicants: str = pa.Field(nullable=True)
    applicant_uscc: str = pa.Field(nullable=True, valid_uscc=())
    ipc_codes: str = pa.Field(nullable=True)
    patent_type: str = pa.Field(
        nullable=True,
        isin=PATENT_TYPES,
        matches_number_type={"number": "application_number"},
    )
    grant_date: date = pa.Field(nullable=True, parseable_date=(), not_in_future=())
    legal_status: str = pa.Field(nullable=True)
    # 同族专利, ';'-separated publication numbers; null when the layout has no such column.
    family_publications: str = pa.Field(nullable=True)
    # 失效日, the day the patent lapsed; null while valid or when the layout has no such column.
    lapse_date: date = pa.Field(nullable=True, parseable_date=(), not_in_future=())

    class Config:
        strict = False  # helper columns (``<column>__text``, ``_row_number``) may be present
        coerce = False
