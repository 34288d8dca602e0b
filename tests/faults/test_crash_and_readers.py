"""Crash safety and concurrent analysts, on a copy of the shared refreshed home (small, or
district under `make faults`).

kill -9 (the whole process group: the refresh and its dbt child) frozen during ingestion,
during dbt and during publish leaves the published file byte-for-byte as it was and
openable; the next (full) refresh completes with the same KPIs, while eight reader
processes querying the published file in a loop see zero errors.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from fintech_cluster import settings
from fintech_cluster.crash_points import PAUSE_ENV, POINTS
from fintech_cluster.warehouse import current_version

pytestmark = pytest.mark.integration
CLI = Path(sys.executable).with_name("fintech-cluster")
READERS = 8
PAUSE_TIMEOUT_S = 120
READER = """
import json, sys, time
from pathlib import Path
import duckdb
published, stop = Path(sys.argv[1]), Path(sys.argv[2])
answered, errors, versions = 0, [], set()
while not stop.exists():
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            con.execute("select count(*), sum(value) from marts.kpi_values").fetchall()
            (version,) = con.execute("select version_id from meta.published_version").fetchall()
            versions.add(version[0])
        answered += 1
    except Exception as error:
        errors.append(repr(error))
    time.sleep(0.2)
print(json.dumps({"answered": answered, "errors": errors, "versions": sorted(versions)}))
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _kpis(home: settings.Home) -> list[tuple]:
    with duckdb.connect(str(home.published_warehouse), read_only=True) as con:
        return con.execute("select * from marts.kpi_values order by all").fetchall()


def _kill_at(home: settings.Home, point: str) -> None:
    """Start a refresh that freezes at ``point``, and kill -9 its process group there."""
    marker = home.root / f".paused-at-{point}"
    refresh = subprocess.Popen(
        [str(CLI), "refresh"],
        env={**os.environ, PAUSE_ENV: point},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + PAUSE_TIMEOUT_S
    try:
        while not marker.exists():
            assert refresh.poll() is None, f"the refresh ended before reaching {point}"
            assert time.monotonic() < deadline, f"the refresh never reached {point}"
            time.sleep(0.1)
    finally:
        os.killpg(refresh.pid, signal.SIGKILL)
        refresh.wait()
    marker.unlink()


def _start_readers(published: Path, stop: Path) -> list[subprocess.Popen]:
    return [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(published), str(stop)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(READERS)
    ]


def _reports(readers: list[subprocess.Popen], stop: Path) -> list[dict]:
    time.sleep(1)  # let every reader open the new version at least once
    stop.touch()
    return [json.loads(reader.communicate(timeout=60)[0]) for reader in readers]


def test_kill_9_at_every_phase_then_a_full_refresh_under_eight_readers(copied_home, tmp_path):
    """One home, one sequence (a refresh costs ~30 s): three killed refreshes, then the
    recovering refresh runs while eight readers query the published file."""
    published = copied_home.published_warehouse
    before, kpis_before = _sha256(published), _kpis(copied_home)
    old_version = current_version(published)
    copied_home.warehouse.unlink()  # rebuild from landing/, so ingestion has work to do
    for point in POINTS:
        _kill_at(copied_home, point)
        assert _sha256(published) == before, f"killed during {point}"
        assert _kpis(copied_home) == kpis_before, f"killed during {point}"

    stop = tmp_path / "stop"
    readers = _start_readers(published, stop)
    refresh = subprocess.run([str(CLI), "refresh"], capture_output=True, text=True)
    reports = _reports(readers, stop)
    assert refresh.returncode == 0, refresh.stderr
    assert [error for report in reports for error in report["errors"]] == []
    assert all(report["answered"] > 0 for report in reports)
    new_version = current_version(published)
    assert any(report["versions"] == [old_version, new_version] for report in reports)

    assert _kpis(copied_home) == kpis_before
    assert not list(published.parent.glob(".*.tmp")), "a killed publish left its file behind"
    with duckdb.connect(str(copied_home.warehouse), read_only=True) as con:
        interrupted = con.execute("select count(*) from meta.runs where ended_at is null")
        assert interrupted.fetchall()[0][0] == len(POINTS)
        logged = con.execute("select count(*), count(distinct file_path) from meta.load_log")
        (files, distinct_files) = logged.fetchall()[0]
    assert files == distinct_files, "a killed ingestion must not log a file twice"
