"""Publish: the audited warehouse becomes the file analysts and reports read.

This asset depends on every mart, so it runs only when the whole graph upstream
materialised and every blocking check (pandera on raw, dbt tests on the models) passed;
otherwise Dagster skips it and the published file stays byte-for-byte as it was.
"""

import dagster as dg

from fintech_cluster import settings
from fintech_cluster.warehouse import publish
from orchestration.assets.transform import MARTS_KEYS
from orchestration.resources import WarehouseResource


@dg.asset(
    key=["published", "warehouse"],
    group_name="published",
    deps=MARTS_KEYS,
    kinds={"duckdb"},
    pool="duckdb",
    description="The audited copy of the marts, reference data and load audit trail, "
    "replaced atomically: $FINTECH_CLUSTER_HOME/published/warehouse.duckdb.",
)
def published_warehouse(
    context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    version = publish(warehouse.file, settings.home().published_warehouse, context.run.run_id)
    context.log.info(f"published version {version.version_id} to {version.path}")
    return dg.MaterializeResult(
        metadata={
            "version_id": version.version_id,
            "path": str(version.path),
            "tables": version.tables,
        }
    )
