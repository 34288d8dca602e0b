"""The generator's commercial-API registrations load through ``commercial_api``: every row
is accounted for, the rows the generator corrupted are the ones quarantined, and each
clean row holds the registration date and registered capital of the world's enterprise
(the generator's ``Money``, not the adapter's reading of it)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from ingestion.loader import ensure_schema, ingest_file
from ingestion.synthetic.deliveries.api_registrations import api_registrations_file
from ingestion.synthetic.scales import SCALES
from ingestion.synthetic.seeds import load_reference_data
from ingestion.synthetic.world import build_world

AS_OF = date(2025, 6, 30)


def test_api_registrations_load_with_the_worlds_dates_and_capital(tmp_path):
    world = build_world(SCALES["small"], 42, AS_OF, load_reference_data(), print)
    delivery = api_registrations_file(
        world, share=0.5, recent_days=365, bad_date_share=0.05, bad_uscc_share=0.05
    )
    path = tmp_path / "api.json"
    path.write_bytes(delivery.render())

    con = duckdb.connect()
    ensure_schema(con)
    result = ingest_file(con, path, "registrations")

    expected_quarantine = {(q.row_number, q.column) for q in delivery.expected_quarantine()}
    assert (result.status, result.format) == ("loaded", "commercial_api")
    assert result.rows_read == len(delivery.rows) > 20
    assert result.rows_loaded + result.rows_quarantined == result.rows_read
    quarantined = con.execute("select row_number, rule from meta.quarantine").fetchall()
    assert {(row, rule.split(":")[0]) for row, rule in quarantined} == expected_quarantine

    by_uscc = {e.uscc: e for e in world.enterprises}
    loaded = con.execute(
        "select uscc, registration_date, approval_date, industry_code, "
        "registered_capital_amount, registered_capital_currency from raw.registrations"
    ).fetchall()
    assert len(loaded) == result.rows_loaded
    for uscc, registered, approved, industry, amount, currency in loaded:
        enterprise = by_uscc[uscc]
        assert AS_OF - 365 * date.resolution < registered <= AS_OF  # recently registered
        assert registered == enterprise.registration_date
        assert (approved, industry) == (None, None)  # not a registry change
        capital = enterprise.registered_capital
        assert (None if amount is None else Decimal(str(amount))) == capital.amount, uscc
        assert currency == capital.currency, uscc
