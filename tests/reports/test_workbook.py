"""The Excel scorecard: one sheet per view, values as published, names neutralised."""

from __future__ import annotations

import pytest
from hostile_home import FORMULA_NAME, SCRIPT_NAME
from openpyxl import load_workbook


def _sheet_rows(path, name):
    sheet = load_workbook(path)[name]
    rows = list(sheet.iter_rows(values_only=True))
    return rows[0], rows[1:]


def test_one_sheet_per_view(built):
    assert load_workbook(built.workbook).sheetnames == [
        "scorecard",
        "parks",
        "kpi_series",
        "drilldown",
    ]


def test_scorecard_sheet_holds_every_kpi_with_published_values(built):
    header, rows = _sheet_rows(built.workbook, "scorecard")
    by_kpi = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    with built.published() as con:
        definitions = con.execute("select count(*) from reference.kpi_definitions").fetchall()
        values = dict(
            con.execute(
                "select kpi_id, value from marts.kpi_values "
                "where park_id = 'ALL' and quarter = ? and status = 'ok'",
                [built.quarter],
            ).fetchall()
        )
    assert len(by_kpi) == definitions[0][0]
    for kpi_id, row in by_kpi.items():
        if kpi_id in values:
            assert row["value"] == pytest.approx(values[kpi_id], rel=1e-12), kpi_id
        else:
            assert row["value"] is None and row["status"] == "no_data", kpi_id


def test_no_cell_is_a_formula_and_hostile_names_stay_text(built):
    book = load_workbook(built.workbook)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
    _, rows = _sheet_rows(built.workbook, "drilldown")
    names = {row[4] for row in rows}
    assert "'" + FORMULA_NAME in names, "formula-like name neutralised with a leading '"
    assert FORMULA_NAME not in names
    assert SCRIPT_NAME in names
