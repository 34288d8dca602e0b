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
    # Column-wise (ingestion.synthetic.city): millions of rows, spot-check truth only.
    column_wise: bool = False
    rows_per_file: int = 1_000_000  # column-wise deliveries come in parts of this size


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
    # The whole city (column-wise generator, 2-3 GB of files): for `make bench SCALE=city`.
    "city": Scale(
        "city",
        enterprises=4_000_000,
        fintech_share=0.08,
        patents=10_000_000,
        financing_rounds=400_000,
        events=1_000_000,
        column_wise=True,
    ),
    # The city's code path at a size a test can refresh in seconds (not offered by the CLI).
    "city-test": Scale(
        "city-test",
        enterprises=30_000,
        fintech_share=0.08,
        patents=60_000,
        financing_rounds=6_000,
        events=8_000,
        column_wise=True,
        rows_per_file=20_000,
    ),
}
