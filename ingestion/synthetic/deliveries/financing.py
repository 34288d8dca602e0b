"""Venture-database exports: 2015-2023 as a GBK CSV, 2024 to now as XLSX.

Within a file rows are sorted by company, then date; a company's rows after its first
are continuation rows whose company columns are blank (they inherit from the row above).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile, DeliveryRow
from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import FinancingRound, World

COMPANY_HEADERS = ("公司名称", "工商名称", "统一社会信用代码", "成立时间", "地点")
HEADERS = (*COMPANY_HEADERS, "融资时间", "轮次", "融资金额", "投资方")
SPLIT_DAY = date(2024, 1, 1)
REPEATED_LAST_YEAR_SHARE = 0.25  # of the 2023 deals, in the 2024- file again
CORRUPT_DATE_SHARE = 0.002


def financing_files(world: World) -> list[DeliveryFile]:
    """The historical CSV and the current XLSX (which repeats some 2023 deals)."""
    rounds = world.financing_rounds
    history = [r for r in rounds if r.deal_date < SPLIT_DAY]
    current = [r for r in rounds if r.deal_date >= SPLIT_DAY]
    last_year = [r for r in history if r.deal_date.year == SPLIT_DAY.year - 1]
    rng = rng_for(world.seed, "repeats", "financing")
    repeated = dirt.sample_in_order(last_year, rng, REPEATED_LAST_YEAR_SHARE)
    files = [
        DeliveryFile(
            "financing/投融资事件_2015-2023.csv", HEADERS, CsvLayout("gbk", "iso", "\r\n")
        ),
        DeliveryFile("financing/投融资事件_2024-至今.xlsx", HEADERS, None, sheet_name="投融资事件"),
    ]
    return [
        _with_corrupted_copies(replace(file, rows=_company_grouped_rows(deals)), world.seed)
        for file, deals in zip(files, (history, current + repeated), strict=True)
        if deals
    ]


def _company_grouped_rows(deals: list[FinancingRound]) -> list[DeliveryRow]:
    """Rows sorted by company then date; repeated company columns left blank."""
    rows = []
    previous_company = None
    for deal in sorted(deals, key=lambda d: (d.registered_name, d.deal_date, d.round_raw)):
        company = (deal.registered_name, deal.uscc)
        rows.append(_row(deal, continuation=company == previous_company))
        previous_company = company
    return rows


def _with_corrupted_copies(file: DeliveryFile, seed: int) -> DeliveryFile:
    """Copies with an unparseable deal date, each a continuation row after its original."""
    rng = rng_for(seed, "dirt", file.path)
    copies = [
        (position, DeliveryRow({**copy.values, **dict.fromkeys(COMPANY_HEADERS)}, copy.violation))
        for position, copy in dirt.corrupted_copies(
            file.rows, rng, CORRUPT_DATE_SHARE, "融资时间", "deal_date", dirt.unparseable_date
        )
    ]
    return replace(file, rows=dirt.place_after_originals(file.rows, copies))


def _row(deal: FinancingRound, continuation: bool) -> DeliveryRow:
    company = (
        dict.fromkeys(COMPANY_HEADERS)
        if continuation
        else {
            "公司名称": deal.company_name,
            "工商名称": deal.registered_name,
            "统一社会信用代码": deal.uscc,
            "成立时间": f"{deal.founded_on:%Y-%m}",
            "地点": deal.location,
        }
    )
    return DeliveryRow(
        {
            **company,
            "融资时间": deal.deal_date,
            "轮次": deal.round_raw,
            "融资金额": deal.amount.text,
            "投资方": deal.investors,
        }
    )
