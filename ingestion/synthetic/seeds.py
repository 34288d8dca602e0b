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


@dataclass(frozen=True)
class ReferenceData:
    """The seeds the generator needs: FX rates, event types and round labels (in seed order)."""

    fx_rates: tuple[FxRate, ...]
    event_types: tuple[EventType, ...]
    round_labels: tuple[RoundLabel, ...]

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
    """Read ``fx_rates.csv``, ``event_types.csv`` and ``round_stages.csv``."""
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
    return ReferenceData(fx_rates, event_types, round_labels)
