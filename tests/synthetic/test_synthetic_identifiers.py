"""The generator's own check-character code agrees with python-stdnum and with the docs."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc as stdnum_uscc

from ingestion.synthetic.identifiers import (
    is_valid_application_number,
    is_valid_uscc,
    uscc_check_character,
    with_wrong_patent_check,
    with_wrong_uscc_check,
)


def test_uscc_check_matches_stdnums_documented_example():
    assert uscc_check_character("91110000600037341") == "L"


def test_generated_usccs_are_valid_for_both_implementations(truth):
    codes = [row["uscc"] for row in truth("enterprises.csv")]
    assert codes
    assert all(stdnum_uscc.is_valid(code) and is_valid_uscc(code) for code in codes)


def test_lower_case_does_not_make_a_uscc_invalid(truth):
    with_letters = next(r["uscc"] for r in truth("enterprises.csv") if r["uscc"][8:10] == "MA")
    assert is_valid_uscc(with_letters.lower()) and stdnum_uscc.is_valid(with_letters.lower())


@pytest.mark.parametrize("offset", range(1, 31))
def test_every_wrong_uscc_check_is_rejected_by_both(truth, offset):
    code = truth("enterprises.csv")[offset]["uscc"]
    corrupted = with_wrong_uscc_check(code, offset)
    assert corrupted != code
    assert not is_valid_uscc(corrupted) and not stdnum_uscc.is_valid(corrupted)


def _independent_patent_check(digits: str) -> str:
    """docs/feeds.md: C = Σ dᵢ·wᵢ mod 11 with w = 2..9,2..5; 10 → X."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True))
    return "X" if total % 11 == 10 else str(total % 11)


def test_patent_check_digits_are_valid(truth):
    numbers = [row["application_number"] for row in truth("patents.csv")]
    assert numbers
    for number in numbers:
        digits, check = number.split(".")
        assert len(digits) == 12 and _independent_patent_check(digits) == check, number
        assert is_valid_application_number(number)


@pytest.mark.parametrize("offset", range(1, 11))
def test_every_wrong_patent_check_is_rejected(truth, offset):
    number = truth("patents.csv")[offset]["application_number"]
    corrupted = with_wrong_patent_check(number, offset)
    digits, check = corrupted.split(".")
    assert corrupted != number and _independent_patent_check(digits) != check
    assert not is_valid_application_number(corrupted)
