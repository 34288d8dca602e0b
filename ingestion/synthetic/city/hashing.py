"""Counter-based randomness for the column-wise city generator.

Every draw is a pure function of (seed, stream, index): ``uniform(seed, "death", idx)``
hashes each index with SplitMix64. No state is carried from one chunk to the next, so a
chunk can be generated alone, in any order, and an attribute of enterprise ``i`` (its park,
its USCC) can be recomputed wherever a patent or a round needs it, without keeping the
enterprises in memory.
"""

from __future__ import annotations

import hashlib

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX_1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX_2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 1.0 / float(1 << 53)


def _stream_key(seed: int, stream: str) -> np.uint64:
    """A 64-bit key per (seed, stream), the same on every platform."""
    digest = hashlib.sha256(f"{seed}/{stream}".encode()).digest()
    return np.uint64(int.from_bytes(digest[:8], "little"))


def hashed(seed: int, stream: str, index: np.ndarray) -> np.ndarray:
    """SplitMix64 of each index in the stream: uint64 values that look random."""
    with np.errstate(over="ignore"):
        z = _stream_key(seed, stream) + index.astype(np.uint64) * _GOLDEN
        z = (z ^ (z >> np.uint64(30))) * _MIX_1
        z = (z ^ (z >> np.uint64(27))) * _MIX_2
        return z ^ (z >> np.uint64(31))


def uniform(seed: int, stream: str, index: np.ndarray) -> np.ndarray:
    """Floats in [0, 1), one per index."""
    return (hashed(seed, stream, index) >> np.uint64(11)).astype(np.float64) * _TO_UNIT


def choice(seed: int, stream: str, index: np.ndarray, weights: list[float]) -> np.ndarray:
    """Positions in ``weights`` drawn with those relative weights, one per index."""
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    picks = np.searchsorted(cumulative / cumulative[-1], uniform(seed, stream, index), "right")
    return np.minimum(picks, len(weights) - 1)


def integers(seed: int, stream: str, index: np.ndarray, low: int, high: np.ndarray | int):
    """Integers in [low, high] (``high`` may vary per index), uniformly."""
    span = np.asarray(high, dtype=np.int64) - low + 1
    return low + (uniform(seed, stream, index) * span).astype(np.int64)
