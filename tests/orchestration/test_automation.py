"""The daily schedule and the landing-folder sensor, evaluated with Dagster's test utilities."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import dagster as dg

from orchestration.automation import daily_refresh_schedule, new_deliveries_sensor


def test_schedule_fires_at_two_in_the_morning_shanghai_time(defs):
    assert daily_refresh_schedule.execution_timezone == "Asia/Shanghai"
    start = datetime(2026, 11, 28, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    # Dagster's own cron iterator: the ticks the daemon would fire.
    from dagster._utils.schedules import cron_string_iterator

    iterator = cron_string_iterator(
        start.timestamp(), daily_refresh_schedule.cron_schedule, "Asia/Shanghai"
    )
    first, second = next(iterator), next(iterator)
    assert (first.hour, first.minute, first.day) == (2, 0, 29)
    assert (second - first).total_seconds() == 24 * 3600
    context = dg.build_schedule_context(scheduled_execution_time=first)
    run_request = daily_refresh_schedule.evaluate_tick(context).run_requests[0]
    assert run_request is not None
    assert daily_refresh_schedule.job_name == "refresh"


def _tick(context: dg.SensorEvaluationContext):
    return new_deliveries_sensor.evaluate_tick(context)


def test_sensor_requests_a_run_only_when_landing_changes(home):
    (home.landing_for("patents")).mkdir(parents=True)
    context = dg.build_sensor_context(cursor=None)
    first = _tick(context)
    assert len(first.run_requests) == 1, "first look at the folder: one refresh"

    context = dg.build_sensor_context(cursor=first.cursor)
    unchanged = _tick(context)
    assert not unchanged.run_requests and unchanged.skip_message

    (home.landing_for("patents") / "new_delivery.csv").write_text("申请号\n")
    context = dg.build_sensor_context(cursor=first.cursor)
    changed = _tick(context)
    assert len(changed.run_requests) == 1
    assert changed.cursor != first.cursor
    assert changed.run_requests[0].run_key == changed.cursor


def test_sensor_ignores_hidden_files(home):
    landing = home.landing_for("events")
    landing.mkdir(parents=True)
    first = _tick(dg.build_sensor_context(cursor=None))
    (landing / ".partial-upload.tmp").write_text("x")
    again = _tick(dg.build_sensor_context(cursor=first.cursor))
    assert not again.run_requests
