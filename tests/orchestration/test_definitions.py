"""The Dagster definitions load, and hold the whole graph the design promises."""

from __future__ import annotations

import dagster as dg

from fintech_cluster.settings import FEEDS, RAW_TABLE_OF_FEED

EXPECTED_MARTS = [
    "dim_parks",
    "dim_enterprises",
    "fct_patents",
    "fct_financing_rounds",
    "fct_events",
    "kpi_values",
]


def _all_keys(defs) -> set[dg.AssetKey]:
    return set(defs.resolve_asset_graph().get_all_asset_keys())


def test_definitions_load_and_validate(defs):
    dg.Definitions.validate_loadable(defs)


def test_raw_assets_are_keyed_like_the_dbt_sources_that_read_them(defs):
    graph = defs.resolve_asset_graph()
    for feed in FEEDS:
        raw_key = dg.AssetKey(["raw", RAW_TABLE_OF_FEED[feed]])
        assert graph.get(raw_key).is_materializable, f"{raw_key} must be a real asset"
        staging_children = {k for k in graph.get(raw_key).child_keys if k.path[0] == "staging"}
        assert staging_children, f"no staging model reads {raw_key}: the keys do not join"


def test_every_layer_is_a_group_and_every_mart_is_present(defs):
    keys = _all_keys(defs)
    for mart in EXPECTED_MARTS:
        assert dg.AssetKey(["marts", mart]) in keys
    groups = {defs.resolve_asset_graph().get(k).group_name for k in keys}
    assert {"raw", "reference", "staging", "intermediate", "marts", "published"} <= groups


def test_raw_contract_checks_and_dbt_tests_are_blocking(defs):
    graph = defs.resolve_asset_graph()
    check_specs = {key: graph.get_check_spec(key) for key in graph.asset_check_keys}
    raw_checks = [spec for key, spec in check_specs.items() if key.asset_key.path[0] == "raw"]
    assert len(raw_checks) == 2 * len(FEEDS)
    assert all(spec.blocking for spec in raw_checks)
    mart_checks = [spec for key, spec in check_specs.items() if key.asset_key.path[0] == "marts"]
    assert mart_checks, "dbt tests on marts should load as asset checks"
    assert all(spec.blocking for spec in mart_checks)


def test_publish_depends_on_every_mart(defs):
    graph = defs.resolve_asset_graph()
    publish = graph.get(dg.AssetKey(["published", "warehouse"]))
    marts = {k for k in _all_keys(defs) if k.path[0] == "marts"}
    assert marts and marts <= set(publish.parent_keys)


def test_refresh_job_runs_in_process(defs):
    job = defs.resolve_job_def("refresh")
    assert job.executor_def.name == dg.in_process_executor.name
