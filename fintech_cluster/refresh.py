"""Run the whole Dagster asset graph in process, the way `fintech-cluster refresh` does.

The run is recorded in Dagster's local storage (DAGSTER_HOME), so it shows in the UI
(`make dev`) like a scheduled run.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stdout
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from fintech_cluster import settings
from fintech_cluster.run_log import finish_run, start_run

DAGSTER_YAML = settings.PROJECT_ROOT / "orchestration" / "dagster.yaml"


# Tags the Dagster runs this module starts, to tell them from runs launched in the UI.
REFRESH_TAGS = {"fintech_cluster/launched_by": "refresh"}
# A run with this tag set to "true" rebuilds the incremental models from every raw row
# (`dbt build --full-refresh`), to repair them; a change of what they compute from does
# so without it (fintech_cluster/incremental.py).
REBUILD_TAG = "fintech_cluster/rebuild"


def dbt_target_dir(home: settings.Home) -> Path:
    """Where a home's `dbt build` writes its run results and partial-parse state.

    One folder per home, not the project's shared ``target/``: two homes refreshing at
    once (a bench next to a test run) no longer overwrite each other's run results, and a
    home's next build can parse partially (same warehouse path, same profile).
    """
    return home.root / "dbt-target"


class RefreshAlreadyRunning(RuntimeError):
    pass


@dataclass
class RefreshOutcome:
    run_id: str
    success: bool
    steps_succeeded: list[str] = field(default_factory=list)
    steps_failed: list[str] = field(default_factory=list)
    steps_skipped: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)
    checks_passed: int = 0
    errors: list[str] = field(default_factory=list)
    published: bool = False
    published_version: str | None = None
    log_file: Path | None = None


def prepare_dagster_home(home: settings.Home) -> Path:
    """DAGSTER_HOME with the project's dagster.yaml (telemetry off, one DuckDB writer)."""
    dagster_home = Path(os.environ.get("DAGSTER_HOME", home.dagster_home))
    dagster_home.mkdir(parents=True, exist_ok=True)
    target = dagster_home / "dagster.yaml"
    if not target.exists() or target.read_bytes() != DAGSTER_YAML.read_bytes():
        shutil.copyfile(DAGSTER_YAML, target)
    os.environ["DAGSTER_HOME"] = str(dagster_home)
    return dagster_home


@contextmanager
def refresh_lock(home: settings.Home) -> Iterator[None]:
    """One refresh at a time per home; a second one gets a clear message, not a lock error."""
    home.root.mkdir(parents=True, exist_ok=True)
    with open(home.refresh_lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise RefreshAlreadyRunning(
                f"a refresh is already running on {home.root} ({holder})"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _outcome_of(result) -> RefreshOutcome:
    import dagster as dg

    outcome = RefreshOutcome(run_id=result.run_id, success=result.success)
    for event in result.all_events:
        step = event.step_key or ""
        if event.event_type == dg.DagsterEventType.STEP_SUCCESS:
            outcome.steps_succeeded.append(step)
        elif event.event_type == dg.DagsterEventType.STEP_FAILURE:
            outcome.steps_failed.append(step)
            error = event.step_failure_data.error
            outcome.errors.append(f"{step}: {error.message.strip() if error else 'failed'}")
        elif event.event_type == dg.DagsterEventType.STEP_SKIPPED:
            outcome.steps_skipped.append(step)
        elif event.event_type == dg.DagsterEventType.ASSET_CHECK_EVALUATION:
            evaluation = event.event_specific_data
            if evaluation.passed:
                outcome.checks_passed += 1
            else:
                key = evaluation.asset_key.to_user_string()
                outcome.failed_checks.append(f"{key}:{evaluation.check_name}")
        elif event.event_type == dg.DagsterEventType.ASSET_MATERIALIZATION and (
            event.asset_key and event.asset_key.path == ["published", "warehouse"]
        ):
            outcome.published = True
            version = event.materialization.metadata["version_id"]
            outcome.published_version = version.value
    return outcome


STEP_LABELS = {
    "warehouse_models": "dbt build: seeds, models and their tests",
    "quality_gates": "quality gates (Great Expectations)",
    "published__warehouse": "publish",
}


def describe_step(step_key: str) -> str:
    """A step as a person reads it: ``raw__patents`` → ``ingest raw.patents``."""
    if step_key.startswith("raw__"):
        return f"ingest raw.{step_key.removeprefix('raw__')}"
    return STEP_LABELS.get(step_key, step_key)


@contextmanager
def _watching_steps(instance, run_id: str, on_step: Callable[[str], None] | None):
    """Report each step as it starts, by polling the run's events from another thread."""
    if on_step is None:
        yield
        return
    import dagster as dg

    stop = threading.Event()

    def report_new_steps(started: set[str]) -> None:
        try:
            records = instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_START)
        except Exception:  # a progress display must never fail a refresh
            return
        for record in records:
            step = record.dagster_event.step_key
            if step not in started:
                started.add(step)
                on_step(describe_step(step))

    def watch() -> None:
        started: set[str] = set()
        while not stop.wait(0.5):
            report_new_steps(started)
        report_new_steps(started)  # steps that started since the last look

    watcher = threading.Thread(target=watch, name="refresh-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()


def run_refresh(
    home: settings.Home,
    log_level: str = "WARNING",
    on_step: Callable[[str], None] | None = None,
    rebuild: bool = False,
) -> RefreshOutcome:
    """Materialise every asset (ingest → dbt build → checks → publish) in this process.
    ``rebuild``: incremental models are rebuilt from every raw row (``REBUILD_TAG``).

    dbt's own log lines go to ``logs/refresh-<time>.log`` under the home, not the terminal;
    ``on_step`` hears each step as it starts (for a progress display).
    """
    settings.export_environment(home)
    prepare_dagster_home(home)
    log_file = home.logs / f"refresh-{datetime.now():%Y%m%dT%H%M%S}.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    run_id = str(uuid.uuid4())
    with refresh_lock(home), log_file.open("w") as log, redirect_stdout(log):
        _with_working(home, start_run, run_id, datetime.now())
        tags = {**REFRESH_TAGS, REBUILD_TAG: "true"} if rebuild else REFRESH_TAGS
        outcome = _outcome_of(_execute_job(run_id, tags, log_level, on_step))
        _complete_run_log(home, outcome)
    outcome.log_file = log_file
    return outcome


def _execute_job(
    run_id: str, tags: dict[str, str], log_level: str, on_step: Callable[[str], None] | None
):
    import dagster as dg

    from orchestration.definitions import defs

    job = defs.resolve_job_def("refresh")
    with dg.DagsterInstance.get() as instance:
        _release_killed_runs(instance)
        with _watching_steps(instance, run_id, on_step):
            return job.execute_in_process(
                instance=instance,
                raise_on_error=False,
                run_id=run_id,
                tags=tags,
                run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            )


def _complete_run_log(home: settings.Home, outcome: RefreshOutcome) -> None:
    checks = (outcome.checks_passed, len(outcome.failed_checks))
    try:
        _with_working(
            home, finish_run, outcome.run_id, datetime.now(), checks, outcome.published_version
        )
    except duckdb.IOException as error:  # e.g. a dbt process of a failed step still runs
        outcome.errors.append(f"run log: meta.runs not completed: {error}")


def _release_killed_runs(instance) -> None:
    """A refresh killed mid-way (kill -9, power loss) still holds its ``duckdb`` pool slot in
    Dagster's storage, and the next run would wait for it forever. Under the refresh lock
    no other refresh is alive: mark such runs failed and free their slots."""
    storage = instance.event_log_storage
    for run_id in storage.get_concurrency_run_ids():
        run = instance.get_run_by_id(run_id)
        if run is not None and not run.tags.items() >= REFRESH_TAGS.items():
            continue  # a run launched elsewhere (the UI) may still be alive
        if run is not None and not run.is_finished:
            instance.report_run_failed(run, "killed before it ended (found by the next refresh)")
        storage.free_concurrency_slots_for_run(run_id)


def _with_working(home: settings.Home, record, *args) -> None:
    """Write the run log in the working warehouse (only while this refresh holds the lock)."""
    with duckdb.connect(str(home.warehouse)) as con:
        record(con, *args)
