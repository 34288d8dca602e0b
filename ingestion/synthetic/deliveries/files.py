"""Delivery files as tables, and their bytes: CSV in several encodings, XLSX, or JSON.

A cell is a string, a date or None (blank). CSV files write dates in the file's date
style; XLSX files write real date cells, except in corrupted rows where the date column
holds unparseable text. Row numbers are the ones a person sees: the header is row 1, or
the row after the ``preamble`` lines (a CSV's ``search URL:`` line, an XLSX's title row
and merged group headers); JSON records are numbered from 1.
"""

from __future__ import annotations

import csv
import io
import json
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
    "us_slash": lambda d: f"{d.month}/{d.day}/{d.year}",  # a CSV re-saved by Excel
    "iso_midnight": lambda d: f"{d.isoformat()} 00:00:00",
    "iso_offset": lambda d: f"{d.isoformat()}T00:00:00+08:00",  # a commercial data API
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


class JsonLayout(NamedTuple):
    """An API payload: records in ``{"Status": "200", "Message": …, "Result": [...]}``."""

    date_style: str  # a key of DATE_STYLES


class GroupHeader(NamedTuple):
    """An XLSX group header merged over ``columns`` (the sub-headers name them)."""

    text: str
    columns: tuple[str, ...]


@dataclass(frozen=True)
class DeliveryFile:
    """A file as delivered: path under ``landing/``, headers, rows, and its layout: CSV,
    JSON, or XLSX (``csv_layout`` None) with optional title row, group headers and a
    notes sheet before the data sheet."""

    path: str
    headers: tuple[str, ...]
    csv_layout: CsvLayout | JsonLayout | None  # None: XLSX
    rows: list[DeliveryRow] = field(default_factory=list)
    sheet_name: str = "Sheet1"
    preamble: tuple[str, ...] = ()  # CSV lines / XLSX title rows above the header
    group_headers: tuple[GroupHeader, ...] = ()  # XLSX only
    notes_sheet: tuple[str, ...] = ()  # XLSX only: a first sheet of explanations

    def render(self) -> bytes:
        if isinstance(self.csv_layout, JsonLayout):
            return self._render_json()
        return self._render_xlsx() if self.csv_layout is None else self._render_csv()

    @property
    def first_data_row(self) -> int:
        if isinstance(self.csv_layout, JsonLayout):
            return 1
        return 2 + len(self.preamble) + bool(self.group_headers)

    def expected_quarantine(self) -> list[ExpectedQuarantine]:
        return [
            ExpectedQuarantine(self.path, number, row.violation)
            for number, row in enumerate(self.rows, start=self.first_data_row)
            if row.violation
        ]

    def _render_json(self) -> bytes:
        as_text = DATE_STYLES[self.csv_layout.date_style]
        records = [
            {header: _csv_cell(row.values.get(header), as_text) for header in self.headers}
            for row in self.rows
        ]
        payload = {"Status": "200", "Message": "查询成功", "Result": records}
        return (json.dumps(payload, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def _render_csv(self) -> bytes:
        layout = self.csv_layout
        as_text = DATE_STYLES[layout.date_style]
        buffer = io.StringIO()
        for line in self.preamble:
            buffer.write(line + layout.line_terminator)
        writer = csv.writer(buffer, lineterminator=layout.line_terminator)
        writer.writerow(self.headers)
        for row in self.rows:
            writer.writerow([_csv_cell(row.values.get(header), as_text) for header in self.headers])
        return buffer.getvalue().encode(layout.encoding)

    def _render_xlsx(self) -> bytes:
        buffer = io.BytesIO()
        workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
        workbook.set_properties(_XLSX_PROPERTIES)
        if self.notes_sheet:
            notes = workbook.add_worksheet("说明")
            for line_index, line in enumerate(self.notes_sheet):
                notes.write_string(line_index, 0, line)
        sheet = workbook.add_worksheet(self.sheet_name)
        header_format = workbook.add_format({"bold": True})
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for title_index, title in enumerate(self.preamble):
            sheet.write_string(title_index, 0, title)
        header_index = self._write_header_rows(sheet, len(self.preamble), header_format)
        for row_index, row in enumerate(self.rows, start=header_index + 1):
            for column_index, header in enumerate(self.headers):
                value = row.values.get(header)
                if isinstance(value, date):
                    moment = datetime(value.year, value.month, value.day)
                    sheet.write_datetime(row_index, column_index, moment, date_format)
                elif value:
                    sheet.write_string(row_index, column_index, value)
        workbook.close()
        return buffer.getvalue()

    def _write_header_rows(self, sheet, row_index: int, header_format) -> int:
        """The header row, or two: group cells merged over their columns with the column
        names below, other headers merged down both rows. Returns the last header row."""
        if not self.group_headers:
            sheet.write_row(row_index, 0, self.headers, header_format)
            return row_index
        grouped = {column for group in self.group_headers for column in group.columns}
        for group in self.group_headers:
            first = self.headers.index(group.columns[0])
            last = self.headers.index(group.columns[-1])
            sheet.merge_range(row_index, first, row_index, last, group.text, header_format)
        for column_index, header in enumerate(self.headers):
            if header not in grouped:
                sheet.merge_range(
                    row_index, column_index, row_index + 1, column_index, header, header_format
                )
            else:
                sheet.write_string(row_index + 1, column_index, header, header_format)
        return row_index + 1


def _csv_cell(value: Cell, as_text: Callable[[date], str]) -> str:
    if value is None:
        return ""
    return as_text(value) if isinstance(value, date) else value
