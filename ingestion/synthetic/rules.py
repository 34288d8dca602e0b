"""The business rules of docs/kpi-rules.md, implemented independently in plain Python.

The dbt models implement the same rules in SQL; the truth files are computed with these
functions so the two implementations check each other.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

PARK_IDS: tuple[str, ...] = ("MOLI", "FDP", "LJZSP", "PDSP", "ZJDIH", "OTHER")
DISTRICT_TOTAL = "ALL"


class AddressRule(NamedTuple):
    park_id: str
    keyword: str
    priority: int


PARK_ADDRESS_RULES: tuple[AddressRule, ...] = (
    AddressRule("MOLI", "峨山路", 1),
    AddressRule("MOLI", "东方路", 1),
    AddressRule("FDP", "芳甸路", 1),
    AddressRule("FDP", "龙阳路", 1),
    AddressRule("LJZSP", "浦东南路", 1),
    AddressRule("LJZSP", "商城路", 1),
    AddressRule("PDSP", "郭守敬路", 1),
    AddressRule("PDSP", "碧波路", 1),
    AddressRule("ZJDIH", "科苑路", 1),
    AddressRule("ZJDIH", "盛夏路", 1),
    AddressRule("OTHER", "浦东新区", 9),
    AddressRule("OTHER", "自由贸易试验区", 9),
)

FINANCE_KEYWORDS: tuple[str, ...] = (
    "金融",
    "支付",
    "银行",
    "保险",
    "证券",
    "信贷",
    "征信",
    "资产管理",
    "财富管理",
)
_FINTECH_DIVISIONS = {"J": ("66", "67", "68", "69")}
_FINTECH_DIVISIONS_WITH_KEYWORD = {"I": ("64", "65")}


def normalise(text: str) -> str:
    """NFKC normalisation and surrounding white space removed, as ingestion does."""
    return unicodedata.normalize("NFKC", text).strip()


def matching_address_rules(address: str) -> list[AddressRule]:
    """Every park rule whose keyword occurs in the (normalised) address."""
    normalised = normalise(address)
    return [rule for rule in PARK_ADDRESS_RULES if rule.keyword in normalised]


def park_of(address: str) -> str | None:
    """The park an address belongs to: lowest priority, then lowest park_id; None outside."""
    rules = matching_address_rules(address)
    if not rules:
        return None
    return min(rules, key=lambda rule: (rule.priority, rule.park_id)).park_id


def is_fintech(industry_code: str, business_scope: str) -> bool:
    """Fintech by industry class (J 66-69) or by I 64-65 plus a finance keyword in the scope."""
    section, division = industry_code[:1], industry_code[1:3]
    if division in _FINTECH_DIVISIONS.get(section, ()):
        return True
    return division in _FINTECH_DIVISIONS_WITH_KEYWORD.get(section, ()) and any(
        keyword in business_scope for keyword in FINANCE_KEYWORDS
    )
