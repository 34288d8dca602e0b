"""The generator's vendor layouts (``landing/<feed>/vendors/``) on a refreshed home: each is
recognised, every row is accounted for, and their facts are counted once.

Known answers come from the generator's truth: ``publication_links.csv`` (which
application each Google Patents row means, blank for none), ``patents.csv`` and
``expected_quarantine.csv`` (checked for all files by tests/integration).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from fintech_cluster.warehouse import connect_working
from ingestion.synthetic.deliveries.api_registrations import api_registrations_path
from ingestion.synthetic.deliveries.listing_list import listing_list_path
from ingestion.synthetic.deliveries.vendor_layouts import (
    ABNORMAL_LIST_PATH,
    CERTIFICATION_LIST_PATH,
    LENDING_LIST_PATH,
    PUBLICATION_LINKS_PATH,
    VENDOR_NAME_LINKS_PATH,
    crunchbase_path,
    google_patents_path,
)
from ingestion.synthetic.rules import normalise

FORMAT_OF_FILE = {
    ABNORMAL_LIST_PATH: "abnormal_operations",
    CERTIFICATION_LIST_PATH: "certification_list",
    LENDING_LIST_PATH: "lending_platforms",
}
FAMILY_LIST_FORMATS = {
    "events/vendors/金融科技创新试点名单.xlsx": "pilot_list",
    "events/vendors/会议赛事名单.csv": "conference_list",
    "events/vendors/人才政策兑现名单.xlsx": "talent_list",
    "events/vendors/贷款贴息拨付名单.csv": "subsidy_list",
    "events/vendors/非法集资案件名单.xlsx": "case_list",
}


def read_truth(home, name: str) -> list[dict[str, str]]:
    with (home.truth / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def warehouse(refreshed_home):
    con = connect_working(refreshed_home.warehouse, read_only=True)
    yield con
    con.close()


def landing_path(home, path: str) -> str:
    return str((home.landing / path).resolve())


def test_every_vendor_layout_is_delivered_recognised_and_accounted_for(refreshed_home, warehouse):
    manifest = json.loads((refreshed_home.truth / "manifest.json").read_text())
    as_of = date.fromisoformat(manifest["as_of"])
    expected = {
        google_patents_path(as_of): "google_patents",
        crunchbase_path(as_of): "crunchbase_rounds",
        api_registrations_path(as_of): "commercial_api",
        listing_list_path(as_of): "listing_list",
        **FORMAT_OF_FILE,
        **FAMILY_LIST_FORMATS,
    }
    landing = refreshed_home.landing.resolve()
    logged = {
        Path(path).relative_to(landing).as_posix(): counts
        for path, *counts in warehouse.execute(
            "select file_path, format, status, rows_read, rows_loaded, rows_quarantined "
            "from meta.load_log where file_path like '%/vendors/%'"
        ).fetchall()
    }
    assert set(logged) == set(expected)
    for path, (fmt, status, read, loaded, quarantined) in logged.items():
        assert (fmt, status) == (expected[path], "loaded"), path
        assert read == loaded + quarantined and loaded > 0, path
        assert quarantined > 0, f"{path}: the generator puts dirt into every vendor layout"


def test_google_rows_find_the_application_the_truth_names(refreshed_home, warehouse):
    links = read_truth(refreshed_home, Path(PUBLICATION_LINKS_PATH).name)
    located = [row for row in links if row["application_number"]]
    unlocated = {row["publication_id"] for row in links if not row["application_number"]}
    assert located and unlocated
    applications = {
        number
        for (number,) in warehouse.execute(
            "select application_number from staging.stg_patents__applications"
        ).fetchall()
    }
    assert {row["application_number"] for row in located} <= applications
    # Each Google row was loaded with its publication number; staging found the same
    # application the truth names, through the CNIPA rows' 公开号.
    found = dict(
        warehouse.execute(
            """
            select google.publication_number, cnipa.application_number
            from raw.patents as google
            inner join raw.patents as cnipa
                on regexp_replace(google.publication_number, '[A-Z][0-9]?$', '')
                    = regexp_replace(cnipa.publication_number, '[A-Z][0-9]?$', '')
            where google.application_number is null and cnipa.application_number is not null
            """
        ).fetchall()
    )
    for row in located:
        assert found[row["publication_id"].replace("-", "")] == row["application_number"]
    kept = warehouse.execute(
        "select publication_number from staging.stg_patents__unlocated_publications"
    ).fetchall()
    assert {number for (number,) in kept} == {pid.replace("-", "") for pid in unlocated}


def test_patents_are_counted_once_whatever_the_layout(refreshed_home, warehouse):
    (staged,) = warehouse.execute(
        "select count(*) from staging.stg_patents__applications"
    ).fetchone()
    assert staged == len(read_truth(refreshed_home, "patents.csv"))
    truth = {row["application_number"]: row for row in read_truth(refreshed_home, "patents.csv")}
    granted = dict(
        warehouse.execute(
            "select application_number, grant_date from staging.stg_patents__applications"
        ).fetchall()
    )
    assert all(
        (granted[number].isoformat() if granted[number] else "") == row["grant_date"]
        for number, row in truth.items()
    )


def test_crunchbase_rows_link_to_the_truths_enterprise_and_add_no_round(refreshed_home, warehouse):
    links = read_truth(refreshed_home, Path(VENDOR_NAME_LINKS_PATH).name)
    registered = {normalise(row["name"]) for row in read_truth(refreshed_home, "enterprises.csv")}
    assert sum(normalise(row["delivered_name"]) not in registered for row in links) > 10
    matches = dict(warehouse.execute("select source_name, uscc from meta.name_matches").fetchall())
    linked = [(matches.get(normalise(row["delivered_name"])), row["uscc"]) for row in links]
    made = [(got, expected) for got, expected in linked if got is not None]
    assert sum(got == expected for got, expected in made) / len(made) >= 0.995  # precision
    assert sum(got == expected for got, expected in linked) / len(linked) >= 0.98  # recall
    (rounds,) = warehouse.execute(
        "select count(*) from intermediate.int_financing_rounds_converted"
    ).fetchone()
    assert rounds == len(read_truth(refreshed_home, "financing_rounds.csv"))


@pytest.mark.parametrize(
    "path", [ABNORMAL_LIST_PATH, CERTIFICATION_LIST_PATH, *FAMILY_LIST_FORMATS]
)
def test_event_lists_re_deliver_events_of_the_primary_files(refreshed_home, warehouse, path):
    """Every clean row of the abnormal-operation API list, the certification list and
    each event-family list has the same event (type, date, USCC, description) in a
    primary file: deduplication keeps one, so the lists add no event."""
    rows = warehouse.execute(
        """
        select api.event_type_raw, api.event_date, api.uscc, api.description,
            count(primary_row._row_number) as primary_rows
        from raw.events as api
        left join raw.events as primary_row
            on
                primary_row._source_file not like '%/vendors/%'
                and api.event_type_raw = primary_row.event_type_raw
                and api.event_date = primary_row.event_date
                and api.uscc = primary_row.uscc
                and coalesce(api.description, '') = coalesce(primary_row.description, '')
        where api._source_file like ?
        group by all
        """,
        [f"%{Path(path).name}"],
    ).fetchall()
    assert rows
    assert all(primary_rows > 0 for *_, primary_rows in rows)


def test_listings_are_counted_once_whatever_the_layout(refreshed_home, warehouse):
    """The listed-company list re-delivers listings under another description (board,
    code, short name): staging keeps exactly the truth's listings, one each."""
    name = Path(listing_list_path(as_of_of(refreshed_home))).name
    (re_delivered,) = warehouse.execute(
        "select count(*) from raw.events where event_type_raw = '上市' and _source_file like ?",
        [f"%{name}"],
    ).fetchone()
    assert re_delivered > 0
    truth = Counter(
        (row["event_date"], row["uscc"])
        for row in read_truth(refreshed_home, "events.csv")
        if row["event_type_raw"] == "上市"
    )
    staged = Counter(
        (day.isoformat(), uscc)
        for day, uscc in warehouse.execute(
            "select event_date, uscc from staging.stg_events__events where event_type_raw = '上市'"
        ).fetchall()
    )
    assert staged == truth


def test_api_registrations_change_no_enterprise(refreshed_home, warehouse):
    """The commercial API's rows carry no approval date: they win no enterprise in
    staging, make no version, and the firms they name keep the truth's status and
    industry (so their classification and the KPIs stay as the registry has them)."""
    name = Path(api_registrations_path(as_of_of(refreshed_home))).name
    delivered = {
        uscc
        for (uscc,) in warehouse.execute(
            "select uscc from raw.registrations where _source_file like ?", [f"%{name}"]
        ).fetchall()
    }
    assert len(delivered) > 10
    for table in ("staging.stg_registrations__enterprises", "snapshots.enterprise_versions"):
        (from_api,) = warehouse.execute(
            f"select count(*) from {table} where _source_file like ?", [f"%{name}"]
        ).fetchone()
        assert from_api == 0, table
    truth = {row["uscc"]: row for row in read_truth(refreshed_home, "enterprises.csv")}
    staged = warehouse.execute(
        "select uscc, status, industry_code from staging.stg_registrations__enterprises "
        "where uscc in (select unnest(?))",
        [sorted(delivered)],
    ).fetchall()
    assert len(staged) == len(delivered)
    for uscc, status, industry_code in staged:
        assert (status, industry_code) == (truth[uscc]["status"], truth[uscc]["industry_code"])


def as_of_of(home) -> date:
    manifest = json.loads((home.truth / "manifest.json").read_text())
    return date.fromisoformat(manifest["as_of"])


def test_problem_platforms_stay_unlinked(refreshed_home, warehouse):
    methods = Counter(
        method
        for (method,) in warehouse.execute(
            "select link_method from intermediate.int_events_linked where _source_file like ?",
            [f"%{Path(LENDING_LIST_PATH).name}"],
        ).fetchall()
    )
    assert methods and set(methods) == {"unmatched"}


def test_no_inventor_name_or_e_mail_reaches_any_table(refreshed_home):
    """Google Patents lists inventors (natural persons): neither the working warehouse
    (raw.*, meta.quarantine included) nor the published file may hold one."""
    export = next((refreshed_home.landing / "patents" / "vendors").glob("*.csv"))
    lines = export.read_bytes().decode("gb18030").splitlines()[1:]  # after `search URL:`
    cells = [row["inventor/author"] for row in csv.DictReader(lines) if row["inventor/author"]]
    names = {name.strip() for cell in cells for name in cell.split(",")}
    assert len(names) > 20
    for path in (refreshed_home.warehouse, refreshed_home.published_warehouse):
        with connect_working(path, read_only=True) as con:  # the audited file too
            columns = con.execute(
                "select table_schema, table_name, column_name from information_schema.columns "
                "where data_type = 'VARCHAR' and table_schema not in ('information_schema')"
            ).fetchall()
            for schema, table, column in columns:
                (persons,) = con.execute(
                    f'select count(*) from "{schema}"."{table}" where "{column}" in '
                    f"(select unnest(?)) or list_has_any(string_split(\"{column}\", ', '), ?) "
                    f"or regexp_matches(\"{column}\", '[\\w.+-]+@[\\w-]+\\.[a-z]{{2,}}')",
                    [sorted(names), sorted(names)],
                ).fetchone()
                assert persons == 0, f"{path.name}: {schema}.{table}.{column}"
