"""The known answers written to ``truth/``: entities as the warehouse should resolve them,
the expected KPI values, and the rows ingestion must quarantine.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from datetime import date

from ingestion.synthetic.deliveries import DeliveryFile
from ingestion.synthetic.kpis import (
    KpiValue,
    canonical_ipc_codes,
    expected_kpi_values,
    k19_applicant,
)
from ingestion.synthetic.quarters import FIRST_REPORTED_QUARTER_START
from ingestion.synthetic.rules import normalise
from ingestion.synthetic.world import World


@dataclass(frozen=True)
class TruthTable:
    """One truth CSV: ``name`` under ``truth/``, a header row and text cells."""

    name: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]

    def render(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.headers)
        writer.writerows(self.rows)
        return buffer.getvalue().encode("utf-8")


def truth_tables(world: World, deliveries: Sequence[DeliveryFile]) -> list[TruthTable]:
    return [
        _enterprises(world),
        _patents(world),
        _financing_rounds(world),
        _events(world),
        _kpi_values(world),
        _expected_quarantine(deliveries),
    ]


def _text(value: object) -> str:
    """CSV text: empty for None, ``true``/``false`` for booleans, ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _table(name: str, headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> TruthTable:
    return TruthTable(name, headers, [tuple(_text(v) for v in row) for row in rows])


def _enterprises(world: World) -> TruthTable:
    return _table(
        "enterprises.csv",
        (
            "uscc",
            "name",
            "park_id",
            "is_fintech",
            "registration_date",
            "status",
            "death_date",
            "industry_code",
            "registered_capital_cny",
        ),
        [
            (
                e.uscc,
                normalise(e.name),
                e.park_id,
                e.is_fintech,
                e.registration_date,
                e.status,
                e.death_date,
                e.industry_code,
                e.registered_capital.in_cny(world.reference, e.registration_date),
            )
            for e in sorted(world.enterprises, key=lambda e: e.uscc)
        ],
    )


def _patents(world: World) -> TruthTable:
    """``counts_for_k19``: counted in K19 of ALL for its quarter (filed from 2020Q1)."""
    by_uscc = {e.uscc: e for e in world.enterprises}
    return _table(
        "patents.csv",
        (
            "application_number",
            "application_date",
            "patent_type",
            "applicant_uscc",
            "owner_uscc",
            "ipc_codes",
            "grant_date",
            "counts_for_k19",
        ),
        [
            (
                p.application_number,
                p.application_date,
                p.patent_type,
                p.applicant_uscc,
                p.owner_uscc,
                ";".join(canonical_ipc_codes(p)),
                p.grant_date,
                p.application_date >= FIRST_REPORTED_QUARTER_START
                and k19_applicant(p, by_uscc) is not None,
            )
            for p in sorted(world.patents, key=lambda p: p.application_number)
        ],
    )


def _financing_rounds(world: World) -> TruthTable:
    return _table(
        "financing_rounds.csv",
        (
            "uscc",
            "owner_uscc",
            "registered_name",
            "deal_date",
            "round_raw",
            "amount_cny",
            "is_estimate",
            "is_undisclosed",
        ),
        [
            (
                r.uscc,
                r.owner_uscc,
                normalise(r.registered_name),
                r.deal_date,
                r.round_raw,
                r.amount.in_cny(world.reference, r.deal_date),
                r.amount.is_estimate,
                r.amount.is_undisclosed,
            )
            for r in sorted(world.financing_rounds, key=lambda r: (r.registered_name, r.deal_date))
        ],
    )


def _events(world: World) -> TruthTable:
    return _table(
        "events.csv",
        ("event_type_raw", "event_date", "uscc", "is_risk_incident"),
        [
            (
                e.event_type_raw,
                e.event_date,
                e.uscc,
                world.reference.is_risk_incident(e.event_type_raw),
            )
            for e in sorted(world.events, key=lambda e: (e.event_date, e.index))
        ],
    )


def _kpi_values(world: World) -> TruthTable:
    headers = tuple(f.name for f in fields(KpiValue))
    return _table("kpi_values.csv", headers, [astuple(v) for v in expected_kpi_values(world)])


def _expected_quarantine(deliveries: Sequence[DeliveryFile]) -> TruthTable:
    rows = sorted(row for file in deliveries for row in file.expected_quarantine())
    return _table("expected_quarantine.csv", ("file", "row_number", "column"), rows)
