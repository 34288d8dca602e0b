"""``registry_export``: the market-regulation registry export (feed ``registrations``)."""

from __future__ import annotations

import polars as pl

from ingestion.canonical import REGISTERED_CAPITAL
from ingestion.formats.base import canonical_frame, map_values, renamed, with_dates, with_money
from ingestion.identifiers import normalized_uscc
from ingestion.privacy import masked_name
from ingestion.readers import RawTable

name = "registry_export"
feed = "registrations"
signature = (
    "企业名称",
    "统一社会信用代码",
    "注册日期",
    "注册资金",
    "注册地址",
    "登记状态",
    "核准日期",
)

COLUMNS = {
    "企业名称": "name",
    "统一社会信用代码": "uscc",
    "注册日期": "registration_date",
    "企业类型": "enterprise_type",
    "法人代表": "legal_representative_masked",
    "注册资金": REGISTERED_CAPITAL.text,
    "经营范围": "business_scope",
    "所在省份": "province",
    "地区": "district",
    "注册地址": "address",
    "行业代码": "industry_code",
    "登记状态": "status",
    "核准日期": "approval_date",
}

# 登记状态 by its leading word: "吊销，未注销" is revoked, "存续(在营、开业、在册)" active.
STATUS_BY_LEADING_WORD = {
    "存续": "active",
    "在业": "active",
    "开业": "active",
    "注销": "deregistered",
    "吊销": "revoked",
    "迁出": "moved_out",
}


def registration_status(text: str) -> str:
    """The canonical status, or the text itself when unknown (the contract reports it)."""
    for word, status in STATUS_BY_LEADING_WORD.items():
        if text.startswith(word):
            return status
    return text


def to_canonical(table: RawTable) -> pl.DataFrame:
    frame = renamed(table, COLUMNS)
    frame = frame.with_columns(normalized_uscc("uscc").alias("uscc"))
    frame = map_values(frame, "status", registration_status)
    representative = masked_name("legal_representative_masked")  # idempotent
    frame = frame.with_columns(representative.alias("legal_representative_masked"))
    frame = with_dates(frame, ["registration_date", "approval_date"])
    frame = with_money(frame, REGISTERED_CAPITAL)
    return canonical_frame(frame, feed)
