"""Personal data is masked or dropped before anything else sees a table."""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest

from ingestion.privacy import (
    DROPPED_HEADERS,
    PII_KEY_VARIABLE,
    MissingPiiKey,
    mask_person_name,
    person_hash,
    pii_key,
    scrub_personal_data,
)
from ingestion.readers import read_table

GOOGLE_PATENTS = (
    Path(__file__).parents[1] / "fixtures/deliveries/google_patents/gp-search-20250630.csv"
)


def test_mask_person_name():
    assert mask_person_name("张三") == "张*"
    assert mask_person_name("欧阳娜娜") == "欧*"
    assert mask_person_name(None) is None


def test_scrub_masks_names_and_drops_phone_and_id_columns(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "企业名称,法人代表,联系电话,手机,身份证号\n甲公司,张三,021-5050,13800138000,110101199001011234\n",
        encoding="utf-8",
    )
    table = scrub_personal_data(read_table(path))
    assert table.headers == ["企业名称", "法人代表"]
    assert table.frame["法人代表"].to_list() == ["张*"]
    assert {"联系电话", "手机", "身份证号"} <= set(DROPPED_HEADERS)


KEY = b"0123456789abcdef-test-key"


def test_keyed_hash_is_hmac_sha256_of_the_normalised_name():
    # Hand-computed: HMAC-SHA256(KEY, "张三"), the full-width space and padding removed.
    expected = hmac.new(KEY, "张三".encode(), hashlib.sha256).hexdigest()
    assert person_hash(" 张\u3000三 ", KEY) == expected
    assert person_hash("张三", b"another-key-of-16+bytes") != expected
    assert person_hash(None, KEY) is None


def test_hashed_columns_keep_equal_names_equal_and_other_names_masked(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(
        "企业名称,法人代表,联系人,电子邮件\n甲公司,张三,李四,a@b.cn\n乙公司,张三,王五,c@d.cn\n"
        "丙公司,张四,赵六,\n",
        encoding="utf-8",
    )
    table = scrub_personal_data(read_table(path), hashed_headers=("法人代表",), key=KEY)
    assert table.headers == ["企业名称", "法人代表", "联系人"]
    first, second, third = table.frame["法人代表"].to_list()
    assert first == second == person_hash("张三", KEY)  # a join on persons still works
    assert third != first and "张" not in third
    assert table.frame["联系人"].to_list() == ["李*", "王*", "赵*"]


@pytest.mark.parametrize("value", [None, "", "short"])
def test_a_hash_without_a_usable_key_is_a_clear_error(value, tmp_path):
    environ = {} if value is None else {PII_KEY_VARIABLE: value}
    with pytest.raises(MissingPiiKey, match=PII_KEY_VARIABLE):
        pii_key(environ)
    path = tmp_path / "firms.csv"
    path.write_text("企业名称,法人代表\n甲公司,张三\n", encoding="utf-8")
    if value is None:
        with pytest.MonkeyPatch.context() as patch:
            patch.delenv(PII_KEY_VARIABLE, raising=False)
            with pytest.raises(MissingPiiKey, match="not set"):
                scrub_personal_data(read_table(path), hashed_headers=("法人代表",))


def test_google_patents_inventors_are_dropped():
    table = scrub_personal_data(read_table(GOOGLE_PATENTS))
    assert "inventor/author" not in table.headers
    cells = {str(value) for row in table.frame.rows() for value in row}
    assert not any(name in cell for cell in cells for name in ("张三", "李四", "王五", "赵六"))
