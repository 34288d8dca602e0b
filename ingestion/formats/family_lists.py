"""Event-family lists (feed ``events``): one spreadsheet layout per family of events.

Besides the bureaus' common register (``bureau_events``) each family has lists of its
own, one firm per row, in its own words: a pilot list (试点名单), a list of conferences
and competitions (会议赛事名单), a talent list (人才政策兑现名单), a subsidy list (贴息拨付名单)
and a list of illegal-fundraising cases (非法集资案件名单). Each maps to the canonical
event: a type column where the family has several types (their words are the
``event_types`` seed's; anything else is kept as delivered and then has no type), else
the family's one type; date, office, level and amount where the list has them; the
document or case number as description (the same text the bureau register writes, so
deduplication keeps one event). Certifications have their own adapter
(``certification_list``), listings theirs (``listing_list``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import polars as pl

from ingestion.canonical import AMOUNT
from ingestion.formats.base import Format, canonical_frame, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.readers import RawTable

FEED = "events"


@dataclass(frozen=True)
class FamilyList:
    """A family's list layout: its headers for the canonical event columns."""

    name: str
    signature: tuple[str, ...]
    columns: dict[str, str]  # header -> canonical column
    event_type: str | None = None  # the family's one type, when no column gives it
    optional: dict[str, str] = field(default_factory=dict)  # headers some lists add


FAMILY_LISTS = (
    FamilyList(
        "pilot_list",
        ("企业名称", "入选日期", "批复文号"),
        {
            "企业名称": "enterprise_name",
            "统一社会信用代码": "uscc",
            "入选日期": "event_date",
            "批复机构": "issuing_office",
            "批复文号": "description",
        },
        event_type="金融科技创新监管试点",
        optional={"试点级别": "level"},
    ),
    FamilyList(
        "conference_list",
        ("活动类别", "举办日期", "活动编号"),
        {
            "主办单位名称": "enterprise_name",
            "统一社会信用代码": "uscc",
            "活动类别": "event_type_raw",
            "举办日期": "event_date",
            "活动级别": "level",
            "指导单位": "issuing_office",
            "活动编号": "description",
        },
    ),
    FamilyList(
        "talent_list",
        ("用人单位", "人才项目类别", "兑现日期"),
        {
            "用人单位": "enterprise_name",
            "统一社会信用代码": "uscc",
            "人才项目类别": "event_type_raw",
            "兑现日期": "event_date",
            "兑现金额": AMOUNT.text,
            "发文单位": "issuing_office",
            "文号": "description",
        },
    ),
    FamilyList(
        "subsidy_list",
        ("拨付日期", "贴息金额", "拨付文号"),
        {
            "企业名称": "enterprise_name",
            "统一社会信用代码": "uscc",
            "拨付日期": "event_date",
            "贴息金额": AMOUNT.text,
            "拨付单位": "issuing_office",
            "拨付文号": "description",
        },
        event_type="贷款贴息",
    ),
    FamilyList(
        "case_list",
        ("涉案企业", "立案日期", "案件编号"),
        {
            "涉案企业": "enterprise_name",
            "统一社会信用代码": "uscc",
            "立案日期": "event_date",
            "办案机关": "issuing_office",
            "案件编号": "description",
        },
        event_type="非法集资案件",
    ),
)


def to_canonical(family: FamilyList, table: RawTable) -> pl.DataFrame:
    frame = renamed(table, {**family.columns, **family.optional})
    if family.event_type:
        frame = frame.with_columns(pl.lit(family.event_type).alias("event_type_raw"))
    for canonical in ("level", AMOUNT.text):  # columns the family's list may not have
        if canonical not in frame.columns:
            frame = frame.with_columns(pl.lit(None, pl.String).alias(canonical))
    frame = frame.with_columns(normalized_uscc("uscc").alias("uscc"))
    frame = with_dates(frame, ["event_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, FEED)


FORMATS = tuple(
    Format(family.name, FEED, family.signature, partial(to_canonical, family))
    for family in FAMILY_LISTS
)
