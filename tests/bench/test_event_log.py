"""The pooled SQLite event log (a speed change): same files, readable by the stock storage."""

from __future__ import annotations

import shutil
import threading
import time

import dagster as dg
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log import SqliteEventLogStorage

from fintech_cluster.refresh import DAGSTER_YAML
from orchestration.event_log import OPEN_DATABASES, PooledSqliteEventLogStorage


def _message(run_id: str, text: str) -> EventLogEntry:
    return EventLogEntry(
        error_info=None,
        level="INFO",
        user_message=text,
        run_id=run_id,
        timestamp=time.time(),
        step_key=None,
        job_name="refresh",
        dagster_event=None,
    )


def test_events_written_pooled_are_read_back_by_the_stock_storage(tmp_path):
    pooled = PooledSqliteEventLogStorage(str(tmp_path))
    for number in range(50):
        pooled.store_event(_message("run-a", f"event {number}"))
    pooled.dispose()

    stock = SqliteEventLogStorage(str(tmp_path))
    messages = [entry.user_message for entry in stock.get_logs_for_run("run-a")]
    assert messages == [f"event {number}" for number in range(50)]


def test_many_runs_and_threads_keep_every_event(tmp_path):
    """More runs than open databases (engines are closed and reopened) and two writers."""
    pooled = PooledSqliteEventLogStorage(str(tmp_path))
    runs = [f"run-{n}" for n in range(OPEN_DATABASES + 3)]

    def write(offset: int) -> None:
        for number in range(20):
            pooled.store_event(_message(runs[(number + offset) % len(runs)], f"{offset}/{number}"))

    writers = [threading.Thread(target=write, args=(offset,)) for offset in (0, 5)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    stored = sum(len(pooled.get_logs_for_run(run)) for run in runs)
    assert stored == 40


def test_the_projects_dagster_yaml_uses_the_pooled_storage(tmp_path, monkeypatch):
    shutil.copyfile(DAGSTER_YAML, tmp_path / "dagster.yaml")
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        assert instance.event_log_storage._base_dir == str(tmp_path / "history" / "runs")
