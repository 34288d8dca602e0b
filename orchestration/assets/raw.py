"""Raw layer: one asset per feed, keyed ``["raw", <table>]`` like the dbt source that reads it.

Each asset loads the new files of its landing folder (``ingestion.loader``), and carries two
blocking checks, so nothing downstream runs on rows that broke their contract:

- ``contract_holds``: every row in the raw table satisfies the feed's pandera contract. The
  loader writes only rows that passed the contract, in logged batches, and raw tables are
  append-only; so the check validates the rows that did not come through a logged load
  (a row inserted by hand, say). Re-validating every row on every refresh cost minutes
  and gigabytes at city scale (10M patents read back into polars) and re-proved what the
  loader had just proved on the same rows;
- ``rows_accounted_for``: for every loaded file, rows read = rows loaded + rows quarantined,
  and the raw and quarantine tables hold exactly those rows.
"""

import dagster as dg
import duckdb
import polars as pl

from data_contracts import validate_frame
from fintech_cluster import settings
from fintech_cluster.crash_points import pause_point
from fintech_cluster.warehouse import fetch_one
from ingestion.loader import LoadResult, ensure_schema, ingest_landing
from orchestration.resources import WarehouseResource

CONTRACT_CHECK = "contract_holds"
ACCOUNTING_CHECK = "rows_accounted_for"


def _load_summary(results: list[LoadResult]) -> dict[str, int]:
    by_status = {"loaded": 0, "rejected": 0, "skipped_duplicate": 0}
    for result in results:
        by_status[result.status] = by_status.get(result.status, 0) + 1
    return {
        "files_loaded": by_status["loaded"],
        "files_rejected": by_status["rejected"],
        "files_skipped_duplicate": by_status["skipped_duplicate"],
        "files_unchanged": by_status.get("unchanged", 0),
        "rows_read": sum(r.rows_read for r in results),
        "rows_loaded": sum(r.rows_loaded for r in results),
        "rows_quarantined": sum(r.rows_quarantined for r in results),
    }


# Rows of a raw table that no logged load wrote: they never met the contract.
UNLOGGED_ROWS_SQL = """
    select * from raw.{table} as r
    where not exists (
        select 1 from meta.load_log as log
        where log.batch_id = r._batch_id and log.status = 'loaded' and log.feed = ?
    )
"""


def _contract_check(con: duckdb.DuckDBPyConnection, feed: str, table: str) -> dg.AssetCheckResult:
    frame = pl.DataFrame(con.sql(UNLOGGED_ROWS_SQL.format(table=table), params=[feed]))
    problems = validate_frame(feed, frame)
    return dg.AssetCheckResult(
        check_name=CONTRACT_CHECK,
        passed=not problems,
        metadata={"rows_checked": len(frame), "problems": len(problems)},
        description="; ".join(problems[:5]) or None,
    )


UNBALANCED_FILES_SQL = """
    with raw_rows as (
        select _batch_id as batch_id, count(*) as n from raw.{table} group by all
    ),
    quarantined as (
        select batch_id, count(*) as n from meta.quarantine group by all
    )
    select
        log.file_path,
        log.rows_read,
        log.rows_loaded,
        log.rows_quarantined,
        coalesce(raw_rows.n, 0) as rows_in_raw,
        coalesce(quarantined.n, 0) as rows_in_quarantine,
    from meta.load_log as log
    left join raw_rows using (batch_id)
    left join quarantined using (batch_id)
    where log.feed = ? and log.status = 'loaded'
      and (
          log.rows_read != log.rows_loaded + log.rows_quarantined
          or log.rows_loaded != coalesce(raw_rows.n, 0)
          or log.rows_quarantined != coalesce(quarantined.n, 0)
      )
"""


def _accounting_check(con: duckdb.DuckDBPyConnection, feed: str, table: str) -> dg.AssetCheckResult:
    unbalanced = con.execute(UNBALANCED_FILES_SQL.format(table=table), [feed]).fetchall()
    (files,) = fetch_one(
        con, "select count(*) from meta.load_log where feed = ? and status = 'loaded'", [feed]
    )
    return dg.AssetCheckResult(
        check_name=ACCOUNTING_CHECK,
        passed=not unbalanced,
        metadata={"files_checked": files, "files_unbalanced": len(unbalanced)},
        description="; ".join(
            f"{path}: read {read}, loaded {loaded} (raw {in_raw}), "
            f"quarantined {quarantined} (table {in_quarantine})"
            for path, read, loaded, quarantined, in_raw, in_quarantine in unbalanced[:5]
        )
        or None,
    )


def build_raw_asset(feed: str) -> dg.AssetsDefinition:
    table = settings.RAW_TABLE_OF_FEED[feed]
    key = dg.AssetKey(["raw", table])

    @dg.asset(
        key=key,
        group_name="raw",
        kinds={"duckdb", "polars", "pandera"},
        pool="duckdb",
        description=f"Rows of the {feed} deliveries in landing/{feed}/, validated by the "
        f"{feed} contract; violations quarantined in meta.quarantine.",
        check_specs=[
            dg.AssetCheckSpec(CONTRACT_CHECK, asset=key, blocking=True),
            dg.AssetCheckSpec(ACCOUNTING_CHECK, asset=key, blocking=True),
        ],
    )
    def raw_feed(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        landing = settings.home().landing_for(feed)
        with warehouse.connect() as con:
            ensure_schema(con)
            results = ingest_landing(con, landing, feed, on_file=lambda _: pause_point("ingest"))
            for result in results:
                if result.status == "rejected":
                    context.log.warning(f"rejected {result.file_path}: {result.message}")
            summary = _load_summary(results)
            (row_count,) = fetch_one(con, f"select count(*) from raw.{table}")
            yield dg.MaterializeResult(
                metadata={**summary, "dagster/row_count": row_count, "landing": str(landing)}
            )
            yield _contract_check(con, feed, table)
            yield _accounting_check(con, feed, table)

    return raw_feed


raw_assets = [build_raw_asset(feed) for feed in settings.FEEDS]
