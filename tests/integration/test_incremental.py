"""Incremental models (issue 6): a refresh after a delivery updates every incremental
model in place, and each equals a clean build of the same raw rows. The audited file is
kept between refreshes without growing; a rebuild starts it anew.

The patent delivery grants pending inventions, some through a CNIPA row, some only through
a Google Patents row (found by publication number), transfers a granted patent to another
enterprise, and re-delivers unchanged rows. The registry delivery moves an applicant of
patents to the address of a firm in another park: its patents, delivered long before,
follow it. Which rows change, and to what, comes from the generator's world; the reference
tables are a ``--full-refresh`` build of the models, the rule every other test checks.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import duckdb
import pytest
from homes import world_of

from fintech_cluster import bench, settings
from fintech_cluster.incremental import FINGERPRINT_TABLE
from fintech_cluster.refresh import run_refresh
from fintech_cluster.warehouse import AUDITED_CATALOG, audited_path, connect_working, has_table
from ingestion.synthetic import rules
from ingestion.synthetic.deliveries import patents as cnipa
from ingestion.synthetic.deliveries import registrations, vendor_layouts
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile
from ingestion.synthetic.world.entities import Patent
from orchestration.dbt_project import dbt_project

pytestmark = pytest.mark.integration

GRANT_DAY = date(2026, 11, 27)
PATENTS_MODEL = "staging.stg_patents__applications"
# a table no model builds, as an earlier version of the project may have left
AUDITED_LEFTOVER = "marts.built_by_an_earlier_project"


def incremental_models() -> list[str]:
    """``schema.name`` of every incremental model, from the dbt manifest."""
    manifest = json.loads(dbt_project.manifest_path.read_text())
    return sorted(
        f"{node['schema']}.{node['name']}"
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["config"]["materialized"] == "incremental"
    )


def _granted(patent):
    return replace(patent, grant_date=GRANT_DAY, legal_status="有效", grant_delivered_late=False)


def _transferred(world) -> Patent:
    """A granted patent of one enterprise as assigned to another (专利权转移): it leaves
    the first one's patent count for the second one's, though neither's registry row
    changed."""
    patent = next(p for p in world.patents if p.grant_date and p.applicant_uscc)
    assignee = next(e for e in world.enterprises if e.uscc != patent.applicant_uscc)
    return replace(
        patent, applicants=(assignee.name,), applicant_uscc=assignee.uscc, owner_uscc=assignee.uscc
    )


def _patent_deliveries(world) -> tuple[list[DeliveryFile], set[str], Patent]:
    """A CNIPA file and a Google Patents file; the applications they grant, and the patent
    they transfer."""
    rng = random.Random(6)
    pending = [
        p
        for p in world.patents
        if p.patent_type == "invention" and p.publication_number and p.grant_date is None
    ]
    by_cnipa, by_google, unchanged = pending[:3], pending[3:5], world.patents[:5]
    transferred = _transferred(world)
    cnipa_rows = [cnipa._row(rng, _granted(p), as_first_delivered=False) for p in by_cnipa]
    cnipa_rows += [cnipa._row(rng, p, as_first_delivered=False) for p in unchanged]
    cnipa_rows.append(cnipa._row(rng, transferred, as_first_delivered=False))
    google_rows = [vendor_layouts._google_row(rng, _granted(p)) for p in by_google]
    files = [
        DeliveryFile(
            f"patents/专利检索_{GRANT_DAY:%Y%m%d}_授权.csv",
            cnipa.HEADERS,
            CsvLayout("utf-8", "iso"),
            cnipa_rows,
        ),
        DeliveryFile(
            vendor_layouts.google_patents_path(GRANT_DAY),
            vendor_layouts.GOOGLE_HEADERS,
            CsvLayout("gb18030", "us_slash", "\r\n"),
            google_rows,
        ),
    ]
    return files, {p.application_number for p in by_cnipa + by_google}, transferred


def _registry_delivery(world) -> tuple[DeliveryFile, str, str]:
    """A change file moving an active applicant of patents to the address of an active firm
    in another park; the mover's USCC and its new park."""
    applicants = {p.applicant_uscc for p in world.patents if p.applicant_uscc}
    active = [e for e in world.enterprises if e.death is None and e.park_id is not None]
    mover = next(e for e in active if e.uscc in applicants)
    neighbour = next(e for e in active if e.park_id != mover.park_id)
    row = registrations.registry_row(mover, mover.active_label, GRANT_DAY, neighbour.address)
    file = DeliveryFile(
        f"registrations/{GRANT_DAY.year}_工商登记变更_{GRANT_DAY:%Y%m%d}.csv",
        registrations.HEADERS,
        CsvLayout("utf-8", "iso"),
        [row],
    )
    return file, mover.uscc, rules.park_of(neighbour.address)


def _deliver(home: settings.Home, files: list[DeliveryFile]) -> None:
    for file in files:
        path = home.landing / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.render())


def _rebuild_from_scratch(home: settings.Home, models: list[str], target: Path) -> None:
    """``dbt run --full-refresh`` of the models on the home's warehouse."""
    dbt = Path(sys.executable).parent / "dbt"
    env = {**os.environ, "FINTECH_CLUSTER_WAREHOUSE": str(home.warehouse)}
    names = [model.split(".")[1] for model in models]
    command = [str(dbt), "run", "--select", *names, "--full-refresh", "--target-path", str(target)]
    for flag in ("--project-dir", "--profiles-dir"):
        command += [flag, str(settings.DBT_PROJECT_DIR)]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:]


def _differences(con: duckdb.DuckDBPyConnection, table: str, other: str) -> int:
    """Rows of either table that the other does not hold (as many times)."""
    (count,) = con.execute(
        f"""select count(*) from (
            (select * from {table} except all select * from {other})
            union all
            (select * from {other} except all select * from {table})
        )"""
    ).fetchone()
    return count


def _saved_name(model: str) -> str:
    return "main.after_refresh_" + model.replace(".", "_")


def test_deliveries_update_every_incremental_model_as_a_clean_build_would(copied_home, tmp_path):
    world = world_of(copied_home)
    patent_files, granted, transferred = _patent_deliveries(world)
    registry_file, mover, new_park = _registry_delivery(world)
    _deliver(copied_home, [*patent_files, registry_file])
    models = incremental_models()

    outcome = run_refresh(copied_home)

    assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks
    with connect_working(copied_home.warehouse) as con:
        grants = dict(
            con.execute(
                f"select application_number, grant_date from {PATENTS_MODEL} "
                "where application_number in (select unnest(?))",
                [sorted(granted)],
            ).fetchall()
        )
        mover_parks = con.execute(
            "select distinct park_id from intermediate.int_patents_linked where applicant_uscc = ?",
            [mover],
        ).fetchall()
        (assignee,) = con.execute(
            "select applicant_uscc from marts.fct_patents where application_number = ?",
            [transferred.application_number],
        ).fetchone()
        for model in models:
            con.execute(f"create table {_saved_name(model)} as select * from {model}")
    assert grants == dict.fromkeys(granted, GRANT_DAY)
    assert mover_parks == [(new_park,)]
    assert assignee == transferred.applicant_uscc

    _rebuild_from_scratch(copied_home, models, tmp_path / "dbt-target")
    with connect_working(copied_home.warehouse, read_only=True) as con:
        differences = {model: _differences(con, _saved_name(model), model) for model in models}
    rows = _row_counts(copied_home, models)
    assert {"intermediate.int_patents_linked", PATENTS_MODEL} <= set(models)
    assert all(rows.values()), rows
    assert differences == dict.fromkeys(models, 0)


def test_refreshes_reuse_the_space_of_the_tables_they_replace(copied_home):
    """The audited file is kept between refreshes: the tables a refresh replaces leave
    free blocks, which the next refresh fills instead of growing the file (and with it
    the published copy)."""
    sizes = []
    for _ in range(3):
        outcome = run_refresh(copied_home)
        assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks
        sizes.append(bench.file_blocks(audited_path(copied_home.warehouse)))

    (first_free, _), (_, second_total), (_, third_total) = sizes
    assert first_free > 0, sizes  # the refresh replaced tables
    # the second may still add a few blocks (2 of 64 in the test home); the third finds
    # room in the space the others freed
    assert third_total <= second_total, sizes


def _damage(home: settings.Home, models: list[str]) -> dict[str, tuple[int, int]]:
    """Delete every seventh row of each model: its row count built and after the damage."""
    counts = {}
    with connect_working(home.warehouse) as con:
        for model in models:
            (built,) = con.execute(f"select count(*) from {model}").fetchone()
            con.execute(f"delete from {model} where rowid % 7 = 0")
            (damaged,) = con.execute(f"select count(*) from {model}").fetchone()
            counts[model] = (built, damaged)
    return counts


def _leave_a_table_in_the_audited_file(home: settings.Home) -> None:
    with connect_working(home.warehouse) as con:
        con.execute(f"create table {AUDITED_LEFTOVER} as select 1 as n")


def _audited_file_holds_the_leftover(home: settings.Home) -> bool:
    with connect_working(home.warehouse, read_only=True) as con:
        return has_table(con, *AUDITED_LEFTOVER.split("."), catalog=AUDITED_CATALOG)


def _row_counts(home: settings.Home, models: list[str]) -> dict[str, int]:
    with connect_working(home.warehouse, read_only=True) as con:
        return {
            model: con.execute(f"select count(*) from {model}").fetchone()[0] for model in models
        }


def test_a_rebuild_recomputes_the_incremental_models_from_every_raw_row(copied_home):
    """Rows lost from an incremental model stay lost in a plain refresh, all of them in the
    patents' staging table (no new row touches them; the other models recompute a few rows
    beyond those touched: patents without a USCC, enterprises of the latest load), and come
    back in a refresh with ``rebuild``, which repairs them."""
    models = incremental_models()
    counts = _damage(copied_home, models)
    assert all(0 < damaged < built for built, damaged in counts.values()), counts
    _leave_a_table_in_the_audited_file(copied_home)

    plain = run_refresh(copied_home)
    after_plain = _row_counts(copied_home, models)
    kept_by_plain = _audited_file_holds_the_leftover(copied_home)
    rebuilt = run_refresh(copied_home, rebuild=True)
    after_rebuild = _row_counts(copied_home, models)

    assert rebuilt.success and rebuilt.published, rebuilt.errors or rebuilt.failed_checks
    # a plain refresh updates the audited file in place, a rebuild starts it anew
    assert kept_by_plain and not _audited_file_holds_the_leftover(copied_home)
    assert after_plain[PATENTS_MODEL] == counts[PATENTS_MODEL][1], plain.errors
    assert all(after_plain[model] < built for model, (built, _) in counts.items()), after_plain
    assert after_rebuild == {model: built for model, (built, _) in counts.items()}


def test_a_refresh_rebuilds_the_incremental_models_when_their_inputs_changed(copied_home):
    """A warehouse built from other dbt inputs (SQL, seeds, vars, as-of quarter) than the
    current ones is rebuilt from every raw row by a plain refresh, which then records the
    current inputs."""
    models = incremental_models()
    counts = _damage(copied_home, models)
    _leave_a_table_in_the_audited_file(copied_home)
    with duckdb.connect(str(copied_home.warehouse)) as con:
        (current,) = con.execute(f"select fingerprint from {FINGERPRINT_TABLE}").fetchone()
        con.execute(f"update {FINGERPRINT_TABLE} set fingerprint = 'built from other inputs'")

    outcome = run_refresh(copied_home)

    assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks
    assert not _audited_file_holds_the_leftover(copied_home)
    assert _row_counts(copied_home, models) == {
        model: built for model, (built, _) in counts.items()
    }
    with duckdb.connect(str(copied_home.warehouse), read_only=True) as con:
        assert con.execute(f"select fingerprint from {FINGERPRINT_TABLE}").fetchone() == (current,)
