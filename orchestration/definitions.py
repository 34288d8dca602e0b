"""All Dagster definitions, assembled from the modules that own them.

Cross-cutting policy lives here once: the single-writer ``duckdb`` pool is set on every
asset that writes the warehouse, and the refresh job uses the in-process executor.
"""

import dagster as dg

from orchestration.assets.publish import published_warehouse
from orchestration.assets.quality import quality_gates
from orchestration.assets.raw import raw_assets
from orchestration.assets.transform import warehouse_models
from orchestration.automation import daily_refresh_schedule, new_deliveries_sensor, refresh_job
from orchestration.resources import build_resources

defs = dg.Definitions(
    assets=[*raw_assets, warehouse_models, published_warehouse],
    asset_checks=[quality_gates],
    jobs=[refresh_job],
    schedules=[daily_refresh_schedule],
    sensors=[new_deliveries_sensor],
    resources=build_resources(),
)
