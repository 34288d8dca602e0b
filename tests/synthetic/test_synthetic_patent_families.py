"""Patent families (同族专利) and lapse dates (失效日), both for K22: the world draws them
on their own random streams, in a realistic share, and the CNIPA yearly files deliver
them as the world holds them."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import World, build_world
from ingestion.synthetic.world import patents as patent_world
from ingestion.synthetic.world.patents import FIRST_APPLICATION_DAY, plan_patents
from ingestion.synthetic.world.pools import enterprise_pool


@pytest.fixture(scope="module")
def world(generated) -> World:
    """The world behind the shared generated home, rebuilt from its seed and date."""
    return build_world(
        SCALES["small"], generated.seed, generated.as_of, load_reference_data(), lambda _: None
    )


def _is_overseas(patent) -> bool:
    return any(not number.startswith("CN") for number in patent.family_publications)


def test_only_published_inventions_have_families(world):
    for patent in world.patents:
        if patent.patent_type != "invention" or patent.publication_number is None:
            assert patent.family_publications == (), patent.application_number


def test_overseas_families_are_a_realistic_share_of_fintech_inventions(world):
    fintech = {e.uscc for e in world.enterprises if e.is_fintech}
    published = [
        p
        for p in world.patents
        if p.patent_type == "invention" and p.publication_number and p.owner_uscc in fintech
    ]
    overseas = [p for p in published if _is_overseas(p)]
    cn_only = [p for p in world.patents if p.family_publications and not _is_overseas(p)]
    assert len(published) > 100
    assert 0.04 < len(overseas) / len(published) < 0.13  # drawn with 8 %
    assert cn_only, "no CN-only family: the K22 rule that it does not count is never exercised"
    offices = {n[:2] for p in overseas for n in p.family_publications}
    assert {"US", "WO", "EP"} <= offices


def test_families_and_lapses_leave_every_other_draw_unchanged(world, generated, monkeypatch):
    """Without families and lapse dates, every patent is the same but for those two."""
    pool = enterprise_pool(world.enterprises, FIRST_APPLICATION_DAY, generated.as_of)
    plan = plan_patents(generated.seed, generated.as_of, pool)
    monkeypatch.setattr(patent_world, "_family_publications", lambda *_: ())
    monkeypatch.setattr(patent_world, "_lapse_date", lambda *_: None)
    for index, patent in enumerate(world.patents[:2000]):
        without = replace(patent, family_publications=(), lapsed_on=None)
        assert patent_world.make_patent(plan, index) == without


def test_exactly_the_lapsed_granted_patents_have_a_lapse_date(world, generated):
    lapsed = [p for p in world.patents if p.legal_status == "未缴年费终止失效"]
    assert len(lapsed) > 50
    for patent in world.patents:
        if patent in lapsed:
            assert patent.grant_date <= patent.lapsed_on <= generated.as_of
        else:
            assert patent.lapsed_on is None, patent.application_number


def test_the_cnipa_files_deliver_each_family_and_lapse_date(
    world, landing, read_delivery, parse_date
):
    """Every row of a patent carries its family; the rows that show it lapsed, its 失效日."""
    families: dict[str, set[str | None]] = {}
    lapses: dict[str, set[object]] = {}
    for path in (landing / "patents").glob("专利检索_*.csv"):
        frame = read_delivery(path)
        for row in frame.iter_rows(named=True):
            number = row["申请号"].removeprefix("CN")
            families.setdefault(number, set()).add(row["同族专利"])
            if row["法律状态"] == "未缴年费终止失效":
                lapses.setdefault(number, set()).add(parse_date(row["失效日"]))
    with_family = [p for p in world.patents if p.family_publications]
    assert with_family
    for patent in with_family:
        expected = "; ".join(patent.family_publications)
        assert families[patent.application_number] == {expected}, patent.application_number
    lapsed = [p for p in world.patents if p.lapsed_on]
    assert lapsed
    for patent in lapsed:
        assert lapses[patent.application_number] == {patent.lapsed_on}, patent.application_number
