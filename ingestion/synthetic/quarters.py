"""Calendar quarters ``YYYYQn`` from 2020Q1 to the quarter of the as-of date."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

FIRST_REPORTED_QUARTER_START = date(2020, 1, 1)


class Quarter(NamedTuple):
    label: str
    first_day: date
    last_day: date


def quarter_of(day: date) -> Quarter:
    """The quarter containing ``day``."""
    number = (day.month - 1) // 3 + 1
    first = date(day.year, 3 * number - 2, 1)
    following = date(day.year + 1, 1, 1) if number == 4 else date(day.year, 3 * number + 1, 1)
    return Quarter(f"{day.year}Q{number}", first, following - timedelta(days=1))


def reported_quarters(as_of: date) -> list[Quarter]:
    """Every quarter from 2020Q1 to the one containing ``as_of``, in order."""
    quarters = [quarter_of(FIRST_REPORTED_QUARTER_START)]
    while quarters[-1].last_day < as_of:
        quarters.append(quarter_of(quarters[-1].last_day + timedelta(days=1)))
    return quarters
