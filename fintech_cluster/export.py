"""Writing query results for spreadsheets: text that a spreadsheet would run as a formula
(``=HYPERLINK(…)``, ``+cmd|…``, ``-…``, ``@…``) is neutralised with a leading ``'``.

The warehouse keeps such names as delivered text; only exports change them. Every CSV or
XLSX export goes through ``neutralise`` (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value``, with a ``'`` in front when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(stream: TextIO, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    writer = csv.writer(stream)
    writer.writerow([neutralise(column) for column in columns])
    writer.writerows([neutralise(value) for value in row] for row in rows)
