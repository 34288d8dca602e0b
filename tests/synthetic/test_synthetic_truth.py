"""The truth agrees with itself, with the rules of docs/kpi-rules.md and with the files.

Every check recomputes from the delivered files or the truth tables; none compares with
a number the generator printed.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from ingestion.synthetic.rules import PARK_ADDRESS_RULES, PARK_IDS, normalise
from ingestion.synthetic.seeds import load_reference_data

PARKS_AND_ALL = (*PARK_IDS, "ALL")
# The KPIs with a truth value (docs/kpi-rules.md) and the additive ones among them.
TRUTH_KPIS = (
    "K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08", "K09", "K10", "K11", "K12",
    "K13", "K14", "K15", "K16", "K17", "K18", "K19", "K20", "K21", "K22", "K23", "K24",
    "K25", "K26", "K27", "K28", "K29", "K30", "K31", "K32", "K33", "K34", "K35", "K36",
    "K37", "K38", "K39", "K40",
)  # fmt: skip
# Ratios of counts; K14 (a count over an expected count) is a ratio too, but not of counts.
RATIO_KPIS = ("K05", "K09", "K13", "K21", "K26", "K34", "K38", "K39", "K40")
NON_ADDITIVE_KPIS = (*RATIO_KPIS, "K14")
ADDITIVE_KPIS = tuple(k for k in TRUTH_KPIS if k not in NON_ADDITIVE_KPIS)
STATUS_OF_LABEL = {
    "存续": "active",
    "在业": "active",
    "开业": "active",
    "注销": "deregistered",
    "吊销": "revoked",
    "吊销，未注销": "revoked",
    "迁出": "moved_out",
}
PHONE = re.compile(r"(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)")


@pytest.fixture(scope="module")
def kpis(truth) -> dict[tuple[str, str, str], dict[str, str]]:
    return {(r["kpi_id"], r["park_id"], r["quarter"]): r for r in truth("kpi_values.csv")}


@pytest.fixture(scope="module")
def quarters(kpis) -> list[str]:
    return sorted({quarter for _, _, quarter in kpis})


def _clean_rows(landing: Path, feed: str, read_delivery, truth) -> pl.DataFrame:
    """All rows of a feed's files, without the rows expected in quarantine, in load order."""
    quarantined = {(r["file"], int(r["row_number"])) for r in truth("expected_quarantine.csv")}
    frames = []
    for path in sorted(p for p in (landing / feed).iterdir() if p.is_file()):  # not vendors/
        file = path.relative_to(landing).as_posix()
        frame = read_delivery(path).with_row_index("row_number", offset=2)
        keep = [(file, n) not in quarantined for n in frame["row_number"]]
        frames.append(frame.with_columns(pl.lit(file).alias("file")).filter(pl.Series(keep)))
    return pl.concat(frames, how="diagonal")


def test_every_kpi_has_a_row_per_park_and_quarter(kpis, quarters, generated):
    as_of = generated.as_of
    assert quarters[0] == "2020Q1" and quarters[-1] == f"{as_of.year}Q{(as_of.month - 1) // 3 + 1}"
    for kpi_id in TRUTH_KPIS:
        assert {(k, p) for k, p, _ in kpis if k == kpi_id} == {(kpi_id, p) for p in PARKS_AND_ALL}
    assert len(kpis) == len(TRUTH_KPIS) * len(PARKS_AND_ALL) * len(quarters)


@pytest.mark.parametrize("kpi_id", RATIO_KPIS)
def test_ratios_have_no_value_exactly_when_the_denominator_is_zero(kpis, kpi_id):
    for (k, park_id, quarter), row in kpis.items():
        if k != kpi_id:
            continue
        assert row["numerator"] != "" and row["denominator"] != "", (park_id, quarter)
        zero = int(row["denominator"]) == 0
        assert (row["status"], row["value"] == "") == (("no_data", True) if zero else ("ok", False))


def test_k05_park_shares_add_up_to_one_and_k09_nets_births_and_deaths(kpis, quarters):
    for quarter in quarters:
        shares = [float(kpis[("K05", p, quarter)]["value"]) for p in PARK_IDS]
        assert sum(shares) == pytest.approx(1.0), quarter
        for park_id in PARKS_AND_ALL:
            births = int(kpis[("K07", park_id, quarter)]["value"])
            deaths = int(kpis[("K08", park_id, quarter)]["value"])
            assert int(kpis[("K09", park_id, quarter)]["numerator"]) == births - deaths


@pytest.mark.parametrize("kpi_id", ADDITIVE_KPIS)
def test_district_total_is_the_sum_over_parks(kpis, quarters, kpi_id):
    for quarter in quarters:
        parks = [Decimal(kpis[(kpi_id, p, quarter)]["value"]) for p in PARK_IDS]
        assert Decimal(kpis[(kpi_id, "ALL", quarter)]["value"]) == sum(parks), quarter


def test_k38_is_incidents_per_thousand_active_fintech_firms(kpis, quarters):
    for (kpi_id, park_id, quarter), row in kpis.items():
        if kpi_id != "K38":
            continue
        assert row["denominator"] == kpis[("K04", park_id, quarter)]["value"]
        numerator, denominator = int(row["numerator"]), int(row["denominator"])
        if denominator == 0:
            assert (row["status"], row["value"]) == ("no_data", "")
        else:
            assert row["status"] == "ok"
            assert float(row["value"]) == pytest.approx(numerator / denominator * 1000)
    for quarter in quarters:
        parks = sum(int(kpis[("K38", p, quarter)]["numerator"]) for p in PARK_IDS)
        assert int(kpis[("K38", "ALL", quarter)]["numerator"]) == parks


def test_kpis_have_signal_in_most_park_quarters(kpis):
    for kpi_id in ("K04", "K07", "K19", "K38"):
        rows = [r for (k, p, _), r in kpis.items() if k == kpi_id and p != "ALL"]
        non_zero = [r for r in rows if (r["numerator"] or r["value"]) not in ("0", "")]
        assert len(non_zero) > len(rows) / 2, kpi_id


def test_counts_for_k19_adds_up_to_k19(truth, kpis, quarters):
    counted = sum(row["counts_for_k19"] == "true" for row in truth("patents.csv"))
    assert counted == sum(int(kpis[("K19", "ALL", q)]["value"]) for q in quarters)


def test_park_addresses_hold_one_park_keyword_and_outside_ones_none(landing, read_delivery, truth):
    rows = _clean_rows(landing, "registrations", read_delivery, truth)
    park_of = {r["uscc"]: r["park_id"] for r in truth("enterprises.csv")}
    road_keywords = [rule.keyword for rule in PARK_ADDRESS_RULES if rule.priority == 1]
    for district, address, code in rows.select("地区", "注册地址", "统一社会信用代码").iter_rows():
        text = normalise(address)
        roads = [keyword for keyword in road_keywords if keyword in text]
        assert len(roads) <= 1, address
        in_pudong = "浦东新区" in text or "自由贸易试验区" in text or bool(roads)
        assert in_pudong == (district == "浦东新区"), address
        assert bool(park_of[code.upper()]) == in_pudong, address


def test_latest_approved_registration_row_gives_the_truth_status(
    landing, read_delivery, truth, parse_date
):
    rows = _clean_rows(landing, "registrations", read_delivery, truth)
    latest: dict[str, tuple] = {}
    for code, approved, label in rows.select(
        "统一社会信用代码", "核准日期", "登记状态"
    ).iter_rows():
        key = (parse_date(approved), label)
        latest[code.upper()] = max(latest.get(code.upper(), key), key, key=lambda k: k[0])
    truth_rows = {r["uscc"]: r for r in truth("enterprises.csv")}
    assert latest.keys() == truth_rows.keys()
    for code, (approved, label) in latest.items():
        status = STATUS_OF_LABEL[label]
        assert status == truth_rows[code]["status"], code
        if status != "active":
            assert approved.isoformat() == truth_rows[code]["death_date"], code


def test_patents_deduplicate_to_the_truth(landing, read_delivery, truth, parse_date):
    rows = _clean_rows(landing, "patents", read_delivery, truth)
    grants: dict[str, set[str]] = defaultdict(set)
    for number, granted in rows.select("申请号", "授权日").iter_rows():
        grants[number.removeprefix("CN")].add(parse_date(granted).isoformat() if granted else "")
    expected = {r["application_number"]: r["grant_date"] for r in truth("patents.csv")}
    assert grants.keys() == expected.keys()
    assert all(max(grants[n]) == expected[n] for n in expected)


def test_financing_deal_keys_deduplicate_to_the_truth(landing, read_delivery, truth, parse_date):
    rows = _clean_rows(landing, "financing", read_delivery, truth)
    # A continuation row (blank company columns) belongs to the company row above it; a
    # company row with a blank USCC must not inherit the previous company's code.
    company = ["工商名称", "统一社会信用代码"]
    filled = rows.with_columns(
        pl.col("工商名称").is_not_null().cum_sum().over("file").alias("company_block")
    ).with_columns(pl.col(company).first().over("file", "company_block"))
    delivered = {
        (code or normalise(name), parse_date(day).isoformat(), label)
        for name, code, day, label in filled.select(*company, "融资时间", "轮次").iter_rows()
    }
    expected = {
        (r["uscc"] or r["registered_name"], r["deal_date"], r["round_raw"])
        for r in truth("financing_rounds.csv")
    }
    assert delivered == expected


def test_event_rows_deduplicate_to_the_truth(landing, read_delivery, truth, parse_date):
    rows = _clean_rows(landing, "events", read_delivery, truth)
    columns = ("事件类型", "事件日期", "统一社会信用代码", "备注")
    delivered = {
        (kind, parse_date(day).isoformat(), (code or "").upper(), note)
        for kind, day, code, note in rows.select(columns).iter_rows()
    }
    assert len(delivered) == len(truth("events.csv")), "the description makes each event unique"
    expected = {(r["event_type_raw"], r["event_date"], r["uscc"]) for r in truth("events.csv")}
    assert {key[:3] for key in delivered} == expected


def test_every_event_type_is_used_and_risk_flags_follow_the_seed(truth):
    reference = load_reference_data()
    rows = truth("events.csv")
    assert {r["event_type_raw"] for r in rows} == {t.event_type_raw for t in reference.event_types}
    risky = {t.event_type_raw for t in reference.event_types if t.is_risk_incident}
    assert all((r["is_risk_incident"] == "true") == (r["event_type_raw"] in risky) for r in rows)


def test_enterprise_identities_are_unique(truth):
    rows = truth("enterprises.csv")
    assert len({r["uscc"] for r in rows}) == len({r["name"] for r in rows}) == len(rows)


def test_shares_are_near_the_scale_targets(truth):
    rows = truth("enterprises.csv")
    in_parks = sum(bool(r["park_id"]) for r in rows) / len(rows)
    fintech = sum(r["is_fintech"] == "true" for r in rows) / len(rows)
    assert 0.70 <= in_parks <= 0.80
    assert 0.15 <= fintech <= 0.25


def test_truth_holds_no_personal_data(generated):
    for path in (generated.home_root / "truth").glob("*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            assert not any(word in column for column in header for word in ("legal", "phone"))
            assert not any(PHONE.search(cell) for row in reader for cell in row), path
