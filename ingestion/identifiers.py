"""USCC and patent application numbers: normalisation and the check-character rules.

This module is the only place these rules live; adapters and contracts call it.

USCC (GB 32100-2015): ``stdnum.cn.uscc`` computes the check character, but it refuses the
valid leading letters A/N/Y and ignores the organisation code embedded at positions 9–17
(GB 11714, with its own check character at position 17), so both are handled here.
"""

from __future__ import annotations

import re

import numpy as np
import polars as pl
from stdnum.cn import uscc as stdnum_uscc

from ingestion.text import clean_text

# -- USCC ----------------------------------------------------------------------------------

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
REGISTRATION_AUTHORITIES = "123456789ANY"  # position 1 (A: military, N: agriculture, Y: other)
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC_SHAPE = re.compile(r"[1-9ANY][0-9]{7}[0-9A-HJ-NP-RTUW-Y]{10}")


def normalized_uscc(column: str | pl.Expr) -> pl.Expr:
    """USCCs upper-cased, without spaces or hyphens anywhere; blank -> null (vectorised).

    The column holds clean text (``text.clean_text``: NFKC), as every reader delivers it,
    so full-width ``９１３１…`` already reads ``9131…``. The same holds for the patent and
    publication numbers below.
    """
    text = pl.col(column) if isinstance(column, str) else column
    compact = text.str.replace_all(r"[\s-]+", "").str.to_uppercase()
    return pl.when(compact != "").then(compact)


def normalize_uscc(text: str | None) -> str | None:
    """``normalized_uscc`` for one value: ``" 91310115ma1k3yj58x "`` -> ``"91310115MA1K3YJ58X"``."""
    return pl.select(normalized_uscc(pl.lit(clean_text(text), dtype=pl.String))).item()


def uscc_problem(code: str) -> str | None:
    """Why ``code`` (already normalised) is not a valid USCC, or None when it is."""
    if is_registration_number_shape(code):
        validity = registration_number_problem(code) or "check digit valid"
        return (
            f"is a 15-digit pre-2015 registration number (注册号, {validity}), not a USCC; "
            "look the enterprise's USCC up"
        )
    if len(code) != 18:
        return f"has {len(code)} characters, a USCC has 18"
    wrong = [char for char in code if char not in USCC_ALPHABET]
    if wrong:
        return f"contains {wrong[0]!r}, not allowed in a USCC (no I, O, Z, S, V)"
    if code[0] not in REGISTRATION_AUTHORITIES:
        return f"registration authority {code[0]!r} (position 1) is not 1-9, A, N or Y"
    if not code[1:8].isdigit():
        return "organisation type and division code (positions 2-8) must be digits"
    expected = organisation_code_check_char(code[8:16])
    if code[16] != expected:
        return (
            f"organisation code check character (position 17) is {code[16]!r}, "
            f"expected {expected!r}"
        )
    expected = stdnum_uscc.calc_check_digit(code[:17])
    if code[17] != expected:
        return f"check character (position 18) is {code[17]!r}, expected {expected!r}"
    return None


def organisation_code_check_char(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(
        _organisation_value(char) * w for char, w in zip(body, ORGANISATION_WEIGHTS, strict=True)
    )
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _organisation_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10  # A=10 … Z=35


def uscc_problems(codes: pl.Series) -> dict[str, str]:
    """``{code: problem}`` for the invalid codes of a column (nulls ignored).

    A vectorised screen finds the candidates in bulk (stdnum costs ~10 µs a code);
    ``uscc_problem`` has the final word on each candidate, so the rule stays the one above.
    """
    distinct = codes.drop_nulls().unique()
    candidates = distinct.filter(~_screen_valid_usccs(distinct))
    problems = {code: uscc_problem(code) for code in candidates}
    return {code: problem for code, problem in problems.items() if problem}


def _screen_valid_usccs(codes: pl.Series) -> pl.Series:
    """True where a code passes shape, organisation-code and check-character tests."""
    shaped = codes.str.contains(f"^{_USCC_SHAPE.pattern}$").fill_null(False)
    chars = _character_codes(codes.filter(shaped), 18)
    screened = np.zeros(len(codes), dtype=bool)
    screened[shaped.to_numpy()] = (chars[:, 16] == _organisation_check_codes(chars[:, 8:16])) & (
        chars[:, 17] == _uscc_check_codes(chars[:, :17])
    )
    return pl.Series(screened)


# -- pre-2015 registration numbers (注册号) ------------------------------------------------

# GS 15-2006: 6-digit registration authority, 8-digit sequence, 1 check digit computed with
# ISO 7064 MOD 11,10 (GB/T 17710).
_REGISTRATION_NUMBER_SHAPE = re.compile(r"\d{15}")


def is_registration_number_shape(code: str) -> bool:
    return bool(_REGISTRATION_NUMBER_SHAPE.fullmatch(code))


def registration_number_check_digit(first_14: str) -> str:
    """ISO 7064 MOD 11,10 check digit of the first 14 digits of a registration number."""
    product = 10
    for digit in first_14:
        total = (product + int(digit)) % 10 or 10
        product = (total * 2) % 11
    return str((11 - product) % 10)


def registration_number_problem(code: str) -> str | None:
    """Why ``code`` is not a valid 15-digit registration number, or None when it is."""
    if not is_registration_number_shape(code):
        return f"is not 15 digits: {code!r}"
    expected = registration_number_check_digit(code[:14])
    if code[14] != expected:
        return f"check digit is {code[14]!r}, expected {expected!r}"
    return None


# -- patent application numbers ------------------------------------------------------------

# Weights of the 12 post-2003 digits; pre-2003 numbers use the first 8 (2…9).
PATENT_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
# Where the type digit T sits: YYYY T NNNNNNN (12 digits), pre-2003 YY T NNNNN (8 digits).
TYPE_DIGIT_POSITION = {12: 4, 8: 2}
PATENT_TYPE_OF_DIGIT = {
    "1": "invention",
    "8": "invention",  # PCT application entering China
    "2": "utility_model",
    "9": "utility_model",  # PCT
    "3": "design",
}
_PATENT_SHAPE = re.compile(r"(\d{12}|\d{8})\.([0-9X])")
_PATENT_DIGITS = r"^(\d{12}|\d{8})\.[0-9X]$"
_PATENT_PARTS = r"^(?:CN|ZL)?(\d{12}|\d{8})\.?([0-9X])$"


def normalized_patent_number(column: str | pl.Expr) -> pl.Expr:
    """``CN 202310123456.7`` -> ``202310123456.7``; ``CN2023101234567`` gains its dot.

    Text that does not look like an application number stays as it is (without spaces,
    upper-cased), so the contract can show it. Blank -> null.
    """
    text = pl.col(column) if isinstance(column, str) else column
    compact = text.str.replace_all(r"\s+", "").str.to_uppercase()
    return pl.when(compact != "").then(compact.str.replace(_PATENT_PARTS, "${1}.${2}"))


_PUBLICATION_PARTS = r"^([A-Z]{2})-?(\d+)-?([A-Z]\d?)$"


def normalized_publication_number(column: str | pl.Expr) -> pl.Expr:
    """``CN-114138539-A`` (Google) or ``CN 114138539 A`` -> ``CN114138539A`` (CNIPA's form).

    Other text stays as it is (without spaces, upper-cased). Blank -> null.
    """
    text = pl.col(column) if isinstance(column, str) else column
    compact = text.str.replace_all(r"\s+", "").str.to_uppercase()
    return pl.when(compact != "").then(compact.str.replace(_PUBLICATION_PARTS, "${1}${2}${3}"))


def normalize_patent_number(text: str | None) -> str | None:
    """``normalized_patent_number`` for one value."""
    return pl.select(normalized_patent_number(pl.lit(clean_text(text), dtype=pl.String))).item()


def patent_type_digit(number: str | None) -> str | None:
    """The type digit T of ``YYYYTNNNNNNN.C`` / pre-2003 ``YYTNNNNN.C``; None if malformed."""
    shape = _PATENT_SHAPE.fullmatch(number or "")
    return shape[1][TYPE_DIGIT_POSITION[len(shape[1])]] if shape else None


def patent_type_of_number(number: str | None) -> str | None:
    """``invention`` / ``utility_model`` / ``design`` as the type digit says, else None."""
    return PATENT_TYPE_OF_DIGIT.get(patent_type_digit(number) or "")


def patent_type_digit_of(column: str | pl.Expr) -> pl.Expr:
    """``patent_type_digit`` as a polars expression (null when the number is malformed)."""
    digits = (pl.col(column) if isinstance(column, str) else column).str.extract(_PATENT_DIGITS)
    position = digits.str.len_chars().replace_strict(TYPE_DIGIT_POSITION, default=None)
    return digits.str.slice(position, 1)


def patent_type_of(column: str | pl.Expr) -> pl.Expr:
    """``patent_type_of_number`` as a polars expression."""
    return patent_type_digit_of(column).replace_strict(
        PATENT_TYPE_OF_DIGIT, default=None, return_dtype=pl.String
    )


def patent_number_problem(number: str) -> str | None:
    """Why ``number`` (normalised) is not a valid application number, or None when it is."""
    shape = _PATENT_SHAPE.fullmatch(number)
    if not shape:
        return "is not of the form YYYYTNNNNNNN.C (or NNNNNNNN.C before 2003)"
    digits, check = shape.groups()
    type_digit = patent_type_digit(number)
    if type_digit not in PATENT_TYPE_OF_DIGIT:
        return f"type digit {type_digit!r} is not 1, 2, 3, 8 or 9"
    expected = patent_check_char(digits)
    if check != expected:
        return f"check digit is {check!r}, expected {expected!r}"
    return None


def patent_check_char(digits: str) -> str:
    """Check character of the 12 (post-2003) or 8 (pre-2003) digits: Σ dᵢ·wᵢ mod 11, 10 -> X."""
    weights = PATENT_WEIGHTS[: len(digits)]
    remainder = sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True)) % 11
    return "X" if remainder == 10 else str(remainder)


def patent_number_problems(numbers: pl.Series) -> dict[str, str]:
    """``{number: problem}`` for the invalid numbers of a column (nulls ignored).

    Screened in bulk like ``uscc_problems``; ``patent_number_problem`` has the final word.
    """
    distinct = numbers.drop_nulls().unique()
    candidates = distinct.filter(~_screen_valid_patent_numbers(distinct))
    problems = {number: patent_number_problem(number) for number in candidates}
    return {number: problem for number, problem in problems.items() if problem}


def _screen_valid_patent_numbers(numbers: pl.Series) -> pl.Series:
    """True where a number has the shape, a known type digit and the right check character."""
    screened = np.zeros(len(numbers), dtype=bool)
    for width, type_position in TYPE_DIGIT_POSITION.items():
        shaped = numbers.str.contains(rf"^[0-9]{{{width}}}\.[0-9X]$").fill_null(False)
        chars = _character_codes(numbers.filter(shaped), width + 2)
        digits = chars[:, :width]
        screened[shaped.to_numpy()] = np.isin(digits[:, type_position], _KNOWN_TYPE_DIGITS) & (
            chars[:, -1] == _patent_check_codes(digits)
        )
    return pl.Series(screened)


# -- the check characters on arrays of character codes (the bulk screens) --------------------
# The rules above, for a whole column at once: one row of ASCII codes per value. A million
# codes are screened in about 0.3 s, a quarter of what polars string slices took.

_ZERO, _X = ord("0"), ord("X")
_USCC_ALPHABET_CODES = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
_USCC_VALUE_OF_CODE = np.zeros(128, dtype=np.uint8)
_USCC_VALUE_OF_CODE[_USCC_ALPHABET_CODES] = np.arange(len(USCC_ALPHABET))
_ORGANISATION_VALUE_OF_CODE = np.zeros(128, dtype=np.uint8)
_ORGANISATION_VALUE_OF_CODE[_USCC_ALPHABET_CODES] = [
    _organisation_value(char) for char in USCC_ALPHABET
]
_DIGIT_VALUE_OF_CODE = np.zeros(128, dtype=np.uint8)
_DIGIT_VALUE_OF_CODE[_ZERO : _ZERO + 10] = np.arange(10)
_KNOWN_TYPE_DIGITS = np.frombuffer("".join(PATENT_TYPE_OF_DIGIT).encode("ascii"), dtype=np.uint8)


def _character_codes(values: pl.Series, width: int) -> np.ndarray:
    """ASCII values all ``width`` characters long as an n × ``width`` array of their codes."""
    joined = values.str.join("").item() if len(values) else ""
    return np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(-1, width)


def _weighted_sums(values: np.ndarray, weights: tuple[int, ...]) -> np.ndarray:
    """Σ valueᵢ·weightᵢ per row. Computed in float32 (a BLAS product, several times faster
    than numpy's integer one) and exact: every sum here stays far below 2**24."""
    product = values.astype(np.float32) @ np.array(weights, dtype=np.float32)
    return product.astype(np.int64)


def _organisation_check_codes(bodies: np.ndarray) -> np.ndarray:
    """``organisation_code_check_char`` of n × 8 character codes."""
    check = 11 - _weighted_sums(_ORGANISATION_VALUE_OF_CODE[bodies], ORGANISATION_WEIGHTS) % 11
    return np.select([check == 10, check == 11], [_X, _ZERO], _ZERO + check)


def _uscc_check_codes(first_17: np.ndarray) -> np.ndarray:
    """The 18th USCC character of n × 17 character codes (GB 32100, weights mod 31)."""
    total = _weighted_sums(_USCC_VALUE_OF_CODE[first_17], USCC_WEIGHTS)
    return _USCC_ALPHABET_CODES[(31 - total % 31) % 31]


def _patent_check_codes(digits: np.ndarray) -> np.ndarray:
    """``patent_check_char`` of n × 12 (or n × 8) digit codes: Σ dᵢ·wᵢ mod 11, 10 -> X."""
    weights = PATENT_WEIGHTS[: digits.shape[1]]
    remainder = _weighted_sums(_DIGIT_VALUE_OF_CODE[digits], weights) % 11
    return np.where(remainder == 10, _X, _ZERO + remainder)
