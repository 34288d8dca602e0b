"""Bureau registers: the finance bureau's yearly CSVs and the regulator's risk list (XLSX).

The yearly files hold the non-risk events of their year, plus a share of the year's risk
incidents the finance bureau recorded too and a few rows of the previous year's file.
"""

from __future__ import annotations

import random
from dataclasses import replace

from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile, DeliveryRow
from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import Event, World
from ingestion.synthetic.world.events import FIRST_EVENT_DAY

HEADERS = (
    "企业名称",
    "统一社会信用代码",
    "事件类型",
    "事件日期",
    "级别",
    "金额",
    "发布单位",
    "备注",
)
RISK_LIST_PATH = "events/区市场监管局_风险名录.xlsx"
RISK_ALSO_IN_BUREAU_FILE_SHARE = 0.10
REPEATED_SHARE = 0.03  # of the previous year's file, delivered again
LOWER_CASE_SHARE = 0.01
CORRUPT_USCC_SHARE = 0.005
CORRUPT_DATE_SHARE = 0.002
_YEAR_DATE_STYLES = ("slash", "chinese")


def event_files(world: World) -> list[DeliveryFile]:
    """``区金融工作局_事件登记_<YYYY>.csv`` for 2020..as-of, then the risk list."""
    files: list[DeliveryFile] = []
    for year in range(FIRST_EVENT_DAY.year, world.as_of.year + 1):
        rng = rng_for(world.seed, "dirt", "events", year)
        events = _bureau_events(world.events, year, rng)
        if events:
            previous = files[-1].rows if files else []
            rows = dirt.repeats_of(previous, rng, REPEATED_SHARE) + [_row(e) for e in events]
            layout = CsvLayout("utf-8", _YEAR_DATE_STYLES[year % len(_YEAR_DATE_STYLES)])
            path = f"events/区金融工作局_事件登记_{year}.csv"
            files.append(_with_dirt(DeliveryFile(path, HEADERS, layout, rows), rng))
    risk_list = _risk_list(world)
    return files + [risk_list] if risk_list.rows else files


def _bureau_events(events: tuple[Event, ...], year: int, rng: random.Random) -> list[Event]:
    """The year's non-risk events and a share of its risk incidents, by date."""
    chosen = [
        e
        for e in events
        if e.event_date.year == year
        and (not e.is_risk_incident or rng.random() < RISK_ALSO_IN_BUREAU_FILE_SHARE)
    ]
    return sorted(chosen, key=lambda e: (e.event_date, e.index))


def _risk_list(world: World) -> DeliveryFile:
    rng = rng_for(world.seed, "dirt", RISK_LIST_PATH)
    incidents = sorted(
        (e for e in world.events if e.is_risk_incident), key=lambda e: (e.event_date, e.index)
    )
    file = DeliveryFile(RISK_LIST_PATH, HEADERS, None, [_row(e) for e in incidents], "风险名录")
    return _with_dirt(file, rng)


def _with_dirt(file: DeliveryFile, rng: random.Random) -> DeliveryFile:
    rows = dirt.lower_case_usccs(file.rows, rng, LOWER_CASE_SHARE, "统一社会信用代码")
    copies = dirt.corrupted_copies(
        rows, rng, CORRUPT_USCC_SHARE, "统一社会信用代码", "uscc", dirt.wrong_uscc
    ) + dirt.corrupted_copies(
        rows, rng, CORRUPT_DATE_SHARE, "事件日期", "event_date", dirt.unparseable_date
    )
    return replace(file, rows=dirt.scatter(rows, copies, rng))


def _row(event: Event) -> DeliveryRow:
    return DeliveryRow(
        {
            "企业名称": event.enterprise_name,
            "统一社会信用代码": event.uscc,
            "事件类型": event.event_type_raw,
            "事件日期": event.event_date,
            "级别": event.level,
            "金额": event.amount.text if event.amount else None,
            "发布单位": event.issuing_office,
            "备注": event.description,
        }
    )
