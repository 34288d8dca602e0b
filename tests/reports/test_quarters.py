"""Quarter labels: the default report quarter is the latest complete one."""

from __future__ import annotations

from datetime import date

import pytest

from fintech_cluster.reports.quarters import (
    latest_complete_quarter,
    quarters_between,
    shift_quarter,
)


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2026, 11, 28), "2026Q3"),
        (date(2026, 10, 1), "2026Q3"),
        (date(2026, 9, 30), "2026Q2"),
        (date(2027, 1, 5), "2026Q4"),
    ],
)
def test_latest_complete_quarter(as_of, expected):
    assert latest_complete_quarter(as_of) == expected


def test_shift_and_range_cross_years():
    assert shift_quarter("2026Q1", -1) == "2025Q4"
    assert shift_quarter("2026Q3", -4) == "2025Q3"
    assert quarters_between("2025Q3", "2026Q2") == ["2025Q3", "2025Q4", "2026Q1", "2026Q2"]


@pytest.mark.parametrize("bad", ["2026-3", "2026Q5", "26Q1", ""])
def test_a_malformed_quarter_is_a_clear_error(bad):
    with pytest.raises(ValueError, match="YYYYQn"):
        shift_quarter(bad, 1)
