"""The synthetic world: enterprises and what they do, built deterministically from a seed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ingestion.synthetic.scales import Scale
from ingestion.synthetic.seeds import ReferenceData
from ingestion.synthetic.world.enterprises import make_enterprise, plan_enterprises
from ingestion.synthetic.world.entities import Enterprise, Event, FinancingRound, Patent
from ingestion.synthetic.world.events import (
    FIRST_EVENT_DAY,
    EventPlan,
    make_derived_events,
    make_event,
)
from ingestion.synthetic.world.financing import (
    FIRST_DEAL_DAY,
    draw_financed_company,
    make_financing_history,
    plan_financing,
)
from ingestion.synthetic.world.patents import FIRST_APPLICATION_DAY, make_patent, plan_patents
from ingestion.synthetic.world.pools import enterprise_pool

__all__ = ["World", "build_world", "Enterprise", "Event", "FinancingRound", "Patent"]


@dataclass(frozen=True)
class World:
    seed: int
    as_of: date
    reference: ReferenceData
    enterprises: tuple[Enterprise, ...]
    patents: tuple[Patent, ...]
    financing_rounds: tuple[FinancingRound, ...]
    events: tuple[Event, ...]


def build_world(
    scale: Scale,
    seed: int,
    as_of: date,
    reference: ReferenceData,
    on_step: Callable[[str], None],
) -> World:
    """Enterprises first, then the patents, rounds and events that need them.

    ``on_step(description)`` is called after each of the four parts.
    """
    plan = plan_enterprises(
        seed, as_of, scale.enterprises, scale.fintech_share, reference.group_units
    )
    enterprises = tuple(make_enterprise(plan, i) for i in range(scale.enterprises))
    on_step(f"built {len(enterprises):,} enterprises")
    applicants = enterprise_pool(enterprises, FIRST_APPLICATION_DAY, as_of)
    patent_plan = plan_patents(seed, as_of, applicants)
    patents = tuple(make_patent(patent_plan, i) for i in range(scale.patents))
    on_step(f"built {len(patents):,} patents")
    rounds = _financing_rounds(scale, seed, as_of, reference, enterprises)
    on_step(f"built {len(rounds):,} financing rounds")
    subjects = enterprise_pool(enterprises, FIRST_EVENT_DAY, as_of)
    event_plan = EventPlan(seed, as_of, subjects, reference)
    drawn_events = tuple(make_event(event_plan, i) for i in range(scale.events))
    events = drawn_events + make_derived_events(event_plan, enterprises, patents, drawn_events)
    on_step(f"built {len(events):,} events")
    return World(seed, as_of, reference, enterprises, patents, rounds, events)


def _financing_rounds(
    scale: Scale,
    seed: int,
    as_of: date,
    reference: ReferenceData,
    enterprises: tuple[Enterprise, ...],
) -> tuple[FinancingRound, ...]:
    """Histories of distinct companies until the scale's number of rounds is reached."""
    plan = plan_financing(
        seed, as_of, enterprise_pool(enterprises, FIRST_DEAL_DAY, as_of), reference.round_labels
    )
    rounds: list[FinancingRound] = []
    financed: set[int] = set()
    company_index = 0
    while len(rounds) < scale.financing_rounds and company_index < 20 * scale.financing_rounds:
        company = draw_financed_company(plan, company_index)
        if company.index not in financed:
            financed.add(company.index)
            rounds.extend(make_financing_history(plan, company_index, company))
        company_index += 1
    return tuple(rounds)
