"""Quarter labels ('2026Q3'): parsing, the latest complete quarter, and its neighbours."""

from __future__ import annotations

import re
from datetime import date

QUARTER_PATTERN = re.compile(r"^(\d{4})Q([1-4])$")


def parse_quarter(label: str) -> tuple[int, int]:
    """``'2026Q3'`` -> ``(2026, 3)``; anything else is a user error naming the format."""
    match = QUARTER_PATTERN.match(label.strip())
    if not match:
        raise ValueError(f"quarter {label!r} is not of the form YYYYQn (e.g. 2026Q3)")
    return int(match.group(1)), int(match.group(2))


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


def shift_quarter(label: str, quarters: int) -> str:
    """The quarter ``quarters`` before (negative) or after (positive) ``label``."""
    year, quarter = parse_quarter(label)
    index = year * 4 + (quarter - 1) + quarters
    return quarter_label(index // 4, index % 4 + 1)


def quarter_of(day: date) -> str:
    return quarter_label(day.year, (day.month - 1) // 3 + 1)


def latest_complete_quarter(as_of: date) -> str:
    """The last quarter that ended before ``as_of``'s quarter began."""
    return shift_quarter(quarter_of(as_of), -1)


def quarters_between(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last``, both included."""
    labels = [first]
    while labels[-1] < last:
        labels.append(shift_quarter(labels[-1], 1))
    return labels
