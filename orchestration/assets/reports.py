"""The quarterly report, the dashboard and the Excel scorecard: assets partitioned by quarter,
downstream of the published warehouse (they read nothing else).

Quarters are static partitions ``2020Q1`` … ``2030Q4`` (the plan runs to 2027Q4; the keys
are the quarter labels the warehouse uses). The schedule builds the latest complete
quarter on the 5th day of each quarter, Shanghai time, after the quarter's last
deliveries have been refreshed and published.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from fintech_cluster import settings
from fintech_cluster.reports import build
from fintech_cluster.reports.labels import LANGUAGES
from fintech_cluster.reports.quarters import latest_complete_quarter, quarters_between

REPORTS_GROUP = "reports"
PUBLISHED = dg.AssetKey(["published", "warehouse"])
SHANGHAI = ZoneInfo("Asia/Shanghai")

quarterly_partitions = dg.StaticPartitionsDefinition(quarters_between("2020Q1", "2030Q4"))


def _load(context: dg.AssetExecutionContext):
    return build.load(settings.home(), context.partition_key)


def _asset(name: str, description: str):
    return dg.asset(
        key=[REPORTS_GROUP, name],
        group_name=REPORTS_GROUP,
        deps=[PUBLISHED],
        partitions_def=quarterly_partitions,
        kinds={"html"} if name != "workbook" else {"excel"},
        description=description,
    )


@_asset("quarterly_report", "The evaluation report of the quarter, zh and en, HTML and PDF.")
def quarterly_report(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    data = _load(context)
    paths = {}
    for lang in LANGUAGES:
        files = build.build_report(data, settings.home().reports, lang)
        paths[f"html_{lang}"] = str(files.html)
        paths[f"pdf_{lang}"] = str(files.pdf)
    return dg.MaterializeResult(metadata={**paths, "published_version": data.published_version})


@_asset("dashboard", "One self-contained HTML dashboard of the quarter (opens from disk).")
def dashboard(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    data = _load(context)
    path = build.build_dashboard(data, settings.home().reports)
    return dg.MaterializeResult(
        metadata={"path": str(path), "published_version": data.published_version}
    )


@_asset("workbook", "The Excel scorecard of the quarter: scorecard, parks, series, drill-down.")
def workbook(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    data = _load(context)
    path = build.build_workbook(data, settings.home().reports)
    return dg.MaterializeResult(
        metadata={"path": str(path), "published_version": data.published_version}
    )


report_assets = [quarterly_report, dashboard, workbook]

reports_job = dg.define_asset_job(
    name="quarterly_reports",
    selection=dg.AssetSelection.groups(REPORTS_GROUP),
    description="Write the report, dashboard and workbook of one quarter.",
    executor_def=dg.in_process_executor,
)


@dg.schedule(
    name="quarterly_reports",
    job=reports_job,
    cron_schedule="0 6 5 1,4,7,10 *",
    execution_timezone="Asia/Shanghai",
    description="06:00 Shanghai time on the 5th day of each quarter: the quarter just ended.",
)
def quarterly_reports_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    scheduled = context.scheduled_execution_time or datetime.now(SHANGHAI)
    quarter = latest_complete_quarter(scheduled.astimezone(SHANGHAI).date())
    return dg.RunRequest(run_key=quarter, partition_key=quarter)
