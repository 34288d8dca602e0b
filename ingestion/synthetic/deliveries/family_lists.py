"""Event-family lists in ``landing/events/vendors/``: one spreadsheet layout per family.

Each re-delivers a share of its family's events that the bureau registers (or the
regulator's risk list) already hold, in the family's own headers, with the same type,
date, USCC and description (the document or case number), so deduplication keeps one
event and no KPI moves:

* ``金融科技创新试点名单.xlsx``: pilots (title row, 序号, 批复文号, a ``合计`` row);
* ``会议赛事名单.csv``: conferences and competitions (UTF-8 with BOM, ``YYYY年M月D日``,
  活动类别 in the seed's words, 活动级别);
* ``人才政策兑现名单.xlsx``: talent measures, certifications and permits, with the amount;
* ``贷款贴息拨付名单.csv``: loan-interest subsidies (GB18030, ``YYYY/M/D``, 贴息金额);
* ``非法集资案件名单.xlsx``: illegal-fundraising cases (案件编号).

Dirt: copies with an unparseable date in each list, and the ``合计`` row of each
spreadsheet, all quarantined. Every list draws from its own random stream.
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.files import Cell, CsvLayout, DeliveryFile, DeliveryRow
from ingestion.synthetic.randomness import rng_for
from ingestion.synthetic.world import Event, World

ROW_NUMBER = "序号"


@dataclass(frozen=True)
class FamilyListLayout:
    """A family's list: which event types it holds and the header of each event field
    (``amount`` is the amount's text, ``序号`` the row's number in an XLSX list)."""

    path: str
    title: str
    event_types: tuple[str, ...]
    field_of_header: dict[str, str]
    csv_layout: CsvLayout | None  # None: XLSX with a title row and a 合计 row

    @property
    def headers(self) -> tuple[str, ...]:
        numbered = (ROW_NUMBER,) if self.csv_layout is None else ()
        return (*numbered, *self.field_of_header)

    @property
    def date_header(self) -> str:
        return next(h for h, name in self.field_of_header.items() if name == "event_date")


FAMILY_LIST_LAYOUTS = (
    FamilyListLayout(
        "events/vendors/金融科技创新试点名单.xlsx",
        "金融科技创新监管试点入选名单",
        ("金融科技创新监管试点",),
        {
            "企业名称": "enterprise_name",
            "统一社会信用代码": "uscc",
            "入选日期": "event_date",
            "批复机构": "issuing_office",
            "批复文号": "description",
        },
        None,
    ),
    FamilyListLayout(
        "events/vendors/会议赛事名单.csv",
        "",
        ("行业会议", "创新大赛"),
        {
            "主办单位名称": "enterprise_name",
            "统一社会信用代码": "uscc",
            "活动类别": "event_type_raw",
            "举办日期": "event_date",
            "活动级别": "level",
            "指导单位": "issuing_office",
            "活动编号": "description",
        },
        CsvLayout("utf-8-sig", "chinese"),
    ),
    FamilyListLayout(
        "events/vendors/人才政策兑现名单.xlsx",
        "人才政策兑现名单",
        ("人才政策兑现", "专业资格认证", "外籍人才工作许可"),
        {
            "用人单位": "enterprise_name",
            "统一社会信用代码": "uscc",
            "人才项目类别": "event_type_raw",
            "兑现日期": "event_date",
            "兑现金额": "amount",
            "发文单位": "issuing_office",
            "文号": "description",
        },
        None,
    ),
    FamilyListLayout(
        "events/vendors/贷款贴息拨付名单.csv",
        "",
        ("贷款贴息",),
        {
            "企业名称": "enterprise_name",
            "统一社会信用代码": "uscc",
            "拨付日期": "event_date",
            "贴息金额": "amount",
            "拨付单位": "issuing_office",
            "拨付文号": "description",
        },
        CsvLayout("gb18030", "slash", "\r\n"),
    ),
    FamilyListLayout(
        "events/vendors/非法集资案件名单.xlsx",
        "非法集资案件名单",
        ("非法集资案件",),
        {
            "涉案企业": "enterprise_name",
            "统一社会信用代码": "uscc",
            "立案日期": "event_date",
            "办案机关": "issuing_office",
            "案件编号": "description",
        },
        None,
    ),
)


def family_list_files(world: World, share: float, bad_date_share: float) -> list[DeliveryFile]:
    """Every family's list, each with ``share`` of its family's events that have a USCC."""
    return [
        _family_list_file(world, layout, share, bad_date_share) for layout in FAMILY_LIST_LAYOUTS
    ]


def _family_list_file(
    world: World, layout: FamilyListLayout, share: float, bad_date_share: float
) -> DeliveryFile:
    rng = rng_for(world.seed, "vendor-layouts", "family-list", layout.path)
    events = sorted(
        (e for e in world.events if e.event_type_raw in layout.event_types and e.uscc),
        key=lambda e: (e.event_date, e.index),
    )
    chosen = dirt.sample_in_order(events, rng, share)
    rows = [_family_row(layout, number, e) for number, e in enumerate(chosen, start=1)]
    copies = dirt.corrupted_copies(
        rows, rng, bad_date_share, layout.date_header, "event_date", dirt.unparseable_date
    )
    rows = dirt.scatter(rows, copies, rng)
    if layout.csv_layout is not None:
        return DeliveryFile(layout.path, layout.headers, layout.csv_layout, rows)
    rows.append(DeliveryRow({ROW_NUMBER: "合计", layout.headers[-1]: f"{len(chosen)}家"}, "row"))
    as_of = f"（截至{world.as_of.year}年{world.as_of.month}月）"
    return DeliveryFile(
        layout.path,
        layout.headers,
        None,
        rows,
        sheet_name="名单",
        preamble=(layout.title + as_of,),
    )


def _family_row(layout: FamilyListLayout, number: int, event: Event) -> DeliveryRow:
    values = {header: _event_field(event, name) for header, name in layout.field_of_header.items()}
    if ROW_NUMBER in layout.headers:
        values[ROW_NUMBER] = str(number)
    return DeliveryRow(values)


def _event_field(event: Event, name: str) -> Cell:
    if name == "amount":
        return event.amount.text if event.amount else None
    return getattr(event, name)
