"""All Dagster definitions, assembled from the modules that own them.

Cross-cutting policy lives here once: the single-writer ``duckdb`` pool is set on every
asset that writes the warehouse, and the refresh job uses the in-process executor.
"""

import dagster as dg

from orchestration.assets.publish import published_warehouse
from orchestration.assets.quality import quality_gates
from orchestration.assets.raw import raw_assets
from orchestration.assets.reports import quarterly_reports_schedule, report_assets, reports_job
from orchestration.assets.resolution import name_matches
from orchestration.assets.transform import warehouse_models
from orchestration.automation import daily_refresh_schedule, new_deliveries_sensor, refresh_job
from orchestration.resources import build_resources

defs = dg.Definitions(
    assets=[*raw_assets, name_matches, warehouse_models, published_warehouse, *report_assets],
    asset_checks=[quality_gates],
    jobs=[refresh_job, reports_job],
    schedules=[daily_refresh_schedule, quarterly_reports_schedule],
    sensors=[new_deliveries_sensor],
    resources=build_resources(),
)
