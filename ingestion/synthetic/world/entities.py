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
    # A return after the death: a firm that moved out (迁出) moves back in (迁入), a
    # change approved on returned_on (after the snapshot); active again from that day.
    returned_on: date | None = None

    @cached_property
    def park_id(self) -> str | None:
        return rules.park_of(self.address)

    @cached_property
    def is_fintech(self) -> bool:
        return rules.is_fintech(self.industry_code, self.business_scope)

    @property
    def status(self) -> str:
        """The status today: active again after a return."""
        return self.death.status if self.death and not self.returned_on else "active"

    def park_on(self, day: date) -> str | None:
        """The park of the address valid on ``day``: before a move, the previous one
        (docs: enterprise_history; the KPIs read it at each quarter's end)."""
        if self.moved_on is not None and day < self.moved_on:
            return rules.park_of(self.previous_address)
        return self.park_id

    @property
    def last_day(self) -> date | None:
        """The day the enterprise died (left the registry), None if it never did. A firm
        that returned acts in no other feed after it (its patents, rounds and events were
        drawn before returns existed, and stay as they were)."""
        return self.death.day if self.death else None

    @property
    def death_date(self) -> date | None:
        """The death the registry shows today: None while active, also after a return."""
        return None if self.returned_on else self.last_day

    def is_active_on(self, day: date) -> bool:
        """Registered on or before ``day``, and not dead then (or returned by then)."""
        if self.registration_date > day:
            return False
        death = self.last_day
        if death is None or day < death:
            return True
        return self.returned_on is not None and day >= self.returned_on


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
    # The enterprise that really is the first applicant (None: a university), whether or
    # not the vendor matched it: the KPIs' truth counts the patent for it.
    owner_uscc: str | None
    ipc_codes: tuple[str, ...]  # as CNIPA writes them, e.g. "G06Q 40/04"
    publication_number: str | None
    grant_date: date | None
    legal_status: str
    # The grant reached the vendor after the yearly file: the update file re-delivers it.
    grant_delivered_late: bool
    # 同族专利: publication numbers of the patent family's other members (US…A1, WO…A1,
    # or a CN divisional); a member outside China makes a valid invention high-value (K22).
    family_publications: tuple[str, ...] = ()
    # 失效日: the day a granted patent lapsed (legal status 未缴年费终止失效), None while
    # valid; K22 counts it in the quarters that end before it.
    lapsed_on: date | None = None


@dataclass(frozen=True)
class FinancingRound:
    company_name: str  # brand
    registered_name: str
    uscc: str | None  # None: the vendor did not match the company to the registry
    owner_uscc: str  # the company it really is, matched or not: the KPIs' truth follows it
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
