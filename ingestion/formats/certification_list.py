"""``certification_list``: a bureau's list of certified firms (认定名单), feed ``events``.

The certification family (高新技术企业, 专精特新, DCMM, 标杆企业) arrives as lists with
one firm per row: ``企业名称, 统一社会信用代码, 认定类别, 认定日期, 认定机构, 证书编号``
(or ``认定文号``; often ``序号``, ``有效期至``, ``认定级别``). Each row is one event:
the category is the event type in the words of the ``event_types`` seed
(``高新技术企业`` -> ``高新技术企业认定``; a category already in those words, or an
unknown one, is kept as delivered and then has no type), dated ``认定日期``, issued by
``认定机构``, the certificate number (else the document number) as description.
"""

from __future__ import annotations

import polars as pl

from ingestion.canonical import AMOUNT
from ingestion.formats.base import canonical_frame, map_values, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.readers import RawTable

name = "certification_list"
feed = "events"
signature = ("企业名称", "认定类别", "认定日期")

COLUMNS = {
    "企业名称": "enterprise_name",
    "统一社会信用代码": "uscc",
    "认定类别": "event_type_raw",
    "认定日期": "event_date",
    "认定级别": "level",
    "认定机构": "issuing_office",
}
DESCRIPTION_HEADERS = ("证书编号", "认定文号")  # the first the file has
# A category word -> the event_types seed's word for its certification (checked in order).
EVENT_TYPE_OF_CATEGORY = {
    "高新技术企业": "高新技术企业认定",
    "专精特新": "专精特新企业认定",
    "DCMM": "DCMM认证",
    "数据管理能力成熟度": "DCMM认证",
    "标杆企业": "标杆企业认定",
}


def event_type_of_category(category: str) -> str:
    """The seed's event type for a certification category; unknown text as delivered."""
    for word, event_type in EVENT_TYPE_OF_CATEGORY.items():
        if word in category.upper():
            return event_type
    return category


def to_canonical(table: RawTable) -> pl.DataFrame:
    description = next((h for h in DESCRIPTION_HEADERS if h in table.headers), "证书编号")
    frame = renamed(table, {**COLUMNS, description: "description"}).with_columns(
        normalized_uscc("uscc").alias("uscc"),
        pl.lit(None, pl.String).alias(AMOUNT.text),
    )
    frame = map_values(frame, "event_type_raw", event_type_of_category)
    frame = with_dates(frame, ["event_date"])
    frame = with_money(frame, AMOUNT)
    return canonical_frame(frame, feed)
