"""The generator's event-family lists (one spreadsheet layout per family) load through
their adapters: each is recognised, every row is accounted for, the rows the generator
corrupted are the ones quarantined, and every loaded row is an event of the world (type,
date, USCC, description, level, amount), the generator's ``Event`` being the answer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from ingestion.loader import ensure_schema, ingest_file
from ingestion.synthetic.deliveries.family_lists import family_list_files
from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import build_world

FORMAT_OF_LIST = {
    "金融科技创新试点名单.xlsx": "pilot_list",
    "会议赛事名单.csv": "conference_list",
    "人才政策兑现名单.xlsx": "talent_list",
    "贷款贴息拨付名单.csv": "subsidy_list",
    "非法集资案件名单.xlsx": "case_list",
}


@pytest.fixture(scope="module")
def world():
    return build_world(SCALES["small"], 42, date(2025, 6, 30), load_reference_data(), print)


@pytest.fixture(scope="module")
def deliveries(world):
    return {Path(f.path).name: f for f in family_list_files(world, 0.3, 0.05)}


@pytest.mark.parametrize("name", sorted(FORMAT_OF_LIST))
def test_family_list_loads_the_worlds_events(tmp_path, world, deliveries, name):
    delivery = deliveries[name]
    path = tmp_path / name
    path.write_bytes(delivery.render())
    con = duckdb.connect()
    ensure_schema(con)
    result = ingest_file(con, path, "events")

    assert (result.status, result.format) == ("loaded", FORMAT_OF_LIST[name])
    assert result.rows_read == len(delivery.rows) and result.rows_loaded > 5
    assert result.rows_loaded + result.rows_quarantined == result.rows_read
    quarantined = con.execute("select row_number, rule from meta.quarantine").fetchall()
    expected = {(q.row_number, q.column) for q in delivery.expected_quarantine()}
    assert {(row, rule.split(":")[0]) for row, rule in quarantined} == expected

    events = {
        (e.event_type_raw, e.event_date, e.uscc, e.description): e for e in world.events if e.uscc
    }
    loaded = con.execute(
        "select event_type_raw, event_date, uscc, description, level, amount from raw.events"
    ).fetchall()
    assert len(loaded) == result.rows_loaded
    for *key, level, amount in loaded:
        event = events[tuple(key)]  # KeyError: a row the world does not hold
        assert level == event.level
        expected_amount = event.amount.amount if event.amount else None
        assert (None if amount is None else Decimal(str(amount))) == expected_amount
