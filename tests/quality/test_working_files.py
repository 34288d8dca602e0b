"""The working warehouse's two files: dbt's profile and the Python code name the same
audited file, ``marts.x`` names its tables, and publishing copies it as it is."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from fintech_cluster import bench
from fintech_cluster.run_log import ensure_run_log, start_run
from fintech_cluster.warehouse import (
    AUDITED_CATALOG,
    PUBLISHED_META_QUERIES,
    audited_path,
    connect_working,
    publish,
)
from ingestion.loader import ensure_schema


@pytest.mark.parametrize(
    ("working", "audited"),
    [
        ("/srv/home/warehouse.duckdb", "/srv/home/warehouse.audited.duckdb"),
        ("/srv/a.duckdb.d/warehouse", "/srv/a.duckdb.d/warehouse.audited.duckdb"),
    ],
)
def test_dbt_attaches_the_audited_file_python_opens(working, audited):
    [attached] = bench.rendered_profile_entry("attach", {"FINTECH_CLUSTER_WAREHOUSE": working})
    assert attached == {"path": audited, "alias": AUDITED_CATALOG}
    assert audited_path(Path(working)) == Path(audited)


def test_published_schema_names_resolve_in_the_audited_file(tmp_path):
    working = tmp_path / "warehouse.duckdb"
    with connect_working(working) as con:
        con.execute("create schema meta")
        con.execute("create table meta.load_log as select 1 as batch")
        con.execute("create table marts.kpi_values as select 'K04' as kpi_id")

    with duckdb.connect(str(audited_path(working)), read_only=True) as audited:
        assert audited.execute("select kpi_id from marts.kpi_values").fetchall() == [("K04",)]
    with connect_working(working, read_only=True) as con:
        assert con.execute("select * from marts.kpi_values, meta.load_log").fetchall() == [
            ("K04", 1)
        ]


def test_a_stale_copy_of_a_published_schema_leaves_the_working_file(tmp_path):
    """Homes from before the split held the marts in the working file."""
    working = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(working)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.kpi_values as select 'stale' as kpi_id")

    connect_working(working).close()

    with duckdb.connect(str(working), read_only=True) as con:
        schemas = con.execute("select schema_name from duckdb_schemas()").fetchall()
    assert ("marts",) not in schemas


def test_read_only_without_an_audited_file_opens_the_working_file_alone(tmp_path):
    working = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(working)) as con:
        con.execute("create table main.t as select 1 as x")
    with connect_working(working, read_only=True) as con:
        assert con.execute("select x from t").fetchall() == [(1,)]
    assert not audited_path(working).exists()


def test_publish_copies_the_audited_tables_and_adds_the_audit_trail(tmp_path):
    working = tmp_path / "warehouse.duckdb"
    with connect_working(working) as con:
        ensure_schema(con)  # raw.*, meta.load_log, meta.quarantine
        ensure_run_log(con)  # meta.runs, meta.check_results
        start_run(con, "run-1", datetime(2026, 11, 29, 12))
        con.execute("create table marts.fct_patents as select range as n from range(100000)")
        con.execute("create table reference.parks as select 'MOLI' as park_id")
    published = tmp_path / "published" / "warehouse.duckdb"

    version = publish(working, published, "run-1")

    with duckdb.connect(str(published), read_only=True) as con:
        tables = set(con.execute("select schema_name, table_name from duckdb_tables()").fetchall())
        (rows, smallest) = con.execute("select count(*), min(n) from marts.fct_patents").fetchone()
        (status,) = con.execute("select status from meta.runs where run_id = 'run-1'").fetchone()
    assert tables == {
        ("marts", "fct_patents"),
        ("reference", "parks"),
        *{("meta", table) for table in PUBLISHED_META_QUERIES},
        ("meta", "published_version"),
    }
    assert (rows, smallest) == (100000, 0)
    assert status == "published"
    assert version.tables == 2 + len(PUBLISHED_META_QUERIES)


def test_two_connections_in_one_process_share_the_attached_file(tmp_path):
    working = tmp_path / "warehouse.duckdb"
    with connect_working(working) as con:
        con.execute("create table marts.kpi_values as select 'K04' as kpi_id")
    with (
        connect_working(working, read_only=True) as first,
        connect_working(working, read_only=True) as second,
    ):
        for con in (first, second):
            assert con.execute("select kpi_id from marts.kpi_values").fetchall() == [("K04",)]
