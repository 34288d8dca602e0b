"""Opening the warehouse files, and publishing the audited copy (write–audit–publish).

Analysts never open the working warehouse: a read-write DuckDB connection locks the file
against every other process. After every blocking check has passed, the pipeline builds a
new file next to the published one and swaps it in with ``os.replace`` — atomic on POSIX,
so a reader sees either the old or the new file, and a crash leaves the old one intact.
Readers already connected keep their snapshot (the old inode stays alive until they close).
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from fintech_cluster.crash_points import pause_point
from fintech_cluster.run_log import finish_run

# What the published file holds: every marts table, the reference seeds, the enterprises'
# history (snapshots.enterprise_versions: a past quarter as it stood), and the loading
# audit trail without raw records (those may still carry delivery text).
PUBLISHED_SCHEMAS = ("marts", "reference", "snapshots")
PUBLISHED_META_QUERIES = {
    "load_log": "select * from src.meta.load_log",
    "quarantine": (
        "select batch_id, file_path, row_number, rule, message from src.meta.quarantine"
    ),
    "check_results": "select * from src.meta.check_results",
    "runs": "select * from src.meta.runs",
}


# Published versions kept for rollback, as hard links in published/versions/.
KEEP_VERSIONS = int(os.environ.get("FINTECH_CLUSTER_KEEP_VERSIONS", "5"))


class WarehouseMissing(RuntimeError):
    """The file a command needs does not exist yet."""


class VersionNotFound(ValueError):
    """No kept published version matches (a user error)."""


@dataclass(frozen=True)
class PublishedVersion:
    version_id: str
    published_at: datetime
    path: Path
    tables: int


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> tuple:
    """The single row of a query. (DuckDB 2 keeps a half-read result open and refuses the
    next statement on that connection, so always read to the end.)"""
    rows = con.execute(sql, params or []).fetchall()
    if len(rows) != 1:
        raise ValueError(f"expected one row, got {len(rows)}: {sql.strip()[:80]}")
    return rows[0]


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, with a clear error when the file is not there yet."""
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}")
    return duckdb.connect(str(path), read_only=True)


def _tables_in(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = con.execute(
        "select table_name from information_schema.tables "
        "where table_catalog = 'src' and table_schema = ? and table_type = 'BASE TABLE' "
        "order by table_name",
        [schema],
    ).fetchall()
    return [name for (name,) in rows]


def _copy_audited_tables(con: duckdb.DuckDBPyConnection) -> int:
    copied = 0
    for schema in PUBLISHED_SCHEMAS:
        con.execute(f"create schema if not exists {schema}")
        for table in _tables_in(con, schema):
            con.execute(f'create table {schema}."{table}" as select * from src.{schema}."{table}"')
            copied += 1
    con.execute("create schema if not exists meta")
    for table, query in PUBLISHED_META_QUERIES.items():
        con.execute(f"create table meta.{table} as {query}")
        copied += 1
    return copied


def _record_version(con: duckdb.DuckDBPyConnection, version: PublishedVersion, run_id: str):
    con.execute(
        "create table meta.published_version as "
        "select ? as version_id, ? as published_at, ? as run_id, ? as tables",
        [version.version_id, version.published_at, run_id, version.tables],
    )


def _close_publishing_run(con: duckdb.DuckDBPyConnection, version: PublishedVersion, run_id: str):
    """The published copy of ``meta.runs`` shows the run that published it as ended:
    published, with this version, its loads counted and no blocking check failed (publish
    only runs when all passed). How many checks passed is known once the run has ended: the
    refresh writes it into the working warehouse, and the next publish carries it over."""
    ended_at = version.published_at.astimezone().replace(tzinfo=None)  # run log: local time
    finish_run(con, run_id, ended_at, (None, 0), version.version_id)


def publish(working: Path, published: Path, run_id: str = "") -> PublishedVersion:
    """Copy the audited tables of ``working`` into a fresh file and swap it in atomically."""
    if not working.exists():
        raise WarehouseMissing(f"no working warehouse at {working}")
    published.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(published)
    staging_file = _staging_name(published)
    try:
        con = duckdb.connect(str(staging_file))
        try:
            con.execute(f"attach '{working}' as src (read_only)")
            tables = _copy_audited_tables(con)
            published_at = datetime.now(UTC)
            version = PublishedVersion(
                version_id=_version_id(published_at),
                published_at=published_at,
                path=published,
                tables=tables,
            )
            _record_version(con, version, run_id)
            _close_publishing_run(con, version, run_id)
            con.execute("detach src")
            con.execute("checkpoint")
        finally:
            con.close()
        _fsync(staging_file)
        pause_point("publish")
        _keep_version(staging_file, published, version.version_id)
        os.replace(staging_file, published)
        _fsync(published.parent)
        return version
    finally:
        staging_file.unlink(missing_ok=True)


# -- kept versions and rollback ------------------------------------------------------------


def _version_id(published_at: datetime) -> str:
    """Sortable by publish time to the microsecond (two publishes can share a second),
    with a random suffix so two machines never collide."""
    return published_at.strftime("%Y%m%dT%H%M%S%f") + "-" + uuid.uuid4().hex[:6]


def versions_dir(published: Path) -> Path:
    return published.parent / "versions"


def kept_versions(published: Path) -> list[str]:
    """Version ids kept for rollback, oldest first (ids start with their UTC time)."""
    return sorted(path.stem for path in versions_dir(published).glob("*.duckdb"))


def current_version(published: Path) -> str:
    with connect_read_only(published) as con:
        return fetch_one(con, "select version_id from meta.published_version")[0]


def _keep_version(built: Path, published: Path, version_id: str) -> None:
    """Link the finished file into versions/ (published files are never written again,
    so a hard link costs no space) and drop all but the newest ``KEEP_VERSIONS``."""
    folder = versions_dir(published)
    folder.mkdir(exist_ok=True)
    os.link(built, folder / f"{version_id}.duckdb")
    for old in kept_versions(published)[:-KEEP_VERSIONS]:
        (folder / f"{old}.duckdb").unlink()


def rollback(published: Path, to: str | None = None) -> str:
    """Swap a kept version back in atomically: ``to``, or the one before the current."""
    versions = kept_versions(published)
    target = to or _previous_version(versions, current_version(published))
    if target not in versions:
        raise VersionNotFound(f"no kept version {target}; kept: {', '.join(versions) or 'none'}")
    swap = _staging_name(published)
    try:
        os.link(versions_dir(published) / f"{target}.duckdb", swap)
        os.replace(swap, published)
        _fsync(published.parent)
    finally:
        swap.unlink(missing_ok=True)
    return target


def _previous_version(versions: list[str], current: str) -> str:
    older = [version for version in versions if version < current]
    if not older:
        raise VersionNotFound(f"no kept version older than the current one ({current})")
    return older[-1]


def _staging_name(published: Path) -> Path:
    return published.with_name(f".{published.name}.{uuid.uuid4().hex}.tmp")


def _remove_leftovers(published: Path) -> None:
    """Half-built files of a killed publish (only one refresh runs at a time per home)."""
    for leftover in published.parent.glob(f".{published.name}.*.tmp"):
        leftover.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
