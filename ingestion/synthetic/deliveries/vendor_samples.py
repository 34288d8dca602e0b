"""Vendor-layout samples: the world's rounds as a Crunchbase-style CSV, written with the
company names other sources use, and the truth of which enterprise each row means.

Written under ``samples/`` (never ``landing/``): the pipeline's deliveries and the KPI
truth stay exactly as they were, and a test or a person can load a sample on purpose
(``fintech-cluster ingest --feed financing samples/financing/…``) to measure entity
resolution against ``truth/name_links.csv``.

Name dirt, at ``NAME_DIRT_SHARE`` of the rows: the region affix moved into or out of
brackets, ``上海市`` for ``上海``, 有限责任公司 for 有限公司, half-width brackets and spaces,
a legal form changed after a restructuring.
"""

from __future__ import annotations

import csv
import io
import random
import re

from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import World

CRUNCHBASE_PATH = "samples/financing/crunchbase_rounds.csv"
NAME_LINKS_PATH = "truth/name_links.csv"
NAME_DIRT_SHARE = 0.6
CRUNCHBASE_HEADERS = (
    "company_name",
    "country_code",
    "region",
    "city",
    "investment_type",
    "announced_on",
    "raised_amount_usd",
    "raised_amount",
    "raised_amount_currency_code",
    "investor_names",
)
INVESTMENT_TYPE_OF_ROUND = {
    "种子轮": "seed",
    "天使轮": "angel",
    "A轮": "series_a",
    "B轮": "series_b",
    "C轮": "series_c",
    "D轮": "series_d",
    "E轮": "series_e",
    "F轮": "series_f",
    "PE": "private_equity",
    "战略投资": "corporate_round",
    "定向增发": "post_ipo_equity",
}
_NAME_PARTS = re.compile(
    r"(?P<region>上海|北京|深圳|杭州|广州)(?P<rest>.+?)(?P<form>(?:股份)?有限公司)"
)
_BRACKETED = re.compile(
    r"(?P<trade>.+?)（(?P<region>[^）]+)）(?P<rest>.+?)(?P<form>(?:股份)?有限公司)"
)


def vendor_samples(world: World) -> list[tuple[str, bytes]]:
    """``(relative path, bytes)`` of every sample file and of its name-link truth."""
    rng = rng_for(world.seed, "samples", CRUNCHBASE_PATH)
    uscc_of_name = {enterprise.name: enterprise.uscc for enterprise in world.enterprises}
    rows, links = [], []
    rounds = sorted(world.financing_rounds, key=lambda r: (r.registered_name, r.deal_date))
    for row_number, deal in enumerate(rounds, start=2):
        name = dirty_name(rng, deal.registered_name)
        rows.append(crunchbase_row(name, deal))
        links.append((CRUNCHBASE_PATH, row_number, name, uscc_of_name[deal.registered_name]))
    return [
        (CRUNCHBASE_PATH, csv_bytes(CRUNCHBASE_HEADERS, rows)),
        (NAME_LINKS_PATH, csv_bytes(("file", "row_number", "delivered_name", "uscc"), links)),
    ]


def dirty_name(rng: random.Random, name: str) -> str:
    """``name`` as another source writes it (unchanged for the rest of the rows)."""
    if rng.random() >= NAME_DIRT_SHARE:
        return name
    plain, bracketed = _NAME_PARTS.fullmatch(name), _BRACKETED.fullmatch(name)
    choice = rng.randrange(4)
    if plain and choice == 0:  # 上海华信科技 -> 华信(上海)科技: trade names are 2+ characters
        rest = plain["rest"]
        return f"{rest[:2]}({plain['region']}){rest[2:]}{plain['form']}"
    if bracketed and choice == 0:  # 华信（上海）科技 -> 上海市华信科技
        return f"{bracketed['region']}市{bracketed['trade']}{bracketed['rest']}{bracketed['form']}"
    if choice == 1 and name.endswith("有限公司") and not name.endswith("股份有限公司"):
        return name.removesuffix("有限公司") + "有限责任公司"
    if choice == 2:
        return " ".join([name[:2], name[2:]]).replace("（", "(").replace("）", ")")
    if choice == 3 and name.endswith("股份有限公司"):
        return name.removesuffix("股份有限公司") + "有限公司"
    return name


def crunchbase_row(name: str, deal) -> tuple[str, ...]:
    """A round as a Crunchbase-style row: the amount only when it is exact."""
    amount = deal.amount
    exact = amount.amount is not None and not amount.is_estimate
    return (
        name,
        "CHN",
        deal.location.split("-")[0],
        deal.location.split("-")[0],
        INVESTMENT_TYPE_OF_ROUND.get(deal.round_raw, "series_unknown"),
        deal.deal_date.isoformat(),
        "",
        f"{amount.amount:f}" if exact else "",
        amount.currency if exact else "",
        "{" + ",".join(f'"{investor}"' for investor in re.split("[、,]", deal.investors)) + "}",
    )


def csv_bytes(headers: tuple[str, ...], rows: list[tuple]) -> bytes:
    """A plain UTF-8 CSV: how the samples and the truth files about them are written."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")
