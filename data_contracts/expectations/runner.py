"""Run the quality suites with Great Expectations on frames queried from DuckDB.

GX runs on pandas frames in an ephemeral context (its SQL datasource has no DuckDB
dialect; see STACK-NOTES). It is imported here, lazily, by whoever calls ``run_suites``;
``start_importing_great_expectations`` lets a caller pay that import (3-5 s) while it
waits for something else.
An expectation that raised shows as failed with ``exception_info``: it is reported as an
error, never mistaken for bad data.
"""

from __future__ import annotations

import importlib
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from data_contracts.expectations.suites import SUITES, Suite, Thresholds, load_thresholds

OBSERVED_KEYS = ("observed_value", "element_count", "unexpected_count", "unexpected_percent")
SAMPLE_SIZE = 5
SMALL_FRAME = 20  # frames up to this many rows are reported whole


@dataclass(frozen=True)
class ExpectationOutcome:
    expectation: str
    column: str
    passed: bool
    observed: dict
    error: str = ""


@dataclass
class SuiteOutcome:
    suite: Suite
    rows: int
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    frame_markdown: str = ""

    @property
    def passed(self) -> bool:
        return all(e.passed for e in self.expectations)


def start_importing_great_expectations() -> None:
    """Import GX in a background thread; ``run_suites`` then finds it loaded (Python's
    import lock makes an import still under way wait for it, and one that failed raises
    again there)."""
    threading.Thread(
        target=importlib.import_module,
        args=("great_expectations",),
        name="import-great-expectations",
        daemon=True,
    ).start()


@contextmanager
def published_attached(con: duckdb.DuckDBPyConnection, published: Path | None):
    """The last published file as catalog ``published`` (read-only) while suites run."""
    if published is None or not published.exists():
        yield
        return
    con.execute(f"attach '{published}' as published (read_only)")
    try:
        yield
    finally:
        con.execute("detach published")


def run_suites(con: duckdb.DuckDBPyConnection, published: Path | None = None) -> list[SuiteOutcome]:
    """Every suite on the warehouse behind ``con``; drift compares with ``published``."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    thresholds = load_thresholds()
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batches = context.data_sources.add_pandas("warehouse")
    with published_attached(con, published):
        frames = {suite.name: con.sql(suite.sql(con, thresholds)).df() for suite in SUITES}
    return [_run_suite(batches, suite, frames[suite.name], thresholds) for suite in SUITES]


def _run_suite(batches, suite: Suite, frame, thresholds: Thresholds) -> SuiteOutcome:
    import great_expectations as gx

    definition = batches.add_dataframe_asset(suite.name).add_batch_definition_whole_dataframe(
        suite.name
    )
    batch = definition.get_batch(batch_parameters={"dataframe": frame})
    expectations = suite.expectations(thresholds)
    result = batch.validate(gx.ExpectationSuite(name=suite.name, expectations=expectations))
    outcome = SuiteOutcome(suite=suite, rows=len(frame))
    outcome.expectations = [_expectation_outcome(r) for r in result.results]
    if len(frame) <= SMALL_FRAME:
        outcome.frame_markdown = frame.to_markdown(index=False)
    return outcome


def _columns(kwargs: dict) -> str:
    if "column_A" in kwargs:
        return f"{kwargs['column_A']} >= {kwargs['column_B']}"
    return kwargs.get("column", "")


def _expectation_outcome(result) -> ExpectationOutcome:
    config = result.expectation_config
    details = result.result or {}
    observed = {key: details[key] for key in OBSERVED_KEYS if details.get(key) is not None}
    if details.get("partial_unexpected_list"):
        observed["unexpected_sample"] = details["partial_unexpected_list"][:SAMPLE_SIZE]
    error = (result.exception_info or {}).get("exception_message") or ""
    return ExpectationOutcome(
        expectation=config.type,
        column=_columns(config.kwargs),
        passed=bool(result.success) and not error,
        observed=json.loads(json.dumps(observed, default=str)),
        error=error,
    )
