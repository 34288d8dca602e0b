"""Who can act when: enterprises grouped for drawing applicants, financed firms, subjects."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ingestion.synthetic.randomness import weighted_choice
from ingestion.synthetic.world.entities import Enterprise

# A group is (located in a park, classified fintech).
Group = tuple[bool, bool]
PUDONG_FINTECH: Group = (True, True)
PUDONG_OTHER: Group = (True, False)
OUTSIDE_FINTECH: Group = (False, True)
OUTSIDE_OTHER: Group = (False, False)

SETTLING_IN_DAYS = 30  # a new firm files, raises or appears in registers after a month


@dataclass(frozen=True)
class EnterprisePool:
    """The enterprises able to act at some point between ``first_day`` and ``last_day``."""

    first_day: date
    last_day: date
    groups: Mapping[Group, Sequence[Enterprise]]

    def active_days(self, enterprise: Enterprise) -> tuple[date, date]:
        """The first and last day ``enterprise`` can act in the window."""
        start = max(self.first_day, enterprise.registration_date + timedelta(SETTLING_IN_DAYS))
        death = enterprise.last_day
        end = min(self.last_day, death - timedelta(days=1)) if death else self.last_day
        return start, end

    def draw(self, rng: random.Random, weights: Mapping[Group, float]) -> Enterprise:
        """An enterprise of a group drawn with ``weights`` (empty groups are skipped)."""
        options = [(group, w) for group, w in weights.items() if self.groups.get(group)]
        members = self.groups[weighted_choice(rng, options)]
        return members[rng.randrange(len(members))]


def enterprise_pool(
    enterprises: Sequence[Enterprise], first_day: date, last_day: date
) -> EnterprisePool:
    """Group the enterprises that have at least one active day in the window."""
    groups: dict[Group, list[Enterprise]] = {
        group: [] for group in (PUDONG_FINTECH, PUDONG_OTHER, OUTSIDE_FINTECH, OUTSIDE_OTHER)
    }
    pool = EnterprisePool(first_day, last_day, groups)
    for enterprise in enterprises:
        start, end = pool.active_days(enterprise)
        if start <= end:
            groups[(enterprise.park_id is not None, enterprise.is_fintech)].append(enterprise)
    return pool
