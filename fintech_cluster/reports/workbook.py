"""The Excel scorecard of one quarter: a sheet per view (scorecard, parks, KPI series,
drill-down). Every text cell goes through ``export.neutralise`` (the project's one rule
against formula injection), and is written as a string, never parsed as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from fintech_cluster.export import neutralise
from fintech_cluster.reports.data import ReportData
from fintech_cluster.reports.html import scorecard_rows

SHEETS = ("scorecard", "parks", "kpi_series", "drilldown")


def _write_rows(sheet, header: Sequence[str], rows: Sequence[Sequence[object]], bold) -> None:
    for column, title in enumerate(header):
        sheet.write_string(0, column, str(neutralise(title)), bold)
    for row_number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if value is None:
                continue  # an empty cell: no data, never 0
            if isinstance(value, bool) or not isinstance(value, int | float):
                sheet.write_string(row_number, column, str(neutralise(str(value))))
            else:
                sheet.write_number(row_number, column, value)
    sheet.freeze_panes(1, 0)
    sheet.set_column(0, len(header) - 1, 16)


def _scorecard(data: ReportData):
    header = [
        "kpi_id",
        "name_zh",
        "name_en",
        "unit",
        "value",
        "path_value",
        "pct_of_path",
        "status",
    ]
    rows = []
    for row, definition in zip(scorecard_rows(data, "en"), data.definitions, strict=True):
        progress = data.progress.get((row.kpi_id, "ALL"))
        has_value = row.raw_value is not None
        rows.append(
            [
                row.kpi_id,
                definition.name_zh,
                definition.name_en,
                row.unit,
                row.raw_value,
                progress.path_value if progress else None,
                progress.pct_of_path if progress and has_value else None,
                row.status,
            ]
        )
    return header, rows


def _parks(data: ReportData):
    header = ["park_id", "park_zh", "park_en", "subject", "score", "score_low", "score_high"]
    subjects = ["INDEX"] + [str(item.action_item_id) for item in data.action_items]
    rows = []
    for park in data.parks:
        for subject in subjects:
            found = data.score(subject, park.park_id)
            rows.append(
                [park.park_id, park.name_zh, park.name_en, subject]
                + ([found.score, found.low, found.high] if found else [None, None, None])
            )
    return header, rows


def _series(data: ReportData):
    header = ["kpi_id", "park_id", "quarter", "value", "is_estimate"]
    rows = [
        [kpi_id, park_id, quarter, value.value, "yes" if value.is_estimate else "no"]
        for (kpi_id, park_id, quarter), value in sorted(data.values.items())
    ]
    return header, rows


def _drilldown(data: ReportData):
    header = ["kpi_id", "park_id", "entity_type", "entity_id", "name", "contribution"]
    rows = [
        [c.kpi_id, c.park_id, c.entity_type, c.entity_id, c.name, c.contribution]
        for c in data.contributions
    ]
    return header, rows


def write_workbook(data: ReportData, path: Path) -> Path:
    staging = path.with_name(f".{path.name}.tmp")
    # strings_to_formulas off: a name such as "=HYPERLINK(…)" stays text even unescaped.
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with xlsxwriter.Workbook(str(staging), options) as workbook:
        bold = workbook.add_format({"bold": True})
        for name, view in zip(SHEETS, (_scorecard, _parks, _series, _drilldown), strict=True):
            header, rows = view(data)
            _write_rows(workbook.add_worksheet(name), header, rows, bold)
    staging.replace(path)
    return path
