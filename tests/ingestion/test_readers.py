"""Reading delivered files: encodings, line endings, quoting, workbooks, JSON, row numbers."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
import xlsxwriter

from ingestion.errors import FileRejected
from ingestion.readers import ROW_NUMBER, read_table, read_tables

HEADER = "企业名称,注册资金,地区"
ROWS = ['上海甲公司,"1,000(万元人民币)",浦东新区', "上海乙公司（集团）,１００万人民币,  黄浦区  "]


def write(tmp_path, name: str, content: bytes):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def records(table) -> list[dict]:
    return table.frame.to_dicts()


def test_utf8_csv_is_read_as_text_with_row_numbers(tmp_path):
    path = write(tmp_path, "a.csv", "\n".join([HEADER, *ROWS]).encode())
    table = read_table(path)
    assert table.encoding == "utf-8"
    assert table.header_row == 1
    assert table.headers == ["企业名称", "注册资金", "地区"]
    assert records(table) == [
        {
            "企业名称": "上海甲公司",
            "注册资金": "1,000(万元人民币)",
            "地区": "浦东新区",
            ROW_NUMBER: 2,
        },
        # NFKC (full-width digits and brackets) and stripping of every value
        {
            "企业名称": "上海乙公司(集团)",
            "注册资金": "100万人民币",
            "地区": "黄浦区",
            ROW_NUMBER: 3,
        },
    ]


def test_gbk_csv_is_transcoded(tmp_path):
    path = write(tmp_path, "gbk.csv", "\r\n".join([HEADER, *ROWS]).encode("gbk"))
    table = read_table(path)
    assert table.encoding == "gb18030"
    assert table.frame["企业名称"].to_list() == ["上海甲公司", "上海乙公司(集团)"]


def test_utf8_bom_is_stripped_from_the_first_header(tmp_path):
    path = write(tmp_path, "bom.csv", "\n".join([HEADER, *ROWS]).encode("utf-8-sig"))
    table = read_table(path)
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "企业名称"


def test_crlf_blank_lines_and_quoted_newlines_keep_file_row_numbers(tmp_path):
    text = (
        "企业名称,经营范围\r\n"  # line 1
        "甲,软件\r\n"  # line 2
        "\r\n"  # line 3: blank, skipped
        '乙,"第一行\r\n第二行"\r\n'  # lines 4-5: one record
        ",\r\n"  # line 6: only separators, skipped
        "丙,数据\r\n"  # line 7
    )
    table = read_table(write(tmp_path, "crlf.csv", text.encode()))
    assert table.frame[ROW_NUMBER].to_list() == [2, 4, 7]
    assert table.frame["经营范围"].to_list() == ["软件", "第一行\n第二行", "数据"]


def test_title_rows_above_the_header_are_skipped(tmp_path):
    text = "企业登记信息导出\n导出日期:2025-06-30\n企业名称,地区\n甲,浦东新区\n"
    table = read_table(write(tmp_path, "title.csv", text.encode()))
    assert table.header_row == 3
    assert records(table) == [{"企业名称": "甲", "地区": "浦东新区", ROW_NUMBER: 4}]


def test_tab_separated_and_ragged_short_rows(tmp_path):
    text = "申请号\t申请日\t名称\n202310123456.6\t2023-03-01\n"
    table = read_table(write(tmp_path, "t.tsv", text.encode()))
    assert records(table) == [
        {"申请号": "202310123456.6", "申请日": "2023-03-01", "名称": None, ROW_NUMBER: 2}
    ]


def test_value_beyond_the_header_rejects_the_file(tmp_path):
    text = "企业名称,注册资金\n甲,100万\n乙,1,000万\n"  # unquoted thousands separator
    with pytest.raises(FileRejected, match=r"ragged\.csv: row 3 has values beyond"):
        read_table(write(tmp_path, "ragged.csv", text.encode()))


def test_undecodable_bytes_are_rejected_naming_file_and_offset(tmp_path):
    content = HEADER.encode() + b"\n\xff\xfe\xfa,x,y\n"
    with pytest.raises(FileRejected) as rejected:
        read_table(write(tmp_path, "broken.csv", content))
    message = str(rejected.value)
    assert message.startswith("broken.csv: cannot be decoded")
    assert f"byte offset {len(HEADER.encode()) + 1}" in message


def test_unsupported_and_empty_files_are_rejected(tmp_path):
    with pytest.raises(FileRejected, match=r"notes\.doc: unsupported file type"):
        read_table(write(tmp_path, "notes.doc", b"hello"))
    with pytest.raises(FileRejected, match="empty"):
        read_table(write(tmp_path, "empty.csv", b"\r\n"))


def test_xlsx_cells_are_text_and_rows_are_sheet_rows(tmp_path):
    path = tmp_path / "book.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet("导出")
    sheet.write(0, 0, "融资事件导出")  # title row 1; row 2 left empty
    sheet.write_row(2, 0, ["工商名称", "融资时间", "融资金额", "编号"])  # header: row 3
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(3, 0, "上海甲公司")
    sheet.write_datetime(3, 1, datetime(2021, 5, 6), date_format)
    sheet.write(3, 2, "2.6亿美元")
    sheet.write_number(3, 3, 12)
    sheet.write(5, 0, "上海乙公司")  # row 5 left empty
    sheet.write_number(5, 1, 45123)  # a date typed as a serial number
    sheet.write_string(5, 3, "007")
    workbook.close()

    table = read_table(path)
    assert (table.header_row, table.encoding) == (3, None)
    assert records(table) == [
        {"工商名称": "上海甲公司", "融资时间": "2021-05-06", "融资金额": "2.6亿美元", "编号": "12",
         ROW_NUMBER: 4},
        {"工商名称": "上海乙公司", "融资时间": "45123", "融资金额": None, "编号": "007",
         ROW_NUMBER: 6},
    ]  # fmt: skip


def test_json_envelope_and_array(tmp_path):
    envelope = {
        "Status": "200",
        "Message": "查询成功",
        "Result": [
            {"企业名称": "上海甲公司", "注册资本": 1000, "上市": False},
            {"企业名称": "上海乙公司", "历史名称": ["旧名"]},
        ],
    }
    text = json.dumps(envelope, ensure_ascii=False).encode()
    table = read_table(write(tmp_path, "api.json", text))
    assert table.header_row is None
    assert records(table) == [
        {"企业名称": "上海甲公司", "注册资本": "1000", "上市": "false", "历史名称": None,
         ROW_NUMBER: 1},
        {"企业名称": "上海乙公司", "注册资本": None, "上市": None, "历史名称": '["旧名"]',
         ROW_NUMBER: 2},
    ]  # fmt: skip
    array = read_table(write(tmp_path, "plain.json", b'[{"a": "x"}]'))
    assert records(array) == [{"a": "x", ROW_NUMBER: 1}]


def test_json_error_envelope_is_rejected(tmp_path):
    text = json.dumps({"Status": "101", "Message": "key invalid", "Result": None}).encode()
    with pytest.raises(FileRejected, match=r"api\.json: API envelope reports Status '101'"):
        read_table(write(tmp_path, "api.json", text))


def test_duplicated_column_names_are_kept_apart(tmp_path):
    text = "企业名称,地区,地区,备注\r\n甲,上海,浦东新区,\r\n"
    table = read_table(write(tmp_path, "dup.csv", text.encode()))
    assert table.headers == ["企业名称", "地区", "地区_2", "备注"]
    assert records(table) == [
        {"企业名称": "甲", "地区": "上海", "地区_2": "浦东新区", "备注": None, ROW_NUMBER: 2}
    ]


def test_every_non_blank_sheet_is_a_table_and_read_table_takes_the_first(tmp_path):
    path = tmp_path / "sheets.xlsx"
    workbook = xlsxwriter.Workbook(path)
    notes = workbook.add_worksheet("说明")
    notes.write(0, 0, "数据来源:市场监管局")
    workbook.add_worksheet("空白")
    data = workbook.add_worksheet("数据")
    data.write_row(0, 0, ["企业名称", "地区"])
    data.write_row(1, 0, ["甲", "浦东新区"])
    workbook.close()

    tables = read_tables(path)
    assert [table.sheet for table in tables] == ["说明", "数据"]
    assert tables[1].headers == ["企业名称", "地区"]
    assert records(tables[1]) == [{"企业名称": "甲", "地区": "浦东新区", ROW_NUMBER: 2}]
    assert read_table(path).sheet == "说明"


def test_merged_group_header_cells_name_columns_by_their_sub_header(tmp_path):
    path = tmp_path / "merged.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    sheet.merge_range(0, 0, 0, 3, "2024年新设企业名单")  # title merged across: row 1
    sheet.merge_range(1, 0, 2, 0, "序号")  # merged down rows 2-3
    sheet.merge_range(1, 1, 1, 2, "企业信息")  # group over two columns
    sheet.merge_range(1, 3, 2, 3, "注册地址")
    sheet.write_row(2, 1, ["企业名称", "统一社会信用代码"])
    sheet.write_row(3, 0, ["1", "甲公司", "91310115MA1K3YJ58X", "浦东新区1号"])
    workbook.close()

    table = read_table(path)
    assert table.headers == ["序号", "企业名称", "统一社会信用代码", "注册地址"]
    assert table.header_row == 3
    assert records(table) == [
        {"序号": "1", "企业名称": "甲公司", "统一社会信用代码": "91310115MA1K3YJ58X",
         "注册地址": "浦东新区1号", ROW_NUMBER: 4},
    ]  # fmt: skip


def test_a_data_row_under_a_header_with_a_blank_cell_is_not_a_sub_header(tmp_path):
    text = "企业名称,,地区\n甲,x,浦东新区\n"
    table = read_table(write(tmp_path, "blank.csv", text.encode()))
    assert table.headers == ["企业名称", "column_2", "地区"]
    assert table.header_row == 1
