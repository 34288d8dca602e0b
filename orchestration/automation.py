"""The refresh job, its daily schedule, and the sensor that notices new deliveries."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg

from fintech_cluster import settings

refresh_job = dg.define_asset_job(
    name="refresh",
    # The quarterly reports are partitioned by quarter and have their own job and schedule.
    selection=dg.AssetSelection.all() - dg.AssetSelection.groups("reports"),
    description="Ingest new deliveries, rebuild the warehouse, check it, and publish it.",
    executor_def=dg.in_process_executor,
)

daily_refresh_schedule = dg.ScheduleDefinition(
    name="daily_refresh",
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    description="Every day at 02:00 Shanghai time, after the bureaus' overnight deliveries.",
)


def landing_fingerprint(landing: Path) -> str:
    """A digest of every delivered file's path, size and modification time."""
    digest = hashlib.sha256()
    if landing.exists():
        for path in sorted(p for p in landing.rglob("*") if p.is_file()):
            if path.name.startswith("."):
                continue
            stat = path.stat()
            digest.update(
                f"{path.relative_to(landing)}|{stat.st_size}|{stat.st_mtime_ns}\n".encode()
            )
    return digest.hexdigest()


@dg.sensor(
    name="new_deliveries",
    job=refresh_job,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Starts a refresh when files in the landing folder are added or changed.",
)
def new_deliveries_sensor(context: dg.SensorEvaluationContext):
    fingerprint = landing_fingerprint(settings.home().landing)
    if fingerprint == context.cursor:
        return dg.SkipReason("no new or changed files in the landing folder")
    context.update_cursor(fingerprint)
    return dg.RunRequest(run_key=fingerprint)
