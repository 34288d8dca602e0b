"""Dates and money texts as delivered (docs/feeds.md, "Values")."""

from __future__ import annotations

from datetime import date

import pytest

from ingestion.values import Money, parse_date, parse_money, parse_month_or_date

MAY_6 = date(2021, 5, 6)


@pytest.mark.parametrize(
    "text",
    [
        "2021-05-06",
        "2021/5/6",
        "2021.5.6",
        "2021.05.06",
        "20210506",
        "2021年5月6日",
        "2021/5/6 0:00:00",
        "2021-05-06 14:30:00",
        "2021年5月6日 14:30",
        "5/6/2021",
        "5/6/2021 2:30 PM",
        "2021-05-06T14:30:00+08:00",
        "2021-05-06T23:30:00Z",
        "44322",  # Excel serial (1900 system)
        "44322.75",  # serial with a time of day
        " ２０２１－０５－０６ ",  # full-width, NFKC-normalised
    ],
)
def test_every_date_form(text):
    assert parse_date(text) == MAY_6


@pytest.mark.parametrize(
    "text",
    ["0001-01-01", "0001-01-01T00:00:00", "0001/1/1 0:00:00", "-", "--", "N/A", "n/a", "", None],
)
def test_missing_date_markers(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["2021-13-45", "2023-02-30", "明天", "2021", "2021-5/6", "123"])
def test_garbage_dates_raise(text):
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_month_precision_dates_are_the_first_of_the_month():
    assert parse_month_or_date("2019-03") == date(2019, 3, 1)
    assert parse_month_or_date("2019年3月") == date(2019, 3, 1)
    assert parse_month_or_date("2019-03-05") == date(2019, 3, 5)
    with pytest.raises(ValueError):
        parse_date("2019-03")  # a full date is required elsewhere


def cny(amount, estimate=False):
    return Money(amount, "CNY", is_estimate=estimate, is_undisclosed=False)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,000(万元人民币)", cny(1e7)),
        ("1,000（万元人民币）", cny(1e7)),
        ("10(万美元)", Money(1e5, "USD")),
        ("100万人民币", cny(1e6)),
        ("630万人民币", cny(6.3e6)),
        ("2.6亿美元", Money(2.6e8, "USD")),
        ("1亿元人民币", cny(1e8)),
        ("3000万元", cny(3e7)),
        ("1.1万", cny(11_000)),
        ("5000000", cny(5e6)),
        ("500万港元", Money(5e6, "HKD")),
        ("500万港币", Money(5e6, "HKD")),
        ("1,000万欧元", Money(1e7, "EUR")),
        ("10万日元", Money(1e5, "JPY")),
        ("100万英镑", Money(1e6, "GBP")),
        ("50万德国马克", Money(5e5, "DEM")),
        ("1000万新加坡元", Money(1e7, "SGD")),
        ("1千万", cny(1e7)),
    ],
)
def test_amounts_in_currency_units(text, expected):
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("数百万", 5e6),
        ("数千万人民币", 5e7),
        ("数亿", 5e8),
        ("数十亿", 5e9),
        ("近1亿元", 1e8),
        ("超5000万", 5e7),
        ("1000万+", 1e7),
        ("1000-2000万人民币", 1.5e7),
        ("1000万~2000万", 1.5e7),
    ],
)
def test_estimates_are_flagged(text, amount):
    assert parse_money(text) == cny(amount, estimate=True)


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("未透露人民币", "CNY"),
        ("未透露美元", "USD"),
        ("未披露(万元人民币)", "CNY"),
        ("金额未知", None),
    ],
)
def test_undisclosed_with_a_currency_is_never_zero(text, currency):
    assert parse_money(text) == Money(None, currency, is_estimate=False, is_undisclosed=True)


def test_undisclosed_word_with_garbage_is_unparseable():
    with pytest.raises(ValueError, match="amount"):
        parse_money("未透露很多")


def test_several_keeps_its_currency():
    assert parse_money("数千万美元") == Money(5e7, "USD", is_estimate=True)


@pytest.mark.parametrize("text", ["未透露", "未披露", "金额未知", "不详", "N/A", "-", "", None])
def test_undisclosed_is_never_zero(text):
    money = parse_money(text)
    assert money.is_undisclosed
    assert money.amount is None


@pytest.mark.parametrize(
    "text", ["一千万", "约一个亿", "若干", "1,00万", "100万卢布", "-5万", "万"]
)
def test_garbage_amounts_raise(text):
    with pytest.raises(ValueError, match="amount"):
        parse_money(text)
