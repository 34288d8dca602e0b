"""Contracts: exactly the bad rows go to quarantine, each with its '<column>:<check>' rule."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from data_contracts import CONTRACTS, ContractSchemaError, checks, split_valid_rows, validate_frame
from fintech_cluster.settings import FEEDS
from ingestion.canonical import CANONICAL_COLUMNS

VALID_USCC = "91310115MA1K3YJ587"
OTHER_VALID_USCC = "913100001322145619"
FUTURE = date(2099, 1, 1)


@pytest.fixture(autouse=True)
def fixed_loading_day(monkeypatch):
    monkeypatch.setattr(checks, "loading_day", lambda: date(2026, 9, 30))


def frame_of(feed: str, rows: list[dict]) -> pl.DataFrame:
    """Canonical rows (unlisted columns null), numbered from 2 like a file's data rows."""
    helpers = sorted({key for row in rows for key in row if key.endswith("__text")})
    schema = {**CANONICAL_COLUMNS[feed], **dict.fromkeys(helpers, pl.String)}
    frame = pl.DataFrame(rows, schema=schema)
    return frame.with_columns(pl.int_range(2, frame.height + 2).alias("_row_number"))


def quarantined_rules(feed: str, rows: list[dict]) -> dict[int, str]:
    valid, quarantine = split_valid_rows(feed, frame_of(feed, rows))
    assert valid.height + quarantine.height == len(rows)
    return dict(zip(quarantine["_row_number"], quarantine["rule"], strict=True))


def registration(**values) -> dict:
    row = {
        "uscc": VALID_USCC,
        "name": "上海浦银金融科技有限公司",
        "registration_date": date(2019, 3, 5),
        "registered_capital_text": "100万人民币",
        "registered_capital_amount": 1e6,
        "registered_capital_is_undisclosed": False,
        "status": "active",
    }
    return {**row, **values}


def test_every_feed_has_a_contract():
    assert set(CONTRACTS) == set(FEEDS)


def test_registrations_one_bad_row_of_each_kind():
    rows = [
        registration(),  # 2
        registration(uscc="91310115MA1K3YJ580"),  # 3 wrong check character
        registration(uscc=None),  # 4
        registration(name=None),  # 5
        registration(registration_date=FUTURE),  # 6
        registration(registration_date=None, registration_date__text="2021-13-45"),  # 7
        registration(
            registered_capital_text="一千万",
            registered_capital_amount=None,
            registered_capital_is_undisclosed=None,
        ),  # 8
        registration(status="停业整顿"),  # 9
        registration(approval_date=FUTURE),  # 10
        registration(
            registered_capital_text="未透露",
            registered_capital_amount=None,
            registered_capital_is_undisclosed=True,
        ),  # 11: undisclosed is fine
        registration(uscc="N2310115MA1KCP3L1E", status=None),  # 12: letter A/N/Y lead is fine
    ]
    assert quarantined_rules("registrations", rows) == {
        3: "uscc:valid_uscc",
        4: "uscc:not_nullable",
        5: "name:not_nullable",
        6: "registration_date:not_in_future",
        7: "registration_date:parseable_date",
        8: "registered_capital_text:parseable_amount",
        9: "status:isin",
        10: "approval_date:not_in_future",
    }


def test_messages_name_column_check_and_original_text_for_every_failure():
    rows = [registration(uscc="91310115MA1K3YJ580", status="停业整顿")]
    _, quarantine = split_valid_rows("registrations", frame_of("registrations", rows))
    assert quarantine["rule"].to_list() == ["uscc:valid_uscc"]  # the first, in column order
    message = quarantine["message"][0]
    assert "uscc:valid_uscc '91310115MA1K3YJ580': check character (position 18)" in message
    assert "status:isin '停业整顿': is not one of active, deregistered, revoked" in message


def test_an_unparsed_required_date_is_reported_once_as_unparseable():
    rows = [registration(registration_date=None, registration_date__text="明天")]
    _, quarantine = split_valid_rows("registrations", frame_of("registrations", rows))
    assert quarantine["message"].to_list() == [
        "registration_date:parseable_date '明天': is not a recognised date"
    ]


def patent(**values) -> dict:
    row = {
        "application_number": "202310123456.6",
        "application_date": date(2023, 3, 1),
        "patent_type": "invention",
    }
    return {**row, **values}


def test_patents_one_bad_row_of_each_kind():
    rows = [
        patent(),  # 2
        patent(application_number="202310123456.7"),  # 3
        patent(patent_type="utility_model"),  # 4: number says invention
        patent(patent_type="专利"),  # 5
        patent(applicant_uscc="91310115MA1K3YJ580"),  # 6
        patent(applicant_uscc=OTHER_VALID_USCC),  # 7: fine
        patent(application_date=None),  # 8
        patent(grant_date=FUTURE),  # 9
        patent(application_number="02123456.6", patent_type=None),  # 10: pre-2003, fine
    ]
    assert quarantined_rules("patents", rows) == {
        3: "application_number:valid_patent_number",
        4: "patent_type:matches_number_type",
        5: "patent_type:isin",
        6: "applicant_uscc:valid_uscc",
        8: "application_date:not_nullable",
        9: "grant_date:not_in_future",
    }


def deal(**values) -> dict:
    row = {
        "registered_name": "上海浦银金融科技有限公司",
        "deal_date": date(2020, 8, 15),
        "round_raw": "A轮",
        "amount_text": "数千万人民币",
        "amount": 5e7,
        "amount_is_undisclosed": False,
    }
    return {**row, **values}


def test_financing_one_bad_row_of_each_kind():
    rows = [
        deal(),  # 2
        deal(uscc=None, round_raw="B轮"),  # 3: may be blank
        deal(uscc="91310115MA1K3YJ580"),  # 4
        deal(registered_name=None),  # 5
        deal(round_raw=None),  # 6
        deal(deal_date=None, deal_date__text="2021-13-45"),  # 7
        deal(founded_on=FUTURE),  # 8
        deal(amount_text="约一个亿", amount=None, amount_is_undisclosed=None),  # 9
    ]
    assert quarantined_rules("financing", rows) == {
        4: "uscc:valid_uscc",
        5: "registered_name:not_nullable",
        6: "round_raw:not_nullable",
        7: "deal_date:parseable_date",
        8: "founded_on:not_in_future",
        9: "amount_text:parseable_amount",
    }


def test_a_row_repeated_within_a_file_is_quarantined_naming_the_first():
    rows = [deal(), deal(round_raw="B轮"), deal(), deal(amount_text=None), deal(amount_text=None)]
    valid, quarantine = split_valid_rows("financing", frame_of("financing", rows))
    assert valid["_row_number"].to_list() == [2, 3, 5]
    assert quarantine.rows() == [
        (4, "row:repeated_in_file", "row repeats row 2 of the same file in every column"),
        (6, "row:repeated_in_file", "row repeats row 5 of the same file in every column"),
    ]


def event(**values) -> dict:
    row = {"event_type_raw": "专项补贴", "event_date": date(2024, 6, 30), "level": "区级"}
    return {**row, **values}


def test_events_one_bad_row_of_each_kind():
    rows = [
        event(),  # 2
        event(level="省级"),  # 3
        event(event_type_raw=None),  # 4
        event(event_date=None),  # 5
        event(uscc="91310115MA1K3YJ580"),  # 6
        event(amount_text="若干", amount=None, amount_is_undisclosed=None),  # 7
    ]
    assert quarantined_rules("events", rows) == {
        3: "level:isin",
        4: "event_type_raw:not_nullable",
        5: "event_date:not_nullable",
        6: "uscc:valid_uscc",
        7: "amount_text:parseable_amount",
    }


def test_validate_frame_rechecks_loaded_rows():
    good = frame_of("registrations", [registration()]).drop("_row_number")
    assert validate_frame("registrations", good) == []
    loaded = frame_of("registrations", [registration(), registration(uscc="91310115MA1K3YJ580")])
    loaded = loaded.with_columns(pl.lit("a.csv").alias("_source_file"))
    problems = validate_frame("registrations", loaded)
    assert problems == [
        "uscc:valid_uscc: 1 row(s), e.g. a.csv row 3: uscc:valid_uscc '91310115MA1K3YJ580': "
        "check character (position 18) is '0', expected '7'"
    ]
    assert validate_frame("registrations", good.drop("name")) == ["column name is missing"]


def test_a_frame_without_the_contract_columns_is_a_bug_not_bad_data():
    frame = frame_of("registrations", [registration()]).drop("status")
    with pytest.raises(ContractSchemaError, match="column status is missing"):
        split_valid_rows("registrations", frame)
