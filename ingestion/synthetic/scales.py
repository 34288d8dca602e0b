"""How big a synthetic world is: the named scales of ``fintech-cluster generate``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """Target sizes of a world (enterprises exactly, the others approximately)."""

    name: str
    enterprises: int
    fintech_share: float
    patents: int
    financing_rounds: int
    events: int


SCALES: dict[str, Scale] = {
    # Small but with signal in every park and quarter: a fifth of the firms are fintech.
    "small": Scale(
        "small",
        enterprises=2_000,
        fintech_share=0.20,
        patents=4_000,
        financing_rounds=300,
        events=1_500,
    ),
    # One district: about 5,000 fintech firms among 50,000.
    "district": Scale(
        "district",
        enterprises=50_000,
        fintech_share=0.10,
        patents=100_000,
        financing_rounds=5_000,
        events=20_000,
    ),
}
