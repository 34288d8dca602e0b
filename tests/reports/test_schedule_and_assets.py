"""Report assets are partitioned by quarter, downstream of publish; the schedule asks for
the quarter just ended on the 5th day of each quarter, Shanghai time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.assets.reports import quarterly_reports_schedule, workbook

REPORT_KEYS = [
    dg.AssetKey(["reports", "quarterly_report"]),
    dg.AssetKey(["reports", "dashboard"]),
    dg.AssetKey(["reports", "workbook"]),
]


def test_report_assets_are_quarterly_partitions_downstream_of_publish(defs):
    graph = defs.resolve_asset_graph()
    for key in REPORT_KEYS:
        node = graph.get(key)
        assert node.parent_keys == {dg.AssetKey(["published", "warehouse"])}
        keys = node.partitions_def.get_partition_keys()
        assert keys[0] == "2020Q1" and "2026Q3" in keys and "2027Q4" in keys
    refresh = defs.resolve_job_def("refresh")
    assert not set(REPORT_KEYS) & set(refresh.asset_layer.executable_asset_keys)


def test_schedule_fires_on_the_fifth_of_each_quarter_for_the_quarter_just_ended(defs):
    from dagster._utils.schedules import cron_string_iterator

    assert quarterly_reports_schedule.execution_timezone == "Asia/Shanghai"
    start = datetime(2026, 8, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
    ticks = cron_string_iterator(
        start.timestamp(), quarterly_reports_schedule.cron_schedule, "Asia/Shanghai"
    )
    expected = [((2026, 10, 5), "2026Q3"), ((2027, 1, 5), "2026Q4"), ((2027, 4, 5), "2027Q1")]
    for (day, quarter), tick in zip(expected, ticks, strict=False):
        assert (tick.year, tick.month, tick.day) == day
        context = dg.build_schedule_context(
            scheduled_execution_time=tick, repository_def=defs.get_repository_def()
        )
        (request,) = quarterly_reports_schedule.evaluate_tick(context).run_requests
        assert request.partition_key == quarter
    assert quarterly_reports_schedule.job_name == "quarterly_reports"


def test_materialising_a_partition_writes_that_quarters_file(built, monkeypatch):
    monkeypatch.setenv("FINTECH_CLUSTER_HOME", str(built.home.root))
    target = built.home.reports / "scorecard-2026Q2.xlsx"
    assert not target.exists()
    result = dg.materialize([workbook], partition_key="2026Q2")
    assert result.success
    assert target.is_file()
    metadata = result.asset_materializations_for_node("reports__workbook")[0].metadata
    assert metadata["path"].value == str(target)
