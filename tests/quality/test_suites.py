"""The Great Expectations suites on a tiny hand-made warehouse: each fault fails its gate
and only that one; the numbers behind a verdict are reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from data_contracts.expectations import SUITES, load_thresholds, run_suites
from fintech_cluster.warehouse import connect_working

# marts.* and reference.* go to the audited file: connect_working puts its schemas on the
# search path.
TINY_WAREHOUSE = """
    create schema meta;
    create table reference.kpi_definitions as select * from (values
        ('K04', 'enterprises'), ('K05', 'share'), ('K09', 'share'),
        ('K38', 'per_1000_enterprises')) as t (kpi_id, unit);
    create table marts.kpi_values as select * from (values
        ('K04', 'ALL', '2026Q3', 3.0), ('K05', 'MOLI', '2026Q3', 0.5),
        ('K09', 'MOLI', '2026Q3', -0.2), ('K38', 'ALL', '2026Q3', 1500.0),
        ('K05', 'FDP', '2026Q3', null)) as t (kpi_id, park_id, quarter, value);
    create table marts.fct_patents as select * from (values
        ('P1', 'E1'), ('P2', 'E1'), ('P3', 'E2'), ('P4', null))
        as t (application_number, enterprise_id);
    create table marts.fct_financing_rounds as select * from (values
        ('R1', 'E1'), ('R2', 'E2')) as t (round_id, enterprise_id);
    create table marts.dim_enterprises as select * from (values
        ('E1', '91310115MA1K4XXXX1', 'A Ltd'), ('E2', '91310115MA1K4XXXX2', 'B Ltd'))
        as t (enterprise_id, uscc, name);
    create table meta.load_log as select feed, 'loaded' as status,
        now()::timestamp - interval 1 day as loaded_at
    from (values ('registrations'), ('patents'), ('financing'), ('events')) as t (feed);
"""
FAULTS = {
    "share above 1": (
        "update marts.kpi_values set value = 1.2 where kpi_id = 'K05'",
        "kpi_values_in_bounds",
    ),
    "negative count": (
        "update marts.kpi_values set value = -1 where kpi_id = 'K04'",
        "kpi_values_in_bounds",
    ),
    "net change below -1": (
        "update marts.kpi_values set value = -1.5 where kpi_id = 'K09'",
        "kpi_values_in_bounds",
    ),
    "patents unlinked": (
        "update marts.fct_patents set enterprise_id = null",
        "enterprise_coverage",
    ),
    "stale feed": (
        "update meta.load_log set loaded_at = loaded_at - interval 60 day where feed = 'events'",
        "feeds_fresh",
    ),
    "feed never loaded": ("delete from meta.load_log where feed = 'patents'", "feeds_fresh"),
    "personal data column": (
        "alter table marts.dim_enterprises add column legal_rep_phone varchar",
        "no_personal_data_columns",
    ),
}


@pytest.fixture
def warehouse(tmp_path) -> duckdb.DuckDBPyConnection:
    con = connect_working(tmp_path / "warehouse.duckdb")
    con.execute(TINY_WAREHOUSE)
    yield con
    con.close()


def _verdicts(con, published: Path | None = None) -> dict[str, bool]:
    return {outcome.suite.name: outcome.passed for outcome in run_suites(con, published)}


def test_a_sound_warehouse_passes_every_gate(warehouse):
    assert _verdicts(warehouse) == {suite.name: True for suite in SUITES}


@pytest.mark.parametrize("fault", FAULTS)
def test_each_fault_fails_its_gate_and_only_it(warehouse, fault):
    sql, gate = FAULTS[fault]
    warehouse.execute(sql)
    verdicts = _verdicts(warehouse)
    assert {name for name, passed in verdicts.items() if not passed} == {gate}


def test_row_count_drift_is_measured_against_the_published_version(warehouse, tmp_path):
    published = tmp_path / "published.duckdb"
    warehouse.execute(f"attach '{published}' as snapshot")
    warehouse.execute("create schema snapshot.marts")
    for table in ("kpi_values", "fct_patents", "fct_financing_rounds", "dim_enterprises"):
        warehouse.execute(f"create table snapshot.marts.{table} as from marts.{table}")
    warehouse.execute("detach snapshot")
    assert _verdicts(warehouse, published)["row_count_drift"]
    warehouse.execute("insert into marts.fct_patents select 'P' || i, 'E1' from range(10) t(i)")
    outcome = next(o for o in run_suites(warehouse, published) if o.suite.name == "row_count_drift")
    assert not outcome.passed
    assert outcome.expectations[0].observed["unexpected_sample"] == [14 / 4]
    assert "| fct_patents" in outcome.frame_markdown


def test_failures_carry_their_numbers(warehouse):
    warehouse.execute("update marts.fct_patents set enterprise_id = null")
    outcome = next(o for o in run_suites(warehouse) if o.suite.name == "enterprise_coverage")
    (expectation,) = outcome.expectations
    assert expectation.observed["unexpected_count"] == 1
    assert expectation.observed["unexpected_sample"] == [0.0]
    assert not expectation.error


def test_thresholds_come_from_the_file():
    thresholds = load_thresholds()
    assert 0 < thresholds.coverage_min <= 1
    assert thresholds.kpi_bounds_by_unit["share"] == [0, 1]


def test_every_suite_is_a_blocking_check_of_the_refresh_job(defs):
    graph = defs.resolve_job_def("refresh").asset_layer.asset_graph
    specs = {key.name: graph.get_check_spec(key) for key in graph.asset_check_keys}
    for suite in SUITES:
        assert specs[suite.name].blocking, suite.name


def test_a_newly_implemented_kpi_is_not_drift(warehouse, tmp_path):
    published = tmp_path / "published.duckdb"
    warehouse.execute(f"attach '{published}' as snapshot")
    warehouse.execute("create schema snapshot.marts")
    warehouse.execute("create table snapshot.marts.kpi_values as from marts.kpi_values")
    warehouse.execute("detach snapshot")
    new_kpi_rows = "select 'K99', 'P' || i, '2026Q3', 1.0 from range(20) t(i)"
    warehouse.execute(f"insert into marts.kpi_values {new_kpi_rows}")
    assert _verdicts(warehouse, published)["row_count_drift"]
    known_kpi_rows = "select 'K04', 'P' || i, '2026Q3', 1.0 from range(20) t(i)"
    warehouse.execute(f"insert into marts.kpi_values {known_kpi_rows}")
    assert not _verdicts(warehouse, published)["row_count_drift"]


def test_great_expectations_can_be_imported_in_the_background_before_the_suites_run():
    """In a fresh interpreter: GX is not loaded by importing the suites, is loaded once the
    background import ends, and the thread is the one that loaded it."""
    script = """
import sys, threading
from data_contracts.expectations import start_importing_great_expectations
assert "great_expectations" not in sys.modules
start_importing_great_expectations()
[thread] = [t for t in threading.enumerate() if t.name == "import-great-expectations"]
thread.join()
assert "great_expectations" in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
