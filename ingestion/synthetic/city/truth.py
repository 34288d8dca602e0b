"""Spot-check KPIs of the city world, tallied column-wise from the arrays that were written.

Ten KPIs whose rules (docs/kpi-rules.md, ``ingestion.synthetic.kpis``) can be applied to
the generated columns exactly: K04 active fintech firms at quarter end, K07 births, K08
deaths, K19 fintech invention applications, K32 disclosed financing (CNY), K33 deals, and
the event counts K15, K16, K27, K28. A cell is (park, quarter); ``ALL`` sums the parks.
The output has the layout of ``truth/kpi_values.csv`` of the other scales.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import numpy as np

from ingestion.synthetic.city import world
from ingestion.synthetic.city.feeds import (
    EVENT_TYPES,
    INVENTION,
    EventColumns,
    PatentColumns,
    RoundColumns,
)
from ingestion.synthetic.city.world import EnterpriseColumns
from ingestion.synthetic.quarters import Quarter, reported_quarters
from ingestion.synthetic.rules import DISTRICT_TOTAL, PARK_IDS

COUNT_KPIS = ("K04", "K07", "K08", "K15", "K16", "K19", "K27", "K28", "K33")
EVENT_KPIS = {
    "研发机构设立": "K15",
    "应用场景发布": "K16",
    "人才政策兑现": "K27",
    "专业资格认证": "K28",
}
WAN = 10_000  # amounts are generated in 万 CNY


class CityTruth:
    """Per KPI a parks × quarters array of counts (K32: 万 CNY), filled chunk by chunk."""

    def __init__(self, as_of: date) -> None:
        self.quarters: list[Quarter] = reported_quarters(as_of)
        self._quarter_ends = np.array([world.days(q.last_day) for q in self.quarters])
        self._first_day = world.days(self.quarters[0].first_day)
        shape = (len(PARK_IDS), len(self.quarters))
        self.tallies = {kpi: np.zeros(shape, np.int64) for kpi in (*COUNT_KPIS, "K32")}

    def add_enterprises(self, columns: EnterpriseColumns) -> None:
        """K04 (active on each quarter's last day), K07 births, K08 deaths: park fintech."""
        chosen = columns.is_fintech & (columns.park >= 0)
        park = columns.park[chosen]
        registration, death = columns.registration[chosen], columns.death[chosen]
        for position, end in enumerate(self._quarter_ends):
            active = (registration <= end) & ((death < 0) | (end < death))
            self.tallies["K04"][:, position] += np.bincount(park[active], minlength=len(PARK_IDS))
        self._count("K07", park, registration)
        died = death >= 0
        self._count("K08", park[died], death[died])

    def add_patents(self, columns: PatentColumns) -> None:
        """K19: inventions of park firms that are fintech or filed in a fintech IPC group."""
        applicant = columns.applicant
        in_scope = (
            (columns.type_position == INVENTION)
            & (applicant.park >= 0)
            & (applicant.is_fintech | columns.fintech_ipc)
        )
        self._count("K19", applicant.park[in_scope], columns.application[in_scope])

    def add_rounds(self, columns: RoundColumns) -> None:
        """K33 every round, K32 the disclosed amounts, of park fintech firms."""
        company = columns.company
        chosen = company.is_fintech & (company.park >= 0)
        self._count("K33", company.park[chosen], columns.deal[chosen])
        disclosed = chosen & (columns.amount_wan >= 0)
        self._count(
            "K32", company.park[disclosed], columns.deal[disclosed], columns.amount_wan[disclosed]
        )

    def add_events(self, columns: EventColumns) -> None:
        """K15, K16, K27, K28: events of the type, of any enterprise with a park."""
        subject = columns.subject
        for position, (event_type, _, _) in enumerate(EVENT_TYPES):
            chosen = (columns.event_type == position) & (subject.park >= 0)
            self._count(EVENT_KPIS[event_type], subject.park[chosen], columns.day[chosen])

    def _count(self, kpi: str, park: np.ndarray, day: np.ndarray, weight=None) -> None:
        quarter = _quarter_positions(day, self._first_day)
        reported = (quarter >= 0) & (quarter < len(self.quarters))
        cell = park[reported].astype(np.int64) * len(self.quarters) + quarter[reported]
        weights = None if weight is None else weight[reported]
        counts = np.bincount(cell, weights=weights, minlength=self.tallies[kpi].size)
        self.tallies[kpi] += counts.astype(np.int64).reshape(self.tallies[kpi].shape)

    def render(self) -> bytes:
        """``truth/kpi_values.csv``: KPI × (parks, then ALL) × quarter."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(
            [
                "kpi_id",
                "park_id",
                "quarter",
                "value",
                "numerator",
                "denominator",
                "is_estimate",
                "status",
            ]
        )
        for kpi in sorted(self.tallies):
            table = self.tallies[kpi]
            rows = [
                *((park, table[i]) for i, park in enumerate(PARK_IDS)),
                (DISTRICT_TOTAL, table.sum(0)),
            ]
            for park, values in rows:
                for quarter, value in zip(self.quarters, values, strict=True):
                    text = _amount(value) if kpi == "K32" else str(int(value))
                    writer.writerow([kpi, park, quarter.label, text, "", "", "false", "ok"])
        return buffer.getvalue().encode("utf-8")


def _amount(wan: int) -> str:
    return str((Decimal(int(wan)) * WAN).quantize(Decimal("0.01")))


def _quarter_positions(day: np.ndarray, first_day: int) -> np.ndarray:
    """Quarters since the first reported one (negative before it)."""
    months = day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    first_month = np.datetime64(np.datetime64(first_day, "D"), "M").astype(np.int64)
    return (months - first_month) // 3
