"""Load delivered files into ``raw.*``, ``meta.quarantine`` and ``meta.load_log`` (plain DuckDB).

One file, one transaction: its raw rows, its quarantine rows and its load-log row are
written together or not at all. A file is identified by the SHA-256 of its bytes:

* the same bytes at the same path again: nothing is written (status ``unchanged``);
* the same bytes at a new path: one ``skipped_duplicate`` log row, once;
* a file that cannot be loaded as a whole: one ``rejected`` log row naming the problem.

Bad content never raises; an unknown feed or a missing path does (user errors).
For every file, ``rows_read = rows_loaded + rows_quarantined``.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from data_contracts import split_valid_rows
from ingestion.canonical import (
    CANONICAL_COLUMNS,
    LINEAGE_COLUMNS,
    ROW_NUMBER,
    check_feed,
    raw_table_name,
)
from ingestion.errors import FileRejected
from ingestion.formats import Format, choose_format, get_format
from ingestion.privacy import scrub_personal_data
from ingestion.readers import RawTable, read_tables

LOAD_LOG_COLUMNS = {
    "batch_id": "VARCHAR",
    "file_path": "VARCHAR",
    "file_sha256": "VARCHAR",
    "feed": "VARCHAR",
    "format": "VARCHAR",
    "rows_read": "BIGINT",
    "rows_loaded": "BIGINT",
    "rows_quarantined": "BIGINT",
    "status": "VARCHAR",  # loaded | rejected | skipped_duplicate
    "message": "VARCHAR",
    "loaded_at": "TIMESTAMP",
}
QUARANTINE_COLUMNS = {
    "batch_id": "VARCHAR",
    "file_path": "VARCHAR",
    "row_number": "INTEGER",
    "rule": "VARCHAR",
    "message": "VARCHAR",
    "raw_record": "VARCHAR",  # JSON of the source row, personal data removed
}
# Which enterprise a name without a USCC means (written by ingestion.resolution).
NAME_MATCHES_COLUMNS = {
    "source_name": "VARCHAR",  # the name as in raw.* (NFKC, stripped)
    "normalised_name": "VARCHAR",
    "uscc": "VARCHAR",  # null when unmatched
    "matched_name": "VARCHAR",  # the registered name it was matched to
    "method": "VARCHAR",  # exact_name | fuzzy_name | unmatched
    "score": "DOUBLE",  # 100 for exact; rapidfuzz ratio of the core names for fuzzy
    "runner_up_score": "DOUBLE",  # best score of any other enterprise (null if none)
    "resolved_at": "TIMESTAMP",
}
SQL_TYPES = {
    pl.String: "VARCHAR",
    pl.Date: "DATE",
    pl.Float64: "DOUBLE",
    pl.Boolean: "BOOLEAN",
    pl.Int32: "INTEGER",
    pl.Int64: "BIGINT",
    pl.Datetime: "TIMESTAMP",
}


@dataclass(frozen=True)
class LoadResult:
    """What happened to one delivered file (``unchanged``: already logged, nothing written)."""

    file_path: str
    feed: str
    status: str  # loaded | rejected | skipped_duplicate | unchanged
    batch_id: str
    file_sha256: str
    format: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    message: str = ""


@dataclass(frozen=True)
class _Batch:
    """Everything one file writes, prepared before the transaction opens."""

    result: LoadResult
    loaded_at: datetime
    raw_rows: pl.DataFrame | None = None
    quarantine: pl.DataFrame | None = None


# -- schema --------------------------------------------------------------------------------


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the ``raw`` and ``meta`` schemas and their tables if they do not exist."""
    con.execute("create schema if not exists raw")
    con.execute("create schema if not exists meta")
    for feed, columns in CANONICAL_COLUMNS.items():
        types = {name: _sql_type(dtype) for name, dtype in {**columns, **LINEAGE_COLUMNS}.items()}
        _create_table(con, raw_table_name(feed), types)
    _create_table(con, "meta.load_log", LOAD_LOG_COLUMNS)
    _create_table(con, "meta.quarantine", QUARANTINE_COLUMNS)
    _create_table(con, "meta.name_matches", NAME_MATCHES_COLUMNS)


def _create_table(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str]) -> None:
    """Create the table, or add the columns a warehouse created by an older version lacks
    (rows loaded before have them null; inserts go by name, so order does not matter)."""
    definitions = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    con.execute(f"create table if not exists {table} ({definitions})")
    schema, _, name_of_table = table.partition(".")
    existing = {
        row[0]
        for row in con.execute(
            "select column_name from information_schema.columns"
            " where table_schema = ? and table_name = ?",
            [schema, name_of_table],
        ).fetchall()
    }
    for name, sql_type in columns.items():
        if name not in existing:
            con.execute(f'alter table {table} add column "{name}" {sql_type}')


def _sql_type(dtype: pl.DataType) -> str:
    return SQL_TYPES[dtype.base_type()]


def read_raw_rows(con: duckdb.DuckDBPyConnection, feed: str) -> pl.DataFrame:
    """All rows of a feed's raw table as a polars frame (e.g. for ``validate_frame``).

    Read through the Arrow C stream: ``relation.pl()`` needs pyarrow, which is not installed.
    """
    return pl.DataFrame(con.sql(f"select * from {raw_table_name(feed)}"))


# -- one file ------------------------------------------------------------------------------


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path | str,
    feed: str,
    format_name: str | None = None,
) -> LoadResult:
    """Load one delivered file of ``feed`` (format detected from its header unless named)."""
    check_feed(feed)
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")
    if format_name is not None:
        get_format(format_name, feed)  # an unknown format name is a user error
    content = path.read_bytes()
    sha256 = hashlib.sha256(content).hexdigest()
    identity = LoadResult(
        file_path=str(path.resolve()),
        feed=feed,
        status="",
        batch_id=f"b_{sha256[:16]}",
        file_sha256=sha256,
    )
    ensure_schema(con)
    earlier = _earlier_loads(con, sha256)
    if identity.file_path in earlier:
        status = earlier[identity.file_path]
        message = f"{path.name}: already recorded as {status}; nothing written"
        return replace(identity, status="unchanged", message=message)
    if earlier:
        batch = _duplicate_batch(identity, path, earlier)
    else:
        batch = _prepare_batch(identity, path, content, format_name)
    _write_batch(con, batch)
    return batch.result


def _earlier_loads(con: duckdb.DuckDBPyConnection, sha256: str) -> dict[str, str]:
    """``{file_path: status}`` of earlier log rows for these bytes, oldest first."""
    rows = con.execute(
        "select file_path, status from meta.load_log where file_sha256 = ? order by loaded_at",
        [sha256],
    ).fetchall()
    return dict(rows)


def _duplicate_batch(identity: LoadResult, path: Path, earlier: dict[str, str]) -> _Batch:
    originals = [(p, s) for p, s in earlier.items() if s != "skipped_duplicate"]
    original, status = (originals or list(earlier.items()))[0]
    message = f"{path.name}: same bytes as {original} ({status}); not loaded again"
    result = replace(identity, status="skipped_duplicate", message=message)
    return _Batch(result, loaded_at=datetime.now())


def _prepare_batch(
    identity: LoadResult, path: Path, content: bytes, format_name: str | None
) -> _Batch:
    """Read, detect the format, map to canonical rows and split them by the contract."""
    loaded_at = datetime.now()
    try:
        table, fmt = _recognised_table(read_tables(path, content), identity.feed, format_name)
    except FileRejected as rejection:
        message = str(rejection.for_file(path))
        return _Batch(replace(identity, status="rejected", message=message), loaded_at)
    canonical = fmt.to_canonical(table)
    valid, quarantine = split_valid_rows(identity.feed, canonical)
    result = replace(
        identity,
        status="loaded",
        format=fmt.name,
        rows_read=canonical.height,
        rows_loaded=valid.height,
        rows_quarantined=quarantine.height,
        message=_loaded_message(path, fmt.name, canonical.height, quarantine),
    )
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    return _Batch(
        result,
        loaded_at,
        raw_rows=_raw_rows(valid, result, loaded_at),
        quarantine=_quarantine_rows(quarantine, table, result, path),
    )


def _recognised_table(
    tables: list[RawTable], feed: str, format_name: str | None
) -> tuple[RawTable, Format]:
    """The first table (worksheet) whose header a format of ``feed`` recognises.

    Other sheets of a workbook (notes, summaries) are ignored; when no sheet is
    recognised, the first sheet's rejection is raised.
    """
    rejections = []
    for table in tables:
        scrubbed = scrub_personal_data(table)
        try:
            return scrubbed, choose_format(feed, scrubbed.headers, format_name)
        except FileRejected as rejection:
            rejections.append(rejection)
    raise rejections[0]


def _loaded_message(path: Path, format_name: str, rows: int, quarantine: pl.DataFrame) -> str:
    message = f"{path.name}: {format_name}, {rows} rows read, {quarantine.height} quarantined"
    if quarantine.height:
        counts = Counter(quarantine["rule"].to_list()).most_common()
        message += " (" + ", ".join(f"{rule} ×{n}" for rule, n in counts) + ")"
    return message


def _raw_rows(valid: pl.DataFrame, result: LoadResult, loaded_at: datetime) -> pl.DataFrame:
    """Canonical columns plus lineage, exactly the columns of the raw table."""
    lineage = LINEAGE_COLUMNS
    return valid.select(
        *CANONICAL_COLUMNS[result.feed],
        pl.lit(result.batch_id, lineage["_batch_id"]).alias("_batch_id"),
        pl.lit(result.file_path, lineage["_source_file"]).alias("_source_file"),
        pl.lit(result.file_sha256, lineage["_file_sha256"]).alias("_file_sha256"),
        pl.col(ROW_NUMBER).cast(lineage[ROW_NUMBER]),
        pl.lit(loaded_at, lineage["_loaded_at"]).alias("_loaded_at"),
    )


def _quarantine_rows(
    quarantine: pl.DataFrame, table: RawTable, result: LoadResult, path: Path
) -> pl.DataFrame:
    """One row per quarantined source row, with the (already scrubbed) source record as JSON."""
    records = table.frame.filter(pl.col(ROW_NUMBER).is_in(quarantine[ROW_NUMBER].implode())).select(
        ROW_NUMBER, pl.struct(table.headers).struct.json_encode().alias("raw_record")
    )
    row_number = pl.col(ROW_NUMBER)
    return quarantine.join(records, on=ROW_NUMBER, how="left").select(
        pl.lit(result.batch_id).alias("batch_id"),
        pl.lit(result.file_path).alias("file_path"),
        row_number.cast(pl.Int32).alias("row_number"),
        "rule",
        pl.format("{} row {}: {}", pl.lit(path.name), row_number, "message").alias("message"),
        "raw_record",
    )


def _write_batch(con: duckdb.DuckDBPyConnection, batch: _Batch) -> None:
    """Raw rows, quarantine rows and the log row in one transaction."""
    log_row = _log_row(batch.result, batch.loaded_at)
    con.execute("begin transaction")
    try:
        if batch.raw_rows is not None and batch.raw_rows.height:
            insert_frame(con, raw_table_name(batch.result.feed), batch.raw_rows)
        if batch.quarantine is not None and batch.quarantine.height:
            insert_frame(con, "meta.quarantine", batch.quarantine)
        insert_frame(con, "meta.load_log", log_row)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise


def _log_row(result: LoadResult, loaded_at: datetime) -> pl.DataFrame:
    values = {name: getattr(result, name) for name in LOAD_LOG_COLUMNS if name != "loaded_at"}
    schema = {name: pl.Int64 if name.startswith("rows_") else pl.String for name in values}
    return pl.DataFrame([values], schema=schema).with_columns(loaded_at=pl.lit(loaded_at))


class _ArrowStream:
    """A polars frame seen only through the Arrow C stream interface.

    DuckDB converts a polars frame it recognises with pyarrow, which is not installed;
    through the stream capsule it reads the columns directly, without a copy.
    """

    def __init__(self, frame: pl.DataFrame) -> None:
        self._frame = frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self._frame.__arrow_c_stream__(requested_schema)


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    """Insert a polars frame by column name, in bulk."""
    view = "_incoming_frame"
    con.register(view, _ArrowStream(frame))
    try:
        con.execute(f"insert into {table} by name select * from {view}")
    finally:
        con.unregister(view)


# -- a landing folder ----------------------------------------------------------------------


def ingest_landing(
    con: duckdb.DuckDBPyConnection,
    landing_dir: Path | str,
    feed: str,
    on_file: Callable[[LoadResult], None] | None = None,
) -> list[LoadResult]:
    """Load every delivered file of ``feed``, in sorted path order.

    ``landing_dir`` is the landing root (files under ``<landing_dir>/<feed>/``, any depth)
    or that feed folder itself. Hidden files and folders (``.x``) and Office lock files
    (``~$x``) are skipped. ``on_file`` is called with each result as it is written.
    """
    check_feed(feed)
    landing_dir = Path(landing_dir)
    if not landing_dir.is_dir():
        raise FileNotFoundError(f"no such landing folder: {landing_dir}")
    folder = landing_dir if landing_dir.name == feed else landing_dir / feed
    results = []
    for path in delivered_files(folder):
        result = ingest_file(con, path, feed)
        results.append(result)
        if on_file is not None:
            on_file(result)
    return results


def delivered_files(folder: Path) -> list[Path]:
    """Visible files under ``folder`` at any depth, sorted; none when it does not exist."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and not any(part.startswith((".", "~$")) for part in path.relative_to(folder).parts)
    )
