"""``generate``: build a synthetic world, write its deliveries to ``landing/`` and the
known answers to ``truth/``.

The output depends only on (seed, scale, as_of): the same three give byte-identical
files. The generator owns ``landing/`` and ``truth/`` of the home it writes into: both
are emptied first (nothing else in the home is touched).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingestion.synthetic.deliveries import plan_deliveries
from ingestion.synthetic.deliveries.vendor_layouts import vendor_layout_truth
from ingestion.synthetic.deliveries.vendor_samples import vendor_samples
from ingestion.synthetic.scales import SCALES, Scale
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.truth import truth_tables
from ingestion.synthetic.world import World, build_world

GENERATOR_VERSION = "1.0.0"
EARLIEST_AS_OF = date(2024, 1, 1)  # the first change delivery follows the 2023-12-31 snapshot
_WORLD_STEPS = 4  # enterprises, patents, financing rounds, events

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class GeneratedFile:
    path: str  # relative to the home, e.g. landing/patents/专利检索_2021.csv
    sha256: str
    size: int


@dataclass(frozen=True)
class GenerationSummary:
    """What ``generate`` wrote; ``str()`` gives the one line the CLI prints."""

    home_root: Path
    scale: str
    seed: int
    as_of: date
    files: tuple[GeneratedFile, ...]
    entity_counts: dict[str, int] = field(default_factory=dict)
    expected_quarantine_rows: int = 0

    def __str__(self) -> str:
        counts = ", ".join(
            f"{n:,} {name.replace('_', ' ')}" for name, n in self.entity_counts.items()
        )
        return (
            f"{self.scale} world (seed {self.seed}, as of {self.as_of.isoformat()}): {counts}; "
            f"{len(self.files)} files, {self.expected_quarantine_rows} rows to quarantine"
        )


def generate(
    home_root: Path,
    scale: str = "small",
    seed: int = 42,
    as_of: date | None = None,
    progress: Progress | None = None,
) -> GenerationSummary:
    """Write ``landing/<feed>/…`` and ``truth/…`` under ``home_root`` for one world.

    ``progress(description, done, total)`` is called after each part of the world is
    built and after each file is written; ``total`` grows once the files are planned.
    """
    as_of = as_of or date.today()
    chosen = _check_arguments(scale, as_of)
    if chosen.column_wise:  # millions of rows: the column-wise generator (imports this module)
        from ingestion.synthetic.city import generate_city

        return generate_city(home_root, chosen, seed, as_of, progress)
    report = _ProgressReporter(progress)
    world = build_world(chosen, seed, as_of, load_reference_data(), report.step)
    deliveries = plan_deliveries(world)
    truth = truth_tables(world, deliveries)
    samples = vendor_samples(world)  # a Crunchbase sample under samples/, never landing/
    samples += vendor_layout_truth(deliveries)  # what the vendor-layout rows mean
    report.expect(len(deliveries) + len(truth) + len(samples) + 1)  # + the manifest

    home = Path(home_root)
    for generated_folder in (home / "landing", home / "truth", home / "samples"):
        shutil.rmtree(generated_folder, ignore_errors=True)
    written = [_write(home, f"landing/{d.path}", d.render(), report) for d in deliveries]
    written += [_write(home, f"truth/{table.name}", table.render(), report) for table in truth]
    written += [_write(home, path, content, report) for path, content in samples]
    quarantined = sum(len(d.expected_quarantine()) for d in deliveries)
    summary = GenerationSummary(
        home, chosen.name, seed, as_of, tuple(written), _entity_counts(world), quarantined
    )
    _write(home, "truth/manifest.json", _manifest(summary), report)
    return summary


def _check_arguments(scale: str, as_of: date) -> Scale:
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
    if as_of < EARLIEST_AS_OF:
        raise ValueError(
            f"as_of {as_of.isoformat()} is before {EARLIEST_AS_OF.isoformat()}: the synthetic "
            "deliveries start with a 2023-12-31 registry snapshot followed by yearly changes"
        )
    return SCALES[scale]


class _ProgressReporter:
    """Counts steps (building the world, then one per file) for the progress callback."""

    def __init__(self, callback: Progress | None) -> None:
        self._callback = callback
        self._done = 0
        self._total = _WORLD_STEPS

    def expect(self, files: int) -> None:
        self._total = _WORLD_STEPS + files

    def step(self, description: str) -> None:
        self._done += 1
        if self._callback:
            self._callback(description, self._done, self._total)


def _write(home: Path, relative: str, content: bytes, report: _ProgressReporter) -> GeneratedFile:
    path = home / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    report.step(f"wrote {relative}")
    return GeneratedFile(relative, hashlib.sha256(content).hexdigest(), len(content))


def _entity_counts(world: World) -> dict[str, int]:
    park_enterprises = [e for e in world.enterprises if e.park_id]
    return {
        "enterprises": len(world.enterprises),
        "pudong_enterprises": len(park_enterprises),
        "pudong_fintech_enterprises": sum(e.is_fintech for e in park_enterprises),
        "patents": len(world.patents),
        "financing_rounds": len(world.financing_rounds),
        "events": len(world.events),
    }


def _manifest(summary: GenerationSummary) -> bytes:
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "seed": summary.seed,
        "scale": summary.scale,
        "as_of": summary.as_of.isoformat(),
        "entity_counts": summary.entity_counts,
        "expected_quarantine_rows": summary.expected_quarantine_rows,
        "files": [{"path": f.path, "sha256": f.sha256, "bytes": f.size} for f in summary.files],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
