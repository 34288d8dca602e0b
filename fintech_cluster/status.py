"""What `fintech-cluster status` shows: the last run, the last publish and the versions
kept for rollback, failing checks, recent loads, quarantine by rule.

It reads the published file (always openable) and, when no refresh holds it, the
working warehouse for runs and loads that are not published yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from fintech_cluster import settings
from fintech_cluster.warehouse import fetch_one, has_table, kept_versions

RECENT_LOADS_SQL = """
    select feed, status, count(*) as files, sum(rows_read) as rows_read,
        sum(rows_loaded) as rows_loaded, sum(rows_quarantined) as rows_quarantined,
        max(loaded_at) as last_loaded_at
    from meta.load_log group by all order by feed, status
"""
QUARANTINE_BY_RULE_SQL = """
    select log.feed, q.rule, count(*) as rows
    from meta.quarantine as q
    left join (select distinct batch_id, feed from meta.load_log) as log using (batch_id)
    group by all order by rows desc, log.feed, q.rule
"""
LAST_RUN_SQL = """
    select run_id, started_at, ended_at,
        case when ended_at is null then 'interrupted or running' else status end as status,
        files, rows_read, rows_loaded, rows_quarantined, checks_passed, checks_failed,
        published_version
    from meta.runs order by started_at desc limit 1
"""
FAILING_CHECKS_SQL = """
    select suite, target, column_name, observed, error from meta.check_results
    where not passed
      and run_id = (select run_id from meta.check_results order by checked_at desc limit 1)
    order by suite
"""
REJECTED_FILES_SQL = """
    select file_path, message from meta.load_log where status = 'rejected'
    order by loaded_at desc limit 10
"""


@dataclass
class StatusReport:
    lines: list[str] = field(default_factory=list)
    tables: list[tuple[str, list[str], list[tuple]]] = field(default_factory=list)


def _table(con: duckdb.DuckDBPyConnection, title: str, sql: str):
    relation = con.sql(sql)
    return (title, relation.columns, relation.fetchall())


def _transposed(table: tuple[str, list[str], list[tuple]]) -> tuple[str, list[str], list[tuple]]:
    """A one-row table as field/value lines (fits a narrow terminal)."""
    title, columns, rows = table
    return (
        title,
        ["field", "value"],
        [(c, v) for row in rows[:1] for c, v in zip(columns, row, strict=True)],
    )


def _run_tables(con: duckdb.DuckDBPyConnection, source: str) -> list:
    """The last run and the checks that failed in the last checked run."""
    if not has_table(con, "meta", "runs"):
        return []
    return [
        _transposed(_table(con, f"Last run ({source})", LAST_RUN_SQL)),
        _table(con, f"Failing checks of the last checked run ({source})", FAILING_CHECKS_SQL),
    ]


def _open_working(home: settings.Home) -> duckdb.DuckDBPyConnection | None:
    if not home.warehouse.exists():
        return None
    try:
        return duckdb.connect(str(home.warehouse), read_only=True)
    except duckdb.IOException:
        return None  # a refresh holds the write lock


def _published_lines(published: Path) -> list[str]:
    if not published.exists():
        return ["published: nothing yet (run `fintech-cluster refresh`)"]
    with duckdb.connect(str(published), read_only=True) as con:
        version_id, published_at, run_id = fetch_one(
            con, "select version_id, published_at, run_id from meta.published_version"
        )
    return [
        f"published: version {version_id} at {published_at} (run {run_id})",
        f"kept for rollback: {', '.join(kept_versions(published)) or 'none'}",
    ]


def read_status(home: settings.Home) -> StatusReport:
    report = StatusReport(lines=[f"home: {home.root}", *_published_lines(home.published_warehouse)])
    con = _open_working(home)
    if con is None:
        state = "busy (a refresh is running)" if home.warehouse.exists() else "not built yet"
        report.lines.append(f"working warehouse: {state}")
        if home.published_warehouse.exists():  # runs and checks as of the last publish
            with duckdb.connect(str(home.published_warehouse), read_only=True) as published:
                report.tables.extend(_run_tables(published, "as published"))
        return report
    with con:
        report.tables.extend(_run_tables(con, "working warehouse"))
        report.tables.append(_table(con, "Loads by feed", RECENT_LOADS_SQL))
        report.tables.append(_table(con, "Quarantined rows by rule", QUARANTINE_BY_RULE_SQL))
        report.tables.append(_table(con, "Rejected files", REJECTED_FILES_SQL))
    return report
