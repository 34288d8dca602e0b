"""Session-wide fixtures: the dbt manifest is prepared once, before Dagster definitions load."""

from __future__ import annotations

import os

import pytest

from fintech_cluster import settings


@pytest.fixture(scope="session")
def dbt_manifest(tmp_path_factory):
    """Parse the dbt project once per session (as `make setup` does)."""
    scratch = tmp_path_factory.mktemp("manifest-home")
    os.environ.setdefault("FINTECH_CLUSTER_WAREHOUSE", str(scratch / "warehouse.duckdb"))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
    settings.put_interpreter_tools_on_path()
    from orchestration.dbt_project import dbt_project

    if not dbt_project.manifest_path.exists():
        dbt_project.preparer.prepare(dbt_project)
    return dbt_project.manifest_path


@pytest.fixture(scope="session")
def defs(dbt_manifest):
    from orchestration.definitions import defs as definitions

    return definitions


@pytest.fixture
def home(tmp_path, monkeypatch) -> settings.Home:
    """An empty FINTECH_CLUSTER_HOME for one test."""
    monkeypatch.setenv("FINTECH_CLUSTER_HOME", str(tmp_path / "home"))
    return settings.home()
