"""Patent applications filed 2019..as-of, each a function of (seed, index) and the pool."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ingestion.synthetic import vocabulary as words
from ingestion.synthetic.identifiers import make_application_number
from ingestion.synthetic.randomness import random_date, rng_for, scrambled_index, weighted_choice
from ingestion.synthetic.world.entities import Enterprise, Patent
from ingestion.synthetic.world.pools import (
    OUTSIDE_FINTECH,
    OUTSIDE_OTHER,
    PUDONG_FINTECH,
    PUDONG_OTHER,
    EnterprisePool,
)

FIRST_APPLICATION_DAY = date(2019, 1, 1)
UNIVERSITY_SHARE = 0.06
UNMATCHED_APPLICANT_SHARE = 0.05  # blank 申请人统一社会信用代码: linked to nobody
CO_APPLICANT_SHARE = 0.08
LATE_GRANT_SHARE = 0.18  # of granted patents: the grant arrives in the update file
APPLICANT_WEIGHTS = {
    PUDONG_FINTECH: 0.3,
    OUTSIDE_FINTECH: 0.1,
    PUDONG_OTHER: 0.4,
    OUTSIDE_OTHER: 0.2,
}
FINANCE_IPC_SHARE = {True: 0.12, False: 0.04}  # of inventions, by fintech applicant

# patent_type: (label, weight, type digits with weights, grant chance, days to grant)
_PATENT_TYPES = {
    "invention": ("发明", 0.50, ((1, 0.95), (8, 0.05)), 0.55, (365, 3 * 365)),
    "utility_model": ("实用新型", 0.35, ((2, 1.0),), 0.90, (150, 365)),
    "design": ("外观设计", 0.15, ((3, 1.0),), 0.90, (90, 240)),
}
_PUBLICATION_KIND = {"invention": ("1", "A"), "utility_model": ("2", "U"), "design": ("3", "S")}


@dataclass(frozen=True)
class PatentPlan:
    seed: int
    as_of: date
    pool: EnterprisePool
    serial_salt: int


def plan_patents(seed: int, as_of: date, pool: EnterprisePool) -> PatentPlan:
    return PatentPlan(seed, as_of, pool, rng_for(seed, "patent-salts").randrange(10**9))


def make_patent(plan: PatentPlan, index: int) -> Patent:
    """The patent application number ``index``."""
    rng = rng_for(plan.seed, "patent", index)
    applicant = None if rng.random() < UNIVERSITY_SHARE else plan.pool.draw(rng, APPLICANT_WEIGHTS)
    first, last = (
        plan.pool.active_days(applicant) if applicant else (FIRST_APPLICATION_DAY, plan.as_of)
    )
    filed = random_date(rng, first, last)
    patent_type = weighted_choice(rng, [(t, spec[1]) for t, spec in _PATENT_TYPES.items()])
    label, _, type_digits, grant_chance, grant_delay = _PATENT_TYPES[patent_type]
    serial = scrambled_index(index, 10**7, plan.serial_salt)
    fintech_applicant = bool(applicant and applicant.is_fintech)
    ipc_codes = _ipc_codes(rng, patent_type, fintech_applicant)
    grant = _grant_date(rng, filed, plan.as_of, grant_chance, grant_delay)
    return Patent(
        application_number=make_application_number(
            filed.year, weighted_choice(rng, type_digits), serial
        ),
        shows_cn_prefix=rng.random() < 0.5,
        application_date=filed,
        patent_type=patent_type,
        type_label=label,
        title=_title(rng, patent_type, ipc_codes),
        applicants=_applicants(rng, applicant),
        applicant_uscc=_applicant_uscc(rng, applicant),
        owner_uscc=applicant.uscc if applicant else None,
        ipc_codes=ipc_codes,
        publication_number=_publication_number(patent_type, serial, filed, grant, plan.as_of),
        grant_date=grant,
        legal_status=_legal_status(rng, patent_type, filed, grant, plan.as_of),
        grant_delivered_late=grant is not None and rng.random() < LATE_GRANT_SHARE,
    )


def _applicants(rng: random.Random, applicant: Enterprise | None) -> tuple[str, ...]:
    """A university alone, or an enterprise sometimes with a university co-applicant."""
    if applicant is None:
        return (rng.choice(words.UNIVERSITIES),)
    if rng.random() < CO_APPLICANT_SHARE:
        return (applicant.name, rng.choice(words.UNIVERSITIES))
    return (applicant.name,)


def _applicant_uscc(rng: random.Random, applicant: Enterprise | None) -> str | None:
    """The first applicant's USCC, unless the vendor could not match it."""
    if applicant is None or rng.random() < UNMATCHED_APPLICANT_SHARE:
        return None
    return applicant.uscc


def _ipc_codes(rng: random.Random, patent_type: str, fintech_applicant: bool) -> tuple[str, ...]:
    """IPC codes as CNIPA writes them; designs carry none (they use Locarno classes)."""
    if patent_type == "design":
        return ()
    if patent_type == "utility_model":
        return tuple(rng.sample(words.UTILITY_MODEL_IPC, rng.randint(1, 2)))
    field = words.COMPUTING_IPC if fintech_applicant or rng.random() < 0.4 else words.GENERAL_IPC
    if rng.random() < FINANCE_IPC_SHARE[fintech_applicant]:
        return (rng.choice(words.FINANCE_IPC), *rng.sample(field, rng.randint(0, 2)))
    return tuple(rng.sample(field, rng.randint(1, 3)))


def _title(rng: random.Random, patent_type: str, ipc_codes: tuple[str, ...]) -> str:
    if patent_type == "design":
        return rng.choice(words.DESIGN_TITLES)
    if ipc_codes and ipc_codes[0] in words.FINANCE_IPC:
        return rng.choice(words.FINANCE_TITLES)
    if ipc_codes and ipc_codes[0] in words.COMPUTING_IPC:
        return rng.choice(words.COMPUTING_TITLES)
    return rng.choice(words.GENERAL_TITLES)


def _grant_date(
    rng: random.Random,
    filed: date,
    as_of: date,
    grant_chance: float,
    delay_days: tuple[int, int],
) -> date | None:
    """Granted with the type's chance after its usual delay, never after the as-of day."""
    if rng.random() >= grant_chance:
        return None
    granted = filed + timedelta(days=rng.randint(*delay_days))
    return granted if granted <= as_of else None


def _legal_status(
    rng: random.Random, patent_type: str, filed: date, grant: date | None, as_of: date
) -> str:
    if grant is not None:
        return "有效" if rng.random() < 0.9 else "未缴年费终止失效"
    examination_days = 3 * 365 if patent_type == "invention" else 365
    if (as_of - filed).days > examination_days:
        return rng.choice(("驳回", "视为撤回"))
    return "审中"


def _publication_number(
    patent_type: str, serial: int, filed: date, grant: date | None, as_of: date
) -> str | None:
    """Inventions are published 18 months after filing, other types at grant."""
    if patent_type == "invention":
        published = filed + timedelta(days=548) <= as_of
    else:
        published = grant is not None
    if not published:
        return None
    prefix, kind = _PUBLICATION_KIND[patent_type]
    return f"CN{prefix}{serial:08d}{kind}"
