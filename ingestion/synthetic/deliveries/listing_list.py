"""A list of listed companies (上市公司名单) from a data vendor: the listings again.

``events/vendors/上市公司名单_<as-of>.csv`` (UTF-8 with BOM, ``YYYY/M/D`` dates) re-delivers
a share of the listings (``上市``) the bureau registers hold, with securities columns:
``公司全称, 统一社会信用代码, 证券代码, 证券简称, 上市日期, 上市板块, 交易所``. Its
description (board, code, short name) differs from the bureau's document number, so
``stg_events__events`` identifies a listing by enterprise and date alone and counts it
once. Dirt: copies with an unparseable ``上市日期``, which the contract quarantines.
"""

from __future__ import annotations

import random
from datetime import date

from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile, DeliveryRow
from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import Event, World

LISTING = "上市"
LISTING_HEADERS = (
    "公司全称",
    "统一社会信用代码",
    "证券代码",
    "证券简称",
    "上市日期",
    "上市板块",
    "交易所",
)
# (board, exchange, first digits of its security codes)
BOARDS = (
    ("科创板", "上海证券交易所", "688"),
    ("主板", "上海证券交易所", "603"),
    ("创业板", "深圳证券交易所", "300"),
    ("北交所", "北京证券交易所", "83"),
)
_REGION_AFFIXES = ("（上海）", "(上海)", "上海市", "上海")
SHORT_NAME_LENGTH = 4


def listing_list_path(as_of: date) -> str:
    return f"events/vendors/上市公司名单_{as_of:%Y%m%d}.csv"


def listing_list_file(world: World, share: float, bad_date_share: float) -> DeliveryFile:
    """A share of the listings with a USCC, one row each, in order of listing."""
    rng = rng_for(world.seed, "vendor-layouts", "listing-list")
    listings = sorted(
        (e for e in world.events if e.event_type_raw == LISTING and e.uscc),
        key=lambda e: (e.event_date, e.index),
    )
    rows = [_listing_row(rng, event) for event in dirt.sample_in_order(listings, rng, share)]
    copies = dirt.corrupted_copies(
        rows, rng, bad_date_share, "上市日期", "event_date", dirt.unparseable_date
    )
    return DeliveryFile(
        listing_list_path(world.as_of),
        LISTING_HEADERS,
        CsvLayout("utf-8-sig", "slash"),
        dirt.scatter(rows, copies, rng),
    )


def _listing_row(rng: random.Random, event: Event) -> DeliveryRow:
    board, exchange, prefix = rng.choice(BOARDS)
    code = prefix + "".join(rng.choices("0123456789", k=6 - len(prefix)))
    return DeliveryRow(
        {
            "公司全称": event.enterprise_name,
            "统一社会信用代码": event.uscc,
            "证券代码": code,
            "证券简称": short_name(event.enterprise_name),
            "上市日期": event.event_date,
            "上市板块": board,
            "交易所": exchange,
        }
    )


def short_name(name: str) -> str:
    """The first characters of the trade name, as securities short names are written."""
    for affix in _REGION_AFFIXES:
        name = name.replace(affix, "")
    return name[:SHORT_NAME_LENGTH]
