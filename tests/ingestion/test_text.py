"""Text clean-up of delivered values: the bulk version equals the single-value rule."""

from __future__ import annotations

import sys
import unicodedata

import polars as pl
import pytest

from ingestion.text import _NOT_ASCII_OR_CJK, clean_text, clean_text_columns

COLUMNS = {
    "ascii": ["91310115MA1K3YJ58X", " 2023-01-05 ", "", None],
    "cjk_only": ["上海甲科技有限公司", "浦东新区", None, "乙"],
    "full_width": ["有限责任公司（自然人投资）", "１２０００万元", "Ａ轮", None],
    "combining": ["Cafe\u0301", "e\u0301", "x", None],  # NFKC composes é
    "ideographic_space": ["上海\u3000浦东", "甲", None, "乙"],
    "hangul_jamo": ["\u1100\u1161", "가", None, "x"],  # L + V compose to 가
    "all_null": [None, None, None, None],
}


def test_every_column_is_cleaned_like_each_of_its_values():
    frame = pl.DataFrame(COLUMNS, schema={name: pl.String for name in COLUMNS})
    cleaned = clean_text_columns(frame)
    for name, values in COLUMNS.items():
        assert cleaned[name].to_list() == [clean_text(v) for v in values], name


def test_an_empty_frame_stays_empty():
    frame = pl.DataFrame(schema={"a": pl.String, "b": pl.Int64})
    assert clean_text_columns(frame).shape == (0, 2)


@pytest.mark.parametrize("character", ["（", "１", "\u3000", "\u0301", "\u1161", "\uf900", "Ａ"])
def test_characters_nfkc_can_change_are_outside_the_safe_ranges(character):
    frame = pl.DataFrame({"c": [f"甲{character}"]})
    assert frame.select(pl.col("c").str.contains(_NOT_ASCII_OR_CJK)).item()


def test_ascii_and_cjk_ideographs_are_nfkc_stable_alone_and_together():
    """What the shortcut relies on: no character of the two ranges is changed by NFKC or
    combines, and no canonical composition is made only of characters of the ranges."""

    def in_ranges(char: str) -> bool:
        return ord(char) < 0x80 or 0x4E00 <= ord(char) <= 0x9FFF

    safe = [chr(code) for code in [*range(0x80), *range(0x4E00, 0xA000)]]
    assert all(in_ranges(char) for char in safe)
    assert all(unicodedata.normalize("NFKC", char) == char for char in safe)
    assert not any(unicodedata.combining(char) for char in safe)
    composed_of_safe = []
    for code in range(sys.maxunicode + 1):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) >= 2 and not decomposition[0].startswith("<"):
            parts = [chr(int(part, 16)) for part in decomposition]
            if all(in_ranges(part) for part in parts):
                composed_of_safe.append(chr(code))
    assert composed_of_safe == []
