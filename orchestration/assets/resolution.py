"""Entity resolution: ``meta.name_matches``, which enterprise each name without a USCC means.

Runs after every raw feed (it compares the names of patents, rounds and events with the
registered names) and before dbt, whose ``int_*_linked`` models read it as the source
``meta.name_matches`` (same asset key, so the graph joins by itself).

When every row carries a USCC there is nothing to resolve, and the index of registered
names is not built: at city scale that index (four million names normalised in Python)
took minutes on every refresh for no match.
"""

import dagster as dg
import duckdb

from fintech_cluster import settings
from ingestion.loader import ensure_schema
from ingestion.resolution import (
    EXACT_NAME,
    FUZZY_NAME,
    MATCHES_TABLE,
    UNLINKED_NAMES_SQL,
    UNMATCHED,
    resolve_names,
)
from orchestration.resources import WarehouseResource

NAME_MATCHES_KEY = dg.AssetKey(["meta", "name_matches"])


@dg.asset(
    key=NAME_MATCHES_KEY,
    group_name="raw",
    kinds={"duckdb", "python"},
    pool="duckdb",
    deps=[dg.AssetKey(["raw", table]) for table in settings.RAW_TABLE_OF_FEED.values()],
    description="Names without a USCC (patent applicants, round companies, event subjects) "
    "matched to registered enterprises: exact normalised name, else a scored fuzzy match; "
    "method and score recorded, unmatched names kept.",
)
def name_matches(warehouse: WarehouseResource) -> dg.MaterializeResult:
    with warehouse.connect() as con:
        ensure_schema(con)
        counts = resolve_names(con) if _has_unlinked_names(con) else _no_names_to_resolve(con)
    return dg.MaterializeResult(
        metadata={
            **{f"names_{method}": n for method, n in counts.items()},
            "dagster/row_count": sum(counts.values()),
        }
    )


def _has_unlinked_names(con: duckdb.DuckDBPyConnection) -> bool:
    return con.execute(f"select exists ({UNLINKED_NAMES_SQL})").fetchone()[0]


def _no_names_to_resolve(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """``meta.name_matches`` emptied, as ``resolve_names`` would leave it for no names."""
    con.execute(f"delete from {MATCHES_TABLE}")
    return {EXACT_NAME: 0, FUZZY_NAME: 0, UNMATCHED: 0}
