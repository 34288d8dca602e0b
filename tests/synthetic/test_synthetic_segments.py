"""The facts behind K02, K10, K11, K14, K22, K39 and K40 and the moves between parks: the
world holds them, the delivered files show them, and the truth follows the rules of
docs/kpi-rules.md.

The world is built directly (a `small` world takes about a second) where a test needs a
fact no delivered file states, such as the group a firm really belongs to.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from ingestion.synthetic.deliveries.registrations import SNAPSHOT_PATH, registration_files
from ingestion.synthetic.rules import PARK_IDS, normalise, park_of
from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import World, build_world
from ingestion.synthetic.world.events import ABNORMAL_LISTING, ABNORMAL_REMOVAL, LICENCE_GRANTED


@pytest.fixture(scope="module")
def world(generated) -> World:
    """The world behind the shared generated home, rebuilt from its seed and date."""
    return build_world(
        SCALES["small"], generated.seed, generated.as_of, load_reference_data(), lambda _: None
    )


@pytest.fixture(scope="module")
def kpis(truth) -> dict[tuple[str, str, str], dict[str, str]]:
    return {(r["kpi_id"], r["park_id"], r["quarter"]): r for r in truth("kpi_values.csv")}


def test_the_name_keyword_rule_finds_exactly_the_groups_units(world):
    groups = load_reference_data().group_units
    units = 0
    for enterprise in world.enterprises:
        matched = {g.group_name_zh for g in groups if g.name_keyword in normalise(enterprise.name)}
        assert matched == ({enterprise.parent_group} if enterprise.parent_group else set())
        units += enterprise.parent_group is not None
        assert enterprise.parent_group is None or enterprise.is_fintech
    segments = {g.segment for g in groups}
    assert units >= 20 and segments == {"institutional_subsidiary", "big_tech_unit"}


def test_removals_follow_a_listing_of_the_same_firm_and_no_event_outlives_its_firm(world):
    by_uscc = {e.uscc: e for e in world.enterprises}
    listings: dict[str, list] = {}
    for event in world.events:
        if event.event_type_raw == ABNORMAL_LISTING and event.uscc:
            listings.setdefault(event.uscc, []).append(event.event_date)
    kinds = Counter(e.event_type_raw for e in world.events)
    assert kinds[ABNORMAL_REMOVAL] > 0 and kinds[LICENCE_GRANTED] > 0
    for event in world.events:
        if event.event_type_raw in (ABNORMAL_REMOVAL, LICENCE_GRANTED):
            firm = by_uscc[event.uscc]
            assert event.event_date <= world.as_of and not event.is_risk_incident
            assert firm.last_day is None or event.event_date < firm.last_day
        if event.event_type_raw == ABNORMAL_REMOVAL:
            assert min(listings[event.uscc]) < event.event_date


def test_k39_and_k40_are_shares_with_their_numerator_inside_the_denominator(kpis):
    for (kpi_id, _, _), row in kpis.items():
        if kpi_id in ("K39", "K40"):
            assert 0 <= int(row["numerator"]) <= int(row["denominator"]), row
    assert kpis.keys() and all(
        kpis[("K39", p, q)]["denominator"] == kpis[("K04", p, q)]["value"]
        for (k, p, q) in kpis
        if k == "K39"
    )
    listed = [int(r["numerator"]) for (k, p, _), r in kpis.items() if k == "K39" and p == "ALL"]
    assert max(listed) > 0, "some firms are on the list at some quarter end"


def test_k14_is_the_park_fintech_share_over_the_citys(world, kpis):
    """Recomputed from the world's firms as they stood at 2024Q4's end (park of the
    address valid then, active then) and the seed, not from the tallies."""
    city = {row.year: row for row in load_reference_data().city_reference}
    quarter_end = date(2024, 12, 31)
    active = [e for e in world.enterprises if e.park_id and e.is_active_on(quarter_end)]
    for park_id in (*PARK_IDS, "ALL"):
        firms = [e for e in active if park_id in (e.park_on(quarter_end), "ALL")]
        fintech = sum(e.is_fintech for e in firms)
        city_share = city[2024].fintech_enterprises / city[2024].all_enterprises
        expected = (fintech / len(firms)) / city_share
        assert float(kpis[("K14", park_id, "2024Q4")]["value"]) == pytest.approx(expected)


def test_k10_and_k11_count_active_fintech_units_of_their_segment(world, kpis):
    groups = {g.group_name_zh: g.segment for g in load_reference_data().group_units}
    quarter_end = world.as_of
    label = f"{quarter_end.year}Q{(quarter_end.month - 1) // 3 + 1}"
    expected = Counter(
        groups[e.parent_group]
        for e in world.enterprises
        if e.parent_group
        and e.park_id
        and e.registration_date <= quarter_end
        and (e.last_day is None or e.last_day > quarter_end)
    )
    assert int(kpis[("K10", "ALL", label)]["value"]) == expected["institutional_subsidiary"]
    assert int(kpis[("K11", "ALL", label)]["value"]) == expected["big_tech_unit"]


def test_a_moved_firm_shows_its_earlier_park_in_the_snapshot_and_its_park_later(world, truth):
    """The registry's latest approved row decides the park (the truth's park_id)."""
    moved = {e.uscc: e for e in world.enterprises if e.moved_on}
    assert len(moved) >= 10
    truth_park = {r["uscc"]: r["park_id"] for r in truth("enterprises.csv")}
    rows_of: dict[str, list[tuple[str, object, str]]] = {uscc: [] for uscc in moved}
    for file in registration_files(world):
        for row in file.rows:
            code = (row.values["统一社会信用代码"] or "").upper()
            if code in rows_of and row.violation is None:
                rows_of[code].append((file.path, row.values["核准日期"], row.values["注册地址"]))
    for uscc, firm in moved.items():
        earlier = park_of(firm.previous_address)
        assert earlier != firm.park_id == truth_park[uscc] != ""
        snapshot = [address for path, _, address in rows_of[uscc] if path == SNAPSHOT_PATH]
        assert [park_of(address) for address in snapshot] == [earlier]
        latest = max((approved, address) for _, approved, address in rows_of[uscc])
        assert park_of(latest[1]) == firm.park_id


def test_a_firm_that_moved_out_and_back_is_delivered_as_exit_then_return(world, truth):
    """迁出 then 迁入: the registry shows the exit, then the firm active again; the truth
    says active today with no death, and the firm inactive only between the two."""
    returned = {e.uscc: e for e in world.enterprises if e.returned_on}
    assert len(returned) >= 3
    rows_of: dict[str, list[tuple[object, str]]] = {uscc: [] for uscc in returned}
    for file in registration_files(world):
        for row in file.rows:
            code = (row.values["统一社会信用代码"] or "").upper()
            if code in rows_of and row.violation is None:
                rows_of[code].append((row.values["核准日期"], row.values["登记状态"]))
    truth_rows = {r["uscc"]: r for r in truth("enterprises.csv")}
    for uscc, firm in returned.items():
        exit_day, return_day = firm.death.day, firm.returned_on
        assert firm.death.label == "迁出" and exit_day < return_day
        assert sorted(set(rows_of[uscc]))[-2:] == [(exit_day, "迁出"), (return_day, "存续")]
        assert (truth_rows[uscc]["status"], truth_rows[uscc]["death_date"]) == ("active", "")
        assert firm.is_active_on(exit_day - timedelta(days=1))
        assert not firm.is_active_on(exit_day)
        assert not firm.is_active_on(return_day - timedelta(days=1))
        assert firm.is_active_on(return_day)
