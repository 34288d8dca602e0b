"""The dbt project end to end: `dbt build` on a hand-made raw warehouse, KPIs checked by hand.

`raw_fixture.py` writes a few rows per feed, each there for one rule of docs/kpi-rules.md.
dbt runs once per session (build: seeds, models, unit tests, data tests); the tests then
read the marts and compare every KPI row with the values worked out by hand below. Two
more dbt invocations check that a row breaking a blocking test fails the build and that
`dbt docs generate` works offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from raw_fixture import (
    E01,
    E02,
    E03,
    E04,
    E05,
    E06,
    E07,
    E08,
    E09,
    E11,
    build_raw_warehouse,
    uscc,
)

from fintech_cluster.warehouse import audited_path, connect_working

PROJECT_DIR = Path(__file__).resolve().parents[2] / "dbt_project"
AS_OF = "2026-11-28"  # -> quarters 2020Q1 .. 2026Q4
QUARTERS = [f"{year}Q{q}" for year in range(2020, 2027) for q in range(1, 5)]
PARKS = ["MOLI", "FDP", "LJZSP", "PDSP", "ZJDIH", "OTHER"]
IMPLEMENTED_KPIS = [
    "K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08", "K09", "K10", "K11", "K12",
    "K13", "K14", "K15", "K16", "K17", "K18", "K19", "K20", "K21", "K22", "K23", "K24",
    "K25", "K26", "K27", "K28", "K29", "K30", "K31", "K32", "K33", "K34", "K35", "K36",
    "K37", "K38", "K39", "K40",
]  # fmt: skip


def _dbt_executable() -> str:
    beside_python = Path(sys.executable).parent / "dbt"
    return str(beside_python) if beside_python.exists() else (shutil.which("dbt") or "dbt")


def run_dbt(args: list[str], warehouse: Path, work_dir: Path) -> subprocess.CompletedProcess:
    """Run dbt on the project against `warehouse`, keeping target/ and logs/ out of the repo."""
    env = {
        **os.environ,
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
        "FINTECH_CLUSTER_WAREHOUSE": str(warehouse),
        "FINTECH_CLUSTER_AS_OF": AS_OF,
    }
    command = [
        _dbt_executable(),
        *args,
        "--profiles-dir", str(PROJECT_DIR),
        "--project-dir", str(PROJECT_DIR),
        "--target-path", str(work_dir / "target"),
        "--log-path", str(work_dir / "logs"),
    ]  # fmt: skip
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)


@dataclass(frozen=True)
class Build:
    warehouse: Path
    work_dir: Path


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    work_dir = tmp_path_factory.mktemp("dbt")
    warehouse = work_dir / "warehouse.duckdb"
    build_raw_warehouse(warehouse)
    result = run_dbt(["build"], warehouse, work_dir)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    return Build(warehouse, work_dir)


def query(build: Build, sql: str) -> list[tuple]:
    with connect_working(build.warehouse, read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="session")
def kpis(build: Build) -> dict[tuple[str, str, str], tuple]:
    """kpi_values keyed by (kpi_id, park_id, quarter) -> (value, numerator, denominator,
    is_estimate, status)."""
    rows = query(build, "select * from marts.kpi_values")
    return {(k, p, q): tuple(rest) for k, p, q, *rest in rows}


# --- The answers, worked out by hand from raw_fixture.py -------------------------------
#
# Enterprises after dedup, park and fintech flag (rules in kpi-rules.md):
#   E01 MOLI  fintech J6930  born 2021-03-15 (2021Q1)  active
#        (the latest approval, loaded first, wins: 峨山路 -> MOLI, not the FDP address)
#        Point in time (docs: enterprise_history): its first version (approved
#        2022-01-01, 芳甸路) puts it in FDP until the version of 2024-05-01 -> FDP for
#        2021Q1-2024Q1, MOLI from 2024Q2.
#   E02 FDP   fintech J6620  born 2020-02-10 (2020Q1)  deregistered 2025-08-20 (2025Q3)
#   E03 PDSP  fintech I6510 + 支付 (later load wins)    born 2023-07-01 (2023Q3)  active
#   E04 ZJDIH not fintech (I6420 without finance keyword)
#   E05 none  fintech but a Xuhui address -> counts nowhere
#   E06 OTHER fintech J6710  born 2019-06-01 (before 2020Q1)  revoked 2020-05-10 (2020Q2)
#        (row 9 beats row 7 of the same batch)
#   E07 FDP   fintech J6940  (芳甸路 and 峨山路 tie at priority 1 -> FDP < MOLI)
#        born 2026-10-10 (2026Q4)  active
#   E08 LJZSP not fintech (C3911)
#   E09 LJZSP fintech J6930  born 2020-01-01 (2020Q1)  moved out 2026-09-30 (2026Q3)
#   E11 FDP   not fintech (I6510 without business scope)
#
# K04: a fintech firm is active at quarter end qe when birth <= qe and (no death or
# death > qe). As quarter ranges, inclusive:
ACTIVE_QUARTERS = {
    "MOLI": [("2024Q2", "2026Q4")],  # E01 after its move
    # E02 (dead by 2025-09-30), E01 before its move, E07
    "FDP": [("2020Q1", "2025Q2"), ("2021Q1", "2024Q1"), ("2026Q4", "2026Q4")],
    "LJZSP": [("2020Q1", "2026Q2")],  # E09: death on 2026-09-30 is not "> qe" of 2026Q3
    "PDSP": [("2023Q3", "2026Q4")],  # E03
    "ZJDIH": [],  # E04 is not fintech
    "OTHER": [("2020Q1", "2020Q1")],  # E06 (born 2019, dead 2020-05-10)
}


def expected_k04(park: str, quarter: str) -> int:
    parks = PARKS if park == "ALL" else [park]
    return sum(
        first <= quarter <= last  # 'YYYYQn' labels sort chronologically
        for p in parks
        for first, last in ACTIVE_QUARTERS[p]
    )


# K07 births and K08 deaths of fintech firms with a park (every other row is 0).
EXPECTED_K07 = {
    ("FDP", "2020Q1"): 1, ("LJZSP", "2020Q1"): 1, ("ALL", "2020Q1"): 2,  # E02, E09
    ("FDP", "2021Q1"): 1, ("ALL", "2021Q1"): 1,  # E01, in FDP at the end of 2021Q1
    ("PDSP", "2023Q3"): 1, ("ALL", "2023Q3"): 1,  # E03
    ("FDP", "2026Q4"): 1, ("ALL", "2026Q4"): 1,  # E07
}  # fmt: skip
EXPECTED_K08 = {
    ("OTHER", "2020Q2"): 1, ("ALL", "2020Q2"): 1,  # E06 revoked
    ("FDP", "2025Q3"): 1, ("ALL", "2025Q3"): 1,  # E02 deregistered
    ("LJZSP", "2026Q3"): 1, ("ALL", "2026Q3"): 1,  # E09 moved out
}  # fmt: skip

# K19 (every other row is 0):
#   P1 (E04 not fintech, G06Q40/04 first)          -> ZJDIH 2024Q2
#   P3 (E08 not fintech, G06Q20/40 second)         -> LJZSP 2025Q1
#   P4 (E01 fintech, G06F16/00; delivered twice)   -> MOLI 2025Q1, once
#   out: P2 (no fintech IPC), P8 (G06Q30/), P5 (utility model), P6 (outside), P7 (no USCC)
EXPECTED_K19 = {
    ("ZJDIH", "2024Q2"): 1, ("ALL", "2024Q2"): 1,
    ("LJZSP", "2025Q1"): 1, ("MOLI", "2025Q1"): 1, ("ALL", "2025Q1"): 2,
}  # fmt: skip

# K32 in CNY (every other row is 0, not an estimate):
#   MOLI 2026Q3: R1 260,000,000 USD x 7.10 (latest load wins over 2亿美元) = 1,846,000,000
#              + R2 数千万人民币 = 50,000,000 (estimate)   R3 undisclosed: left out
#              = 1,896,000,000, is_estimate
#   PDSP 2025Q4: R4 6,300,000 CNY + R5 10,000,000 HKD x 0.9205 = 9,205,000 -> 15,505,000
#   FDP 2026Q4:  R10 100,000,000 EUR x 8.1650 = 816,500,000
#   out: R6 (E04 not fintech), R7 (E05 outside Pudong), R8 (no USCC)
EXPECTED_K32 = {
    ("MOLI", "2026Q3"): (1_896_000_000.0, True), ("ALL", "2026Q3"): (1_896_000_000.0, True),
    ("PDSP", "2025Q4"): (15_505_000.0, False), ("ALL", "2025Q4"): (15_505_000.0, False),
    ("FDP", "2026Q4"): (816_500_000.0, False), ("ALL", "2026Q4"): (816_500_000.0, False),
}  # fmt: skip

# K38 numerators, risk incidents of fintech firms with a park (every other row is 0):
#   MOLI 2026Q3: EV2 = EV3 (same case delivered twice, counted once) + EV8 (案件B) = 2
#   LJZSP 2026Q3: EV1 = 1
#   out: EV4 (E04 not fintech), EV5 (outside), EV6 (not a risk type), EV7 (no USCC)
# Denominator = K04; value = numerator / K04 x 1,000, or no_data when K04 = 0:
#   MOLI 2026Q3 = 2 / 1 x 1000 = 2000; LJZSP 2026Q3 = 1 / 0 -> no_data;
#   ALL 2026Q3 = 3 / 2 (MOLI E01 + PDSP E03) x 1000 = 1500; ZJDIH is no_data in every quarter.
EXPECTED_K38_INCIDENTS = {("MOLI", "2026Q3"): 2, ("LJZSP", "2026Q3"): 1, ("ALL", "2026Q3"): 3}


def grid():
    return [(park, quarter) for park in [*PARKS, "ALL"] for quarter in QUARTERS]


# --- Tests ------------------------------------------------------------------------------


def test_kpi_values_is_the_full_grid(kpis):
    assert len(kpis) == len(IMPLEMENTED_KPIS) * 7 * 28
    assert {k for k, _, _ in kpis} == set(IMPLEMENTED_KPIS)
    assert {(p, q) for _, p, q in kpis} == set(grid())


def test_k04_fintech_stock(kpis):
    for park, quarter in grid():
        expected = expected_k04(park, quarter)
        assert kpis["K04", park, quarter] == (expected, None, None, False, "ok"), (park, quarter)
    # spot checks of the interval table, written out
    assert kpis["K04", "ALL", "2020Q1"][0] == 3  # E02, E06, E09
    assert kpis["K04", "ALL", "2020Q2"][0] == 2  # E06 revoked in 2020Q2
    assert kpis["K04", "ALL", "2025Q3"][0] == 3  # E01, E03, E09 (E02 deregistered)
    assert kpis["K04", "ALL", "2026Q3"][0] == 2  # E01, E03 (E09 left on the last day)
    assert kpis["K04", "ALL", "2026Q4"][0] == 3  # E01, E03, E07


@pytest.mark.parametrize(("kpi_id", "expected"), [("K07", EXPECTED_K07), ("K08", EXPECTED_K08)])
def test_k07_births_and_k08_deaths(kpis, kpi_id, expected):
    for park, quarter in grid():
        value = expected.get((park, quarter), 0)
        assert kpis[kpi_id, park, quarter] == (value, None, None, False, "ok"), (park, quarter)


def test_k19_fintech_invention_applications(kpis):
    for park, quarter in grid():
        value = EXPECTED_K19.get((park, quarter), 0)
        assert kpis["K19", park, quarter] == (value, None, None, False, "ok"), (park, quarter)


def test_k32_equity_financing_cny(kpis):
    for park, quarter in grid():
        amount, is_estimate = EXPECTED_K32.get((park, quarter), (0.0, False))
        value, numerator, denominator, estimate, status = kpis["K32", park, quarter]
        assert value == pytest.approx(amount, rel=1e-12), (park, quarter)
        assert (numerator, denominator, estimate, status) == (None, None, is_estimate, "ok")


def test_k38_risk_incident_rate(kpis):
    for park, quarter in grid():
        incidents = EXPECTED_K38_INCIDENTS.get((park, quarter), 0)
        active = expected_k04(park, quarter)
        value, numerator, denominator, is_estimate, status = kpis["K38", park, quarter]
        assert (numerator, denominator, is_estimate) == (incidents, active, False), (park, quarter)
        if active == 0:
            assert (value, status) == (None, "no_data"), (park, quarter)
        else:
            assert (value, status) == (pytest.approx(incidents * 1000 / active), "ok")
    assert kpis["K38", "MOLI", "2026Q3"][0] == 2000
    assert kpis["K38", "ALL", "2026Q3"][0] == 1500
    assert kpis["K38", "LJZSP", "2026Q3"] == (None, 1, 0, False, "no_data")


# Event KPIs and leading firms (every other row is 0):
#   K23: EV6 high-tech certification of E01 -> MOLI 2026Q3
#   K30: EV9 international conference of non-fintech E04 (weight 3) -> ZJDIH 2026Q2;
#        EV10 municipal competition of E01 (weight 1) -> MOLI 2026Q2
#   K35: EV12 listing of fintech E03 -> PDSP 2024Q2 (EV11, non-fintech E04, left out)
EXPECTED_EVENT_KPIS = {
    "K23": {("MOLI", "2026Q3"): 1, ("ALL", "2026Q3"): 1},
    "K30": {("ZJDIH", "2026Q2"): 3, ("MOLI", "2026Q2"): 1, ("ALL", "2026Q2"): 4},
    "K35": {("PDSP", "2024Q2"): 1, ("ALL", "2024Q2"): 1},
    "K06": {},
}
#   K01: EV14 designation of E09 (LJZSP): 2022Q1 .. 2026Q2
#   K03: E03 (PDSP) listed 2024-05-10, delisted 2025-11-20: 2024Q2 .. 2025Q3
EXPECTED_STOCKS = {"K01": ("LJZSP", "2022Q1", "2026Q2"), "K03": ("PDSP", "2024Q2", "2025Q3")}


@pytest.mark.parametrize("kpi_id", sorted(EXPECTED_EVENT_KPIS))
def test_event_kpis(kpis, kpi_id):
    for park, quarter in grid():
        value = EXPECTED_EVENT_KPIS[kpi_id].get((park, quarter), 0)
        assert kpis[kpi_id, park, quarter] == (value, None, None, False, "ok"), (park, quarter)


@pytest.mark.parametrize("kpi_id", sorted(EXPECTED_STOCKS))
def test_leading_firm_stocks(kpis, kpi_id):
    park_id, first, last = EXPECTED_STOCKS[kpi_id]
    for park, quarter in grid():
        value = int(park in (park_id, "ALL") and first <= quarter <= last)
        assert kpis[kpi_id, park, quarter] == (value, None, None, False, "ok"), (park, quarter)


def test_k05_park_share_and_k09_net_formation(kpis):
    # 2025Q3: K04 = MOLI 1 (E01), PDSP 1 (E03), LJZSP 1 (E09); E02 (FDP) died in it.
    assert kpis["K05", "MOLI", "2025Q3"] == (pytest.approx(1 / 3), 1, 3, False, "ok")
    assert kpis["K05", "ALL", "2025Q3"] == (1.0, 3, 3, False, "ok")
    # 2025Q3: births 0, deaths 1 (E02); active at the start (end of 2025Q2) = 4
    assert kpis["K09", "ALL", "2025Q3"] == (-0.25, -1, 4, False, "ok")
    assert kpis["K09", "FDP", "2025Q3"] == (-1.0, -1, 1, False, "ok")
    # ZJDIH never has a fintech enterprise: no_data, never 0
    assert kpis["K09", "ZJDIH", "2025Q3"] == (None, 0, 0, False, "no_data")


def test_k13_three_year_survival(kpis):
    # 2023Q1 looks back at the births of 2020Q1: E02 (alive at 2023-03-31) and E09 -> 2 / 2;
    # 2028Q3 would see E02's death; 2024Q1 looks at 2021Q1: E01 -> 1 / 1.
    assert kpis["K13", "ALL", "2023Q1"] == (1.0, 2, 2, False, "ok")
    assert kpis["K13", "ALL", "2024Q1"] == (1.0, 1, 1, False, "ok")
    assert kpis["K13", "ALL", "2023Q2"] == (None, 0, 0, False, "no_data")


def test_dim_enterprises_park_and_fintech(build):
    rows = query(build, "select uscc, park_id, is_fintech, status from marts.dim_enterprises")
    assert {code: (park, fintech, status) for code, park, fintech, status in rows} == {
        E01: ("MOLI", True, "active"),
        E02: ("FDP", True, "deregistered"),
        E03: ("PDSP", True, "active"),
        E04: ("ZJDIH", False, "active"),
        E05: (None, True, "active"),
        E06: ("OTHER", True, "revoked"),
        E07: ("FDP", True, "active"),
        E08: ("LJZSP", False, "active"),
        E09: ("LJZSP", True, "moved_out"),
        E11: ("FDP", False, "active"),
    }


def test_no_personal_data_in_marts(build):
    columns = query(
        build, "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts'"
    )  # fmt: skip
    names = {column for _, column in columns}
    assert not names & {"legal_representative_masked", "applicants", "investors", "description"}


def test_dim_parks_has_the_district_total(build):
    rows = query(build, "select park_id, name_zh, is_district_total from marts.dim_parks")
    assert sorted(p for p, _, _ in rows) == sorted([*PARKS, "ALL"])
    assert [(p, n) for p, n, total in rows if total] == [("ALL", "浦东新区合计")]


def test_docs_generate_works_offline(build):
    """The docs site (manifest + catalog of the built warehouse) needs no network. The
    session build compiled every node already, so the catalog is built without compiling."""
    result = run_dbt(["docs", "generate", "--no-compile"], build.warehouse, build.work_dir)
    assert result.returncode == 0, result.stdout[-4000:]
    assert (build.work_dir / "target" / "catalog.json").exists()


# a load after every batch of the fixture
LATER_BATCH = ("b3", datetime(2026, 11, 1, 9, 0))


def test_a_row_breaking_a_blocking_test_fails_the_build(build, tmp_path):
    """A registration with an unknown status reaches dim_enterprises and fails the blocking
    accepted_values test: `dbt build` exits non-zero, so nothing would be published.

    The bad row is loaded after the session's build, so the incremental models take it,
    into the session warehouse itself (restored afterwards): same path, same profile, so
    dbt reuses the session's parsed project instead of parsing again."""
    built_files = (build.warehouse, audited_path(build.warehouse))
    clean_copies = [tmp_path / f"clean-{number}.duckdb" for number in range(len(built_files))]
    for built, clean_copy in zip(built_files, clean_copies, strict=True):
        shutil.copy(built, clean_copy)
    try:
        with duckdb.connect(str(build.warehouse)) as con:
            con.execute(
                "insert into raw.registrations (uscc, name, registration_date, address, status,"
                " approval_date, _batch_id, _row_number, _loaded_at)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [uscc(99), "坏数据有限公司", "2024-01-01", "上海市浦东新区峨山路1号", "bogus",
                 "2024-01-01", LATER_BATCH[0], 99, LATER_BATCH[1]],
            )  # fmt: skip
        # staging and intermediate are tables: rebuild the path from the raw row to the mart
        path_to_mart = "stg_registrations__enterprises+,+dim_enterprises"
        result = run_dbt(["build", "--select", path_to_mart], build.warehouse, build.work_dir)
    finally:
        for built, clean_copy in zip(built_files, clean_copies, strict=True):
            shutil.copy(clean_copy, built)
    assert result.returncode != 0
    assert "FAIL 1 accepted_values_dim_enterprises_status" in result.stdout


def test_k33_breakdown_by_stage(build):
    """MOLI 2026Q3: R1 A轮 (once, though delivered twice), R2 B轮, R3 战略投资 (undisclosed,
    still a deal); PDSP 2025Q4: R4 天使轮 + R5 Pre-A轮 are both seed/angel."""
    rows = query(
        build,
        "select park_id, quarter, category, value from marts.kpi_breakdowns "
        "where kpi_id = 'K33' and value > 0 order by 1, 2, 3",
    )
    assert rows == [
        ("ALL", "2025Q4", "seed_angel", 2), ("ALL", "2026Q3", "A", 1),
        ("ALL", "2026Q3", "B", 1), ("ALL", "2026Q3", "strategic_pe", 1),
        ("ALL", "2026Q4", "C_plus", 1),
        ("FDP", "2026Q4", "C_plus", 1),
        ("MOLI", "2026Q3", "A", 1), ("MOLI", "2026Q3", "B", 1),
        ("MOLI", "2026Q3", "strategic_pe", 1),
        ("PDSP", "2025Q4", "seed_angel", 2),
    ]  # fmt: skip


def test_contributions_name_the_entities_behind_a_value(build):
    """K04 of ALL in 2025Q3 is E01, E03 and E09 (E02 died in the quarter); K32 of MOLI in
    2026Q3 is R1 and R2 with their CNY amounts (R3 undisclosed is no contribution)."""
    rows = query(
        build,
        "select e.uscc from marts.kpi_contributions c join marts.dim_enterprises e "
        "on c.entity_id = e.enterprise_id "
        "where c.kpi_id = 'K04' and c.quarter = '2025Q3' order by 1",
    )
    assert [code for (code,) in rows] == sorted([E01, E03, E09])
    amounts = query(
        build,
        "select contribution from marts.kpi_contributions "
        "where kpi_id = 'K32' and park_id = 'MOLI' and quarter = '2026Q3' order by 1",
    )
    assert [a for (a,) in amounts] == [pytest.approx(50_000_000), pytest.approx(1_846_000_000)]
