"""The bench machinery on tiny input: figures are never asserted, only that they are right.

The floor's KPI values are compared with the generator's truth and with the dbt build;
the memory sampler with a process of known size; the spot check with a planted error.
"""

from __future__ import annotations

import csv
import json
import sys

import duckdb
import pytest
from homes import AS_OF

from fintech_cluster import bench
from fintech_cluster.warehouse import AUDITED_CATALOG, connect_working

ALLOCATED_MB = 200


@pytest.mark.integration
def test_the_floor_computes_the_truths_kpi_values_like_the_dbt_build(refreshed_home, tmp_path):
    env = bench.bench_environment(refreshed_home, AS_OF)
    duckdb_settings = bench.profile_duckdb_settings(env)
    manifest = bench.compile_floor(refreshed_home, tmp_path / "floor", env)
    breakdown = bench.run_floor(refreshed_home, tmp_path / "floor", manifest, duckdb_settings)
    floor = bench.floor_warehouse(tmp_path / "floor", refreshed_home)

    assert set(breakdown) == {"read landing files", "run compiled models"}
    check = bench.spot_check_kpis(refreshed_home.truth / "kpi_values.csv", floor)
    assert check.passed, check.examples
    assert not bench.kpi_value_differences(floor, refreshed_home.published_warehouse)


def test_the_floor_runs_with_the_duckdb_settings_dbt_gives_the_refresh():
    env = {"FINTECH_CLUSTER_DUCKDB_THREADS": "1", "FINTECH_CLUSTER_DUCKDB_MEMORY_LIMIT": "1GB"}
    duckdb_settings = bench.profile_duckdb_settings(env)
    assert duckdb_settings == {"threads": "1", "memory_limit": "1GB"}
    with duckdb.connect(config=duckdb_settings) as con:
        limit, threads = con.execute(
            "select current_setting('memory_limit'), current_setting('threads')"
        ).fetchone()
    assert (limit, threads) == ("953.6 MiB", 1)  # DuckDB shows 1GB (10⁹ bytes) in MiB


def test_the_floor_reads_every_landing_row(refreshed_home):
    """Rows read = data rows of the files, counted here with the csv module and by sheet."""
    expected = 0
    files = bench.primary_landing_files(refreshed_home.landing)
    for path in (p for p in files if p.suffix == ".csv"):
        encoding = "utf-8-sig" if bench._is_utf8(path) else "gb18030"
        with path.open(encoding=encoding, newline="") as handle:
            expected += sum(1 for _ in csv.reader(handle)) - 1
    workbooks = [p for p in files if p.suffix == ".xlsx"]
    with duckdb.connect() as con:
        read = bench.read_landing_into(con, refreshed_home.landing)
    import fastexcel

    expected += sum(fastexcel.read_excel(str(p)).load_sheet(0).height for p in workbooks)
    assert read == expected


def test_peak_memory_includes_grandchildren():
    """A grandchild holding 200 MB for a moment shows in the sampled peak of the tree."""
    grandchild = f"b = bytearray({ALLOCATED_MB} * 2**20); b[::4096] = b'x' * len(b[::4096]); "
    grandchild += "import time; time.sleep(1)"
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {grandchild!r}])"
    run = bench.run_child([sys.executable, "-c", child], env=None)
    assert run.returncode == 0
    assert run.peak_tree_rss_bytes >= ALLOCATED_MB * 2**20


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 21)]
    assert bench._percentile(values, 0.5) == 10.0
    assert bench._percentile(values, 0.95) == 19.0
    assert bench._percentile([7.0], 0.95) == 7.0


def test_every_analyst_query_answers_with_rows(refreshed_home):
    with duckdb.connect(str(refreshed_home.published_warehouse), read_only=True) as con:
        empty = [name for name, sql in bench.ANALYST_QUERIES.items() if not con.sql(sql).fetchall()]
    assert len(bench.ANALYST_QUERIES) == 10
    assert not empty
    timings = bench.time_queries(refreshed_home.published_warehouse, repeats=2)
    assert [t.name for t in timings] == list(bench.ANALYST_QUERIES)
    assert all(0 < t.p50_ms <= t.p95_ms for t in timings)


def test_the_checks_find_a_planted_wrong_value(copied_home, refreshed_home):
    published = copied_home.published_warehouse
    truth = copied_home.truth / "kpi_values.csv"
    assert bench.spot_check_kpis(truth, published).passed
    with duckdb.connect(str(published)) as con:
        con.execute(
            "update marts.kpi_values set value = value + 1 where (kpi_id, park_id, quarter) = "
            "(select (kpi_id, park_id, quarter) from marts.kpi_values "
            " where value is not null and status = 'ok' order by all limit 1)"
        )
    check = bench.spot_check_kpis(truth, published)
    assert (check.mismatched, check.missing) == (1, 0)
    assert not check.passed
    assert len(bench.kpi_value_differences(published, refreshed_home.published_warehouse)) == 1


def test_a_day_delivery_repeats_the_newest_rows_as_a_new_file(copied_home):
    before = {p: p.read_bytes() for p in copied_home.landing.rglob("*") if p.is_file()}
    written = bench.write_day_delivery(copied_home, AS_OF)

    new_files = [p for p in copied_home.landing.rglob("*") if p.is_file() and p not in before]
    assert sorted(p.parent.name for p in new_files) == sorted(written)
    assert all(before[p] == p.read_bytes() for p in before), "delivered files stay untouched"
    for path in new_files:
        source = path.with_name(path.name.removesuffix(f"_daily_{AS_OF.isoformat()}.csv") + ".csv")
        encoding = "utf-8-sig" if bench._is_utf8(source) else "gb18030"
        with source.open(encoding=encoding, newline="") as a, path.open(encoding=encoding) as b:
            source_rows, day_rows = list(csv.reader(a)), list(csv.reader(b))
        assert day_rows[0] == source_rows[0], "same header"
        assert day_rows[1:] == source_rows[-(len(day_rows) - 1) :], "the newest rows"
        assert day_rows[1][0].strip(), "starts with a whole row, not a continuation"


def test_last_whole_rows_reach_back_to_the_row_a_continuation_belongs_to():
    rows = [["A", "1"], ["B", "2"], ["", "3"], ["", "4"], ["C", "5"]]
    assert bench._last_whole_rows(rows, 1) == [["C", "5"]]
    assert bench._last_whole_rows(rows, 2) == [["B", "2"], ["", "3"], ["", "4"], ["C", "5"]]
    assert bench._last_whole_rows(rows, 9) == rows


def test_subprocess_failures_name_the_step():
    run = bench.run_child([sys.executable, "-c", "raise SystemExit('boom')"], env=None)
    with pytest.raises(bench.BenchStepFailed, match="(?s)dbt compile failed.*boom"):
        bench._check_child(run, "dbt compile")


@pytest.mark.integration
def test_the_refresh_breakdown_reads_the_pooled_event_log_and_adds_up(refreshed_home, monkeypatch):
    """Read from a process without DAGSTER_HOME, as the bench does after its child runs."""
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    breakdown = bench.refresh_breakdown(refreshed_home, total_s=10_000.0)
    assert breakdown["dbt build"] > 0 and breakdown["ingest + contracts"] > 0
    assert sum(breakdown.values()) == pytest.approx(10_000.0, abs=0.1)


def test_wrong_results_name_each_failed_check():
    result = bench.BenchResult("small", 1, "2026-11-28", "now")
    result.spot_check_full = bench.SpotCheck(checked=10, mismatched=1, examples=["K04/ALL/2026Q4"])
    result.spot_check_incremental = bench.SpotCheck(checked=10)
    assert [line.split(":")[0] for line in result.wrong_results()] == ["full refresh"]
    result.floor_differences = ["K07/ALL/2026Q4: 1 vs 2"]
    assert len(result.wrong_results()) == 2
    result.spot_check_full = bench.SpotCheck(checked=10)
    result.floor_differences = []
    assert result.wrong_results() == []


def test_the_slowest_nodes_come_from_this_builds_run_results_only(tmp_path):
    run_results = tmp_path / "run_results.json"
    timings = {"model.fintech_cluster.fct_patents": 3.0, "model.fintech_cluster.dim_parks": 0.1}
    timings |= {"test.fintech_cluster.unique_x.1a2b": 5.0, "seed.fintech_cluster.fx_rates": 0.5}
    results = [{"unique_id": node, "execution_time": s} for node, s in timings.items()]
    run_results.write_text(json.dumps({"results": results, "elapsed_time": 9.0}))
    written_at = run_results.stat().st_mtime

    slowest = bench.slowest_nodes(run_results, since=written_at - 1, count=3)

    assert slowest == {"unique_x.1a2b": 5.0, "fct_patents": 3.0, "fx_rates": 0.5}
    assert bench.slowest_nodes(run_results, since=written_at + 1) == {}


def test_file_space_counts_the_blocks_a_dropped_table_left(tmp_path):
    database = tmp_path / "file.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create table kept as select range as n from range(300000)")
    (_, free_before) = bench.file_space(database)
    with duckdb.connect(str(database)) as con:
        con.execute("create table dropped as select range as n from range(300000)")
        con.execute("checkpoint")
        con.execute("drop table dropped")

    (size_mb, free_after) = bench.file_space(database)

    assert size_mb > 0
    assert free_before < 0.2 < free_after


def test_the_table_gives_both_floors_and_the_ratio_to_each():
    result = bench.BenchResult("city", 42, "2026-11-29", "now", full_refresh_s=600.0)
    result.floor_s, result.ratio = 300.0, 2.0
    result.floor_default_settings_s = 240.0
    result.floor_duckdb_settings = {"threads": "2", "memory_limit": "4GB"}
    table = bench.markdown_table(result)
    assert "| ratio full / floor | 2.0 |" in table
    assert (
        "| floor with DuckDB's default settings instead of threads 2, memory_limit 4GB "
        "| 240.0 s (ratio 2.50) |"
    ) in table


@pytest.mark.integration
def test_the_floor_runs_again_from_a_new_file_with_the_same_compiled_models(
    refreshed_home, tmp_path
):
    """The bench's second floor (DuckDB's defaults) reuses the first one's compilation and
    starts from a new file: nothing of the first run is left in it."""
    env = bench.bench_environment(refreshed_home, AS_OF)
    manifest = bench.compile_floor(refreshed_home, tmp_path / "floor", env)
    floor = bench.floor_warehouse(tmp_path / "floor", refreshed_home)
    bench.run_floor(refreshed_home, tmp_path / "floor", manifest)
    with connect_working(floor) as con:
        con.execute("create table main.left_by_the_first_run as select 1 as x")
        con.execute("create table marts.left_by_the_first_run as select 1 as x")

    bench.run_floor(refreshed_home, tmp_path / "floor", manifest)

    with connect_working(floor, read_only=True) as con:
        tables = con.execute("select database_name, table_name from duckdb_tables()").fetchall()
    assert not [table for table in tables if table[1] == "left_by_the_first_run"]
    assert {database for database, _ in tables} == {floor.stem, AUDITED_CATALOG}
    assert not bench.kpi_value_differences(floor, refreshed_home.published_warehouse)
