"""Staging, intermediate and marts: the dbt project, run with one `dbt build`.

One rule names everything: a dbt node's warehouse schema is its layer (the
`generate_schema_name` macro makes folder = schema), and its asset key is
``[schema, name]``. The dbt source ``raw.registrations`` therefore has the same key as the
Python asset that writes it, and the graph joins with no hand-written edges. dbt tests at
severity ``error`` become blocking asset checks, those on a source too (the tests of
``meta.name_matches`` check the entity-resolution asset's table).
"""

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    dbt_assets,
)

from data_contracts.expectations import start_importing_great_expectations
from fintech_cluster import settings
from fintech_cluster.crash_points import pause_point
from fintech_cluster.incremental import (
    dbt_inputs_fingerprint,
    record_fingerprint,
    recorded_fingerprint,
)
from fintech_cluster.refresh import REBUILD_TAG, dbt_target_dir
from fintech_cluster.warehouse import remove_audited_file
from orchestration.dbt_project import dbt_project

# dbt unit tests check the models' SQL on hand-made fixture rows, not the delivered data:
# they belong to CI (tests/dbt runs a full `dbt build`, unit tests included). In every
# refresh they would only add time (~5 s of a district build, measured by `make bench`).
# Data tests still run, as blocking checks.
REFRESH_BUILD = ["build", "--exclude-resource-type", "unit_test"]


class LayerTranslator(DagsterDbtTranslator):
    """Asset key = [schema, name]; group = schema (the layer)."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return dbt_resource_props["schema"]


@dbt_assets(
    manifest=dbt_project.manifest_path,
    project=dbt_project,
    dagster_dbt_translator=LayerTranslator(
        settings=DagsterDbtTranslatorSettings(enable_source_tests_as_checks=True)
    ),
    pool="duckdb",
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """Seeds, staging views, intermediate models and marts, with their dbt tests."""
    home = settings.home()
    inputs = dbt_inputs_fingerprint(settings.as_of_date())
    rebuild = _must_rebuild(context, home.warehouse, inputs)
    if rebuild and not context.is_subset:
        # dbt is about to build every table of it again: a file rebuilt in place would keep
        # the old tables' blocks as free space, and the published copy would carry them
        remove_audited_file(home.warehouse)
    args = [*REFRESH_BUILD, "--full-refresh"] if rebuild else REFRESH_BUILD
    # dbt builds in its own process while this one mostly waits for its events: the time
    # to import Great Expectations for the quality gates that run next.
    start_importing_great_expectations()
    target = dbt_target_dir(home)
    for event in dbt.cli(args, context=context, target_path=target).stream():
        yield event
        pause_point("dbt")
    if not context.is_subset:
        record_fingerprint(home.warehouse, inputs)


def _must_rebuild(context: dg.AssetExecutionContext, working: Path, inputs: str) -> bool:
    """Rebuild the incremental models from every raw row when asked to (``--rebuild``) or
    when what they compute from changed since the last complete build."""
    if context.run.tags.get(REBUILD_TAG) == "true":
        context.log.info("rebuild asked for: incremental models are rebuilt from every raw row")
        return True
    if recorded_fingerprint(working) != inputs:
        context.log.info(
            "the dbt project, its seeds or the as-of quarter changed since the last complete "
            "build (or none is recorded): incremental models are rebuilt from every raw row"
        )
        return True
    return False


MARTS_KEYS = [key for key in warehouse_models.keys if key.path[0] == "marts"]
