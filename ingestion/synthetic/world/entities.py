"""The synthetic world: what really exists, before anyone writes it into a file.

Fields hold values as the deliveries show them (names with full-width brackets, IPC
codes with CNIPA's space); the truth module derives canonical values from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from ingestion.synthetic import rules
from ingestion.synthetic.money import Money


@dataclass(frozen=True)
class Death:
    """The end of an enterprise in Pudong's registry: 注销, 吊销 or 迁出."""

    day: date
    status: str  # deregistered | revoked | moved_out
    label: str  # as the registry writes it, e.g. 吊销，未注销


@dataclass(frozen=True)
class Enterprise:
    index: int
    uscc: str
    name: str
    trade_name: str  # 字号, e.g. 华信 in 上海华信科技有限公司
    enterprise_type: str
    legal_representative: str
    phone: str
    registered_capital: Money
    business_scope: str
    province: str
    city: str
    district: str
    address: str
    industry_code: str
    registration_date: date
    active_label: str  # 存续, 在业 or 开业
    # An unmodelled change (e.g. of the scope) approved before the 2023-12-31 snapshot.
    last_change_date: date | None
    death: Death | None
    # The group (fintech_group_units seed) the firm is a fintech unit of, e.g. 招商银行.
    parent_group: str | None = None
    # A move to another park after the 2023-12-31 snapshot: the snapshot shows
    # previous_address, a change approved on moved_on the current ``address``.
    previous_address: str | None = None
    moved_on: date | None = None

    @cached_property
    def park_id(self) -> str | None:
        return rules.park_of(self.address)

    @cached_property
    def is_fintech(self) -> bool:
        return rules.is_fintech(self.industry_code, self.business_scope)

    @property
    def status(self) -> str:
        return self.death.status if self.death else "active"

    @property
    def last_day(self) -> date | None:
        """The day the enterprise died, None while it is active."""
        return self.death.day if self.death else None


@dataclass(frozen=True)
class Patent:
    application_number: str  # canonical YYYYTNNNNNNN.C
    shows_cn_prefix: bool
    application_date: date
    patent_type: str  # invention | utility_model | design
    type_label: str  # 发明 | 实用新型 | 外观设计
    title: str
    applicants: tuple[str, ...]
    applicant_uscc: str | None  # None: the vendor could not match the first applicant
    ipc_codes: tuple[str, ...]  # as CNIPA writes them, e.g. "G06Q 40/04"
    publication_number: str | None
    grant_date: date | None
    legal_status: str
    # The grant reached the vendor after the yearly file: the update file re-delivers it.
    grant_delivered_late: bool


@dataclass(frozen=True)
class FinancingRound:
    company_name: str  # brand
    registered_name: str
    uscc: str | None  # None: the vendor did not match the company to the registry
    founded_on: date
    location: str
    deal_date: date
    round_raw: str
    round_stage: str
    amount: Money
    investors: str


@dataclass(frozen=True)
class Event:
    index: int
    enterprise_name: str
    uscc: str | None
    event_type_raw: str
    is_risk_incident: bool
    event_date: date
    level: str | None
    amount: Money | None
    issuing_office: str
    description: str
    # The patent a pledge or award is about (K22); the register writes it into 备注.
    patent_number: str | None = None
