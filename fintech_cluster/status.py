"""What `fintech-cluster status` shows: the last publish, recent loads, quarantine by rule.

It reads the published file (always openable) and, when no refresh holds it, the
working warehouse for loads that are not published yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from fintech_cluster import settings
from fintech_cluster.warehouse import fetch_one

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


def _open_working(home: settings.Home) -> duckdb.DuckDBPyConnection | None:
    if not home.warehouse.exists():
        return None
    try:
        return duckdb.connect(str(home.warehouse), read_only=True)
    except duckdb.IOException:
        return None  # a refresh holds the write lock


def read_status(home: settings.Home) -> StatusReport:
    report = StatusReport(lines=[f"home: {home.root}"])
    if home.published_warehouse.exists():
        with duckdb.connect(str(home.published_warehouse), read_only=True) as con:
            version_id, published_at, run_id = fetch_one(
                con, "select version_id, published_at, run_id from meta.published_version"
            )
        report.lines.append(f"published: version {version_id} at {published_at} (run {run_id})")
    else:
        report.lines.append("published: nothing yet (run `fintech-cluster refresh`)")
    con = _open_working(home)
    if con is None:
        state = "busy (a refresh is running)" if home.warehouse.exists() else "not built yet"
        report.lines.append(f"working warehouse: {state}")
        return report
    with con:
        report.tables.append(_table(con, "Loads by feed", RECENT_LOADS_SQL))
        report.tables.append(_table(con, "Quarantined rows by rule", QUARANTINE_BY_RULE_SQL))
        report.tables.append(_table(con, "Rejected files", REJECTED_FILES_SQL))
    return report
