"""Enterprises: each one a function of (seed, index) and a plan shared by all of them.

The first ``6 × quarters`` indexes are *scheduled births*: one fintech enterprise per park
and quarter from 2020Q1 to the as-of quarter, so every park has births in every quarter
even at the smallest scale. The other indexes draw location, industry and dates.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import NamedTuple

from ingestion.synthetic import vocabulary as words
from ingestion.synthetic.identifiers import USCC_ALPHABET, make_uscc
from ingestion.synthetic.money import registered_capital
from ingestion.synthetic.quarters import Quarter, reported_quarters
from ingestion.synthetic.randomness import random_date, rng_for, scrambled_index, weighted_choice
from ingestion.synthetic.rules import PARK_IDS
from ingestion.synthetic.seeds import GroupUnit
from ingestion.synthetic.world.entities import Death, Enterprise

REGISTRY_SNAPSHOT_DAY = date(2023, 12, 31)
FIRST_REGISTRATION_YEAR = 1995
PUDONG_SHARE = 0.75
PARK_WEIGHTS = {
    "MOLI": 0.13,
    "FDP": 0.13,
    "LJZSP": 0.13,
    "PDSP": 0.13,
    "ZJDIH": 0.13,
    "OTHER": 0.35,
}
ANNUAL_DEATH_RATE = 0.03
SHORT_LIVED_SHARE = 0.05  # close within months: some register and close in one year
GROUP_UNIT_SHARE = 0.10  # of fintech firms: units of an institution or big-tech group
MOVE_SHARE = 0.03  # of park firms registered by the snapshot: move to another park later
RETURN_SHARE = 0.4  # of firms that moved out (迁出): move back in (迁入) later
RETURN_AFTER_DAYS = (60, 900)
FIRST_MOVE_DAY = date(2024, 1, 1)  # after the snapshot: a move shows as a change row
NEW_STYLE_CODES_FROM = 2016  # organisation codes "MA…" after the USCC reform
# (status, label as the registry writes it), weight
_DEATH_OUTCOMES = (
    (("deregistered", "注销"), 0.65),
    (("revoked", "吊销"), 0.15),
    (("revoked", "吊销，未注销"), 0.10),
    (("moved_out", "迁出"), 0.10),
)
_ACTIVE_LABELS = (("存续", 0.8), ("在业", 0.15), ("开业", 0.05))
_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


class IndustryProfile(NamedTuple):
    """Industry classes to draw from and the parts of the business scope: (phrases, min, max)."""

    classes: tuple[str, ...]
    scope_parts: tuple[tuple[tuple[str, ...], int, int], ...]


_FINANCE = IndustryProfile(
    words.FINANCE_CLASSES,
    ((words.FINANCIAL_INSTITUTION_SCOPE, 2, 3), (words.TECHNOLOGY_SCOPE, 0, 1)),
)
_FINTECH_TECHNOLOGY = IndustryProfile(
    words.INFORMATION_CLASSES,
    ((words.FINTECH_TECHNOLOGY_SCOPE, 1, 2), (words.TECHNOLOGY_SCOPE, 1, 2)),
)
# Tricky negatives: information classes without finance words, telecom classes with them,
# consulting firms whose scope says 金融信息咨询.
_TECHNOLOGY = IndustryProfile(
    words.INFORMATION_CLASSES, ((words.TECHNOLOGY_SCOPE, 2, 3), (words.GENERAL_SCOPE, 0, 1))
)
_TELECOM_WITH_FINANCE_WORDS = IndustryProfile(
    words.TELECOM_CLASSES, ((words.FINTECH_TECHNOLOGY_SCOPE, 1, 1), (words.TECHNOLOGY_SCOPE, 1, 1))
)
_FINANCIAL_CONSULTING = IndustryProfile(
    words.CONSULTING_CLASSES,
    (
        (words.FINANCIAL_CONSULTING_SCOPE[:1], 1, 1),
        (words.FINANCIAL_CONSULTING_SCOPE[1:], 1, 2),
    ),
)
_GENERAL = IndustryProfile(words.OTHER_CLASSES, ((words.GENERAL_SCOPE, 2, 3),))
_FINTECH_PROFILES = ((_FINANCE, 0.7), (_FINTECH_TECHNOLOGY, 0.3))
_OTHER_PROFILES = (
    (_TECHNOLOGY, 0.18),
    (_TELECOM_WITH_FINANCE_WORDS, 0.02),
    (_FINANCIAL_CONSULTING, 0.08),
    (_GENERAL, 0.72),
)


@dataclass(frozen=True)
class EnterprisePlan:
    """Everything an enterprise draw depends on besides (seed, index)."""

    seed: int
    as_of: date
    scheduled_births: tuple[tuple[str, Quarter], ...]
    pudong_share: float  # among unscheduled enterprises
    fintech_share: float  # among unscheduled enterprises
    registration_years: tuple[int, ...]
    registration_year_cumulative_weights: tuple[float, ...]
    name_salt: int
    code_salt: int
    group_units: tuple[GroupUnit, ...] = ()


def plan_enterprises(
    seed: int,
    as_of: date,
    count: int,
    fintech_share: float,
    group_units: tuple[GroupUnit, ...] = (),
) -> EnterprisePlan:
    """Shares for unscheduled enterprises chosen so the totals meet the targets."""
    scheduled = tuple((park, q) for q in reported_quarters(as_of) for park in PARK_IDS)
    unscheduled = max(count - len(scheduled), 1)
    years = tuple(range(FIRST_REGISTRATION_YEAR, as_of.year + 1))
    salts = rng_for(seed, "enterprise-salts")
    return EnterprisePlan(
        seed=seed,
        as_of=as_of,
        scheduled_births=scheduled,
        pudong_share=max(0.0, (PUDONG_SHARE * count - len(scheduled)) / unscheduled),
        fintech_share=max(0.0, (fintech_share * count - len(scheduled)) / unscheduled),
        registration_years=years,
        registration_year_cumulative_weights=tuple(
            itertools.accumulate(_registration_year_weight(y, as_of) for y in years)
        ),
        name_salt=salts.randrange(10**9),
        code_salt=salts.randrange(10**9),
        group_units=group_units,
    )


def _registration_year_weight(year: int, as_of: date) -> float:
    """Registrations grow over time; the as-of year counts only up to the as-of day."""
    weight = 1.0 + 0.15 * (year - FIRST_REGISTRATION_YEAR)
    if year == as_of.year:
        weight *= as_of.timetuple().tm_yday / 365
    return weight


def make_enterprise(plan: EnterprisePlan, index: int) -> Enterprise:
    """The enterprise number ``index`` of the world planned by ``plan``."""
    rng = rng_for(plan.seed, "enterprise", index)
    if index < len(plan.scheduled_births):
        park_id, quarter = plan.scheduled_births[index]
        fintech = True
        registered = random_date(rng, quarter.first_day, min(quarter.last_day, plan.as_of))
    else:
        park_id = _draw_park(rng, plan.pudong_share)
        fintech = rng.random() < plan.fintech_share
        registered = _draw_registration_date(rng, plan)
    enterprise = _build_enterprise(rng, plan, index, park_id, fintech, registered)
    return _with_return(plan, _with_move(plan, _as_group_unit(plan, enterprise)))


def _with_move(plan: EnterprisePlan, enterprise: Enterprise) -> Enterprise:
    """Move a few park firms registered by the snapshot to another park between 2024 and
    their death (or the as-of day): they had an address in another park before.

    The draw has its own random stream, so the other enterprise draws stay as they were.
    """
    rng = rng_for(plan.seed, "enterprise-move", enterprise.index)
    if enterprise.park_id is None or enterprise.registration_date > REGISTRY_SNAPSHOT_DAY:
        return enterprise
    if rng.random() >= MOVE_SHARE:
        return enterprise
    death = enterprise.last_day
    last = death - timedelta(days=1) if death else plan.as_of
    if last < FIRST_MOVE_DAY:
        return enterprise
    earlier_park = rng.choice([park for park in PARK_IDS if park != enterprise.park_id])
    return replace(
        enterprise,
        previous_address=_address(rng, earlier_park, None),
        moved_on=random_date(rng, FIRST_MOVE_DAY, last),
    )


def _with_return(plan: EnterprisePlan, enterprise: Enterprise) -> Enterprise:
    """Bring back some firms that moved out of Pudong (迁出): they move back in (迁入)
    2 to 30 months later, after the snapshot (a change row) and by the as-of day.

    The draw has its own random stream, so the other enterprise draws stay as they were.
    """
    rng = rng_for(plan.seed, "enterprise-return", enterprise.index)
    death = enterprise.death
    if death is None or death.status != "moved_out" or rng.random() >= RETURN_SHARE:
        return enterprise
    returned_on = death.day + timedelta(days=rng.randint(*RETURN_AFTER_DAYS))
    if not REGISTRY_SNAPSHOT_DAY < returned_on <= plan.as_of:
        return enterprise
    return replace(enterprise, returned_on=returned_on)


def _as_group_unit(plan: EnterprisePlan, enterprise: Enterprise) -> Enterprise:
    """Make a few fintech firms units of a group: the group's keyword opens the trade name
    (``上海招银云创华信金融科技有限公司``), the only way the registry shows the parent.

    The draw has its own random stream, so the other enterprise draws stay as they were.
    """
    rng = rng_for(plan.seed, "enterprise-group", enterprise.index)
    if not enterprise.is_fintech or not plan.group_units or rng.random() >= GROUP_UNIT_SHARE:
        return enterprise
    group = rng.choice(plan.group_units)
    region = enterprise.city.removesuffix("市")
    name = f"{region}{group.name_keyword}{enterprise.trade_name}金融科技有限公司"
    return replace(enterprise, name=name, parent_group=group.group_name_zh)


def _draw_park(rng: random.Random, pudong_share: float) -> str | None:
    """A park id, or None for an enterprise outside Pudong."""
    if rng.random() >= pudong_share:
        return None
    return weighted_choice(rng, tuple(PARK_WEIGHTS.items()))


def _draw_registration_date(rng: random.Random, plan: EnterprisePlan) -> date:
    year = rng.choices(
        plan.registration_years, cum_weights=plan.registration_year_cumulative_weights
    )[0]
    return random_date(rng, date(year, 1, 1), min(date(year, 12, 31), plan.as_of))


def _build_enterprise(
    rng: random.Random,
    plan: EnterprisePlan,
    index: int,
    park_id: str | None,
    fintech: bool,
    registered: date,
) -> Enterprise:
    profile = weighted_choice(rng, _FINTECH_PROFILES if fintech else _OTHER_PROFILES)
    locality = None if park_id else _draw_outside_locality(rng)
    capital = registered_capital(rng)
    foreign = capital.currency in ("USD", "HKD")
    death = _draw_death(rng, registered, plan.as_of)
    trade_name = _trade_name(plan, index)
    return Enterprise(
        index=index,
        uscc=_uscc(rng, plan, index, registered, locality),
        name=_name(rng, trade_name, fintech, locality),
        trade_name=trade_name,
        enterprise_type=rng.choice(
            words.FOREIGN_ENTERPRISE_TYPES if foreign else words.ENTERPRISE_TYPES
        ),
        legal_representative=_person_name(rng),
        phone="1" + rng.choice("3456789") + "".join(rng.choices("0123456789", k=9)),
        registered_capital=capital,
        business_scope=_business_scope(rng, profile),
        province=locality.province if locality else "上海市",
        city=locality.city if locality else "上海市",
        district=locality.district if locality else "浦东新区",
        address=_address(rng, park_id, locality),
        industry_code=rng.choice(profile.classes),
        registration_date=registered,
        active_label=weighted_choice(rng, _ACTIVE_LABELS),
        last_change_date=_draw_last_change(rng, registered, death),
        death=death,
    )


def _draw_outside_locality(rng: random.Random) -> words.Locality:
    """Two thirds of the enterprises outside Pudong are elsewhere in Shanghai."""
    if rng.random() < 2 / 3:
        return rng.choice(words.SHANGHAI_LOCALITIES)
    return rng.choice(words.OTHER_CITY_LOCALITIES)


def _draw_death(rng: random.Random, registered: date, as_of: date) -> Death | None:
    """A constant yearly hazard, plus a few firms that close within months."""
    if rng.random() < SHORT_LIVED_SHARE:
        lifetime_days = rng.randint(30, 240)
    else:
        lifetime_days = max(30, int(rng.expovariate(ANNUAL_DEATH_RATE) * 365.25))
    status, label = weighted_choice(rng, _DEATH_OUTCOMES)
    day = registered + timedelta(days=lifetime_days)
    return Death(day, status, label) if day <= as_of else None


def _draw_last_change(rng: random.Random, registered: date, death: Death | None) -> date | None:
    """A fifth of the firms alive at the snapshot had some change approved before it."""
    alive_at_snapshot = death is None or death.day > REGISTRY_SNAPSHOT_DAY
    if not alive_at_snapshot or registered >= REGISTRY_SNAPSHOT_DAY or rng.random() >= 0.2:
        return None
    return random_date(rng, registered + timedelta(days=1), REGISTRY_SNAPSHOT_DAY)


# --- identity ----------------------------------------------------------------------------


def _uscc(
    rng: random.Random,
    plan: EnterprisePlan,
    index: int,
    registered: date,
    locality: words.Locality | None,
) -> str:
    """Division by location (some Pudong firms city-level or mis-coded); unique org code."""
    if locality:
        division = locality.division_code
    else:
        draw = rng.random()
        if draw < 0.15:
            division = words.SHANGHAI_CITY_DIVISION
        elif draw < 0.17:
            division = rng.choice(words.SHANGHAI_LOCALITIES).division_code
        else:
            division = words.PUDONG_DIVISION
    return make_uscc("9", "1", division, _organisation_body(plan, index, registered))


def _organisation_body(plan: EnterprisePlan, index: int, registered: date) -> str:
    """8 characters, unique per index: digits before the reform, ``MA`` + 6 after."""
    if registered.year < NEW_STYLE_CODES_FROM:
        return f"{scrambled_index(index, 10**8, plan.code_salt):08d}"
    code = scrambled_index(index, 31**6, plan.code_salt)
    characters = []
    for _ in range(6):
        code, position = divmod(code, 31)
        characters.append(USCC_ALPHABET[position])
    return "MA" + "".join(characters)


def _trade_name(plan: EnterprisePlan, index: int) -> str:
    """A trade name unique per index: two characters, three once two run out, …"""
    size = len(words.TRADE_NAME_CHARACTERS)
    length, offset = 2, index
    while offset >= size**length:
        offset, length = offset - size**length, length + 1
    code = scrambled_index(offset, size**length, plan.name_salt)
    characters = []
    for _ in range(length):
        code, position = divmod(code, size)
        characters.append(words.TRADE_NAME_CHARACTERS[position])
    return "".join(characters)


def _name(
    rng: random.Random, trade_name: str, fintech: bool, locality: words.Locality | None
) -> str:
    """``上海华信科技有限公司`` or ``华信（上海）科技有限公司`` (full-width brackets)."""
    region = (locality.city if locality else "上海市").removesuffix("市")
    line = rng.choice(words.FINTECH_NAME_WORDS if fintech else words.OTHER_NAME_WORDS)
    legal_form = weighted_choice(rng, words.LEGAL_FORMS)
    if rng.random() < 0.3:
        return f"{trade_name}（{region}）{line}{legal_form}"
    return f"{region}{trade_name}{line}{legal_form}"


def _person_name(rng: random.Random) -> str:
    given = rng.choices(words.GIVEN_NAME_CHARACTERS, k=rng.choice((1, 2)))
    return rng.choice(words.SURNAMES) + "".join(given)


# --- location ----------------------------------------------------------------------------


def _address(rng: random.Random, park_id: str | None, locality: words.Locality | None) -> str:
    """An address holding exactly the keyword of its park (or none outside Pudong)."""
    if locality:
        region = (
            locality.province
            if locality.province == locality.city
            else (locality.province + locality.city)
        )
        start = region + locality.district + rng.choice(locality.roads)
    elif park_id == "OTHER":
        start = weighted_choice(rng, words.OTHER_PUDONG_ADDRESS_PREFIXES) + rng.choice(
            words.OTHER_PUDONG_ROADS
        )
    else:
        start = weighted_choice(rng, words.PUDONG_ADDRESS_PREFIXES) + rng.choice(
            words.PARK_ROADS[park_id]
        )
    number = f"{rng.randint(1, 2000)}号{_building_part(rng)}"
    if rng.random() < 0.05:
        number = number.translate(_FULL_WIDTH_DIGITS)
    return start + number


def _building_part(rng: random.Random) -> str:
    floor = rng.randint(1, 40)
    return rng.choice(
        (
            f"{floor}层",
            f"{floor}层{floor:d}{rng.randint(1, 30):02d}室",
            f"{rng.randint(1, 12)}幢{floor}层",
            f"A座{floor}层",
        )
    )


# --- industry ----------------------------------------------------------------------------


def _business_scope(rng: random.Random, profile: IndustryProfile) -> str:
    """经营范围: phrases of the profile joined by ``；``, then the usual legal sentence."""
    phrases = [
        phrase
        for pool, fewest, most in profile.scope_parts
        for phrase in rng.sample(pool, rng.randint(fewest, most))
    ]
    return "；".join(phrases) + "。" + words.SCOPE_SUFFIX
