"""Dirt with a known outcome, added to delivery rows.

* corrupted copies: a copy of a real row with exactly one invalid value (a wrong check
  character, an unparseable date). The copy must be quarantined; the real row is
  elsewhere, so the truth does not change.
* repeats: exact copies of rows of an earlier delivery; deduplication removes them.
* lower-case USCCs: valid codes written in lower case; ingestion upper-cases them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from ingestion.synthetic.deliveries.files import Cell, DeliveryRow
from ingestion.synthetic.identifiers import with_wrong_patent_check, with_wrong_uscc_check

T = TypeVar("T")

UNPARSEABLE_DATES = ("2021-13-45", "明天", "2023-02-30")


def wrong_uscc(value: Cell, rng: random.Random) -> str:
    """The same USCC with a wrong check character."""
    return with_wrong_uscc_check(str(value).upper(), rng.randint(1, 30))


def wrong_application_number(value: Cell, rng: random.Random) -> str:
    """The same application number (prefix kept) with a wrong check digit."""
    return with_wrong_patent_check(str(value), rng.randint(1, 10))


def unparseable_date(_value: Cell, rng: random.Random) -> str:
    """A date no parser accepts: month 13, 30 February, or the word "tomorrow"."""
    return rng.choice(UNPARSEABLE_DATES)


def corrupted_copies(
    rows: Sequence[DeliveryRow],
    rng: random.Random,
    share: float,
    header: str,
    violation: str,
    corrupt: Callable[[Cell, random.Random], str],
) -> list[tuple[int, DeliveryRow]]:
    """Copies of ``max(1, share × rows)`` real rows with ``header`` corrupted.

    Only rows with a value in ``header`` and no violation yet are copied. Returns
    (position of the original, copy) pairs, in position order.
    """
    candidates = [i for i, row in enumerate(rows) if row.values.get(header) and not row.violation]
    count = min(len(candidates), max(1, round(share * len(rows))))
    copies = []
    for i in sorted(rng.sample(candidates, count)):
        broken = corrupt(rows[i].values[header], rng)
        copies.append((i, DeliveryRow({**rows[i].values, header: broken}, violation)))
    return copies


def scatter(
    rows: list[DeliveryRow], copies: Sequence[tuple[int, DeliveryRow]], rng: random.Random
) -> list[DeliveryRow]:
    """``rows`` with every copy inserted at a random position."""
    result = list(rows)
    for _, copy in copies:
        result.insert(rng.randint(0, len(result)), copy)
    return result


def place_after_originals(
    rows: list[DeliveryRow], copies: Sequence[tuple[int, DeliveryRow]]
) -> list[DeliveryRow]:
    """``rows`` with every copy right after the row it was copied from."""
    copies_after: dict[int, list[DeliveryRow]] = {}
    for position, copy in copies:
        copies_after.setdefault(position, []).append(copy)
    return [placed for i, row in enumerate(rows) for placed in [row, *copies_after.get(i, [])]]


def sample_in_order(items: Sequence[T], rng: random.Random, share: float) -> list[T]:
    """About ``share`` of ``items``, drawn at random, kept in their original order."""
    count = round(share * len(items))
    return [items[i] for i in sorted(rng.sample(range(len(items)), count))]


def repeats_of(rows: Sequence[DeliveryRow], rng: random.Random, share: float) -> list[DeliveryRow]:
    """A sample (in file order) of an earlier delivery's clean rows, delivered again."""
    return sample_in_order([row for row in rows if not row.violation], rng, share)


def lower_case_usccs(
    rows: Sequence[DeliveryRow], rng: random.Random, share: float, header: str
) -> list[DeliveryRow]:
    """``rows`` with a share of the USCCs that contain letters written in lower case."""
    return [
        replace(row, values={**row.values, header: str(row.values[header]).lower()})
        if _has_letters(row.values.get(header)) and rng.random() < share
        else row
        for row in rows
    ]


def _has_letters(value: Cell) -> bool:
    return isinstance(value, str) and any(c.isalpha() for c in value)
