"""Money as it is written in deliveries, together with the amount it stands for.

Conventions (docs/feeds.md): amounts are in units of the currency; ``数百万`` = 5,000,000,
``数千万`` = 50,000,000, ``数亿`` = 500,000,000 and ``近亿`` = 100,000,000 are estimates;
``未透露``, ``金额未知`` and ``N/A`` are undisclosed (no amount, never 0).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ingestion.synthetic.randomness import weighted_choice
from ingestion.synthetic.seeds import ReferenceData

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
CENT = Decimal("0.01")

_CURRENCY_WORDS = {"CNY": "人民币", "USD": "美元", "HKD": "港币"}
_CAPITAL_IN_WAN = (3, 10, 12.5, 50, 100, 200, 300, 500, 800, 1000, 2000, 3000, 5000, 10000, 12000)
_CAPITAL_CURRENCIES = (("CNY", 0.84), ("USD", 0.10), ("HKD", 0.06))
_DEAL_CURRENCIES = (("CNY", 0.75), ("USD", 0.20), ("HKD", 0.05))
_SUBSIDY_IN_WAN = (10, 20, 30, 50, 80, 100, 200)

# Exact deal sizes per round stage, in 万 of the deal currency (low, high).
_DEAL_RANGE_IN_WAN = {
    "seed_angel": (100, 1_500),
    "A": (1_000, 10_000),
    "B": (5_000, 40_000),
    "C_plus": (20_000, 150_000),
    "strategic_pe": (2_000, 80_000),
    "ipo": (50_000, 300_000),
}
# The estimate a vendor writes when it only knows the order of magnitude, per stage.
_DEAL_ESTIMATES = {
    "seed_angel": (("数百万", 5_000_000),),
    "A": (("数千万", 50_000_000), ("近亿", 100_000_000)),
    "B": (("近亿", 100_000_000), ("数亿", 500_000_000)),
    "C_plus": (("数亿", 500_000_000),),
    "strategic_pe": (("数千万", 50_000_000), ("数亿", 500_000_000)),
    "ipo": (("数亿", 500_000_000), ("数十亿", 5_000_000_000)),
}


@dataclass(frozen=True)
class Money:
    """A money text and what it means: amount in units of ``currency`` (None: undisclosed)."""

    text: str
    amount: Decimal | None = None
    currency: str | None = None
    is_estimate: bool = False

    @property
    def is_undisclosed(self) -> bool:
        return self.amount is None

    def in_cny(self, reference: ReferenceData, on: date) -> Decimal | None:
        """The amount in CNY at the rate valid on ``on``, to the cent; None when undisclosed."""
        if self.amount is None or self.currency is None:
            return None
        return (self.amount * reference.cny_per_unit(self.currency, on)).quantize(CENT)


def undisclosed(text: str) -> Money:
    return Money(text)


def _number_text(number: Decimal, thousands: bool) -> str:
    """``1000`` → ``1,000`` (or ``1000``), ``12.50`` → ``12.5``."""
    text = f"{number:,f}" if thousands else f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _wan_or_yi_text(wan: Decimal, rng: random.Random) -> str:
    """An amount given in 万 written the way vendors do: ``2,000万`` or ``1.5亿``."""
    if wan >= 10_000 and wan % 1_000 == 0:
        return _number_text(wan / 10_000, thousands=False) + "亿"
    return _number_text(wan, thousands=rng.random() < 0.5) + "万"


def registered_capital(rng: random.Random) -> Money:
    """Registered capital in the registry's mixed notations, ~5 % undisclosed (``N/A``)."""
    if rng.random() < 0.05:
        return undisclosed("N/A")
    currency = weighted_choice(rng, _CAPITAL_CURRENCIES)
    wan = Decimal(str(rng.choice(_CAPITAL_IN_WAN)))
    amount = wan * WAN
    if currency == "CNY":
        if wan >= 10_000 and rng.random() < 0.6:
            text = _number_text(wan / 10_000, thousands=False) + "亿元人民币"
        elif rng.random() < 0.5:
            text = f"{_number_text(wan, thousands=True)}(万元人民币)"
        else:
            text = f"{_number_text(wan, thousands=False)}万人民币"
    elif currency == "USD":
        text = f"{_number_text(wan, thousands=True)}(万美元)"
    else:
        text = f"{_number_text(wan, thousands=False)}万" + rng.choice(("港币", "港元"))
    return Money(text, amount, currency)


def deal_amount(rng: random.Random, round_stage: str) -> Money:
    """A financing amount: ~60 % exact, ~25 % estimated, ~15 % undisclosed."""
    draw = rng.random()
    if draw < 0.15:
        return undisclosed(rng.choice(("未透露", "金额未知")))
    currency = weighted_choice(rng, _DEAL_CURRENCIES)
    if draw < 0.40:
        prefix, amount = rng.choice(_DEAL_ESTIMATES[round_stage])
        currency = "CNY" if currency == "HKD" else currency
        return Money(prefix + _CURRENCY_WORDS[currency], Decimal(amount), currency, True)
    low, high = _DEAL_RANGE_IN_WAN[round_stage]
    wan = Decimal(rng.randint(low // 10, high // 10) * 10)
    return Money(_wan_or_yi_text(wan, rng) + _CURRENCY_WORDS[currency], wan * WAN, currency)


def subsidy_amount(rng: random.Random) -> Money:
    """A subsidy such as ``50万元``."""
    wan = Decimal(rng.choice(_SUBSIDY_IN_WAN))
    return Money(f"{wan}万元", wan * WAN, "CNY")
