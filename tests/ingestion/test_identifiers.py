"""USCC and patent application numbers, against codes built here from docs/feeds.md."""

from __future__ import annotations

import random

import polars as pl
import pytest

from ingestion.identifiers import (
    normalize_patent_number,
    normalize_uscc,
    patent_number_problem,
    patent_number_problems,
    patent_type_digit,
    patent_type_of,
    patent_type_of_number,
    registration_number_check_digit,
    registration_number_problem,
    uscc_problem,
    uscc_problems,
)

# -- an independent implementation of the algorithms in docs/feeds.md ----------------------

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def organisation_check(body: str) -> str:
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    values = ["0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ".index(c) for c in body]
    check = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def make_uscc(first_eight: str, organisation_body: str) -> str:
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    code = first_eight + organisation_body + organisation_check(organisation_body)
    total = sum(ALPHABET.index(c) * w for c, w in zip(code, weights, strict=True))
    return code + ALPHABET[(31 - total % 31) % 31]


def make_patent_number(digits: str) -> str:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)[: len(digits)]
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return f"{digits}.{'X' if remainder == 10 else remainder}"


VALID_USCCS = [
    make_uscc("91310115", "MA1K3YJ5"),
    make_uscc("91310000", "13221456"),
    make_uscc("92310115", "MA1KD9RN"),
    make_uscc("N2310115", "MA1KCP3L"),  # agriculture authority
    make_uscc("Y1310115", "MA1KCQ4M"),  # "other" authority
    make_uscc("A1110000", "MA01X9P3"),  # military authority
    "91110000600037341L",  # a real code (stdnum's own example)
]


def with_char(code: str, position: int, char: str) -> str:
    return code[:position] + char + code[position + 1 :]


# -- USCC ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", VALID_USCCS)
def test_valid_usccs(code):
    assert uscc_problem(code) is None


def test_lower_case_and_spaced_input_is_normalised_not_rejected():
    code = VALID_USCCS[0]
    assert normalize_uscc(f"  {code.lower()[:8]} {code.lower()[8:]} ") == code
    assert uscc_problem(normalize_uscc(code.lower())) is None
    assert normalize_uscc("  ") is None


def test_wrong_check_character():
    code = VALID_USCCS[0]
    wrong = with_char(code, 17, "0" if code[17] != "0" else "1")
    assert "check character (position 18)" in uscc_problem(wrong)


def test_wrong_organisation_code_digit_with_a_consistent_check_character():
    code = VALID_USCCS[0]
    digit = "2" if code[16] != "2" else "3"
    body = code[:16] + digit  # organisation check wrong …
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    wrong = body + ALPHABET[(31 - total % 31) % 31]  # … but the final check right
    assert "organisation code check character (position 17)" in uscc_problem(wrong)


@pytest.mark.parametrize(
    ("code", "problem"),
    [
        ("9131011", "has 7 characters"),
        (with_char(VALID_USCCS[0], 9, "I"), "not allowed"),
        (with_char(VALID_USCCS[0], 0, "B"), "registration authority"),
        (with_char(VALID_USCCS[0], 3, "A"), "positions 2-8"),
    ],
)
def test_malformed_usccs(code, problem):
    assert problem in uscc_problem(code)


def test_bulk_screen_agrees_with_the_single_value_rule():
    rng = random.Random(7)
    valid = [
        make_uscc(rng.choice("9NY1") + "1310115", "".join(rng.choices(ALPHABET, k=8)))
        for _ in range(300)
    ]
    mutated = [with_char(c, rng.randrange(18), rng.choice(ALPHABET + "IOZ")) for c in valid]
    not_ascii = [with_char(valid[0], 2, "３"), with_char(valid[1], 9, "Ａ")]
    codes = pl.Series([*valid, *mutated, *not_ascii, "short", None])
    problems = uscc_problems(codes)
    for code in codes.drop_nulls():
        assert problems.get(code) == uscc_problem(code)


# -- patent application numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("CN 202310123456.6", "202310123456.6"),
        ("cn2023101234566", "202310123456.6"),
        ("ZL 2023 1012 3456.6", "202310123456.6"),
        ("02123456.6", "02123456.6"),
        ("not a number", "NOTANUMBER"),
    ],
)
def test_normalize_patent_number(text, normalized):
    assert normalize_patent_number(text) == normalized


@pytest.mark.parametrize(
    "digits", ["202310123456", "202320234567", "202330345678", "202180123456", "02123456"]
)
def test_valid_patent_numbers(digits):
    assert patent_number_problem(make_patent_number(digits)) is None


def test_check_digit_x():
    number = make_patent_number("202320234567")
    assert number.endswith(".X")
    assert patent_number_problem(number) is None


def test_invalid_patent_numbers():
    number = make_patent_number("201910987654")
    wrong = number[:-1] + ("1" if number[-1] != "1" else "2")
    assert "check digit" in patent_number_problem(wrong)
    assert "type digit" in patent_number_problem(make_patent_number("202350123456"))
    assert "not of the form" in patent_number_problem("2023101234.5")


def test_bulk_patent_screen_agrees_with_the_single_value_rule():
    rng = random.Random(11)
    valid = [
        make_patent_number("".join(rng.choices("0123456789", k=rng.choice((8, 12)))))
        for _ in range(300)
    ]
    mutated = [with_char(n, rng.randrange(len(n)), rng.choice("0123456789X.")) for n in valid]
    not_ascii = ["٢٠٢٣١٠١٢٣٤٥٦.6", with_char(valid[0], 1, "３")]  # digits, but not 0-9
    numbers = pl.Series([*valid, *mutated, *not_ascii, "2023101234.5", None])
    problems = patent_number_problems(numbers)
    for number in numbers.drop_nulls():
        assert problems.get(number) == patent_number_problem(number)
    types = pl.select(patent_type_of(pl.lit(numbers))).to_series().to_list()
    assert types == [patent_type_of_number(number) for number in numbers]


def test_bulk_screens_of_empty_columns():
    assert uscc_problems(pl.Series([], dtype=pl.String)) == {}
    assert patent_number_problems(pl.Series([None, None], dtype=pl.String)) == {}


def test_type_digit_post_and_pre_2003():
    assert patent_type_digit("202320234567.X") == "2"
    assert patent_type_digit("02123456.6") == "1"  # YY T NNNNN
    assert patent_type_of_number("202180123456.5") == "invention"  # PCT
    assert patent_type_of_number("202330345678.3") == "design"
    assert patent_type_digit("garbage") is None


def test_registration_number_check_digit_by_iso_7064_mod_11_10():
    # by hand, p starts at 10; per digit s = (p + d) mod 10 (0 -> 10), p = 2s mod 11:
    # 3 1 0 1 1 5 0 0 0 1 2 3 4 5 -> p = 6 3 6 3 8 6 1 2 4 10 4 3 3 5; check (11 - 5) mod 10
    assert registration_number_check_digit("31011500012345") == "6"
    assert registration_number_problem("310115000123456") is None
    assert registration_number_problem("310115000123457") == "check digit is '7', expected '6'"
    assert registration_number_problem("31011500012345") == "is not 15 digits: '31011500012345'"


def test_a_registration_number_where_a_uscc_belongs_is_named():
    problem = uscc_problem("310115000123456")
    assert problem.startswith(
        "is a 15-digit pre-2015 registration number (注册号, check digit valid)"
    )
    assert "check digit is '7'" in uscc_problem("310115000123457")
