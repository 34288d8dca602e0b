"""Opening the warehouse files, and publishing the audited copy (write–audit–publish).

The working warehouse is two files. ``warehouse.duckdb`` holds what is loaded and
derived (raw, meta, staging, intermediate); dbt builds what will be published (marts,
reference, snapshots) in ``warehouse.audited.duckdb`` next to it, attached as catalog
``audited`` (``dbt_project/profiles.yml``). ``connect_working`` opens both as one.

Analysts never open the working warehouse: a read-write DuckDB connection locks the file
against every other process. After every blocking check has passed, the pipeline copies
the audited file next to the published one, adds the loading audit trail, and swaps it in
with ``os.replace`` — atomic on POSIX, so a reader sees either the old or the new file,
and a crash leaves the old one intact. Readers already connected keep their snapshot (the
old inode stays alive until they close).
"""

from __future__ import annotations

import os
import shutil
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from fintech_cluster.crash_points import pause_point
from fintech_cluster.run_log import finish_run

# What the published file holds: every marts table, the reference seeds, the enterprises'
# history (snapshots.enterprise_versions: a past quarter as it stood), all built by dbt in
# the audited file, and the loading audit trail without raw records (those may still
# carry delivery text).
PUBLISHED_SCHEMAS = ("marts", "reference", "snapshots")
AUDITED_CATALOG = "audited"
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


def has_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, catalog: str | None = None
) -> bool:
    """Whether ``schema.table`` is in the file behind ``con``, or in the attached
    ``catalog``."""
    rows = con.execute(
        "select 1 from information_schema.tables "
        "where table_catalog = coalesce(?, current_database()) "
        "and table_schema = ? and table_name = ?",
        [catalog, schema, table],
    ).fetchall()
    return bool(rows)


def audited_path(working: Path) -> Path:
    """The file dbt builds the published schemas in: ``<working>.audited.duckdb`` (the
    same rule as the ``attach`` of ``dbt_project/profiles.yml``)."""
    return Path(str(working).removesuffix(".duckdb") + ".audited.duckdb")


def connect_working(working: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """The working warehouse with its audited file attached as ``audited``, so that
    ``marts.x``, ``reference.x`` and ``snapshots.x`` name the tables dbt built there.

    Read-write, a missing audited file is created (empty until dbt builds); read-only,
    it is attached only if it exists."""
    if read_only and not working.exists():
        raise WarehouseMissing(f"no warehouse at {working}")
    con = duckdb.connect(str(working), read_only=read_only)
    audited = audited_path(working)
    if read_only and not audited.exists():
        return con
    mode = " (read_only)" if read_only else ""
    # in one process, connections to one file share one database, and its attachments
    con.execute(f"attach if not exists '{audited}' as {AUDITED_CATALOG}{mode}")
    (working_catalog,) = fetch_one(con, "select current_database()")
    if not read_only:
        _move_published_schemas_to_audited(con, working_catalog)
    _search_audited_schemas(con, working_catalog)
    return con


def remove_audited_file(working: Path) -> None:
    """Delete the audited file (and its write-ahead log) before dbt builds every table of
    it from scratch. dbt replaces a table by building the new one before dropping the old,
    so a file rebuilt in place keeps the old tables' blocks as free space: up to half of
    it, and the published copy would carry them. (A refresh that updates the incremental
    models in place keeps the file: only the small tables are replaced.)"""
    remove_duckdb_file(audited_path(working))


def remove_duckdb_file(path: Path) -> None:
    """A DuckDB file with its write-ahead log and its spill folder."""
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".wal").unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.name + ".tmp"), ignore_errors=True)


def _move_published_schemas_to_audited(
    con: duckdb.DuckDBPyConnection, working_catalog: str
) -> None:
    """The published schemas exist in the audited file, and no longer in the working file
    (a home from before the split held them there: dbt builds them again, and a stale
    copy must not be mistaken for them)."""
    for schema in PUBLISHED_SCHEMAS:
        con.execute(f'drop schema if exists "{working_catalog}".{schema} cascade')
        con.execute(f"create schema if not exists {AUDITED_CATALOG}.{schema}")


def _search_audited_schemas(con: duckdb.DuckDBPyConnection, working_catalog: str) -> None:
    """A schema-qualified name whose schema is on DuckDB's search path resolves in the
    catalog listed there: ``marts.x`` then means ``audited.marts.x``."""
    audited_schemas = con.execute(
        "select database_name || '.' || schema_name from duckdb_schemas() "
        "where database_name = ? and schema_name in ? order by schema_name",
        [AUDITED_CATALOG, list(PUBLISHED_SCHEMAS)],
    ).fetchall()
    search_path = [f'"{working_catalog}".main'] + [name for (name,) in audited_schemas]
    con.execute(f"set search_path = '{','.join(search_path)}'")


def connect_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection, with a clear error when the file is not there yet."""
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}")
    return duckdb.connect(str(path), read_only=True)


def _published_tables(con: duckdb.DuckDBPyConnection) -> int:
    """Tables of the published schemas in the file behind ``con``."""
    (count,) = fetch_one(
        con,
        "select count(*) from duckdb_tables() "
        "where database_name = current_database() and schema_name in ?",
        [list(PUBLISHED_SCHEMAS)],
    )
    return count


def _copy_audit_trail(con: duckdb.DuckDBPyConnection) -> int:
    con.execute("create schema if not exists meta")
    for table, query in PUBLISHED_META_QUERIES.items():
        con.execute(f"create table meta.{table} as {query}")
    return len(PUBLISHED_META_QUERIES)


def _copy_checkpointed(database: Path, copy: Path) -> None:
    """A byte copy of a DuckDB file once everything is in the file itself (none in a
    write-ahead log): its tables are not decompressed and compressed again."""
    with duckdb.connect(str(database)) as con:
        con.execute("checkpoint")
    shutil.copyfile(database, copy)


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
    """Copy the audited file of ``working``, add the loading audit trail, and swap the copy
    in atomically."""
    audited = audited_path(working)
    for required in (working, audited):
        if not required.exists():
            raise WarehouseMissing(f"no working warehouse at {required}")
    published.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(published)
    staging_file = _staging_name(published)
    try:
        _copy_checkpointed(audited, staging_file)
        con = duckdb.connect(str(staging_file))
        try:
            con.execute(f"attach '{working}' as src (read_only)")
            tables = _published_tables(con) + _copy_audit_trail(con)
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
