"""Landing CSV files written a chunk at a time, split into parts, dirt appended at the end.

A real registry or patent export of this size comes in parts; a part holds at most
``max_rows`` data rows so that ingestion (which reads a file whole) stays bounded. Each
part ends with a few corrupted copies of its first rows, which ingestion must quarantine;
their row numbers (header = row 1) are returned for ``expected_quarantine``.

Files are UTF-8 (``with_bom`` adds the byte-order mark) or GBK, as the district registry
snapshot is. GBK costs a re-encoding in Python: 1.7 s per 270 MB part, measured, against
~70 s for the whole city, so the snapshot stays GBK like the real export.
"""

from __future__ import annotations

import codecs
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import polars as pl

from ingestion.synthetic.deliveries.files import ExpectedQuarantine
from ingestion.synthetic.generator import GeneratedFile

DIRT_ROWS_PER_PART = 3
Corrupt = Callable[[pl.DataFrame], pl.DataFrame]  # sample rows -> their corrupted copies


@dataclass
class _Part:
    relative: str  # under landing/
    handle: BinaryIO
    rows: int = 0
    sample: pl.DataFrame | None = None


@dataclass
class PartedCsv:
    """One delivery (``registrations/2024_工商登记变更``) as one or more CSV parts."""

    landing: Path
    stem: str  # e.g. "patents/专利检索_2024"; parts get "_part02" from the second on
    headers: tuple[str, ...]
    max_rows: int
    corrupt: Corrupt
    violation: str  # the canonical column the corrupted copies break
    encoding: str = "utf-8"  # utf-8 | utf-8-sig (with BOM) | gbk
    parts: list[_Part] = field(default_factory=list)

    def write(self, frame: pl.DataFrame) -> None:
        """Append rows (columns named as ``headers``), opening new parts as needed."""
        while frame.height:
            part = self._open_part()
            taken = frame.head(self.max_rows - part.rows)
            if part.sample is None:
                part.sample = taken.head(DIRT_ROWS_PER_PART)
            self._append(part, taken)
            part.rows += taken.height
            frame = frame.slice(taken.height)

    def close(self) -> list[ExpectedQuarantine]:
        """Append each part's corrupted copies, close it; the rows to be quarantined."""
        expected = []
        for part in self.parts:
            copies = self.corrupt(part.sample)
            self._append(part, copies)
            first = part.rows + 2  # the header is row 1
            expected += [
                ExpectedQuarantine(part.relative, first + i, self.violation)
                for i in range(copies.height)
            ]
            part.handle.close()
        return expected

    def _append(self, part: _Part, rows: pl.DataFrame) -> None:
        if self.encoding.startswith("utf-8"):
            rows.write_csv(part.handle, include_header=False)
            return
        text = io.BytesIO()
        rows.write_csv(text, include_header=False)
        part.handle.write(text.getvalue().decode("utf-8").encode(self.encoding))

    def _open_part(self) -> _Part:
        if self.parts and self.parts[-1].rows < self.max_rows:
            return self.parts[-1]
        suffix = f"_part{len(self.parts) + 1:02d}" if self.parts else ""
        relative = f"{self.stem}{suffix}.csv"
        path = self.landing / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "wb")  # noqa: SIM115 (closed in close())
        header = ",".join(self.headers) + "\n"
        bom = codecs.BOM_UTF8 if self.encoding == "utf-8-sig" else b""
        handle.write(bom + header.encode(self.encoding.removesuffix("-sig")))
        self.parts.append(_Part(relative, handle))
        return self.parts[-1]


def described(home: Path, relative: str) -> GeneratedFile:
    """Path, SHA-256 and size of a written file, read back in blocks."""
    digest = hashlib.sha256()
    path = home / relative
    with open(path, "rb") as handle:
        while block := handle.read(1 << 24):
            digest.update(block)
    return GeneratedFile(relative, digest.hexdigest(), path.stat().st_size)
