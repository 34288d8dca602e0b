"""Quality gates on the marts: the Great Expectations suites of ``data_contracts.expectations``
as blocking asset checks.

One check step runs every suite in one process. Importing GX costs 3-5 s, paid once: in
the background while dbt builds (``warehouse_models`` starts it), else inside the step. A
failing suite blocks the publish asset downstream of the marts, so the published file keeps
its last audited version. Every expectation's numbers are written to
``meta.check_results`` and shown with the check in the Dagster UI.
"""

import dagster as dg

from data_contracts.expectations import SUITES, SuiteOutcome
from fintech_cluster import settings
from fintech_cluster.run_log import record_check_results
from orchestration.assets.transform import MARTS_KEYS
from orchestration.resources import WarehouseResource

MART_KEY_OF = {key.path[-1]: key for key in MARTS_KEYS}


def _metadata(outcome: SuiteOutcome) -> dict[str, object]:
    metadata: dict[str, object] = {"rows_checked": outcome.rows}
    for expectation in outcome.expectations:
        label = f"{expectation.expectation} ({expectation.column})"
        metadata[label] = dg.MetadataValue.json(
            {**expectation.observed, "passed": expectation.passed, "error": expectation.error}
        )
    if outcome.frame_markdown:
        metadata["checked values"] = dg.MetadataValue.md(outcome.frame_markdown)
    return metadata


def _check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    failed = [e for e in outcome.expectations if not e.passed]
    return dg.AssetCheckResult(
        asset_key=MART_KEY_OF[outcome.suite.target],
        check_name=outcome.suite.name,
        passed=outcome.passed,
        metadata=_metadata(outcome),
        description="; ".join(
            f"{e.expectation} on {e.column}: {e.error or e.observed}" for e in failed
        )
        or None,
    )


@dg.multi_asset_check(
    name="quality_gates",
    specs=[
        dg.AssetCheckSpec(
            suite.name,
            asset=MART_KEY_OF[suite.target],
            blocking=True,
            description=suite.description,
        )
        for suite in SUITES
    ],
    compute_kind="great_expectations",
    pool="duckdb",
    description="Great Expectations suites on the marts; results in meta.check_results.",
)
def quality_gates(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource):
    from data_contracts.expectations import run_suites

    with warehouse.connect() as con:
        outcomes = run_suites(con, settings.home().published_warehouse)
        record_check_results(con, context.run.run_id, outcomes)
    for outcome in outcomes:
        yield _check_result(outcome)
