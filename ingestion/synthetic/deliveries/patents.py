"""CNIPA search tables: one file per application year, then a grant-update file."""

from __future__ import annotations

import random
from dataclasses import replace

from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile, DeliveryRow
from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import Patent, World
from ingestion.synthetic.world.patents import FIRST_APPLICATION_DAY

HEADERS = (
    "申请号",
    "申请日",
    "公开号",
    "名称",
    "申请人",
    "申请人统一社会信用代码",
    "IPC分类号",
    "专利类型",
    "授权日",
    "法律状态",
    "同族专利",  # optional in real exports, like 失效日: older files of the feed lack them
    "失效日",
)
GRANT_UPDATE_PATH = "patents/专利检索_授权更新.csv"
REPEATED_SHARE = 0.02  # of the previous year's file, delivered again
CORRUPT_NUMBER_SHARE = 0.003
CORRUPT_DATE_SHARE = 0.002
_YEAR_DATE_STYLES = ("dotted", "iso", "compact")


def patent_files(world: World) -> list[DeliveryFile]:
    """``专利检索_<YYYY>.csv`` per application year (BOM on even years), then the update."""
    files: list[DeliveryFile] = []
    for year in range(FIRST_APPLICATION_DAY.year, world.as_of.year + 1):
        filed = [p for p in world.patents if p.application_date.year == year]
        if filed:
            previous = files[-1].rows if files else []
            files.append(_yearly_file(world.seed, year, filed, previous))
    update = _grant_update_file(world)
    return files + [update] if update.rows else files


def _yearly_file(
    seed: int, year: int, filed: list[Patent], previous: list[DeliveryRow]
) -> DeliveryFile:
    """The year's applications as first delivered, after a few of last year's rows."""
    rng = rng_for(seed, "dirt", "patents", year)
    in_order = sorted(filed, key=lambda p: (p.application_date, p.application_number))
    rows = dirt.repeats_of(previous, rng, REPEATED_SHARE) + [
        _row(rng, patent, as_first_delivered=True) for patent in in_order
    ]
    layout = CsvLayout(
        "utf-8-sig" if year % 2 == 0 else "utf-8",
        _YEAR_DATE_STYLES[(year - FIRST_APPLICATION_DAY.year) % len(_YEAR_DATE_STYLES)],
    )
    file = DeliveryFile(f"patents/专利检索_{year}.csv", HEADERS, layout, rows)
    return _with_corrupted_copies(file, rng)


def _grant_update_file(world: World) -> DeliveryFile:
    """The patents whose grant reached the vendor after their yearly file, as they are now."""
    rng = rng_for(world.seed, "dirt", GRANT_UPDATE_PATH)
    late = sorted(
        (p for p in world.patents if p.grant_delivered_late),
        key=lambda p: (p.grant_date, p.application_number),
    )
    rows = [_row(rng, patent, as_first_delivered=False) for patent in late]
    return DeliveryFile(GRANT_UPDATE_PATH, HEADERS, CsvLayout("utf-8", "iso"), rows)


def _with_corrupted_copies(file: DeliveryFile, rng: random.Random) -> DeliveryFile:
    copies = dirt.corrupted_copies(
        file.rows,
        rng,
        CORRUPT_NUMBER_SHARE,
        "申请号",
        "application_number",
        dirt.wrong_application_number,
    ) + dirt.corrupted_copies(
        file.rows, rng, CORRUPT_DATE_SHARE, "申请日", "application_date", dirt.unparseable_date
    )
    return replace(file, rows=dirt.scatter(file.rows, copies, rng))


def _row(rng: random.Random, patent: Patent, as_first_delivered: bool) -> DeliveryRow:
    """A patent's row; in its yearly file a late grant still shows as under examination."""
    pending = as_first_delivered and patent.grant_delivered_late
    number = patent.application_number
    return DeliveryRow(
        {
            "申请号": f"CN{number}" if patent.shows_cn_prefix else number,
            "申请日": patent.application_date,
            "公开号": patent.publication_number,
            "名称": patent.title,
            "申请人": (";" if rng.random() < 0.7 else "；").join(patent.applicants),
            "申请人统一社会信用代码": patent.applicant_uscc,
            "IPC分类号": ";".join(patent.ipc_codes) or None,
            "专利类型": patent.type_label,
            "授权日": None if pending else patent.grant_date,
            "法律状态": "审中" if pending else patent.legal_status,
            "同族专利": "; ".join(patent.family_publications) or None,
            "失效日": None if pending else patent.lapsed_on,
        }
    )
