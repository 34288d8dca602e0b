"""The park_address_rules seed on addresses written by hand: Pudong is recognised from its
towns, streets and Free-Trade-Zone areas even without 上海市/浦东新区, and a park road wins
over them (lowest priority, then lowest park_id — the rule int_enterprises_located uses)."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pytest

SEED = Path(__file__).parents[2] / "dbt_project" / "seeds" / "park_address_rules.csv"


def park_and_rule(address: str) -> tuple[str | None, str | None]:
    rules = list(csv.DictReader(SEED.open(encoding="utf-8")))
    text = unicodedata.normalize("NFKC", address)
    hits = [rule for rule in rules if rule["keyword"] in text]
    if not hits:
        return None, None
    fired = min(hits, key=lambda rule: (int(rule["priority"]), rule["park_id"]))
    return fired["park_id"], fired["keyword"]


@pytest.mark.parametrize(
    ("address", "park", "keyword"),
    [
        ("上海市浦东新区科苑路88号", "ZJDIH", "科苑路"),
        ("张江镇科苑路88号3幢", "ZJDIH", "科苑路"),  # the park road beats the town
        ("中国（上海）自由贸易试验区芳甸路1155号", "FDP", "芳甸路"),
        ("上海市张江镇祖冲之路887弄", "OTHER", "张江镇"),  # no 浦东新区, a Pudong town
        ("外高桥保税区富特北路211号", "OTHER", "外高桥保税区"),
        ("花木街道锦绣路1001号", "OTHER", "花木街道"),
        ("上海市临港新片区环湖西二路888号", "OTHER", "临港新片区"),
        ("上海市浦东新区世纪大道100号", "OTHER", "浦东新区"),
        ("上海市徐汇区漕溪北路18号", None, None),
        ("上海市闵行区三林路1号", None, None),  # 三林路 is not 三林镇
    ],
)
def test_address_gets_its_park_and_the_rule_that_fired(address, park, keyword):
    assert park_and_rule(address) == (park, keyword)


def test_every_rule_names_a_known_park_once():
    rules = list(csv.DictReader(SEED.open(encoding="utf-8")))
    parks = {row["park_id"] for row in csv.DictReader(SEED.with_name("parks.csv").open())}
    assert {rule["park_id"] for rule in rules} <= parks
    keywords = [rule["keyword"] for rule in rules]
    assert len(keywords) == len(set(keywords))
