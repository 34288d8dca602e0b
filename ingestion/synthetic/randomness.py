"""Deterministic randomness: every entity draws from its own stream.

A stream is a ``random.Random`` seeded with a string built from the run seed and a few
labels (``"enterprise", 17``). String seeds are hashed with SHA-512 by ``random``, so the
stream is the same on every platform and independent of ``PYTHONHASHSEED``. Because an
entity depends only on (seed, kind, index), entities can later be generated in chunks.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TypeVar

T = TypeVar("T")

_MULTIPLIER = 2_654_435_761  # a prime close to 2**32 / golden ratio (Knuth)


def rng_for(seed: int, *labels: object) -> random.Random:
    """The random stream of one entity or one file, e.g. ``rng_for(42, "patent", 17)``."""
    return random.Random("/".join([str(seed), *map(str, labels)]))


def random_date(rng: random.Random, first: date, last: date) -> date:
    """A uniformly drawn day in [first, last]."""
    return first + timedelta(days=rng.randint(0, (last - first).days))


def weighted_choice(rng: random.Random, options: Sequence[tuple[T, float]]) -> T:
    """One option drawn with the given relative weights (``[(value, weight), …]``).

    One ``rng.random()`` and a scan: faster than ``rng.choices`` for the short lists here.
    """
    point = rng.random() * sum(weight for _, weight in options)
    for value, weight in options:
        point -= weight
        if point < 0:
            return value
    return options[-1][0]


def scrambled_index(index: int, modulus: int, salt: int) -> int:
    """A bijection of ``range(modulus)`` that hides the order of consecutive indexes.

    ``index * multiplier + salt (mod modulus)`` is one-to-one when the multiplier is
    coprime with the modulus; the multiplier is a prime far larger than any factor of the
    moduli used here (powers of 10, of 31 and of vocabulary sizes).
    """
    return (index * _MULTIPLIER + salt) % modulus
