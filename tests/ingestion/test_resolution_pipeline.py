"""Entity resolution measured on a refreshed home against the generator's world, which
knows the enterprise behind every patent, round and event (issue 3: precision ≥ 0.995,
recall ≥ 0.98 for the links made by name)."""

from __future__ import annotations

import json
from datetime import date

import duckdb

from ingestion.synthetic.rules import normalise
from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import build_world

NAME_METHODS = ("exact_name", "fuzzy_name")

# Rows delivered without a USCC: (key, name as delivered, link method, linked USCC)
LINKED_ROWS_SQL = {
    "patents": """
        select p.application_number, trim(split_part(p.applicants, ';', 1)), p.link_method,
            e.uscc
        from intermediate.int_patents_linked as p
        left join intermediate.int_enterprises_classified as e
            on p.resolved_enterprise_id = e.enterprise_id
        where p.applicant_uscc is null
    """,
    "financing": """
        select r.registered_name || '|' || r.deal_date || '|' || r.round_raw,
            r.registered_name, r.link_method, e.uscc
        from intermediate.int_financing_rounds_converted as r
        left join intermediate.int_enterprises_classified as e
            on r.resolved_enterprise_id = e.enterprise_id
        where r.uscc is null
    """,
}


def world_of(home) -> object:
    manifest = json.loads((home.root / "truth" / "manifest.json").read_text())
    return build_world(
        SCALES[manifest["scale"]],
        manifest["seed"],
        date.fromisoformat(manifest["as_of"]),
        load_reference_data(),
        lambda _: None,
    )


def test_links_by_name_against_the_generators_truth(refreshed_home):
    world = world_of(refreshed_home)
    uscc_of_name = {normalise(e.name): e.uscc for e in world.enterprises}  # NFKC, as in raw
    con = duckdb.connect(str(refreshed_home.warehouse), read_only=True)
    registered = {uscc for (uscc,) in con.execute("select uscc from raw.registrations").fetchall()}
    links = correct = resolvable = 0
    for sql in LINKED_ROWS_SQL.values():
        for _, name, method, linked_uscc in con.execute(sql).fetchall():
            true_uscc = uscc_of_name.get(name)  # None: a university or an unknown firm
            resolvable += true_uscc in registered
            if method in NAME_METHODS:
                links += 1
                correct += linked_uscc == true_uscc
    con.close()
    assert resolvable > 50  # the small world has unmatched names to resolve
    assert correct / links >= 0.995
    assert correct / resolvable >= 0.98
