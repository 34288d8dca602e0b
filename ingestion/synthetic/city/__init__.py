"""The column-wise generator behind ``--scale city``: millions of rows in about a minute.

The object-per-entity generator (``world``, ``deliveries``) costs ~0.5 ms per entity, so
four million enterprises would take most of an hour. Here an entity is an index, every
attribute a hash of (seed, stream, index) (``hashing``), and each chunk of indexes becomes
numpy arrays, then polars frames appended to the landing CSVs. Memory is bounded by the
chunk size; the output depends only on (seed, scale, as_of).

What is written: the registry export (a GBK snapshot at 2023-12-31 in parts, then one
UTF-8 change file per year), the CNIPA patent table per filing year, the venture
export and the bureau event register per year, each part ending with a few corrupted
copies to quarantine; ``truth/kpi_values.csv`` holds the spot-check KPIs (``truth``),
``truth/expected_quarantine.csv`` the corrupted rows, ``truth/manifest.json`` the rest.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import numpy as np
import polars as pl

from ingestion.synthetic.city import feeds, world
from ingestion.synthetic.city.truth import CityTruth
from ingestion.synthetic.city.writer import PartedCsv, described
from ingestion.synthetic.deliveries.files import ExpectedQuarantine
from ingestion.synthetic.generator import GeneratedFile, GenerationSummary, _manifest
from ingestion.synthetic.scales import Scale

ENTERPRISE_CHUNK = 500_000
EVENT_CHUNK = PATENT_CHUNK = 1_000_000
MAX_ROUNDS = 1_000_000  # rounds are de-duplicated in one chunk
MAX_PATENTS = 10_000_000  # the serial of an application number has seven digits
CHANGES_WITH_BOM = 2025  # one change file with a byte-order mark, as in the district
SNAPSHOT_STEM = f"registrations/{world.SNAPSHOT_DAY.isoformat()}_工商登记全量"

Progress = Callable[[str, int, int], None]


def generate_city(
    home_root: Path, scale: Scale, seed: int, as_of: date, progress: Progress | None = None
) -> GenerationSummary:
    """Write landing/ and truth/ of a column-wise world of ``scale`` under ``home_root``."""
    if scale.patents > MAX_PATENTS or scale.financing_rounds > MAX_ROUNDS:
        raise ValueError(
            f"scale {scale.name}: at most {MAX_PATENTS:,} patents, {MAX_ROUNDS:,} rounds"
        )
    home = Path(home_root)
    for generated_folder in (home / "landing", home / "truth", home / "samples"):
        shutil.rmtree(generated_folder, ignore_errors=True)
    job = _CityJob(home / "landing", scale, seed, as_of, _Steps(progress))
    counts = job.run()
    written = [described(home, f"landing/{part}") for part in job.written_parts()]
    written += [
        _write(home, "truth/kpi_values.csv", job.truth.render()),
        _write(home, "truth/expected_quarantine.csv", _quarantine_csv(job.quarantine)),
    ]
    summary = GenerationSummary(
        home, scale.name, seed, as_of, tuple(written), counts, len(job.quarantine)
    )
    _write(home, "truth/manifest.json", _manifest(summary))
    return summary


class _Steps:
    """Progress in units of chunks: enterprises, patents, rounds, events."""

    def __init__(self, callback: Progress | None) -> None:
        self._callback, self.done, self.total = callback, 0, 0

    def step(self, description: str) -> None:
        self.done += 1
        if self._callback:
            self._callback(description, self.done, self.total)


class _CityJob:
    """One generation: the open CSV deliveries, the truth tallies, the entity counts."""

    def __init__(self, landing: Path, scale: Scale, seed: int, as_of: date, steps: _Steps):
        self.landing = landing
        self.scale = scale
        self.seed = seed
        self.as_of = as_of
        self.steps = steps
        self.truth = CityTruth(as_of)
        self.deliveries: dict[str, PartedCsv] = {}
        self.quarantine: list[ExpectedQuarantine] = []

    def run(self) -> dict[str, int]:
        """Every feed chunk by chunk, then the corrupted copies; the entity counts."""
        scale = self.scale
        enterprises = _chunks(scale.enterprises, ENTERPRISE_CHUNK)
        patents = _chunks(scale.patents, PATENT_CHUNK)
        rounds = [np.arange(scale.financing_rounds)]
        events = _chunks(scale.events, EVENT_CHUNK)
        self.steps.total = len(enterprises) + len(patents) + len(rounds) + len(events)
        counts = self._enterprises(enterprises)
        counts["patents"] = self._feed(patents, self._patents, "patents")
        counts["financing_rounds"] = self._feed(rounds, self._rounds, "financing rounds")
        counts["events"] = self._feed(events, self._events, "events")
        for name in sorted(self.deliveries):
            self.quarantine += self.deliveries[name].close()
        return counts

    def _enterprises(self, chunks: list[np.ndarray]) -> dict[str, int]:
        counts = dict.fromkeys(("pudong_enterprises", "pudong_fintech_enterprises"), 0)
        for index in chunks:
            columns = world.enterprise_columns(self.seed, self.as_of, index)
            self._write_registry(feeds.registry_rows(self.seed, columns))
            self.truth.add_enterprises(columns)
            in_pudong = columns.park >= 0
            counts["pudong_enterprises"] += int(in_pudong.sum())
            counts["pudong_fintech_enterprises"] += int((in_pudong & columns.is_fintech).sum())
            self.steps.step(f"enterprises up to {index[-1] + 1:,}")
        return {"enterprises": self.scale.enterprises, **counts}

    def written_parts(self) -> list[str]:
        return sorted(part.relative for d in self.deliveries.values() for part in d.parts)

    def _feed(self, chunks: list[np.ndarray], make: Callable[[np.ndarray], int], label: str) -> int:
        rows = 0
        for index in chunks:
            rows += make(index)
            self.steps.step(f"{label} up to {index[-1] + 1:,}")
        return rows

    def _write_registry(self, rows: feeds.RegistryRows) -> None:
        """The snapshot takes each firm's row valid on 2023-12-31; change files the rest."""
        snapshot_day = world.days(world.SNAPSHOT_DAY)
        approval_year = _years(rows.approval)
        on_snapshot = rows.approval <= snapshot_day
        # A firm dead by the snapshot day shows its death row there, not its registration.
        dead_by_snapshot = (rows.enterprise_death >= 0) & (rows.enterprise_death <= snapshot_day)
        in_snapshot = on_snapshot & (rows.is_death_row | ~dead_by_snapshot)
        snapshot = rows.frame.filter(pl.Series(in_snapshot))
        self._delivery(
            SNAPSHOT_STEM, feeds.REGISTRY_HEADERS, feeds.corrupt_uscc, "uscc", "gbk"
        ).write(snapshot)
        changes = rows.frame.filter(pl.Series(~on_snapshot))
        for year, part in _by_year(changes, approval_year[~on_snapshot]):
            stem = f"registrations/{year}_工商登记变更"
            encoding = "utf-8-sig" if year == CHANGES_WITH_BOM else "utf-8"
            self._delivery(
                stem, feeds.REGISTRY_HEADERS, feeds.corrupt_uscc, "uscc", encoding
            ).write(part)

    def _patents(self, index: np.ndarray) -> int:
        frame, columns = feeds.patent_rows(self.seed, self.as_of, index, self.scale.enterprises)
        self._write_by_year(
            frame,
            columns.application,
            "patents/专利检索_{year}",
            feeds.PATENT_HEADERS,
            feeds.corrupt_patent_number,
            "application_number",
        )
        self.truth.add_patents(columns)
        return frame.height

    def _rounds(self, index: np.ndarray) -> int:
        frame, columns = feeds.round_rows(self.seed, self.as_of, index, self.scale.enterprises)
        self._write_by_year(
            frame,
            columns.deal,
            "financing/投融资事件_{year}",
            feeds.VENTURE_HEADERS,
            feeds.corrupt_deal_date,
            "deal_date",
        )
        self.truth.add_rounds(columns)
        return frame.height

    def _events(self, index: np.ndarray) -> int:
        frame, columns = feeds.event_rows(self.seed, self.as_of, index, self.scale.enterprises)
        self._write_by_year(
            frame,
            columns.day,
            "events/区金融工作局_事件登记_{year}",
            feeds.EVENT_HEADERS,
            feeds.corrupt_event_date,
            "event_date",
        )
        self.truth.add_events(columns)
        return frame.height

    def _write_by_year(
        self, frame: pl.DataFrame, days: np.ndarray, stem: str, headers, corrupt, violation
    ) -> None:
        """Each row into the delivery of its day's year (``stem`` names it, with ``{year}``)."""
        for year, part in _by_year(frame, _years(days)):
            self._delivery(stem.format(year=year), headers, corrupt, violation).write(part)

    def _delivery(self, stem, headers, corrupt, violation, encoding="utf-8") -> PartedCsv:
        if stem not in self.deliveries:
            self.deliveries[stem] = PartedCsv(
                self.landing, stem, headers, self.scale.rows_per_file, corrupt, violation, encoding
            )
        return self.deliveries[stem]


def _years(day_numbers: np.ndarray) -> np.ndarray:
    return day_numbers.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970


def _by_year(frame: pl.DataFrame, years: np.ndarray) -> Iterator[tuple[int, pl.DataFrame]]:
    keyed = frame.with_columns(pl.Series("_year", years))
    for (year,), part in sorted(keyed.partition_by("_year", as_dict=True).items()):
        yield year, part.drop("_year")


def _chunks(total: int, size: int) -> list[np.ndarray]:
    return [np.arange(start, min(start + size, total)) for start in range(0, total, size)]


def _write(home: Path, relative: str, content: bytes) -> GeneratedFile:
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return described(home, relative)


def _quarantine_csv(rows: list[ExpectedQuarantine]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", "row_number", "column"])
    writer.writerows(sorted(rows))
    return buffer.getvalue().encode("utf-8")
