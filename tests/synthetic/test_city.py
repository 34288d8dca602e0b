"""The column-wise city generator, run at ``city-test`` size (the same code path, seconds).

Identifiers are compared with the one-at-a-time implementation; the truth's KPIs are
recounted here from the delivered CSV files with the csv module and the rules of
``ingestion.synthetic.rules`` (not from the generator's arrays); and, end to end, a
refresh of a city-test home publishes exactly the truth's spot-check KPIs.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections import Counter
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from homes import AS_OF

from ingestion.identifiers import patent_number_problem, uscc_problem
from ingestion.synthetic import city, generate
from ingestion.synthetic.city.identifiers import (
    application_numbers,
    as_strings,
    usccs,
    with_wrong_patent_check,
    with_wrong_uscc_check,
)
from ingestion.synthetic.identifiers import USCC_ALPHABET, make_application_number, make_uscc
from ingestion.synthetic.quarters import quarter_of
from ingestion.synthetic.rules import DISTRICT_TOTAL, is_fintech, park_of

SCALE = "city-test"
SEED = 5
DEATH_STATUSES = ("注销", "吊销", "迁出")


@pytest.fixture(scope="module")
def city_home(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("city") / "home"
    generate(root, SCALE, SEED, AS_OF)
    return root


def _text(path: Path) -> str:
    """A delivered file's text: UTF-8 (with or without BOM), else GBK (the registry snapshot)."""
    content = path.read_bytes()
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("gbk")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(_text(path), newline="")))


def _truth(home: Path) -> dict[tuple[str, str, str], str]:
    return {
        (row["kpi_id"], row["park_id"], row["quarter"]): row["value"]
        for row in _rows(home / "truth" / "kpi_values.csv")
    }


def _day(text: str) -> date:
    digits = text.replace("-", "")
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


# -- identifiers ------------------------------------------------------------------------------


def test_usccs_equal_the_one_at_a_time_construction_and_pass_validation():
    index = np.arange(0, 2_000_000, 997)
    divisions = np.full(len(index), 310115)
    codes = as_strings(usccs(divisions, index, salt=11)).to_list()
    for code in codes[:500]:
        body = code[8:16]
        assert code == make_uscc("9", "1", "310115", body)
        assert uscc_problem(code) is None
    assert len(set(codes)) == len(codes)
    assert all(c in USCC_ALPHABET for c in "".join(codes))


def test_wrong_uscc_check_characters_are_caught_by_ingestion():
    codes = usccs(np.full(50, 110105), np.arange(50), salt=3)
    for code in as_strings(with_wrong_uscc_check(codes)).to_list():
        assert "check character (position 18)" in uscc_problem(code)


def test_application_numbers_equal_the_one_at_a_time_construction():
    years = np.array([2019, 2020, 2024, 2026, 2023] * 40)
    types = np.array([1, 2, 3, 1, 2] * 40)
    serials = np.arange(200) * 49_999
    numbers = as_strings(application_numbers(years, types, serials)).to_list()
    for number, year, kind, serial in zip(numbers, years, types, serials, strict=True):
        assert number == make_application_number(int(year), int(kind), int(serial))
        assert patent_number_problem(number) is None
    wrong = as_strings(with_wrong_patent_check(application_numbers(years, types, serials)))
    assert all(patent_number_problem(number) for number in wrong.to_list())


# -- determinism ------------------------------------------------------------------------------


def _file_digests(home: Path) -> dict[str, str]:
    return {
        str(path.relative_to(home)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted((home / "landing").rglob("*")) + sorted((home / "truth").rglob("*"))
        if path.is_file()
    }


def test_the_same_seed_gives_the_same_bytes(city_home, tmp_path):
    again = tmp_path / "again"
    generate(again, SCALE, SEED, AS_OF)
    assert _file_digests(again) == _file_digests(city_home)


def test_the_world_does_not_depend_on_the_chunk_size(city_home, tmp_path, monkeypatch):
    """Smaller chunks reorder rows within a file, never change them or the truth."""
    monkeypatch.setattr(city, "ENTERPRISE_CHUNK", 7_001)
    monkeypatch.setattr(city, "PATENT_CHUNK", 9_999)
    chunked = tmp_path / "chunked"
    generate(chunked, SCALE, SEED, AS_OF)
    assert _truth(chunked) == _truth(city_home)
    for feed in ("registrations", "patents"):
        assert _lines(chunked / "landing" / feed) == _lines(city_home / "landing" / feed)


def _lines(folder: Path) -> Counter[str]:
    """Data lines of a feed (corrupted copies left out: they copy each part's first rows)."""
    return Counter(line for path in folder.glob("*.csv") for line in _text(path).splitlines()[1:-3])


# -- the truth, recounted from the files ------------------------------------------------------


def _enterprises(home: Path) -> dict[str, dict[str, str]]:
    """The latest registry row per USCC (by approval date), corrupted copies left out."""
    latest: dict[str, dict[str, str]] = {}
    for path in sorted((home / "landing" / "registrations").glob("*.csv")):
        for row in _rows(path):
            uscc = row["统一社会信用代码"]
            if uscc_problem(uscc):
                continue
            if uscc not in latest or row["核准日期"] >= latest[uscc]["核准日期"]:
                latest[uscc] = row
    return latest


def test_births_deaths_and_stock_recounted_from_the_registry_equal_the_truth(city_home):
    truth = _truth(city_home)
    births, deaths, stock = Counter(), Counter(), Counter()
    quarter_end = quarter_of(date(2025, 6, 30))
    for row in _enterprises(city_home).values():
        park = park_of(row["注册地址"])
        if park is None or not is_fintech(row["行业代码"], row["经营范围"]):
            continue
        registered = _day(row["注册日期"])
        died = row["登记状态"].startswith(DEATH_STATUSES)
        death = _day(row["核准日期"]) if died else None
        births[park, quarter_of(registered).label] += 1
        if death:
            deaths[park, quarter_of(death).label] += 1
        if registered <= quarter_end.last_day and (death is None or death > quarter_end.last_day):
            stock[park] += 1
    assert sum(stock.values()) > 100  # the district has fintech firms to count
    for park in {park for park, _ in births}:
        for label in ("2020Q1", "2022Q3", "2025Q2", "2026Q4"):
            assert truth["K07", park, label] == str(births[park, label])
            assert truth["K08", park, label] == str(deaths[park, label])
        assert truth["K04", park, "2025Q2"] == str(stock[park])
    assert truth["K04", DISTRICT_TOTAL, "2025Q2"] == str(sum(stock.values()))


def test_fintech_invention_applications_recounted_from_the_patent_files_equal_the_truth(
    city_home,
):
    truth = _truth(city_home)
    enterprises = _enterprises(city_home)
    applications = Counter()
    for path in (city_home / "landing" / "patents").glob("*.csv"):
        for row in _rows(path):
            applicant = enterprises.get(row["申请人统一社会信用代码"])
            if patent_number_problem(row["申请号"]) or applicant is None:
                continue
            park = park_of(applicant["注册地址"])
            fintech_ipc = any(
                code.replace(" ", "").startswith(("G06Q20/", "G06Q40/"))
                for code in row["IPC分类号"].split(";")
            )
            fintech = is_fintech(applicant["行业代码"], applicant["经营范围"])
            if row["专利类型"] == "发明" and park and (fintech or fintech_ipc):
                applications[park, quarter_of(_day(row["申请日"])).label] += 1
    assert sum(applications.values()) > 100
    for (kpi, park, label), value in truth.items():
        if kpi == "K19" and park != DISTRICT_TOTAL:
            assert value == str(applications[park, label]), (park, label)


def test_the_manifest_counts_the_corrupted_rows_it_lists(city_home):
    import json

    manifest = json.loads((city_home / "truth" / "manifest.json").read_text(encoding="utf-8"))
    listed = _rows(city_home / "truth" / "expected_quarantine.csv")
    assert manifest["expected_quarantine_rows"] == len(listed) > 0
    for row in listed[:20]:  # the listed row really is a corrupted copy
        path = city_home / "landing" / row["file"]
        line = _text(path).splitlines()[int(row["row_number"]) - 1]
        record = next(csv.reader([line]))
        bad = {
            "uscc": uscc_problem(record[1]),
            "application_number": patent_number_problem(record[0]),
        }
        if row["column"] in bad:
            assert bad[row["column"]], line
        else:
            assert "30" in line, line  # 2月30日 / 02-30: not a calendar date


# -- end to end -------------------------------------------------------------------------------


@pytest.mark.integration
def test_a_refreshed_city_home_publishes_the_truths_spot_check_kpis(home, dbt_manifest):
    from homes import use_home

    from fintech_cluster import bench
    from fintech_cluster.refresh import run_refresh

    home = use_home(home.root)
    summary = generate(home.root, SCALE, SEED, AS_OF)
    outcome = run_refresh(home)
    assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks

    check = bench.spot_check_kpis(home.truth / "kpi_values.csv", home.published_warehouse)
    assert check.checked > 1_000 and check.passed, check.examples
    import duckdb

    with duckdb.connect(str(home.published_warehouse), read_only=True) as con:
        (quarantined,) = con.execute("select count(*) from meta.quarantine").fetchone()
    assert quarantined == summary.expected_quarantine_rows
