"""Read a delivered file into an all-text table, whatever its container and encoding.

``read_table(path)`` returns a ``RawTable``: one String column per header (headers cleaned
as formats match them), every value NFKC-normalised and stripped (empty -> null), blank
rows dropped, and ``_row_number`` holding the row a person sees in the file: the header
is row 1 (or its real row below title rows) and the first data row is 2. Rows of a text
file are numbered by the line they start on, so blank lines and line breaks inside quoted
values keep the numbering true to the file. Files that cannot be read at all raise
``FileRejected`` naming the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import math
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from ingestion.errors import FileRejected
from ingestion.text import clean_header, clean_text_columns

ROW_NUMBER = "_row_number"
DELIMITED_SUFFIXES = (".csv", ".tsv", ".txt")
WORKBOOK_SUFFIXES = (".xlsx",)
JSON_SUFFIXES = (".json",)
SEPARATOR_CANDIDATES = (",", "\t", ";", "|")
HEADER_SEARCH_ROWS = 30  # title rows above the header are looked for this far down
SAMPLE_LINES = 50  # lines inspected to guess the separator and the width
SAMPLE_CHARS = 200_000  # … found within the first characters
ZIP_MAGIC = b"PK\x03\x04"
JSON_SUCCESS_STATUSES = {"200", "201", "0", "ok", "success"}


@dataclass(frozen=True)
class RawTable:
    """A delivered file as text: ``frame`` has one String column per header + ``_row_number``."""

    path: Path
    frame: pl.DataFrame
    header_row: int | None  # None for JSON, which has no header row
    encoding: str | None  # None for workbooks, which carry their own encoding
    sheet: str | None = None  # the worksheet's name, for workbooks

    @property
    def headers(self) -> list[str]:
        return [name for name in self.frame.columns if name != ROW_NUMBER]


def read_table(path: Path | str, content: bytes | None = None) -> RawTable:
    """Read a delivered file (``content``: its bytes, when the caller already has them).

    For a workbook: its first sheet holding a header (see ``read_tables`` for all of them).
    """
    return read_tables(path, content)[0]


def read_tables(path: Path | str, content: bytes | None = None) -> list[RawTable]:
    """Every table of a delivered file: one per non-blank worksheet, else just the one.

    Workbooks often carry a notes or summary sheet next to the data; the caller picks the
    sheet whose header it recognises.
    """
    path = Path(path)
    content = path.read_bytes() if content is None else content
    if not content.strip():
        raise FileRejected("the file is empty", path)
    if content.startswith(ZIP_MAGIC) or path.suffix.lower() in WORKBOOK_SUFFIXES:
        return _read_workbook(content, path)
    return [_read_text_file(content, path)]


def _read_text_file(content: bytes, path: Path) -> RawTable:
    if path.suffix.lower() in JSON_SUFFIXES:
        return _read_json(*decode_text(content, path), path)
    if path.suffix.lower() in DELIMITED_SUFFIXES:
        text, encoding = decode_text(content, path)
        if not text.strip():
            raise FileRejected("the file is empty", path)
        return _read_delimited(text, encoding, path)
    known = ", ".join(DELIMITED_SUFFIXES + WORKBOOK_SUFFIXES + JSON_SUFFIXES)
    raise FileRejected(f"unsupported file type {path.suffix or '(none)'!r}; expected {known}", path)


# -- encodings -----------------------------------------------------------------------------


def decode_text(content: bytes, path: Path) -> tuple[str, str]:
    """Decode as UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (a GBK superset).

    Text holding a NUL character is a binary or corrupted file: rejected, never loaded.
    """
    text, encoding = _decode(content, path)
    nul = text.find("\x00")
    if nul >= 0:
        raise FileRejected(f"contains a NUL character at character {nul} (corrupted text)", path)
    return text, encoding


def _decode(content: bytes, path: Path) -> tuple[str, str]:
    if content.startswith(codecs.BOM_UTF8):
        return _decode_strictly(content, "utf-8-sig", path), "utf-8-sig"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_strictly(content, "utf-16", path), "utf-16"
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return content.decode("gb18030"), "gb18030"
        except UnicodeDecodeError as gb_error:
            raise FileRejected(
                f"cannot be decoded: not UTF-8 ({_describe(utf8_error)}) "
                f"and not GB18030/GBK ({_describe(gb_error)})",
                path,
            ) from None


def _decode_strictly(content: bytes, encoding: str, path: Path) -> str:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        raise FileRejected(f"cannot be decoded as {encoding}: {_describe(error)}", path) from None


def _describe(error: UnicodeDecodeError) -> str:
    bad = error.object[error.start : error.start + 1]
    return f"invalid byte 0x{bad.hex()} at byte offset {error.start}"


# -- delimited text ------------------------------------------------------------------------


def _read_delimited(text: str, encoding: str, path: Path) -> RawTable:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    separator = _guess_separator(text)
    try:
        grid, line_numbers = _parse_delimited(text, separator)
    except csv.Error as error:
        raise FileRejected(f"is not readable as delimited text: {error}", path) from None
    return _table_from_grid(grid, line_numbers, path, encoding)


def _guess_separator(text: str) -> str:
    """The candidate that occurs most often on one line among the first lines."""
    lines = _sample_lines(text)
    best_count = {sep: max(line.count(sep) for line in lines) for sep in SEPARATOR_CANDIDATES}
    return max(SEPARATOR_CANDIDATES, key=lambda sep: best_count[sep])  # ties -> comma


def _parse_delimited(text: str, separator: str) -> tuple[pl.DataFrame, pl.Series]:
    """All records as String columns ``c0…``, and the line each record starts on.

    polars parses fast and keeps blank lines as empty records, so a record's first line is
    1 + the lines used by the records before it. If polars meets a record wider than the
    sample, or the line count does not add up, the standard ``csv`` module (slower, exact)
    takes over.
    """
    width = _widest_record(text, separator)
    try:
        grid = pl.read_csv(
            text.encode("utf-8"),
            has_header=False,
            separator=separator,
            infer_schema=False,
            schema={f"c{i}": pl.String for i in range(width)},
            missing_columns="insert",
        )
    except (pl.exceptions.ComputeError, pl.exceptions.NoDataError):
        return _parse_delimited_exactly(text, separator)
    lines_used = 1 + pl.sum_horizontal(
        pl.col(name).str.count_matches("\n").fill_null(0) for name in grid.columns
    )
    lines_used = grid.select(lines_used.alias("n")).to_series()
    if lines_used.sum() != _line_count(text):
        return _parse_delimited_exactly(text, separator)
    first_lines = lines_used.cum_sum() - lines_used + 1
    return grid, first_lines


def _widest_record(text: str, separator: str) -> int:
    sample = _sample_lines(text)
    return max((len(row) for row in csv.reader(sample, delimiter=separator)), default=1) or 1


def _sample_lines(text: str) -> list[str]:
    return text[:SAMPLE_CHARS].split("\n", SAMPLE_LINES)[:SAMPLE_LINES]


def _line_count(text: str) -> int:
    return text.count("\n") + (0 if text.endswith("\n") else 1)


def _parse_delimited_exactly(text: str, separator: str) -> tuple[pl.DataFrame, pl.Series]:
    """The same result as ``_parse_delimited``, record by record (raises ``csv.Error``)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[list[str]] = []
    first_lines: list[int] = []
    last_line = 0
    for row in reader:
        rows.append(row)
        first_lines.append(last_line + 1)
        last_line = reader.line_num
    width = max((len(row) for row in rows), default=1) or 1
    padded = [row + [""] * (width - len(row)) for row in rows]
    grid = pl.DataFrame(padded, schema={f"c{i}": pl.String for i in range(width)}, orient="row")
    return grid, pl.Series(first_lines, dtype=pl.Int64)


# -- workbooks -----------------------------------------------------------------------------


def _read_workbook(content: bytes, path: Path) -> list[RawTable]:
    """Every non-blank sheet of an XLSX, cells as text; row numbers are the sheet's rows."""
    try:
        sheets = pl.read_excel(
            content,
            sheet_id=0,  # all sheets, in workbook order
            engine="calamine",
            has_header=False,
            drop_empty_rows=False,
            raise_if_empty=False,
            read_options={"header_row": None, "skip_rows": 0, "dtypes": "string"},
        )
    except Exception as error:  # calamine reports corrupt files in many ways
        raise FileRejected(f"cannot be read as an XLSX workbook: {error}", path) from None
    tables = []
    for sheet, grid in sheets.items():
        if grid.width == 0 or grid.height == 0:
            continue
        grid = grid.with_columns(_midnight_as_date(name) for name in grid.columns)
        sheet_rows = pl.int_range(1, grid.height + 1, eager=True)
        table = _table_from_grid(grid, sheet_rows, path, encoding=None)
        tables.append(replace(table, sheet=sheet))
    if not tables:
        raise FileRejected("the workbook has no non-blank sheet", path)
    return tables


def _midnight_as_date(column: str) -> pl.Expr:
    """Date cells come as ``2020-05-01 00:00:00``; keep just the date (serials stay numbers)."""
    return pl.col(column).str.replace(r"^(\d{4}-\d{2}-\d{2})[ T]00:00:00$", "${1}")


# -- JSON ----------------------------------------------------------------------------------


def _read_json(text: str, encoding: str, path: Path) -> RawTable:
    """A JSON array of objects, or an API envelope ``{"Status": …, "Result": [...]}``.

    Records are numbered 1, 2, … in the order they appear (there is no header row).
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FileRejected(
            f"is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}", path
        ) from None
    records = _json_records(document, path)
    headers = list(dict.fromkeys(key for record in records for key in record))
    names = _unique_names([clean_header(key) for key in headers])
    columns = {
        name: [_json_value(record.get(key)) for record in records]
        for name, key in zip(names, headers, strict=True)
    }
    frame = pl.DataFrame(columns, schema={name: pl.String for name in names})
    frame = clean_text_columns(frame).with_columns(
        pl.int_range(1, len(records) + 1, dtype=pl.Int64).alias(ROW_NUMBER)
    )
    return RawTable(path, _without_blank_rows(frame), header_row=None, encoding=encoding)


def _json_records(document: object, path: Path) -> list[dict]:
    if isinstance(document, dict) and "Result" in document:
        status = str(document.get("Status", "200")).strip().lower()
        if status not in JSON_SUCCESS_STATUSES:
            message = document.get("Message", "")
            raise FileRejected(f"API envelope reports Status {status!r}: {message}", path)
        document = document["Result"] or []
        document = [document] if isinstance(document, dict) else document
    if not isinstance(document, list):
        raise FileRejected('JSON must be an array of records or {"Status", "Result": [...]}', path)
    for index, record in enumerate(document, start=1):
        if not isinstance(record, dict):
            raise FileRejected(f"JSON record {index} is not an object", path)
    return document


def _json_value(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


# -- from a grid of cells to a table -------------------------------------------------------


def _table_from_grid(
    grid: pl.DataFrame, row_numbers: pl.Series, path: Path, encoding: str | None
) -> RawTable:
    """Find the header among the first rows, name the columns, keep the data rows below it."""
    grid = clean_text_columns(grid).with_columns(row_numbers.cast(pl.Int64).alias(ROW_NUMBER))
    grid = _without_blank_rows(grid)
    if grid.height == 0:
        raise FileRejected("has no header row (no non-blank row)", path)
    cells = [name for name in grid.columns if name != ROW_NUMBER]
    header_index = _group_row_above(grid.select(cells), _header_position(grid.select(cells)))
    header_cells = list(grid.row(header_index)[: len(cells)])
    below = list(grid.row(header_index + 1)[: len(cells)]) if header_index + 1 < grid.height else []
    if below and _is_sub_header(header_cells, below):
        header_cells = _leaf_headers(header_cells, below)
        header_index += 1
    width = max(i for i, cell in enumerate(header_cells) if cell is not None) + 1
    names = _unique_names([clean_header(cell) for cell in header_cells[:width]])
    data = grid.slice(header_index + 1)
    _reject_values_beyond_header(data, cells[width:], width, path)
    frame = data.select(
        *(pl.col(cell).alias(name) for cell, name in zip(cells, names, strict=False)),
        ROW_NUMBER,
    )
    header_row = grid[ROW_NUMBER][header_index]
    return RawTable(path, frame, header_row=header_row, encoding=encoding)


def _without_blank_rows(frame: pl.DataFrame) -> pl.DataFrame:
    cells = [name for name in frame.columns if name != ROW_NUMBER]
    if not cells:
        return frame.clear()
    return frame.filter(pl.any_horizontal(pl.col(cells).is_not_null()))


def _header_position(cells: pl.DataFrame) -> int:
    """The first of the top rows filled at least half as wide as the widest one.

    Title rows above a header fill one or two cells; a ragged data row wider than the
    header must not be taken for it, hence "half as wide" rather than "widest".
    """
    top = cells.head(HEADER_SEARCH_ROWS)
    filled = top.select(pl.sum_horizontal(pl.all().is_not_null())).to_series().to_list()
    wide_enough = min(max(filled), max(2, math.ceil(max(filled) / 2)))
    return next(i for i, count in enumerate(filled) if count >= wide_enough)


def _group_row_above(cells: pl.DataFrame, header_index: int) -> int:
    """The row above the header when it holds merged group cells over it, else the header.

    A group row fills few cells (one per group), so ``_header_position`` can pass over it
    and take the sub-header row; a title row fills one cell and is not a group row.
    """
    if header_index == 0:
        return header_index
    above = list(cells.row(header_index - 1))
    groups_and_headers = sum(cell is not None for cell in above)
    if groups_and_headers >= 2 and _is_sub_header(above, list(cells.row(header_index))):
        return header_index - 1
    return header_index


def _is_sub_header(header: list[str | None], below: list[str | None]) -> bool:
    """Whether ``below`` is the second row of a two-level header with merged group cells.

    A merged cell keeps its text in its first cell and leaves the others blank. Under a
    group header (a text followed by blanks) the row below names the columns; under a
    header merged down two rows the row below is blank. So the row below is a sub-header
    when it fills at least one blank of a group and nothing under a single-column header
    (a data row always fills some of those).
    """
    in_group = _group_positions(header)
    filled = [i for i, cell in enumerate(below) if cell is not None]
    return (
        bool(filled)
        and all(i in in_group for i in filled)
        and any(header[i] is None for i in filled)
    )


def _group_positions(header: list[str | None]) -> set[int]:
    """Positions covered by a merged group header: its first cell and the blanks after it."""
    positions: set[int] = set()
    for start, cell in enumerate(header):
        if cell is None or start + 1 >= len(header) or header[start + 1] is not None:
            continue
        end = start + 1
        while end < len(header) and header[end] is None:
            end += 1
        positions.update(range(start, end))
    return positions


def _leaf_headers(header: list[str | None], below: list[str | None]) -> list[str | None]:
    """The sub-header's name where it has one, else the header above (merged down)."""
    return [leaf if leaf is not None else top for top, leaf in zip(header, below, strict=True)]


def _unique_names(names: list[str]) -> list[str]:
    """Blank headers become ``column_<n>``; a repeated header gets ``_2``, ``_3``…"""
    unique: list[str] = []
    for position, name in enumerate(names, start=1):
        base = name or f"column_{position}"
        candidate, suffix = base, 2
        while candidate in unique:
            candidate, suffix = f"{base}_{suffix}", suffix + 1
        unique.append(candidate)
    return unique


def _reject_values_beyond_header(
    data: pl.DataFrame, extra_cells: list[str], width: int, path: Path
) -> None:
    """A value right of the last header usually means an unquoted separator: refuse to guess."""
    if not extra_cells:
        return
    stray = data.filter(pl.any_horizontal(pl.col(extra_cells).is_not_null()))
    if stray.height:
        row = stray[ROW_NUMBER][0]
        raise FileRejected(
            f"row {row} has values beyond the {width} header columns "
            "(an unquoted separator inside a value?)",
            path,
        )
