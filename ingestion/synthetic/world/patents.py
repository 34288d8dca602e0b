"""Patent applications filed 2019..as-of, each a function of (seed, index) and the pool."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
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
# Of published inventions, by fintech applicant: filed abroad too (a US, PCT or EP
# publication in the family), or divided into a second Chinese application only.
OVERSEAS_FAMILY_SHARE = {True: 0.08, False: 0.03}
CN_ONLY_FAMILY_SHARE = 0.02
OVERSEAS_OFFICES = ("US", "WO", "EP", "JP", "KR")
PUBLICATION_DELAY_DAYS = 548  # inventions (and their foreign filings) publish at 18 months
LAPSED = "未缴年费终止失效"
FIRST_ANNUITY_DAYS = 365  # a granted patent lapses at the earliest when an annuity is unpaid

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
    patent = Patent(
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
        family_publications=_family_publications(
            rng_for(plan.seed, "patent-family", index),
            patent_type,
            filed,
            plan.as_of,
            fintech_applicant,
        ),
    )
    lapse_rng = rng_for(plan.seed, "patent-lapse", index)
    return replace(patent, lapsed_on=_lapse_date(lapse_rng, patent, plan.as_of))


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
        return "有效" if rng.random() < 0.9 else LAPSED
    examination_days = 3 * 365 if patent_type == "invention" else 365
    if (as_of - filed).days > examination_days:
        return rng.choice(("驳回", "视为撤回"))
    return "审中"


def _publication_number(
    patent_type: str, serial: int, filed: date, grant: date | None, as_of: date
) -> str | None:
    """Inventions are published 18 months after filing, other types at grant."""
    if patent_type == "invention":
        published = _is_published_invention(filed, as_of)
    else:
        published = grant is not None
    if not published:
        return None
    prefix, kind = _PUBLICATION_KIND[patent_type]
    return f"CN{prefix}{serial:08d}{kind}"


def _is_published_invention(filed: date, as_of: date) -> bool:
    return filed + timedelta(days=PUBLICATION_DELAY_DAYS) <= as_of


def _family_publications(
    rng: random.Random, patent_type: str, filed: date, as_of: date, fintech_applicant: bool
) -> tuple[str, ...]:
    """The other members of a published invention's family, drawn from the patent's own
    stream so that adding families changed no other draw of the world.

    An overseas family has one to three foreign publications of the filing's publication
    year (``US20230123456A1; WO2023123456A1; EP4123456A1``); a CN-only family is one
    divisional application's publication, which does not make the patent high-value.
    """
    if patent_type != "invention" or not _is_published_invention(filed, as_of):
        return ()
    draw = rng.random()
    if draw < OVERSEAS_FAMILY_SHARE[fintech_applicant]:
        year = (filed + timedelta(days=PUBLICATION_DELAY_DAYS)).year
        offices = rng.sample(OVERSEAS_OFFICES, rng.randint(1, 3))
        return tuple(_foreign_publication(rng, office, year) for office in offices)
    if draw < OVERSEAS_FAMILY_SHARE[fintech_applicant] + CN_ONLY_FAMILY_SHARE:
        return (f"CN1{rng.randrange(10**8):08d}A",)
    return ()


def _foreign_publication(rng: random.Random, office: str, year: int) -> str:
    """A publication number in the office's own form (US/WO carry the year, EP does not)."""
    if office == "US":
        return f"US{year}{rng.randrange(10**7):07d}A1"
    if office == "WO":
        return f"WO{year}{rng.randrange(10**6):06d}A1"
    if office == "EP":
        return f"EP{rng.randrange(3 * 10**6, 5 * 10**6)}A1"
    return f"{office}{year}{rng.randrange(10**6):06d}A"


def _lapse_date(rng: random.Random, patent: Patent, as_of: date) -> date | None:
    """When a lapsed patent lapsed: a day from its first annuity (or its grant, when that
    is less than a year ago) to the as-of day, on the patent's own random stream."""
    if patent.grant_date is None or patent.legal_status != LAPSED:
        return None
    first_annuity = patent.grant_date + timedelta(days=FIRST_ANNUITY_DAYS)
    return random_date(rng, min(first_annuity, as_of), as_of)
