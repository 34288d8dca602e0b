"""Session-wide fixtures: the dbt manifest is prepared once, before Dagster definitions load;
the generated home is refreshed once and copied for tests that change it.

The shared home is `small`; ``FINTECH_CLUSTER_TEST_SCALE=district`` makes it a district
(``make faults`` runs the kill -9 and concurrent-reader tests that way too)."""

from __future__ import annotations

import os
import shutil

import pytest
from homes import AS_OF, use_home

from fintech_cluster import settings

TEST_SCALE = os.environ.get("FINTECH_CLUSTER_TEST_SCALE", "small")


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


@pytest.fixture(scope="session")
def refreshed_home(tmp_path_factory, dbt_manifest) -> settings.Home:
    """A home with a generated delivery (small by default), refreshed and published once."""
    from fintech_cluster.refresh import run_refresh
    from ingestion.synthetic import generate

    saved = dict(os.environ)
    home = use_home(tmp_path_factory.mktemp("pipeline") / "home")
    generate(home.root, scale=TEST_SCALE, seed=7, as_of=AS_OF)
    outcome = run_refresh(home)
    assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks
    yield home
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture
def copied_home(refreshed_home, tmp_path) -> settings.Home:
    """A private copy of the refreshed home, for tests that change things."""
    target = tmp_path / "home"
    shutil.copytree(refreshed_home.root, target, ignore=shutil.ignore_patterns(".refresh.lock"))
    home = use_home(target)
    yield home
    use_home(refreshed_home.root)
