"""Entity resolution: ``meta.name_matches``, which enterprise each name without a USCC means.

Runs after every raw feed (it compares the names of patents, rounds and events with the
registered names) and before dbt, whose ``int_*_linked`` models read it as the source
``meta.name_matches`` (same asset key, so the graph joins by itself).
"""

import dagster as dg

from fintech_cluster import settings
from ingestion.resolution import resolve_names
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
        counts = resolve_names(con)
    return dg.MaterializeResult(
        metadata={
            **{f"names_{method}": n for method, n in counts.items()},
            "dagster/row_count": sum(counts.values()),
        }
    )
