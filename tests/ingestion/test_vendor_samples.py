"""The generator's vendor sample (a Crunchbase-style CSV of the world's rounds under
company names other sources use) loads through its adapter, and entity resolution finds
the enterprise the generator's truth (``truth/name_links.csv``) says each row means."""

from __future__ import annotations

import csv
import io
import unicodedata
from datetime import date

import duckdb

from ingestion.loader import ensure_schema, ingest_file
from ingestion.resolution import resolve_names
from ingestion.synthetic.deliveries.vendor_samples import (
    CRUNCHBASE_PATH,
    NAME_LINKS_PATH,
    vendor_samples,
)
from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import build_world


def test_sample_rounds_load_and_resolve_to_the_generators_truth(tmp_path):
    world = build_world(SCALES["small"], 42, date(2025, 6, 30), load_reference_data(), print)
    files = dict(vendor_samples(world))
    sample = tmp_path / "crunchbase_rounds.csv"
    sample.write_bytes(files[CRUNCHBASE_PATH])
    truth = list(csv.DictReader(io.StringIO(files[NAME_LINKS_PATH].decode("utf-8"))))

    con = duckdb.connect()
    ensure_schema(con)
    registered = [(e.uscc, unicodedata.normalize("NFKC", e.name)) for e in world.enterprises]
    con.executemany("insert into raw.registrations (uscc, name) values (?, ?)", registered)
    result = ingest_file(con, sample, "financing")
    assert (result.status, result.format) == ("loaded", "crunchbase_rounds")
    assert result.rows_read == len(truth) == len(world.financing_rounds)
    assert result.rows_loaded + result.rows_quarantined == result.rows_read
    resolve_names(con)

    matches = dict(con.execute("select source_name, uscc from meta.name_matches").fetchall())
    registered_names = {name for _, name in registered}
    dirty = sum(clean(row["delivered_name"]) not in registered_names for row in truth)
    assert dirty > len(truth) / 3  # the sample does exercise the name rules
    linked = [(matches.get(clean(row["delivered_name"])), row["uscc"]) for row in truth]
    links = [(got, expected) for got, expected in linked if got is not None]
    precision = sum(got == expected for got, expected in links) / len(links)
    recall = sum(got == expected for got, expected in linked) / len(linked)
    assert precision >= 0.995, precision
    assert recall >= 0.98, recall


def clean(name: str) -> str:
    """The name as ingestion stores it (NFKC, stripped)."""
    return unicodedata.normalize("NFKC", name).strip()
