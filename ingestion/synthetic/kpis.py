"""The expected KPI values (docs/kpi-rules.md), computed in plain Python from the world.

Nothing here reads a delivered file or runs SQL: the world is the truth, and the rules
are applied to it directly (parks and fintech through ``rules``). Every KPI is first
tallied per (park, quarter) cell; a park's row reads its cell, ``ALL`` sums the six.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from ingestion.synthetic.quarters import Quarter, quarter_of, reported_quarters
from ingestion.synthetic.rules import DISTRICT_TOTAL, PARK_IDS
from ingestion.synthetic.world import Enterprise, Patent, World

COUNT_KPIS = ("K04", "K07", "K08", "K19")
KPI_IDS = (*COUNT_KPIS, "K32", "K38")
K19_IPC_PREFIXES = ("G06Q20/", "G06Q40/")
RATE_PER = 1_000  # K38: incidents per 1,000 active fintech enterprises
CENT = Decimal("0.01")

Cell = tuple[str, str]  # (park_id, quarter label)


@dataclass(frozen=True)
class KpiValue:
    kpi_id: str
    park_id: str
    quarter: str
    value: str  # empty when there is no value (status no_data)
    numerator: str
    denominator: str
    is_estimate: bool
    status: str


@dataclass(frozen=True)
class _Tallies:
    """Everything the KPIs need, per (park, quarter) cell."""

    counts: dict[str, Counter[Cell]]  # K04 stock, K07 births, K08 deaths, K19 inventions
    amounts: dict[Cell, Decimal]  # K32, in CNY
    estimated: dict[Cell, bool]  # K32: an estimated amount contributes
    incidents: Counter[Cell]  # K38 numerator


def canonical_ipc_codes(patent: Patent) -> tuple[str, ...]:
    """IPC codes as stored by ingestion: without spaces (``G06Q40/04``)."""
    return tuple(code.replace(" ", "") for code in patent.ipc_codes)


def k19_applicant(patent: Patent, enterprises_by_uscc: dict[str, Enterprise]) -> Enterprise | None:
    """The park enterprise a patent counts for in K19 (in its quarter), or None."""
    applicant = enterprises_by_uscc.get(patent.applicant_uscc or "")
    if patent.patent_type != "invention" or applicant is None or applicant.park_id is None:
        return None
    finance_ipc = any(code.startswith(K19_IPC_PREFIXES) for code in canonical_ipc_codes(patent))
    return applicant if applicant.is_fintech or finance_ipc else None


def is_active_on(enterprise: Enterprise, day: date) -> bool:
    """Born on or before ``day`` and not dead by then."""
    death = enterprise.last_day
    return enterprise.registration_date <= day and (death is None or death > day)


def expected_kpi_values(world: World) -> list[KpiValue]:
    """One row per KPI × (parks, then ALL) × quarter from 2020Q1 to the as-of quarter."""
    tallies = _tally(world)
    return [
        _kpi_value(kpi_id, park_id, quarter, tallies)
        for kpi_id in KPI_IDS
        for park_id in (*PARK_IDS, DISTRICT_TOTAL)
        for quarter in reported_quarters(world.as_of)
    ]


def _tally(world: World) -> _Tallies:
    by_uscc = {e.uscc: e for e in world.enterprises}
    park_fintech = [e for e in world.enterprises if e.is_fintech and e.park_id]
    amounts, estimated = _k32_amounts(world, by_uscc)
    return _Tallies(
        counts={
            "K04": _stock(park_fintech, reported_quarters(world.as_of)),
            "K07": Counter(_cell(e, e.registration_date) for e in park_fintech),
            "K08": Counter(_cell(e, e.last_day) for e in park_fintech if e.last_day),
            "K19": _k19_counts(world, by_uscc),
        },
        amounts=amounts,
        estimated=estimated,
        incidents=_k38_incidents(world, by_uscc),
    )


def _cell(enterprise: Enterprise, day: date) -> Cell:
    return (enterprise.park_id, quarter_of(day).label)


def _stock(park_fintech: list[Enterprise], quarters: list[Quarter]) -> Counter[Cell]:
    """K04: fintech enterprises active on each quarter's last day."""
    return Counter(
        (e.park_id, q.label) for q in quarters for e in park_fintech if is_active_on(e, q.last_day)
    )


def _k19_counts(world: World, by_uscc: dict[str, Enterprise]) -> Counter[Cell]:
    counted = ((p, k19_applicant(p, by_uscc)) for p in world.patents)
    return Counter(_cell(applicant, p.application_date) for p, applicant in counted if applicant)


def _k32_amounts(
    world: World, by_uscc: dict[str, Enterprise]
) -> tuple[dict[Cell, Decimal], dict[Cell, bool]]:
    """K32: disclosed and estimated CNY amounts of park fintech rounds, and estimate flags."""
    amounts: dict[Cell, Decimal] = defaultdict(Decimal)
    estimated: dict[Cell, bool] = defaultdict(bool)
    for deal in world.financing_rounds:
        company = by_uscc.get(deal.uscc or "")
        if company is None or not company.is_fintech or not company.park_id:
            continue
        amount = deal.amount.in_cny(world.reference, deal.deal_date)
        if amount is not None:
            cell = _cell(company, deal.deal_date)
            amounts[cell] += amount
            estimated[cell] |= deal.amount.is_estimate
    return amounts, estimated


def _k38_incidents(world: World, by_uscc: dict[str, Enterprise]) -> Counter[Cell]:
    """K38 numerator: risk incidents (per the event_types seed) of park fintech firms."""
    incidents: Counter[Cell] = Counter()
    for event in world.events:
        subject = by_uscc.get(event.uscc or "")
        risk = world.reference.is_risk_incident(event.event_type_raw)
        if risk and subject is not None and subject.is_fintech and subject.park_id:
            incidents[_cell(subject, event.event_date)] += 1
    return incidents


def _kpi_value(kpi_id: str, park_id: str, quarter: Quarter, tallies: _Tallies) -> KpiValue:
    """A park's row reads its own cell; ALL sums the six parks' cells."""
    parks = PARK_IDS if park_id == DISTRICT_TOTAL else (park_id,)
    cells = [(park, quarter.label) for park in parks]
    row = KpiValue(kpi_id, park_id, quarter.label, "", "", "", False, "ok")
    if kpi_id in COUNT_KPIS:
        count = sum(tallies.counts[kpi_id][cell] for cell in cells)
        return replace(row, value=str(count))
    if kpi_id == "K32":
        total = sum((tallies.amounts.get(cell, Decimal(0)) for cell in cells), Decimal(0))
        estimated = any(tallies.estimated.get(cell, False) for cell in cells)
        return replace(row, value=str(total.quantize(CENT)), is_estimate=estimated)
    incidents = sum(tallies.incidents[cell] for cell in cells)
    active = sum(tallies.counts["K04"][cell] for cell in cells)
    row = replace(row, numerator=str(incidents), denominator=str(active))
    if active == 0:
        return replace(row, status="no_data")
    return replace(row, value=repr(incidents / active * RATE_PER))
