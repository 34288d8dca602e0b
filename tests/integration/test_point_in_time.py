"""Point in time (issue 4): a later registry delivery that moves one enterprise to another
park and deregisters another changes no earlier quarter's KPI, and moves the current
quarter's counts as the delivery says.

The firms and their parks come from the generator's world (plain Python), the expected
changes from the delivery the test writes: nothing expected is read from the project's SQL.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import duckdb
import pytest
from homes import AS_OF, world_of

from fintech_cluster.refresh import run_refresh
from fintech_cluster.warehouse import connect_working
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile
from ingestion.synthetic.deliveries.registrations import HEADERS, registry_row
from ingestion.synthetic.quarters import quarter_of
from ingestion.synthetic.rules import DISTRICT_TOTAL, PARK_ADDRESS_RULES
from ingestion.synthetic.world import Enterprise

pytestmark = pytest.mark.integration

CHANGE_DAY = date(2026, 11, 27)  # in the as-of quarter, after every earlier quarter
CURRENT_QUARTER = quarter_of(AS_OF)
DEREGISTERED_LABEL = "注销"


def _settled_fintech_firms(world) -> list[Enterprise]:
    """Fintech firms of a park, active on the change day, with no approval after the end
    of the previous quarter: the delivery is the firm's latest change."""
    return [
        e
        for e in world.enterprises
        if e.is_fintech
        and e.park_id is not None
        and e.death is None
        and e.registration_date < CURRENT_QUARTER.first_day
        and (e.moved_on is None or e.moved_on < CURRENT_QUARTER.first_day)
    ]


def _address_in(park_id: str) -> str:
    keyword = next(rule.keyword for rule in PARK_ADDRESS_RULES if rule.park_id == park_id)
    return f"上海市浦东新区{keyword}88号3层"


def _kpi_values(home) -> dict[tuple[str, str, str], tuple]:
    with duckdb.connect(str(home.published_warehouse), read_only=True) as con:
        rows = con.execute(
            "select kpi_id, park_id, quarter, value, numerator, denominator, status "
            "from marts.kpi_values"
        ).fetchall()
    return {(r[0], r[1], r[2]): r[3:] for r in rows}


def test_a_later_move_and_deregistration_leave_earlier_quarters_unchanged(copied_home):
    candidates = _settled_fintech_firms(world_of(copied_home))
    mover = candidates[0]
    destination = next(p for p in ("MOLI", "FDP", "LJZSP") if p != mover.park_id)
    closing = next(e for e in candidates if e.park_id not in (mover.park_id, destination))
    delivery = DeliveryFile(
        f"registrations/{CHANGE_DAY.isoformat()}_工商登记变更.csv",
        HEADERS,
        CsvLayout("utf-8", "iso"),
        [
            registry_row(mover, mover.active_label, CHANGE_DAY, _address_in(destination)),
            registry_row(closing, DEREGISTERED_LABEL, CHANGE_DAY),
        ],
    )
    before = _kpi_values(copied_home)
    (copied_home.root / "landing" / delivery.path).write_bytes(delivery.render())

    outcome = run_refresh(copied_home)

    assert outcome.success and outcome.published, outcome.errors or outcome.failed_checks
    after = _kpi_values(copied_home)
    assert set(after) == set(before)
    changed_earlier = [
        key for key in before if key[2] != CURRENT_QUARTER.label and after[key] != before[key]
    ]
    assert changed_earlier == [], f"earlier quarters changed: {changed_earlier[:5]}"
    stock_change = Counter({mover.park_id: -1, destination: 1, closing.park_id: -1})
    stock_change[DISTRICT_TOTAL] = -1
    for park_id, change in stock_change.items():
        key = ("K04", park_id, CURRENT_QUARTER.label)
        assert after[key][0] == before[key][0] + change, f"K04 {park_id}"
    for park_id in (closing.park_id, DISTRICT_TOTAL):
        key = ("K08", park_id, CURRENT_QUARTER.label)
        assert after[key][0] == before[key][0] + 1, f"K08 {park_id}"


def test_one_backfill_refresh_keeps_every_move_and_return_as_a_version(refreshed_home):
    """The shared home loaded the snapshot and every change file in one refresh; the
    versions still hold each move (old park until the move day, then the new one) and
    each 迁出 then 迁入, as the world has them (a dbt snapshot of that run would not)."""
    world = world_of(refreshed_home)
    moved = {e.uscc: e for e in world.enterprises if e.moved_on}
    returned = {e.uscc: e for e in world.enterprises if e.returned_on}
    assert moved and returned
    with connect_working(refreshed_home.warehouse, read_only=True) as con:
        rows = con.execute(
            "select uscc, valid_from, park_id, is_exit, is_return "
            "from snapshots.enterprise_versions order by uscc, valid_from"
        ).fetchall()
    versions: dict[str, list[tuple]] = {}
    for uscc, valid_from, park_id, is_exit, is_return in rows:
        versions.setdefault(uscc, []).append((valid_from, park_id, is_exit, is_return))
    for uscc, firm in moved.items():
        before = [v for v in versions[uscc] if v[0] < firm.moved_on]
        from_move = [v for v in versions[uscc] if v[0] >= firm.moved_on]
        assert before and before[-1][1] == firm.park_on(firm.moved_on - timedelta(days=1))
        assert from_move[0][:2] == (firm.moved_on, firm.park_id), uscc
    for uscc, firm in returned.items():
        changes = {(v[0], v[2], v[3]) for v in versions[uscc]}
        assert (firm.death.day, True, False) in changes, uscc
        assert (firm.returned_on, False, True) in changes, uscc
