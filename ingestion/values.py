"""Parse delivered dates and money amounts (feeds.md, "Values").

Both parsers return ``None`` (dates) or an undisclosed ``Money`` for the spec's markers
of a missing value, and raise ``ValueError`` for anything they do not recognise, so the
caller decides what a violation becomes (the adapters keep the text for the contract).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ingestion.text import clean_text

# -- dates ---------------------------------------------------------------------------------

MISSING_DATE_MARKERS = {"", "-", "--", "N/A", "0001-01-01"}
EXCEL_EPOCH = date(1899, 12, 30)  # 1900 date system, after Lotus' phantom 1900-02-29
EXCEL_SERIALS = range(10_000, 100_000)  # five digits: 1927-05-18 … 2173-10-14

_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AP]M)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME)
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_CHINESE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日" + _TIME)
_MONTH_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})" + _TIME)
_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?")
_YEAR_MONTH = re.compile(r"(\d{4})(?:[-/.](\d{1,2})|年(\d{1,2})月)")


def parse_date(text: str | None) -> date | None:
    """A date in any delivered form; ``None`` for the missing markers; ``ValueError`` else.

    Forms: ``YYYY-MM-DD``, ``YYYY/M/D``, ``YYYY.M.D``, ``YYYYMMDD``, ``YYYY年M月D日``, any of
    these with a time (and an ISO offset, ignored: the date is read as written),
    ``M/D/YYYY``, and five-digit Excel serial numbers (1900 system).
    """
    cleaned = _clean(text)
    if cleaned.upper() in MISSING_DATE_MARKERS:
        return None
    parsed = _parse_iso_day(cleaned) or _parse_day(cleaned)
    if parsed is None:
        raise ValueError(f"not a recognised date: {text!r}")
    return None if parsed == date(1, 1, 1) else parsed


def parse_month_or_date(text: str | None) -> date | None:
    """Like ``parse_date``, also accepting ``YYYY-MM`` / ``YYYY年M月`` (first of the month)."""
    month = _YEAR_MONTH.fullmatch(_clean(text))
    if month:
        return _make_date(text, month[1], month[2] or month[3], "1")
    return parse_date(text)


def _parse_iso_day(text: str) -> date | None:
    """The common ``YYYY-MM-DD`` through the fast C parser (an invalid day is left to the rest)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _parse_day(text: str) -> date | None:
    for pattern, year, month, day in (
        (_YEAR_FIRST, 1, 3, 4),
        (_COMPACT, 1, 2, 3),
        (_CHINESE, 1, 2, 3),
        (_MONTH_FIRST, 3, 1, 2),
    ):
        match = pattern.fullmatch(text)
        if match:
            return _make_date(text, match[year], match[month], match[day])
    serial = _SERIAL.fullmatch(text)
    if serial and int(serial[1]) in EXCEL_SERIALS:
        return EXCEL_EPOCH + timedelta(days=int(serial[1]))
    return None


def _make_date(text: str | None, year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"not a valid calendar date: {text!r}") from None


# -- money ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Money:
    """An amount in units of its currency (元, dollars…), not in 万."""

    amount: float | None
    currency: str | None
    is_estimate: bool = False
    is_undisclosed: bool = False


UNDISCLOSED = Money(amount=None, currency=None, is_estimate=False, is_undisclosed=True)
UNDISCLOSED_WORDS = ("未透露", "未披露", "金额未知", "不详")  # also followed by a currency
UNDISCLOSED_MARKERS = {"", *UNDISCLOSED_WORDS, "N/A", "-", "--"}
UNITS = {
    "万": 10**4,
    "十万": 10**5,
    "百万": 10**6,
    "千万": 10**7,
    "亿": 10**8,
    "十亿": 10**9,
    "百亿": 10**10,
}
CURRENCY_WORDS = {
    "": "CNY",
    "人民币": "CNY",
    "元": "CNY",
    "元人民币": "CNY",
    "人民币元": "CNY",
    "美元": "USD",
    "港币": "HKD",
    "港元": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
    "德国马克": "DEM",
    "新加坡元": "SGD",
}
ISO_CURRENCIES = {"CNY", "RMB", "USD", "HKD", "EUR", "JPY", "GBP", "DEM", "SGD"}
SOME_MULTIPLE = 5  # 数千万 = 5 × 千万: the midpoint convention for "several"
APPROX_PREFIXES = ("近", "超")  # 近X / 超X = X, flagged as an estimate

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_NUMBER = r"\d+(?:,\d{3})*(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?P<low>{_NUMBER})(?P<low_unit>{_UNIT})?"
    rf"(?:[-~](?P<high>{_NUMBER})(?P<high_unit>{_UNIT})?)?"
    rf"(?P<plus>\+)?(?P<currency>\D*)"
)
_SEVERAL = re.compile(rf"数(?P<unit>{_UNIT})(?P<currency>\D*)")
_UNIT_ONLY = re.compile(rf"(?P<unit>{_UNIT})(?P<currency>\D*)")  # after 近/超: 近千万 = 1e7


def parse_money(text: str | None) -> Money:
    """A delivered money text as ``Money``; ``ValueError`` for anything unrecognised.

    ``[近|超] number [unit] [currency]`` (also ``X+``, ranges ``X-Y``/``X~Y`` -> midpoint,
    parenthesised ``1,000(万元人民币)``), ``数百万/数千万/数亿/数十亿`` (5 × unit, estimate),
    and the undisclosed markers, alone or with a currency (``未透露人民币``: amount None —
    never 0). No currency word means CNY.
    """
    cleaned = _clean(text).replace("(", "").replace(")", "").replace(" ", "")
    if cleaned.upper() in UNDISCLOSED_MARKERS:
        return UNDISCLOSED
    undisclosed_in = _undisclosed_currency(cleaned)
    if undisclosed_in:
        return Money(None, undisclosed_in, is_estimate=False, is_undisclosed=True)
    approx = cleaned.startswith(APPROX_PREFIXES)
    body = cleaned[1:] if approx else cleaned
    money = _parse_amount(body) or _parse_several(body) or (approx and _parse_unit_only(body))
    if not money:
        raise ValueError(f"not a recognised amount: {text!r}")
    return Money(money.amount, money.currency, money.is_estimate or approx, False)


def _undisclosed_currency(text: str) -> str | None:
    """The currency of ``未透露人民币``-style text (an undisclosed word + a currency), else None."""
    for marker in UNDISCLOSED_WORDS:
        if text.startswith(marker) and text != marker:
            words = re.sub(f"^(?:{_UNIT})", "", text.removeprefix(marker))  # 未披露(万元人民币)
            return _currency(words)
    return None


def _parse_amount(text: str) -> Money | None:
    match = _AMOUNT.fullmatch(text)
    currency = match and _currency(match["currency"])
    if not currency:
        return None
    shared_unit = match["high_unit"] or match["low_unit"]
    low = _number(match["low"]) * UNITS.get(match["low_unit"] or shared_unit, 1)
    if match["high"] is None:
        return Money(float(low), currency, is_estimate=bool(match["plus"]))
    high = _number(match["high"]) * UNITS.get(shared_unit, 1)
    return Money(float((low + high) / 2), currency, is_estimate=True)


def _parse_several(text: str) -> Money | None:
    match = _SEVERAL.fullmatch(text)
    currency = match and _currency(match["currency"])
    if not currency:
        return None
    return Money(float(SOME_MULTIPLE * UNITS[match["unit"]]), currency, is_estimate=True)


def _parse_unit_only(text: str) -> Money | None:
    match = _UNIT_ONLY.fullmatch(text)
    currency = match and _currency(match["currency"])
    return Money(float(UNITS[match["unit"]]), currency, is_estimate=True) if currency else None


def _currency(words: str) -> str | None:
    """ISO code of a currency word or code (``元人民币``/none -> CNY); None when unknown."""
    if words.upper() in ISO_CURRENCIES:
        return "CNY" if words.upper() == "RMB" else words.upper()
    return CURRENCY_WORDS.get(words)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _clean(text: str | None) -> str:
    return clean_text(text) or ""
