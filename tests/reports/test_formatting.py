"""Number rules of the report: hand-computed cases, and "no data" never reads as 0."""

from __future__ import annotations

import pytest

from fintech_cluster.reports.formatting import format_change, format_value


@pytest.mark.parametrize(
    ("value", "unit", "lang", "estimate", "expected"),
    [
        (None, "enterprises", "zh", False, "暂无数据"),
        (None, "cny", "en", False, "no data"),
        (0.0, "enterprises", "zh", False, "0"),
        (244.0, "enterprises", "zh", False, "244"),
        (0.1276595744680851, "share", "en", False, "12.8%"),
        (1358010000.0, "cny", "zh", True, "1,358,010,000~"),
        (63.114754098360656, "per_100_enterprises", "en", False, "63.11"),
    ],
)
def test_format_value(value, unit, lang, estimate, expected):
    assert format_value(value, unit, lang, estimate) == expected


@pytest.mark.parametrize(
    ("current", "before", "unit", "expected"),
    [
        (244.0, 236.0, "enterprises", "+3.4%"),  # 8 / 236 = 3.39 %
        (9.0, 9.0, "enterprises", "+0.0%"),
        (69.42, 72.42, "index", "-3.0"),  # points, not percent
        (0.128, 0.100, "share", "+2.8pp"),
        (5.0, 0.0, "events", "—"),  # no base to compare with
        (None, 3.0, "events", "—"),
        (3.0, None, "events", "—"),
    ],
)
def test_format_change(current, before, unit, expected):
    assert format_change(current, before, unit) == expected
