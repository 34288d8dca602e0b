"""The facts behind K02, K10, K11, K14, K22, K39 and K40 and the moves between parks: the
world holds them, the delivered files show them, and the truth follows the rules of
docs/kpi-rules.md.

The world is built directly (a `small` world takes about a second) where a test needs a
fact no delivered file states, such as the group a firm really belongs to.
"""

from __future__ import annotations

from collections import Counter

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


def test_k14_is_the_park_fintech_share_over_the_citys(kpis, truth):
    """Recomputed from the truth's enterprise table and the seed, not from the tallies."""
    city = {row.year: row for row in load_reference_data().city_reference}
    enterprises = [r for r in truth("enterprises.csv") if r["park_id"]]
    quarter = "2024Q4"
    quarter_end = "2024-12-31"
    for park_id in (*PARK_IDS, "ALL"):
        firms = [r for r in enterprises if park_id in (r["park_id"], "ALL")]
        active = [
            r
            for r in firms
            if r["registration_date"] <= quarter_end
            and (not r["death_date"] or r["death_date"] > quarter_end)
        ]
        fintech = sum(r["is_fintech"] == "true" for r in active)
        city_share = city[2024].fintech_enterprises / city[2024].all_enterprises
        expected = (fintech / len(active)) / city_share
        assert float(kpis[("K14", park_id, quarter)]["value"]) == pytest.approx(expected)


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
