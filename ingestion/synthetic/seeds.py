"""Reference data the generator shares with the warehouse: read from the dbt seeds."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from fintech_cluster.settings import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


class FxRate(NamedTuple):
    currency: str
    valid_from: date
    valid_to: date
    cny_per_unit: Decimal


class EventType(NamedTuple):
    event_type_raw: str
    is_risk_incident: bool


class RoundLabel(NamedTuple):
    round_raw: str
    round_stage: str


class GroupUnit(NamedTuple):
    """A group whose fintech units are named with ``name_keyword`` (K10, K11)."""

    segment: str  # institutional_subsidiary | big_tech_unit
    group_name_zh: str
    name_keyword: str


class CityReference(NamedTuple):
    """Shanghai's enterprise counts of one year, the base of the location quotient (K14)."""

    year: int
    fintech_enterprises: int
    all_enterprises: int


@dataclass(frozen=True)
class ReferenceData:
    """The seeds the generator needs (in seed order): FX rates, event types, round labels,
    the fintech group units, the licensed-activity scope keywords, the city reference and
    the strategic-industry IPC prefixes."""

    fx_rates: tuple[FxRate, ...]
    event_types: tuple[EventType, ...]
    round_labels: tuple[RoundLabel, ...]
    group_units: tuple[GroupUnit, ...]
    licensed_activity_keywords: tuple[str, ...]
    city_reference: tuple[CityReference, ...]
    strategic_ipc_prefixes: tuple[str, ...]

    @cached_property
    def _rates_by_currency(self) -> dict[str, list[FxRate]]:
        rates: dict[str, list[FxRate]] = {}
        for rate in self.fx_rates:
            rates.setdefault(rate.currency, []).append(rate)
        return rates

    def cny_per_unit(self, currency: str, on: date) -> Decimal:
        """CNY per unit of ``currency`` on a day: the rate whose interval contains it."""
        for rate in self._rates_by_currency.get(currency, []):
            if rate.valid_from <= on <= rate.valid_to:
                return rate.cny_per_unit
        raise LookupError(f"fx_rates seed has no {currency} rate for {on.isoformat()}")

    @property
    def risk_event_types(self) -> tuple[str, ...]:
        return tuple(t.event_type_raw for t in self.event_types if t.is_risk_incident)

    @property
    def other_event_types(self) -> tuple[str, ...]:
        return tuple(t.event_type_raw for t in self.event_types if not t.is_risk_incident)

    def is_risk_incident(self, event_type_raw: str) -> bool:
        return event_type_raw in self.risk_event_types


def _read_seed(name: str, seeds_dir: Path) -> list[dict[str, str]]:
    with (seeds_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference_data(seeds_dir: Path = SEEDS_DIR) -> ReferenceData:
    """Read ``fx_rates``, ``event_types``, ``round_stages``, ``fintech_group_units``,
    ``licensed_activities``, ``city_reference`` and ``strategic_ipc_groups``."""
    fx_rates = tuple(
        FxRate(
            row["currency"],
            date.fromisoformat(row["valid_from"]),
            date.fromisoformat(row["valid_to"]),
            Decimal(row["cny_per_unit"]),
        )
        for row in _read_seed("fx_rates.csv", seeds_dir)
    )
    event_types = tuple(
        EventType(row["event_type_raw"], row["is_risk_incident"].strip().lower() == "true")
        for row in _read_seed("event_types.csv", seeds_dir)
    )
    round_labels = tuple(
        RoundLabel(row["round_raw"], row["round_stage"])
        for row in _read_seed("round_stages.csv", seeds_dir)
    )
    group_units = tuple(
        GroupUnit(row["segment"], row["group_name_zh"], row["name_keyword"])
        for row in _read_seed("fintech_group_units.csv", seeds_dir)
    )
    licensed_activity_keywords = tuple(
        row["scope_keyword"] for row in _read_seed("licensed_activities.csv", seeds_dir)
    )
    city_reference = tuple(
        CityReference(
            int(row["year"]),
            int(row["shanghai_fintech_enterprises"]),
            int(row["shanghai_enterprises"]),
        )
        for row in _read_seed("city_reference.csv", seeds_dir)
    )
    strategic_ipc_prefixes = tuple(
        row["ipc_prefix"] for row in _read_seed("strategic_ipc_groups.csv", seeds_dir)
    )
    return ReferenceData(
        fx_rates,
        event_types,
        round_labels,
        group_units,
        licensed_activity_keywords,
        city_reference,
        strategic_ipc_prefixes,
    )
