"""Delivery files as tables, and their bytes: CSV in several encodings, or XLSX.

A cell is a string, a date or None (blank). CSV files write dates in the file's date
style; XLSX files write real date cells, except in corrupted rows where the date column
holds unparseable text. Row numbers are the ones a person sees: the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

import xlsxwriter

Cell = str | date | None

DATE_STYLES: dict[str, Callable[[date], str]] = {
    "iso": lambda d: d.isoformat(),
    "iso_time": lambda d: f"{d.isoformat()} 00:00:00",
    "slash": lambda d: f"{d.year}/{d.month}/{d.day}",
    "slash_time": lambda d: f"{d.year}/{d.month}/{d.day} 0:00:00",
    "dotted": lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}",
    "compact": lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}",
    "chinese": lambda d: f"{d.year}年{d.month}月{d.day}日",
}
# Fixed document properties: the same rows always give the same XLSX bytes.
_XLSX_PROPERTIES = {"created": datetime(2000, 1, 1), "author": "", "company": ""}


@dataclass(frozen=True)
class DeliveryRow:
    """One data row; ``violation`` names the canonical column a corrupted copy breaks."""

    values: dict[str, Cell]
    violation: str | None = None


class CsvLayout(NamedTuple):
    encoding: str  # gbk | utf-8 | utf-8-sig (with BOM)
    date_style: str  # a key of DATE_STYLES
    line_terminator: str = "\n"


class ExpectedQuarantine(NamedTuple):
    file: str  # relative to landing/
    row_number: int
    column: str


@dataclass(frozen=True)
class DeliveryFile:
    """A file as delivered: path under ``landing/``, headers, rows, CSV layout or XLSX."""

    path: str
    headers: tuple[str, ...]
    csv_layout: CsvLayout | None  # None: XLSX, one sheet, header in row 1
    rows: list[DeliveryRow] = field(default_factory=list)
    sheet_name: str = "Sheet1"

    def render(self) -> bytes:
        return self._render_xlsx() if self.csv_layout is None else self._render_csv()

    def expected_quarantine(self) -> list[ExpectedQuarantine]:
        return [
            ExpectedQuarantine(self.path, number, row.violation)
            for number, row in enumerate(self.rows, start=2)
            if row.violation
        ]

    def _render_csv(self) -> bytes:
        layout = self.csv_layout
        as_text = DATE_STYLES[layout.date_style]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=layout.line_terminator)
        writer.writerow(self.headers)
        for row in self.rows:
            writer.writerow([_csv_cell(row.values.get(header), as_text) for header in self.headers])
        return buffer.getvalue().encode(layout.encoding)

    def _render_xlsx(self) -> bytes:
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        workbook.set_properties(_XLSX_PROPERTIES)
        sheet = workbook.add_worksheet(self.sheet_name)
        header_format = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, self.headers, header_format)
        for row_index, row in enumerate(self.rows, start=1):
            for column_index, header in enumerate(self.headers):
                value = row.values.get(header)
                if isinstance(value, date):
                    moment = datetime(value.year, value.month, value.day)
                    sheet.write_datetime(row_index, column_index, moment, date_format)
                elif value:
                    sheet.write_string(row_index, column_index, value)
        workbook.close()
        return buffer.getvalue()


def _csv_cell(value: Cell, as_text: Callable[[date], str]) -> str:
    if value is None:
        return ""
    return as_text(value) if isinstance(value, date) else value
