"""Incremental staging (issue 6): a refresh after a patent delivery updates
``staging.stg_patents__applications`` in place, and the table equals a clean build of the
same raw rows. The second refresh's published file holds no space of the tables it
replaced.

The delivery grants pending inventions, some through a CNIPA row, some only through a
Google Patents row (found by publication number), and re-delivers unchanged rows. Which
applications change, and to what, comes from the generator's world; the reference table
is a ``--full-refresh`` build of the model, the rule every other test checks.
"""

from __future__ import annotations

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

from fintech_cluster import settings
from fintech_cluster.refresh import run_refresh
from ingestion.synthetic.deliveries import patents as cnipa
from ingestion.synthetic.deliveries import vendor_layouts
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile

pytestmark = pytest.mark.integration

GRANT_DAY = date(2026, 11, 27)
MODEL = "stg_patents__applications"


def _granted(patent):
    return replace(patent, grant_date=GRANT_DAY, legal_status="有效", grant_delivered_late=False)


def _deliveries(world) -> tuple[list[DeliveryFile], set[str]]:
    """A CNIPA file and a Google Patents file, and the applications they grant."""
    rng = random.Random(6)
    pending = [
        p
        for p in world.patents
        if p.patent_type == "invention" and p.publication_number and p.grant_date is None
    ]
    by_cnipa, by_google, unchanged = pending[:3], pending[3:5], world.patents[:5]
    cnipa_rows = [cnipa._row(rng, _granted(p), as_first_delivered=False) for p in by_cnipa]
    cnipa_rows += [cnipa._row(rng, p, as_first_delivered=False) for p in unchanged]
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
    return files, {p.application_number for p in by_cnipa + by_google}


def _rebuild_from_scratch(home: settings.Home, target: Path) -> None:
    """``dbt run --full-refresh`` of the model on the home's warehouse."""
    dbt = Path(sys.executable).parent / "dbt"
    env = {**os.environ, "FINTECH_CLUSTER_WAREHOUSE": str(home.warehouse)}
    command = [str(dbt), "run", "--select", MODEL, "--full-refresh", "--target-path", str(target)]
    for flag in ("--project-dir", "--profiles-dir"):
        command += [flag, str(settings.DBT_PROJECT_DIR)]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stdout[-3000:]


def test_a_patent_delivery_updates_the_staging_table_as_a_clean_build_would(copied_home, tmp_path):
    files, granted = _deliveries(world_of(copied_home))
    for file in files:
        path = copied_home.landing / file.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(file.render())

    outcome = run_refresh(copied_home)

    assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks
    with duckdb.connect(str(copied_home.warehouse)) as con:
        grants = dict(
            con.execute(
                f"select application_number, grant_date from staging.{MODEL} "
                "where application_number in (select unnest(?))",
                [sorted(granted)],
            ).fetchall()
        )
        assert grants == dict.fromkeys(granted, GRANT_DAY)
        con.execute(f"create table main.after_refresh as select * from staging.{MODEL}")
    _rebuild_from_scratch(copied_home, tmp_path / "dbt-target")
    with duckdb.connect(str(copied_home.warehouse), read_only=True) as con:
        differences = con.execute(
            f"""select count(*) from (
                (select * from main.after_refresh except all select * from staging.{MODEL})
                union all
                (select * from staging.{MODEL} except all select * from main.after_refresh)
            )"""
        ).fetchall()[0][0]
        (rows,) = con.execute(f"select count(*) from staging.{MODEL}").fetchone()
    assert rows > 0
    assert differences == 0
    assert _free_share(copied_home.published_warehouse) < 0.1


def _free_share(database: Path) -> float:
    """The share of a DuckDB file's blocks that hold nothing (left by dropped tables)."""
    with duckdb.connect(str(database), read_only=True) as con:
        (free, total) = con.execute(
            "select free_blocks, total_blocks from pragma_database_size()"
        ).fetchone()
    return free / total


def test_a_rebuild_recomputes_the_incremental_table_from_every_raw_row(copied_home):
    """Rows lost from the incremental table stay lost in a plain refresh (no new row touches
    them) and come back in a refresh with ``rebuild``, as after a change to its columns."""
    count = f"select count(*) from staging.{MODEL}"
    with duckdb.connect(str(copied_home.warehouse)) as con:
        (built,) = con.execute(count).fetchone()
        con.execute(f"delete from staging.{MODEL} where application_number like '2021%'")
        (damaged,) = con.execute(count).fetchone()
    assert 0 < damaged < built

    plain = run_refresh(copied_home)
    with duckdb.connect(str(copied_home.warehouse), read_only=True) as con:
        (after_plain,) = con.execute(count).fetchone()
    rebuilt = run_refresh(copied_home, rebuild=True)
    with duckdb.connect(str(copied_home.warehouse), read_only=True) as con:
        (after_rebuild,) = con.execute(count).fetchone()

    assert rebuilt.success and rebuilt.published, rebuilt.errors or rebuilt.failed_checks
    assert after_plain == damaged, plain.errors
    assert after_rebuild == built
