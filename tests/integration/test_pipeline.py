"""End to end: generate `small`, refresh the whole Dagster graph, compare with the truth.

The generator computes the expected KPIs in plain Python from its own entities; nothing
here derives an expected value from the project's SQL.
"""

from __future__ import annotations

import csv
import hashlib
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from homes import AS_OF

from fintech_cluster import settings
from fintech_cluster.refresh import run_refresh
from fintech_cluster.warehouse import fetch_one

pytestmark = pytest.mark.integration

AMOUNT_KPIS = {"K32", "K36"}
RATIO_KPIS = {"K05", "K09", "K13", "K14", "K21", "K26", "K34", "K38", "K39", "K40"}
# A mainland mobile number standing alone (not inside a longer code or a hex hash).
MOBILE_NUMBER_PATTERN = r"(^|[^0-9a-fA-F])1[3-9][0-9]{9}([^0-9a-fA-F]|$)"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _published(home: settings.Home) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(home.published_warehouse), read_only=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _number(text: str) -> float | None:
    return None if text in ("", None) else float(text)


def _assert_kpi_equal(kpi_id: str, expected: float | None, actual: float | None, where: str):
    if expected is None or actual is None:
        assert expected is None and actual is None, f"{where}: expected {expected}, got {actual}"
    elif kpi_id in AMOUNT_KPIS:
        assert abs(expected - actual) <= 0.01, f"{where}: expected {expected}, got {actual}"
    elif kpi_id in RATIO_KPIS:
        assert math.isclose(expected, actual, rel_tol=1e-9, abs_tol=1e-9), where
    else:
        assert expected == actual, f"{where}: expected {expected}, got {actual}"


def test_every_kpi_value_equals_the_generators_truth(refreshed_home):
    truth = _read_csv(refreshed_home.truth / "kpi_values.csv")
    with _published(refreshed_home) as con:
        rows = con.execute(
            "select kpi_id, park_id, quarter, value, numerator, denominator, is_estimate, status "
            "from marts.kpi_values"
        ).fetchall()
    actual = {(r[0], r[1], r[2]): r[3:] for r in rows}
    assert len(actual) == len(rows), "one row per kpi × park × quarter"
    expected_keys = {(t["kpi_id"], t["park_id"], t["quarter"]) for t in truth}
    assert set(actual) == expected_keys, "every published KPI row has a truth row and back"
    for row in truth:
        key = (row["kpi_id"], row["park_id"], row["quarter"])
        value, numerator, denominator, is_estimate, status = actual[key]
        where = "/".join(key)
        assert status == row["status"], f"{where}: status {status} != {row['status']}"
        _assert_kpi_equal(row["kpi_id"], _number(row["value"]), value, where)
        _assert_kpi_equal(row["kpi_id"], _number(row["numerator"]), numerator, where + " num")
        _assert_kpi_equal(row["kpi_id"], _number(row["denominator"]), denominator, where + " den")
        assert bool(is_estimate) == (row["is_estimate"].lower() == "true"), where


def test_kpis_cover_every_park_and_quarter_since_2020(refreshed_home):
    with _published(refreshed_home) as con:
        parks = {p for (p,) in con.execute("select park_id from marts.dim_parks").fetchall()}
        quarters = [
            q
            for (q,) in con.execute(
                "select distinct quarter from marts.kpi_values order by 1"
            ).fetchall()
        ]
    assert {"MOLI", "FDP", "LJZSP", "PDSP", "ZJDIH", "OTHER", "ALL"} <= parks
    assert quarters[0] == "2020Q1"
    assert quarters[-1] == f"{AS_OF.year}Q{(AS_OF.month - 1) // 3 + 1}"


def test_enterprises_are_resolved_as_the_truth_says(refreshed_home):
    truth = {row["uscc"]: row for row in _read_csv(refreshed_home.truth / "enterprises.csv")}
    with _published(refreshed_home) as con:
        rows = con.execute(
            "select uscc, park_id, is_fintech, status, registration_date, registered_capital_cny "
            "from marts.dim_enterprises"
        ).fetchall()
    assert {r[0] for r in rows} == set(truth)
    for uscc, park_id, is_fintech, status, registered, capital in rows:
        expected = truth[uscc]
        assert (park_id or "") == expected["park_id"], uscc
        assert is_fintech == (expected["is_fintech"] == "true"), uscc
        assert status == expected["status"], uscc
        assert registered.isoformat() == expected["registration_date"], uscc
        expected_capital = _number(expected["registered_capital_cny"])
        if expected_capital is None:
            assert capital is None, uscc
        else:
            assert abs(capital - expected_capital) <= 0.01, uscc


def test_quarantine_holds_exactly_the_rows_the_generator_corrupted(refreshed_home):
    expected = {
        (row["file"], int(row["row_number"]), row["column"])
        for row in _read_csv(refreshed_home.truth / "expected_quarantine.csv")
    }
    landing = refreshed_home.landing
    with duckdb.connect(str(refreshed_home.warehouse), read_only=True) as con:
        rows = con.execute("select file_path, row_number, rule from meta.quarantine").fetchall()
    actual = {
        (Path(path).relative_to(landing).as_posix(), row, rule.split(":")[0])
        for path, row, rule in rows
    }
    assert expected, "the generator must corrupt some rows"
    assert actual == expected


def test_every_file_is_accounted_for(refreshed_home):
    delivered = {
        p.relative_to(refreshed_home.landing).as_posix()
        for p in refreshed_home.landing.rglob("*")
        if p.is_file()
    }
    with duckdb.connect(str(refreshed_home.warehouse), read_only=True) as con:
        log = con.execute(
            "select file_path, status, rows_read, rows_loaded, rows_quarantined from meta.load_log"
        ).fetchall()
    logged = {Path(path).relative_to(refreshed_home.landing).as_posix() for path, *_ in log}
    assert logged == delivered
    for path, status, read, loaded, quarantined in log:
        assert status == "loaded", path
        assert read == loaded + quarantined > 0, path


def test_no_personal_data_reaches_the_published_file(refreshed_home):
    with _published(refreshed_home) as con:
        columns = con.execute(
            "select table_schema, table_name, column_name, data_type "
            "from information_schema.columns"
        ).fetchall()
        for schema, table, column, data_type in columns:
            assert not any(word in column for word in ("legal_rep", "phone", "id_number")), column
            if data_type == "VARCHAR":  # a mobile number, not part of a longer code or hash
                (phone_like,) = fetch_one(
                    con,
                    f'select count(*) from {schema}."{table}" where regexp_matches("{column}", ?)',
                    [MOBILE_NUMBER_PATTERN],
                )
                assert phone_like == 0, f"phone numbers in {schema}.{table}.{column}"


def _kpi_snapshot(home: settings.Home) -> list[tuple]:
    with _published(home) as con:
        return con.execute("select * from marts.kpi_values order by all").fetchall()


def _table_counts(home: settings.Home) -> dict[str, int]:
    with duckdb.connect(str(home.warehouse), read_only=True) as con:
        tables = [
            "raw.registrations",
            "raw.patents",
            "raw.financing_rounds",
            "raw.events",
            "meta.load_log",
            "meta.quarantine",
        ]
        return {t: fetch_one(con, f"select count(*) from {t}")[0] for t in tables}


def test_the_same_files_again_change_nothing(refreshed_home):
    before_counts, before_kpis = _table_counts(refreshed_home), _kpi_snapshot(refreshed_home)
    steps_started: list[str] = []
    outcome = run_refresh(refreshed_home, on_step=steps_started.append)
    assert outcome.success and outcome.published
    assert _table_counts(refreshed_home) == before_counts
    assert _kpi_snapshot(refreshed_home) == before_kpis
    # The progress display heard every step, in graph order.
    assert {"ingest raw.registrations", "dbt build: seeds, models and their tests"} <= set(
        steps_started
    )
    assert steps_started[-1] == "publish"


def test_a_failing_blocking_check_leaves_the_published_file_untouched(copied_home):
    published_before = _sha256(copied_home.published_warehouse)
    with duckdb.connect(str(copied_home.warehouse)) as con:
        # A row that bypassed ingestion and breaks the contract (invalid USCC).
        con.execute(
            "insert into raw.registrations by name "
            "select 'NOT-A-USCC' as uscc, 'Bypass Ltd' as name, date '2024-01-01' "
            "as registration_date, 'active' as status, '_manual' as _batch_id, "
            "'manual' as _source_file, '' as _file_sha256, 2 as _row_number, "
            "now() as _loaded_at"
        )
    outcome = run_refresh(copied_home)
    assert not outcome.published
    assert "raw/registrations:contract_holds" in outcome.failed_checks
    assert _sha256(copied_home.published_warehouse) == published_before


def test_analysts_can_query_while_a_refresh_runs(copied_home):
    cli = Path(sys.executable).with_name("fintech-cluster")
    # Make the refresh do real work: rebuild the working warehouse from landing.
    copied_home.warehouse.unlink()
    refresh = subprocess.Popen([str(cli), "refresh"], env=dict(os.environ))
    answered, failures = 0, []
    while refresh.poll() is None:
        result = subprocess.run(
            [str(cli), "query", "select count(*) from marts.kpi_values", "--csv"],
            capture_output=True,
            text=True,
            env=dict(os.environ),
        )
        if result.returncode == 0:
            answered += 1
        else:
            failures.append(result.stderr)
        time.sleep(0.2)
    assert refresh.returncode == 0
    assert not failures, failures[:3]
    assert answered >= 3, "queries should keep answering during the refresh"
