"""Personal data is masked or dropped before anything else sees a table."""

from __future__ import annotations

from ingestion.privacy import DROPPED_HEADERS, mask_person_name, scrub_personal_data
from ingestion.readers import read_table


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
