"""Write–audit–publish end to end: the quality gates block publish, their numbers are kept,
versions are kept for rollback, and every refresh leaves a row in meta.runs."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data_contracts.expectations import SUITES
from fintech_cluster import warehouse
from fintech_cluster.refresh import run_refresh
from fintech_cluster.warehouse import (
    VersionNotFound,
    current_version,
    kept_versions,
    publish,
    rollback,
)

pytestmark = pytest.mark.integration
CLI = Path(sys.executable).with_name("fintech-cluster")
STRICT_COVERAGE = """
coverage_min = 0.999
freshness_max_days = 35
row_count_drift_band = 0.5
[kpi_bounds_by_unit]
share = [0, 1]
[kpi_bounds_by_kpi]
K09 = [-1, inf]
"""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_gate_passed_and_is_recorded_in_the_published_file(refreshed_home):
    rows = _rows(
        refreshed_home.published_warehouse,
        "select suite, bool_and(passed), max(observed) from meta.check_results group by suite",
    )
    assert {suite for suite, *_ in rows} == {suite.name for suite in SUITES}
    assert all(passed for _, passed, _ in rows)
    assert all('"element_count"' in observed for *_, observed in rows)


def test_the_refresh_is_logged_in_meta_runs(refreshed_home):
    ((status, files, read, loaded, quarantined, passed, failed, version),) = _rows(
        refreshed_home.warehouse,
        "select status, files, rows_read, rows_loaded, rows_quarantined, checks_passed, "
        "checks_failed, published_version from meta.runs order by started_at limit 1",
    )
    assert (
        status == "published"
        and version == current_version(refreshed_home.published_warehouse)
        or version in kept_versions(refreshed_home.published_warehouse)
    )
    assert files > 0 and read == loaded + quarantined > 0
    assert passed >= len(SUITES) and failed == 0


def test_the_published_file_shows_its_own_run_as_ended_and_published(refreshed_home):
    published = refreshed_home.published_warehouse
    ((run_id, version),) = _rows(published, "select run_id, version_id from meta.published_version")
    counts = "select files, rows_read, rows_loaded, rows_quarantined from meta.runs where run_id = "
    ((status, ended_at, failed, shown_version),) = _rows(
        published,
        "select status, ended_at, checks_failed, published_version from meta.runs "
        f"where run_id = '{run_id}'",
    )
    assert (status, failed, shown_version) == ("published", 0, version) and ended_at is not None
    working_counts = _rows(refreshed_home.warehouse, f"{counts}'{run_id}'")
    assert _rows(published, f"{counts}'{run_id}'") == working_counts


def test_status_shows_the_last_run_publish_and_checks(refreshed_home):
    result = subprocess.run([str(CLI), "status"], capture_output=True, text=True, check=True)
    for text in (
        "Last run",
        "published: version",
        "kept for rollback",
        "Failing checks",
        "Quarantined rows by rule",
    ):
        assert text in result.stdout, text


def _facts_owned_below(truth: Path, share: float) -> int:
    """How many of the two fact tables have fewer than ``share`` of their rows owned by a
    registered enterprise, as the generator's truth says (a university's patent is not)."""
    below = 0
    for table in ("patents.csv", "financing_rounds.csv"):
        with (truth / table).open(encoding="utf-8", newline="") as rows:
            owners = [row["owner_uscc"] for row in csv.DictReader(rows)]
        below += sum(map(bool, owners)) / len(owners) < share
    return below


def test_a_failing_gate_blocks_publish_and_keeps_its_numbers(copied_home, monkeypatch, tmp_path):
    strict = tmp_path / "thresholds.toml"
    strict.write_text(STRICT_COVERAGE)
    monkeypatch.setenv("FINTECH_CLUSTER_THRESHOLDS", str(strict))
    before = _sha256(copied_home.published_warehouse)
    outcome = run_refresh(copied_home)
    assert not outcome.published
    assert "marts/kpi_values:enterprise_coverage" in outcome.failed_checks
    assert _sha256(copied_home.published_warehouse) == before
    ((observed,),) = _rows(
        copied_home.warehouse,
        "select observed from meta.check_results where suite = 'enterprise_coverage' "
        "and run_id = ?".replace("?", f"'{outcome.run_id}'"),
    )
    expected_failures = _facts_owned_below(copied_home.truth, share=0.999)
    assert f'"unexpected_count": {expected_failures}' in observed
    ((status, failed),) = _rows(
        copied_home.warehouse,
        f"select status, checks_failed from meta.runs where run_id = '{outcome.run_id}'",
    )
    assert status == "not_published" and failed == 1


def test_publish_keeps_the_last_versions_and_rollback_restores_them(copied_home, monkeypatch):
    monkeypatch.setattr(warehouse, "KEEP_VERSIONS", 2)
    published = copied_home.published_warehouse
    first = current_version(published)
    second = publish(copied_home.warehouse, published).version_id
    third = publish(copied_home.warehouse, published).version_id
    assert kept_versions(published) == [second, third]
    assert rollback(published) == second
    assert current_version(published) == second
    with pytest.raises(VersionNotFound):
        rollback(published, first)
    assert rollback(published, third) == third
    assert _rows(published, "select count(*) from marts.kpi_values")[0][0] > 0


def test_rollback_command(copied_home):
    published = copied_home.published_warehouse
    first = current_version(published)
    publish(copied_home.warehouse, published)
    result = subprocess.run([str(CLI), "rollback"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert current_version(published) == first
    result = subprocess.run([str(CLI), "rollback", "--to", "nope"], capture_output=True, text=True)
    assert result.returncode == 2 and "no kept version nope" in result.stderr
