"""The pipeline's own audit trail in the working warehouse: ``meta.check_results`` (one row
per expectation of every quality gate, per run) and ``meta.runs`` (one row per refresh).

Both are copied into the published file, so analysts see which checks the data passed.
"""

from __future__ import annotations

import json
from datetime import datetime

import duckdb

CHECK_RESULTS_COLUMNS = {
    "run_id": "VARCHAR",
    "checked_at": "TIMESTAMP",
    "suite": "VARCHAR",
    "target": "VARCHAR",
    "expectation": "VARCHAR",
    "column_name": "VARCHAR",
    "passed": "BOOLEAN",
    "observed": "VARCHAR",  # JSON: element_count, unexpected_count, observed_value, sample
    "error": "VARCHAR",  # the exception of an expectation that could not be evaluated
}
RUNS_COLUMNS = {
    "run_id": "VARCHAR",
    "started_at": "TIMESTAMP",
    "ended_at": "TIMESTAMP",  # null: the run was interrupted (killed) before it ended
    "status": "VARCHAR",  # running | published | not_published
    "files": "BIGINT",
    "rows_read": "BIGINT",
    "rows_loaded": "BIGINT",
    "rows_quarantined": "BIGINT",
    "checks_passed": "BIGINT",
    "checks_failed": "BIGINT",
    "published_version": "VARCHAR",
}


def _create(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> None:
    definitions = ", ".join(f"{name} {sql_type}" for name, sql_type in columns.items())
    con.execute("create schema if not exists meta")
    con.execute(f"create table if not exists {table} ({definitions})")


def ensure_run_log(con: duckdb.DuckDBPyConnection) -> None:
    _create(con, "meta.check_results", CHECK_RESULTS_COLUMNS)
    _create(con, "meta.runs", RUNS_COLUMNS)


def record_check_results(con: duckdb.DuckDBPyConnection, run_id: str, outcomes: list) -> None:
    """One row per expectation of each ``SuiteOutcome``."""
    ensure_run_log(con)
    now = datetime.now()
    rows = [
        (
            run_id,
            now,
            o.suite.name,
            o.suite.target,
            e.expectation,
            e.column,
            e.passed,
            json.dumps(e.observed, ensure_ascii=False),
            e.error,
        )
        for o in outcomes
        for e in o.expectations
    ]
    placeholders = ", ".join("?" * len(CHECK_RESULTS_COLUMNS))
    con.executemany(f"insert into meta.check_results values ({placeholders})", rows)


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime) -> None:
    ensure_run_log(con)
    con.execute(
        "insert into meta.runs (run_id, started_at, status) values (?, ?, 'running')",
        [run_id, started_at],
    )


FINISH_RUN_SQL = """
    update meta.runs set
        ended_at = $ended_at,
        status = $status,
        files = loads.files,
        rows_read = loads.rows_read,
        rows_loaded = loads.rows_loaded,
        rows_quarantined = loads.rows_quarantined,
        checks_passed = $checks_passed,
        checks_failed = $checks_failed,
        published_version = $published_version
    from (
        select count(*) as files, coalesce(sum(rows_read), 0) as rows_read,
            coalesce(sum(rows_loaded), 0) as rows_loaded,
            coalesce(sum(rows_quarantined), 0) as rows_quarantined,
        from meta.load_log where loaded_at >= $started_at and loaded_at <= $ended_at
    ) as loads
    where meta.runs.run_id = $run_id
"""


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    ended_at: datetime,
    checks: tuple[int | None, int],
    published_version: str | None,
) -> None:
    """Complete the run's row: files and rows loaded while it ran, checks (passed, failed),
    publish. A run that is not in the log (started outside ``fintech-cluster refresh``,
    e.g. from the Dagster UI) has no row to complete."""
    found = con.execute("select started_at from meta.runs where run_id = ?", [run_id]).fetchall()
    if not found:
        return
    (started_at,) = found[0]
    con.execute(
        FINISH_RUN_SQL,
        {
            "run_id": run_id,
            "started_at": started_at,
            "ended_at": ended_at,
            "status": "published" if published_version else "not_published",
            "checks_passed": checks[0],
            "checks_failed": checks[1],
            "published_version": published_version,
        },
    )
