"""Check characters of Chinese identifiers, implemented from the formulas in docs/feeds.md.

The project's ingestion validates with ``python-stdnum``; this module is deliberately an
independent implementation, so the generator's identifiers are a real check of it.
"""

from __future__ import annotations

import string

# GB 32100-2015: the 31 characters a USCC may contain (no I, O, S, V, Z).
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

# GB 11714: the organisation code (USCC positions 9-17) has its own check character.
_ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORGANISATION_VALUES = {c: i for i, c in enumerate(string.digits + string.ascii_uppercase)}

# CNIPA application numbers: 12 digits (from 2003) or 8 digits (before), then a check.
_PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def organisation_code_check(body: str) -> str:
    """GB 11714 check character of the 8-character organisation code ``body``."""
    total = sum(
        _ORGANISATION_VALUES[c] * w for c, w in zip(body, _ORGANISATION_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check_character(first_17: str) -> str:
    """GB 32100-2015 check character (position 18) of the first 17 USCC characters."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first_17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def make_uscc(authority: str, organisation_type: str, division: str, organisation_body: str) -> str:
    """A valid USCC: authority, type, 6-digit division, 8-character organisation code."""
    first_17 = (
        authority
        + organisation_type
        + division
        + organisation_body
        + organisation_code_check(organisation_body)
    )
    return first_17 + uscc_check_character(first_17)


def is_valid_uscc(code: str) -> bool:
    """Whether ``code`` (any case) has a valid organisation-code and USCC check character."""
    code = code.upper()
    if len(code) != 18 or any(c not in USCC_ALPHABET for c in code):
        return False
    body, organisation_check = code[8:16], code[16]
    return (
        organisation_code_check(body) == organisation_check
        and uscc_check_character(code[:17]) == code[17]
    )


def with_wrong_uscc_check(code: str, offset: int) -> str:
    """``code`` with its check character replaced by another alphabet character.

    ``offset`` (1-30) picks which wrong character, so callers can vary it.
    """
    right = USCC_ALPHABET.index(code[17].upper())
    wrong = USCC_ALPHABET[(right + 1 + (offset - 1) % 30) % 31]
    return code[:17] + wrong


def patent_check_digit(digits: str) -> str:
    """Check character of a 12-digit (or pre-2003 8-digit) application number."""
    total = sum(int(d) * w for d, w in zip(digits, _PATENT_WEIGHTS, strict=False))
    check = total % 11
    return "X" if check == 10 else str(check)


def make_application_number(year: int, type_digit: int, serial: int) -> str:
    """Canonical application number ``YYYYTNNNNNNN.C`` (serial below 10,000,000)."""
    digits = f"{year:04d}{type_digit}{serial:07d}"
    return f"{digits}.{patent_check_digit(digits)}"


def is_valid_application_number(number: str) -> bool:
    """Whether a canonical application number (12 or 8 digits, ``.``, check) is valid."""
    digits, _, check = number.removeprefix("CN").partition(".")
    return len(digits) in (8, 12) and digits.isdigit() and patent_check_digit(digits) == check


def with_wrong_patent_check(number: str, offset: int) -> str:
    """``number`` with its check character replaced by another of the 11 possible ones."""
    checks = "0123456789X"
    digits, _, check = number.rpartition(".")
    wrong = checks[(checks.index(check) + 1 + (offset - 1) % 10) % 11]
    return f"{digits}.{wrong}"
