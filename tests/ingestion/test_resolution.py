"""Entity resolution: name normalisation, exact and fuzzy links, and the precision/recall
against enterprises whose identity the test knows (it writes the dirty names itself)."""

from __future__ import annotations

import random
import re
from datetime import date

import dagster as dg
import duckdb
import pytest

from fintech_cluster.settings import RAW_TABLE_OF_FEED
from ingestion.loader import ensure_schema
from ingestion.resolution import (
    EXACT_NAME,
    FUZZY_NAME,
    UNMATCHED,
    EnterpriseNames,
    normalise_company_name,
    resolve_names,
)
from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import build_world


@pytest.mark.parametrize(
    ("delivered", "normalised"),
    [
        ("上海华信科技有限公司", "上海华信科技有限公司"),
        ("华信（上海）科技有限公司", "上海华信科技有限公司"),  # region affix moved to the front
        ("华信(上海)科技有限责任公司", "上海华信科技有限公司"),  # legal-form equivalence
        ("上海市华信科技有限公司", "上海华信科技有限公司"),
        ("【上海】华信 科技·有限公司", "上海华信科技有限公司"),
        ("北京华信科技有限公司", "北京华信科技有限公司"),  # another region: another company
        ("上海华信科技股份有限公司", "上海华信科技股份有限公司"),  # a different legal form stays
        ("  ", None),
    ],
)
def test_normalise_company_name(delivered, normalised):
    assert normalise_company_name(delivered) == normalised


REGISTERED = [
    ("U-HUAXIN", "上海华信科技有限公司"),
    ("U-HUAXIN-DATA", "华信数据（上海）金融信息服务有限公司"),
    ("U-TWIN-1", "上海双子科技有限公司"),
    ("U-TWIN-2", "上海双子科技股份有限公司"),  # same core name, other enterprise
]


@pytest.mark.parametrize(
    ("delivered", "uscc", "method"),
    [
        ("华信（上海）科技有限责任公司", "U-HUAXIN", EXACT_NAME),
        ("上海华信数据金融信息服务有限公司", "U-HUAXIN-DATA", EXACT_NAME),
        ("上海华信数据金融信息服有限公司", "U-HUAXIN-DATA", FUZZY_NAME),  # a character lost
        ("上海华信数据金融信息服务股份有限公司", "U-HUAXIN-DATA", FUZZY_NAME),  # legal form
        ("上海华新科技有限公司", None, UNMATCHED),  # one character off a short name: another firm
        ("北京华信科技有限公司", None, UNMATCHED),
        ("上海双子科技有限公司", "U-TWIN-1", EXACT_NAME),
        ("双子（上海）科技有限责任公司", "U-TWIN-1", EXACT_NAME),
        ("上海双子科技集团有限公司", None, UNMATCHED),  # as close to both twins: not guessed
        ("复旦大学", None, UNMATCHED),
    ],
)
def test_links_and_refusals(delivered, uscc, method):
    match = EnterpriseNames(REGISTERED).match(delivered)
    assert (match.uscc, match.method) == (uscc, method)
    if method == EXACT_NAME:
        assert match.score == 100
    if method == FUZZY_NAME:  # ratio of the core names, computed by hand
        core, registered_core = {
            "上海华信数据金融信息服有限公司": (
                "上海华信数据金融信息服",
                "上海华信数据金融信息服务",
            ),
            "上海华信数据金融信息服务股份有限公司": (
                "上海华信数据金融信息服务",
                "上海华信数据金融信息服务",
            ),
        }[delivered]
        common = min(len(core), len(registered_core))  # one is a prefix of the other here
        assert match.score == pytest.approx(100 * 2 * common / (len(core) + len(registered_core)))


# -- precision and recall on the generator's enterprises -----------------------------------


def dirty_name(rng: random.Random, enterprise) -> str:
    """A name as another source might write it (the test's own dirt, not the generator's)."""
    name, trade = enterprise.name, enterprise.trade_name
    plain = re.fullmatch(rf"(上海|北京|深圳|杭州|广州)({trade})(.+?)((?:股份)?有限公司)", name)
    bracketed = re.fullmatch(
        rf"({trade})（(上海|北京|深圳|杭州|广州)）(.+?)((?:股份)?有限公司)", name
    )
    if plain:
        region, _, line, legal_form = plain.groups()
    elif bracketed:
        _, region, line, legal_form = bracketed.groups()
    else:
        return name  # a group member's name: delivered as registered
    choice = rng.randrange(7)
    if choice == 0:  # region affix in half-width brackets
        return f"{trade}({region}){line}{legal_form}"
    if choice == 1:  # 上海市 prefix
        return f"{region}市{trade}{line}{legal_form}"
    if choice == 2 and legal_form == "有限公司":
        return f"{region}{trade}{line}有限责任公司"
    if choice == 3:  # spaces, full-width brackets
        return f"{trade} （{region}） {line} {legal_form}"
    if choice == 4 and len(line) >= 4:  # a character of the business words lost
        position = rng.randrange(1, len(line))
        return f"{region}{trade}{line[:position]}{line[position + 1 :]}{legal_form}"
    if choice == 5:  # the legal form changed after a restructuring
        other = "有限公司" if legal_form == "股份有限公司" else "股份有限公司"
        return f"{region}{trade}{line}{other}"
    return name


def measure(enterprises, seed: int, held_out_share: float = 0.2) -> dict[str, float]:
    """Precision and recall of links from dirty names, a share of firms left unregistered."""
    rng = random.Random(seed)
    registered = [e for e in enterprises if rng.random() >= held_out_share]
    known = {e.uscc for e in registered}
    index = EnterpriseNames((e.uscc, e.name) for e in registered)
    links = correct = 0
    for enterprise in enterprises:
        match = index.match(dirty_name(rng, enterprise))
        if match.uscc is not None:
            links += 1
            correct += match.uscc == enterprise.uscc
    resolvable = sum(e.uscc in known for e in enterprises)
    return {
        "precision": correct / links,
        "recall": correct / resolvable,
        "links": links,
        "resolvable": resolvable,
    }


def test_precision_and_recall_on_the_small_world():
    world = build_world(SCALES["small"], 42, date(2025, 6, 30), load_reference_data(), print)
    measured = measure(world.enterprises, seed=7)
    assert measured["precision"] >= 0.995, measured
    assert measured["recall"] >= 0.98, measured


# -- the warehouse step --------------------------------------------------------------------


def test_resolve_names_writes_one_audited_row_per_unlinked_name():
    con = duckdb.connect()
    ensure_schema(con)
    con.execute(
        "insert into raw.registrations (uscc, name) values "
        "('U-HUAXIN', '上海华信科技有限公司'), ('U-TWIN-1', '上海双子科技有限公司')"
    )
    con.execute(  # raw text is NFKC already: half-width brackets
        "insert into raw.patents (application_number, applicants, applicant_uscc) values "
        "('1', '华信(上海)科技有限公司;复旦大学', null), ('2', '上海双子科技有限公司', 'U-TWIN-1')"
    )
    con.execute(
        "insert into raw.financing_rounds (registered_name, uscc) values "
        "('上海华信科技有限责任公司', null), ('华信(上海)科技有限公司', null)"
    )
    con.execute("insert into raw.events (enterprise_name, uscc) values ('某贷网', null)")

    counts = resolve_names(con)
    rows = con.execute(
        "select source_name, uscc, matched_name, method, score "
        "from meta.name_matches order by source_name"
    ).fetchall()
    assert counts == {EXACT_NAME: 2, FUZZY_NAME: 0, UNMATCHED: 1}
    assert rows == [
        ("上海华信科技有限责任公司", "U-HUAXIN", "上海华信科技有限公司", EXACT_NAME, 100.0),
        ("华信(上海)科技有限公司", "U-HUAXIN", "上海华信科技有限公司", EXACT_NAME, 100.0),
        ("某贷网", None, None, UNMATCHED, None),  # no registered name shares its trade name
    ]
    resolve_names(con)  # a second run replaces, never appends
    assert con.execute("select count(*) from meta.name_matches").fetchall() == [(3,)]


def test_the_name_matches_asset_sits_between_the_raw_feeds_and_the_linked_models(defs):
    node = defs.resolve_asset_graph().get(dg.AssetKey(["meta", "name_matches"]))
    assert node.is_materializable  # the Python asset, joined to the dbt source by its key
    raw_keys = {dg.AssetKey(["raw", table]) for table in RAW_TABLE_OF_FEED.values()}
    assert raw_keys <= set(node.parent_keys)
    linked = ("int_patents_linked", "int_financing_rounds_converted", "int_events_linked")
    assert {dg.AssetKey(["intermediate", model]) for model in linked} <= set(node.child_keys)
