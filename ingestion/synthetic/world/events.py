"""Dated events from the bureaus' registers, 2020..as-of; a quarter are risk incidents.

Most events are drawn (``make_event``); five types follow from other facts
(``make_derived_events``): removals from the abnormal-operation list, some time after a
listing, licences of firms whose business scope holds a licensed activity, pledges
and awards of granted inventions (the application number written into the description)
and the valuations of the firms in the unicorn cultivation pool (金额: the valuation).
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ingestion.synthetic import vocabulary as words
from ingestion.synthetic.money import Money, subsidy_amount
from ingestion.synthetic.randomness import random_date, rng_for, weighted_choice
from ingestion.synthetic.seeds import ReferenceData
from ingestion.synthetic.world.entities import Enterprise, Event, Patent
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
ABNORMAL_LISTING = "列入经营异常名录"
ABNORMAL_REMOVAL = "移出经营异常名录"
LICENCE_GRANTED = "金融业务许可"
PATENT_PLEDGE = "专利质押登记"
PATENT_AWARD = "中国专利奖"
VALUATION_REPORT = "独角兽培育库估值"
# never drawn by make_event
DERIVED_EVENT_TYPES = (
    ABNORMAL_REMOVAL,
    LICENCE_GRANTED,
    PATENT_PLEDGE,
    PATENT_AWARD,
    VALUATION_REPORT,
)
VALUATION_POOL_SHARE = 0.08  # of fintech firms: in the district's unicorn cultivation pool
DAYS_BETWEEN_VALUATIONS = (200, 500)
# Post-money valuations as the pool writes them, ascending in US dollars; 2.5亿美元 and
# 10亿美元 sit exactly on the K02 thresholds (US$250 million, US$1 billion).
VALUATIONS = (
    Money("8000万美元", Decimal(80_000_000), "USD"),
    Money("1.2亿美元", Decimal(120_000_000), "USD"),
    Money("2.5亿美元", Decimal(250_000_000), "USD"),
    Money("20亿人民币", Decimal(2_000_000_000), "CNY"),  # about US$280 million
    Money("4亿美元", Decimal(400_000_000), "USD"),
    Money("6亿美元", Decimal(600_000_000), "USD"),
    Money("10亿美元", Decimal(1_000_000_000), "USD"),
    Money("100亿人民币", Decimal(10_000_000_000), "CNY"),  # about US$1.4 billion
    Money("20亿美元", Decimal(2_000_000_000), "USD"),
)
REMOVAL_SHARE = 0.5  # of listings: the firm is removed from the list later
DAYS_TO_REMOVAL = (60, 540)
LICENCE_SHARE = {True: 0.75, False: 0.03}  # by whether the scope holds a licensed activity
DAYS_TO_LICENCE = (30, 365)
LICENCE_OFFICE = "浦东新区金融工作局"
PATENT_OFFICE = "浦东新区知识产权局"
# of granted inventions: (chance, days after the grant)
PATENT_EVENT_DRAWS = {PATENT_PLEDGE: (0.08, (30, 720)), PATENT_AWARD: (0.03, (180, 900))}
_DOCUMENT_PREFIXES = {
    "浦东新区金融工作局": "浦金融",
    "浦东新区科技和经济委员会": "浦科经委",
    "浦东新区人力资源和社会保障局": "浦人社",
    "陆家嘴管理局": "陆管",
    "张江科学城建设管理办公室": "张江办",
    words.RISK_OFFICE: "浦市监",
    PATENT_OFFICE: "浦知产",
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
    types = plan.reference.risk_event_types if risk else _drawn_event_types(plan.reference)
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


def _drawn_event_types(reference: ReferenceData) -> tuple[str, ...]:
    return tuple(t for t in reference.other_event_types if t not in DERIVED_EVENT_TYPES)


def make_derived_events(
    plan: EventPlan,
    enterprises: Sequence[Enterprise],
    patents: Sequence[Patent],
    drawn: Sequence[Event],
) -> tuple[Event, ...]:
    """Removals, licences, valuations, pledges and awards, numbered after the ``drawn``
    events (so their document numbers, and descriptions, stay unique)."""
    by_uscc = {e.uscc: e for e in enterprises}
    dated: list[tuple[Enterprise, str, str, date, str | None, Money | None]] = []
    for listing in drawn:
        if listing.event_type_raw == ABNORMAL_LISTING and listing.uscc:
            subject = by_uscc[listing.uscc]
            removal = _removal_day(plan, listing, subject)
            if removal:
                dated.append((subject, ABNORMAL_REMOVAL, words.RISK_OFFICE, removal, None, None))
    for enterprise in enterprises:
        licence = _licence_day(plan, enterprise)
        if licence:
            dated.append((enterprise, LICENCE_GRANTED, LICENCE_OFFICE, licence, None, None))
        for day, valuation in _valuations(plan, enterprise):
            dated.append((enterprise, VALUATION_REPORT, LICENCE_OFFICE, day, None, valuation))
    for patent in patents:
        owner = by_uscc.get(patent.applicant_uscc or "")
        for event_type in PATENT_EVENT_DRAWS:
            day = _patent_event_day(plan, patent, owner, event_type)
            if owner and day:
                number = patent.application_number
                dated.append((owner, event_type, PATENT_OFFICE, day, number, None))
    return tuple(
        _office_event(len(drawn) + offset, *details) for offset, details in enumerate(dated)
    )


def _patent_event_day(
    plan: EventPlan, patent: Patent, owner: Enterprise | None, event_type: str
) -> date | None:
    """A few granted inventions of a known owner are pledged or awarded after the grant."""
    rng = rng_for(plan.seed, "patent-event", event_type, patent.application_number)
    chance, days = PATENT_EVENT_DRAWS[event_type]
    if owner is None or patent.patent_type != "invention" or patent.grant_date is None:
        return None
    if rng.random() >= chance:
        return None
    day = patent.grant_date + timedelta(days=rng.randint(*days))
    return day if _alive_on(owner, day, plan.as_of) else None


def _removal_day(plan: EventPlan, listing: Event, subject: Enterprise) -> date | None:
    """Half of the listed firms are removed 60-540 days later, if alive and by the as-of."""
    rng = rng_for(plan.seed, "abnormal-removal", listing.index)
    if rng.random() >= REMOVAL_SHARE:
        return None
    day = listing.event_date + timedelta(days=rng.randint(*DAYS_TO_REMOVAL))
    return day if _alive_on(subject, day, plan.as_of) else None


def _licence_day(plan: EventPlan, enterprise: Enterprise) -> date | None:
    """Most firms with a licensed activity in their scope get their licence within a year
    of registration (a few others get one too); licences held when the register starts
    are dated its first day, 2020-01-01."""
    rng = rng_for(plan.seed, "licence", enterprise.index)
    licensed_scope = any(phrase in enterprise.business_scope for phrase in words.LICENSED_SCOPE)
    if not enterprise.is_fintech or rng.random() >= LICENCE_SHARE[licensed_scope]:
        return None
    day = enterprise.registration_date + timedelta(days=rng.randint(*DAYS_TO_LICENCE))
    day = max(day, FIRST_EVENT_DAY)
    return day if _alive_on(enterprise, day, plan.as_of) else None


def _valuations(plan: EventPlan, enterprise: Enterprise) -> list[tuple[date, Money]]:
    """One to three valuations of a pooled fintech firm, a year or more after its birth:
    mostly climbing the ladder, sometimes a down round (K02 takes the latest)."""
    rng = rng_for(plan.seed, "valuation", enterprise.index)
    if not enterprise.is_fintech or rng.random() >= VALUATION_POOL_SHARE:
        return []
    day = max(enterprise.registration_date + timedelta(days=365), FIRST_EVENT_DAY)
    day += timedelta(days=rng.randint(0, 365))
    position = rng.randint(0, len(VALUATIONS) - 3)
    reports = []
    for _ in range(rng.randint(1, 3)):
        if not _alive_on(enterprise, day, plan.as_of):
            break
        reports.append((day, VALUATIONS[position]))
        position = min(max(position + rng.choice((-1, 1, 1, 2)), 0), len(VALUATIONS) - 1)
        day += timedelta(days=rng.randint(*DAYS_BETWEEN_VALUATIONS))
    return reports


def _alive_on(enterprise: Enterprise, day: date, as_of: date) -> bool:
    """Whether the firm can still appear in a register on ``day`` (by the as-of day)."""
    return day <= as_of and (enterprise.last_day is None or day < enterprise.last_day)


def _office_event(
    index: int,
    subject: Enterprise,
    event_type: str,
    office: str,
    day: date,
    patent_number: str | None,
    amount: Money | None,
) -> Event:
    """A register entry; a patent's application number closes its description."""
    document = f"{_DOCUMENT_PREFIXES[office]}〔{day.year}〕{index + 1}号"
    about = f" 申请号{patent_number}" if patent_number else ""
    return Event(
        index=index,
        enterprise_name=subject.name,
        uscc=subject.uscc,
        event_type_raw=event_type,
        is_risk_incident=False,
        event_date=day,
        level=None,
        amount=amount,
        issuing_office=office,
        description=f"{document} {event_type}{about}",
        patent_number=patent_number,
    )


def _description(rng: random.Random, event_type: str, office: str, day: date, index: int) -> str:
    """``浦金融〔2024〕123号 行业会议`` – the running number is unique in the world."""
    document = f"{_DOCUMENT_PREFIXES[office]}〔{day.year}〕{index + 1}号"
    return f"{document} {event_type}" if rng.random() < 0.7 else document
