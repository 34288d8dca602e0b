"""The fingerprint of what the incremental models compute from, besides raw rows
(``fintech_cluster/incremental.py``): it changes with any file of the dbt project's
models, macros or seeds and with the as-of quarter, and with nothing else."""

from __future__ import annotations

import shutil
from datetime import date

import pytest

from fintech_cluster import settings
from fintech_cluster.incremental import (
    dbt_inputs_fingerprint,
    record_fingerprint,
    recorded_fingerprint,
)

AS_OF = date(2026, 11, 28)


@pytest.fixture
def project(tmp_path):
    """A copy of the dbt project's inputs (and a build folder that is not one)."""
    copy = tmp_path / "dbt_project"
    for name in ("models", "macros", "seeds"):
        shutil.copytree(settings.DBT_PROJECT_DIR / name, copy / name)
    shutil.copy(settings.DBT_PROJECT_DIR / "dbt_project.yml", copy)
    (copy / "target").mkdir()
    return copy


@pytest.mark.parametrize(
    "changed",
    ["seeds/park_address_rules.csv", "macros/incremental.sql", "dbt_project.yml"],
)
def test_a_changed_input_file_changes_the_fingerprint(project, changed):
    before = dbt_inputs_fingerprint(AS_OF, project)
    with (project / changed).open("a", encoding="utf-8") as file:
        file.write("\n")
    assert dbt_inputs_fingerprint(AS_OF, project) != before


def test_a_new_model_changes_the_fingerprint(project):
    before = dbt_inputs_fingerprint(AS_OF, project)
    (project / "models" / "marts" / "new_mart.sql").write_text("select 1 as one\n")
    assert dbt_inputs_fingerprint(AS_OF, project) != before


def test_only_the_quarter_of_the_as_of_date_counts(project):
    fingerprint = dbt_inputs_fingerprint(AS_OF, project)
    assert dbt_inputs_fingerprint(date(2026, 10, 1), project) == fingerprint
    assert dbt_inputs_fingerprint(date(2026, 9, 30), project) != fingerprint


def test_build_output_is_not_an_input(project):
    before = dbt_inputs_fingerprint(AS_OF, project)
    (project / "target" / "manifest.json").write_text("{}")
    assert dbt_inputs_fingerprint(AS_OF, project) == before


def test_the_recorded_fingerprint_is_the_last_one_recorded(tmp_path):
    working = tmp_path / "warehouse.duckdb"
    assert recorded_fingerprint(working) is None
    record_fingerprint(working, "first")
    record_fingerprint(working, "second")
    assert recorded_fingerprint(working) == "second"
