"""Financing histories: a financed company raises one to four rounds, climbing the stages."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ingestion.synthetic import vocabulary as words
from ingestion.synthetic.money import deal_amount
from ingestion.synthetic.randomness import random_date, rng_for, weighted_choice
from ingestion.synthetic.seeds import RoundLabel
from ingestion.synthetic.world.entities import Enterprise, FinancingRound
from ingestion.synthetic.world.pools import (
    OUTSIDE_FINTECH,
    OUTSIDE_OTHER,
    PUDONG_FINTECH,
    PUDONG_OTHER,
    EnterprisePool,
)

FIRST_DEAL_DAY = date(2015, 1, 1)
COMPANY_WEIGHTS = {
    PUDONG_FINTECH: 0.65,
    OUTSIDE_FINTECH: 0.15,
    PUDONG_OTHER: 0.12,
    OUTSIDE_OTHER: 0.08,
}
UNMATCHED_COMPANY_SHARE = 0.06  # the vendor left 统一社会信用代码 blank
SIDE_ROUND_SHARE = 0.15  # strategic / PE rounds between stage rounds
_ROUND_COUNTS = ((1, 0.45), (2, 0.30), (3, 0.15), (4, 0.10))
_LADDER_STAGES = ("seed_angel", "A", "B", "C_plus")
_DAYS_BETWEEN_ROUNDS = (150, 540)


@dataclass(frozen=True)
class FinancingPlan:
    seed: int
    as_of: date
    pool: EnterprisePool
    ladder: tuple[RoundLabel, ...]  # stage rounds in seed order: 种子轮 … F轮
    side_rounds: tuple[RoundLabel, ...]  # strategic / PE rounds
    listing: RoundLabel


def plan_financing(
    seed: int, as_of: date, pool: EnterprisePool, round_labels: tuple[RoundLabel, ...]
) -> FinancingPlan:
    """Split the seed's round labels into the stage ladder, side rounds and the listing."""
    return FinancingPlan(
        seed=seed,
        as_of=as_of,
        pool=pool,
        ladder=tuple(r for r in round_labels if r.round_stage in _LADDER_STAGES),
        side_rounds=tuple(r for r in round_labels if r.round_stage == "strategic_pe"),
        listing=next(r for r in round_labels if r.round_stage == "ipo"),
    )


def draw_financed_company(plan: FinancingPlan, company_index: int) -> Enterprise:
    """The enterprise behind financed company number ``company_index`` (may repeat)."""
    return plan.pool.draw(rng_for(plan.seed, "financed-company", company_index), COMPANY_WEIGHTS)


def make_financing_history(
    plan: FinancingPlan, company_index: int, company: Enterprise
) -> list[FinancingRound]:
    """The rounds of one company, dates strictly increasing, each after the previous stage."""
    rng = rng_for(plan.seed, "financing-history", company_index)
    first_day, last_day = plan.pool.active_days(company)
    deal_day = random_date(rng, first_day, last_day)
    rounds_wanted = weighted_choice(rng, _ROUND_COUNTS)
    identity = _CompanyIdentity.draw(rng, company)
    position = _starting_position(rng, company, deal_day)
    rounds: list[FinancingRound] = []
    while len(rounds) < rounds_wanted and deal_day <= last_day:
        label = _next_round(rng, plan, position)
        rounds.append(identity.deal(rng, deal_day, label))
        if label == plan.listing:
            break
        if label.round_stage != "strategic_pe":
            position += rng.randint(1, 2)
        deal_day += timedelta(days=rng.randint(*_DAYS_BETWEEN_ROUNDS))
    return rounds


def _starting_position(rng: random.Random, company: Enterprise, first_deal: date) -> int:
    """Young firms start with seed/angel rounds, older ones enter at A or B."""
    age_years = (first_deal - company.registration_date).days / 365.25
    if age_years < 2:
        return rng.randint(0, 2)
    if age_years < 5:
        return rng.randint(3, 5)
    return rng.randint(6, 8)


def _next_round(rng: random.Random, plan: FinancingPlan, position: int) -> RoundLabel:
    """The stage round at ``position`` (the listing past the ladder), or a side round."""
    if rng.random() < SIDE_ROUND_SHARE:
        return rng.choice(plan.side_rounds)
    if position >= len(plan.ladder):
        return plan.listing
    return plan.ladder[position]


@dataclass(frozen=True)
class _CompanyIdentity:
    """How the venture database names a company: brand, registered name, USCC, place."""

    company_name: str
    registered_name: str
    uscc: str | None
    owner_uscc: str
    founded_on: date
    location: str

    @classmethod
    def draw(cls, rng: random.Random, company: Enterprise) -> _CompanyIdentity:
        matched = rng.random() >= UNMATCHED_COMPANY_SHARE
        return cls(
            company_name=company.trade_name + rng.choice(words.BRAND_SUFFIXES),
            registered_name=company.name,
            uscc=company.uscc if matched else None,
            owner_uscc=company.uscc,
            founded_on=company.registration_date,
            location=f"{company.city.removesuffix('市')}-{company.district}",
        )

    def deal(self, rng: random.Random, deal_day: date, label: RoundLabel) -> FinancingRound:
        separator = "、" if rng.random() < 0.8 else ","
        investors = separator.join(rng.sample(words.INVESTORS, rng.randint(1, 3)))
        return FinancingRound(
            company_name=self.company_name,
            registered_name=self.registered_name,
            uscc=self.uscc,
            owner_uscc=self.owner_uscc,
            founded_on=self.founded_on,
            location=self.location,
            deal_date=deal_day,
            round_raw=label.round_raw,
            round_stage=label.round_stage,
            amount=deal_amount(rng, label.round_stage),
            investors=investors,
        )
