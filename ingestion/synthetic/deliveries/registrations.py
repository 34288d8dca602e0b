"""Registry exports: a GBK full snapshot at 2023-12-31, then one change file per year."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.files import CsvLayout, DeliveryFile, DeliveryRow
from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import Enterprise, World
from ingestion.synthetic.world.enterprises import REGISTRY_SNAPSHOT_DAY

HEADERS = (
    "企业名称",
    "统一社会信用代码",
    "注册日期",
    "企业类型",
    "法人代表",
    "注册资金",
    "经营范围",
    "所在省份",
    "地区",
    "注册地址",
    "行业代码",
    "登记状态",
    "核准日期",
    "联系电话",
)
SNAPSHOT_PATH = f"registrations/{REGISTRY_SNAPSHOT_DAY.isoformat()}_工商登记全量.csv"
FIRST_CHANGE_YEAR = REGISTRY_SNAPSHOT_DAY.year + 1
LOWER_CASE_SHARE = 0.01
REPEATED_SHARE = 0.03  # of the previous change file, delivered again
CORRUPT_USCC_SHARE = 0.005
CORRUPT_DATE_SHARE = 0.002
_SNAPSHOT_LAYOUT = CsvLayout("gbk", "iso", "\r\n")
_LATER_CHANGE_DATE_STYLES = ("slash_time", "slash", "compact", "iso_time")


def registration_files(world: World) -> list[DeliveryFile]:
    """The snapshot, then 2024 (XLSX), 2025 (CSV with BOM), later years (CSV)."""
    snapshot = DeliveryFile(
        SNAPSHOT_PATH, HEADERS, _SNAPSHOT_LAYOUT, _snapshot_rows(world.enterprises)
    )
    files = [_with_dirt(snapshot, world.seed, repeated=[])]
    for year in range(FIRST_CHANGE_YEAR, world.as_of.year + 1):
        rows = _change_rows(world.enterprises, year)
        if rows:
            previous = files[-1].rows if len(files) > 1 else []
            repeated = dirt.repeats_of(
                previous, rng_for(world.seed, "repeats", year), REPEATED_SHARE
            )
            files.append(_with_dirt(_change_file(year, rows), world.seed, repeated))
    return files


def _change_file(year: int, rows: list[DeliveryRow]) -> DeliveryFile:
    if year == FIRST_CHANGE_YEAR:
        return DeliveryFile(f"registrations/{year}_工商登记变更.xlsx", HEADERS, None, rows, "变更")
    if year == FIRST_CHANGE_YEAR + 1:
        layout = CsvLayout("utf-8-sig", "chinese")
    else:
        style = _LATER_CHANGE_DATE_STYLES[(year - FIRST_CHANGE_YEAR - 2) % 4]
        layout = CsvLayout("utf-8", style)
    return DeliveryFile(f"registrations/{year}_工商登记变更.csv", HEADERS, layout, rows)


def _with_dirt(file: DeliveryFile, seed: int, repeated: list[DeliveryRow]) -> DeliveryFile:
    """Lower-case codes, repeats of last year's rows first, corrupted copies scattered."""
    rng = rng_for(seed, "dirt", file.path)
    rows = repeated + dirt.lower_case_usccs(file.rows, rng, LOWER_CASE_SHARE, "统一社会信用代码")
    copies = dirt.corrupted_copies(
        rows, rng, CORRUPT_USCC_SHARE, "统一社会信用代码", "uscc", dirt.wrong_uscc
    ) + dirt.corrupted_copies(
        rows, rng, CORRUPT_DATE_SHARE, "注册日期", "registration_date", dirt.unparseable_date
    )
    return replace(file, rows=dirt.scatter(rows, copies, rng))


def _snapshot_rows(enterprises: tuple[Enterprise, ...]) -> list[DeliveryRow]:
    """Every enterprise registered by the snapshot day, with its status on that day."""
    registered = sorted(
        (e for e in enterprises if e.registration_date <= REGISTRY_SNAPSHOT_DAY),
        key=lambda e: (e.registration_date, e.index),
    )
    rows = []
    for enterprise in registered:
        death = enterprise.death
        if death and death.day <= REGISTRY_SNAPSHOT_DAY:
            rows.append(registry_row(enterprise, death.label, death.day))
        else:
            approved = enterprise.last_change_date or enterprise.registration_date
            address = enterprise.previous_address or enterprise.address  # before any move
            rows.append(registry_row(enterprise, enterprise.active_label, approved, address))
    return rows


def _change_rows(enterprises: tuple[Enterprise, ...], year: int) -> list[DeliveryRow]:
    """Registrations, moves, deaths and returns approved in ``year``, in order of approval.

    A firm registered and closed in the same year appears twice: registration row first.
    """
    changes: list[tuple[date, int, int, DeliveryRow]] = []
    for e in enterprises:
        if e.registration_date.year == year:
            changes.append(
                (
                    e.registration_date,
                    0,
                    e.index,
                    registry_row(e, e.active_label, e.registration_date),
                )
            )
        if e.moved_on and e.moved_on.year == year:
            changes.append((e.moved_on, 0, e.index, registry_row(e, e.active_label, e.moved_on)))
        if e.death and e.death.day.year == year:
            changes.append((e.death.day, 1, e.index, registry_row(e, e.death.label, e.death.day)))
        if e.returned_on and e.returned_on.year == year:  # 迁入: active again
            changes.append((e.returned_on, 1, e.index, registry_row(e, "存续", e.returned_on)))
    return [row for *_, row in sorted(changes, key=lambda change: change[:3])]


def registry_row(
    enterprise: Enterprise, status_label: str, approved: date, address: str | None = None
) -> DeliveryRow:
    """A registry row; ``address`` replaces the current one (a row from before a move)."""
    e = enterprise
    return DeliveryRow(
        {
            "企业名称": e.name,
            "统一社会信用代码": e.uscc,
            "注册日期": e.registration_date,
            "企业类型": e.enterprise_type,
            "法人代表": e.legal_representative,
            "注册资金": e.registered_capital.text,
            "经营范围": e.business_scope,
            "所在省份": e.province,
            "地区": e.district,
            "注册地址": address or e.address,
            "行业代码": e.industry_code,
            "登记状态": status_label,
            "核准日期": approved,
            "联系电话": e.phone,
        }
    )
