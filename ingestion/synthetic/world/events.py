"""Dated events from the bureaus' registers, 2020..as-of; a quarter are risk incidents."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from ingestion.synthetic import vocabulary as words
from ingestion.synthetic.money import subsidy_amount
from ingestion.synthetic.randomness import random_date, rng_for, weighted_choice
from ingestion.synthetic.seeds import ReferenceData
from ingestion.synthetic.world.entities import Event
from ingestion.synthetic.world.pools import (
    OUTSIDE_FINTECH,
    OUTSIDE_OTHER,
    PUDONG_FINTECH,
    PUDONG_OTHER,
    EnterprisePool,
)

FIRST_EVENT_DAY = date(2020, 1, 1)
RISK_INCIDENT_SHARE = 0.25
ORGANISER_SHARE = 0.15  # of conferences: held by an association, no USCC
SUBJECT_WEIGHTS = {
    PUDONG_FINTECH: 0.5,
    PUDONG_OTHER: 0.35,
    OUTSIDE_FINTECH: 0.05,
    OUTSIDE_OTHER: 0.1,
}
RISK_SUBJECT_WEIGHTS = {PUDONG_FINTECH: 0.8, PUDONG_OTHER: 0.15, OUTSIDE_FINTECH: 0.05}
_LEVEL_WEIGHTS = tuple(zip(words.EVENT_LEVELS, (0.1, 0.25, 0.35, 0.3), strict=True))
_CONFERENCE = "行业会议"
_DOCUMENT_PREFIXES = {
    "浦东新区金融工作局": "浦金融",
    "浦东新区科技和经济委员会": "浦科经委",
    "浦东新区人力资源和社会保障局": "浦人社",
    "陆家嘴管理局": "陆管",
    "张江科学城建设管理办公室": "张江办",
    words.RISK_OFFICE: "浦市监",
}


@dataclass(frozen=True)
class EventPlan:
    seed: int
    as_of: date
    pool: EnterprisePool
    reference: ReferenceData


def make_event(plan: EventPlan, index: int) -> Event:
    """The event number ``index``; its document number makes its description unique."""
    rng = rng_for(plan.seed, "event", index)
    risk = rng.random() < RISK_INCIDENT_SHARE
    types = plan.reference.risk_event_types if risk else plan.reference.other_event_types
    event_type = rng.choice(types)
    if event_type == _CONFERENCE and rng.random() < ORGANISER_SHARE:
        subject_name, uscc = rng.choice(words.EVENT_ORGANISERS), None
        day = random_date(rng, FIRST_EVENT_DAY, plan.as_of)
    else:
        subject = plan.pool.draw(rng, RISK_SUBJECT_WEIGHTS if risk else SUBJECT_WEIGHTS)
        subject_name, uscc = subject.name, subject.uscc
        day = random_date(rng, *plan.pool.active_days(subject))
    office = words.RISK_OFFICE if risk else rng.choice(words.EVENT_OFFICES)
    return Event(
        index=index,
        enterprise_name=subject_name,
        uscc=uscc,
        event_type_raw=event_type,
        is_risk_incident=risk,
        event_date=day,
        level=weighted_choice(rng, _LEVEL_WEIGHTS)
        if event_type in words.LEVELLED_EVENT_TYPES
        else None,
        amount=subsidy_amount(rng) if event_type in words.SUBSIDY_EVENT_TYPES else None,
        issuing_office=office,
        description=_description(rng, event_type, office, day, index),
    )


def _description(rng: random.Random, event_type: str, office: str, day: date, index: int) -> str:
    """``浦金融〔2024〕123号 行业会议`` – the running number is unique in the world."""
    document = f"{_DOCUMENT_PREFIXES[office]}〔{day.year}〕{index + 1}号"
    return f"{document} {event_type}" if rng.random() < 0.7 else document
