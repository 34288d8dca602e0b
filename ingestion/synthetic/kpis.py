"""The expected KPI values (docs/kpi-rules.md), computed in plain Python from the world.

Nothing here reads a delivered file or runs SQL: the world is the truth, and the rules
are applied to it directly (parks and fintech through ``rules``). Every KPI is first
tallied per (park, quarter) cell; a park's row reads its cell, ``ALL`` sums the six.
Point in time: an enterprise counts for its park at the end of the cell's quarter
(``Enterprise.park_on``: the previous address before a move) and is active on a day by
``Enterprise.is_active_on`` (a death ends it, a return after 迁出 restarts it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from ingestion.synthetic.quarters import Quarter, quarter_of, reported_quarters
from ingestion.synthetic.rules import DISTRICT_TOTAL, PARK_IDS, normalise
from ingestion.synthetic.seeds import CityReference, ReferenceData
from ingestion.synthetic.world import Enterprise, Event, Patent, World

K19_IPC_PREFIXES = ("G06Q20/", "G06Q40/")
CENT = Decimal("0.01")

# Event KPIs: the event types (as the bureaus write them) each KPI counts. An event counts
# for the park of the enterprise its USCC names; K29 and K35 only for fintech enterprises;
# K30 weighs each event by its level (international 3, national 2, any other or none 1).
EVENT_KPI_TYPES = {
    "K06": ("孵化器入驻", "孵化器毕业"),
    "K15": ("研发机构设立",),
    "K16": ("应用场景发布",),
    "K17": ("生成式人工智能服务备案",),
    "K18": ("DCMM认证",),
    "K23": ("高新技术企业认定",),
    "K24": ("专精特新企业认定",),
    "K25": ("金融科技创新监管试点",),
    "K27": ("人才政策兑现",),
    "K28": ("专业资格认证",),
    "K29": ("外籍人才工作许可",),
    "K30": ("行业会议", "创新大赛"),
    "K31": ("标准发布",),
    "K35": ("上市",),
    "K37": ("地方立法",),
}
FINTECH_ONLY_EVENT_KPIS = ("K29", "K35")
LEVEL_POINTS = {"国际级": 3, "国家级": 2}  # K30; any other level (or none) is 1
BENCHMARK_DESIGNATION = "标杆企业认定"
LISTING, DELISTING = "上市", "退市"
ABNORMAL_LISTING, ABNORMAL_REMOVAL = "列入经营异常名录", "移出经营异常名录"  # K39
LICENCE_GRANTED = "金融业务许可"  # K40
PATENT_PLEDGE_OR_AWARD = ("专利质押登记", "中国专利奖")  # K22
VALUATION_REPORT = "独角兽培育库估值"  # K02
FUTURE_UNICORN_USD = Decimal(250_000_000)  # K02: a future unicorn or more
VALID = "有效"  # K22: the patent's legal status
MAINTAINED_YEARS = 10  # K22
SEGMENT_KPIS = {"institutional_subsidiary": "K10", "big_tech_unit": "K11"}
ACADEMIC_WORDS = ("大学", "学院", "研究院", "研究所", "科学院")  # K26 co-applicants
YOUNG_YEARS = 5  # K12
SURVIVAL_QUARTERS = 12  # K13

# Additive counts: a park reads its cell, ALL sums the six parks' cells.
COUNT_KPIS = (
    "K01", "K02", "K03", "K04", "K06", "K07", "K08", "K10", "K11", "K12", "K15", "K16", "K17",
    "K18", "K19", "K20", "K22", "K23", "K24", "K25", "K27", "K28", "K29", "K30", "K31",
    "K33", "K35", "K37",
)  # fmt: skip
# Ratios: (numerator tally, denominator tally, factor); value = numerator × factor ÷
# denominator from the sums over the cells, no_data when the denominator is 0.
RATIO_KPIS = {
    "K09": ("net_births", "active_at_start", 1),
    "K13": ("cohort_survivors", "cohort_births", 1),
    "K21": ("applications_4q", "K04", 100),
    "K26": ("academic_co_applications", "K19", 1),
    "K34": ("converted_firms", "cohort_firms", 1),
    "K38": ("incidents", "K04", 1_000),
    "K39": ("abnormal_listed", "K04", 1),
    "K40": ("licence_holders", "licensed_firms", 1),
}
SEED_TO_A_QUARTERS = 8  # K34: the cohort raised its seed/angel round 24 months earlier
AMOUNT_KPIS = ("K32", "K36")  # sums in CNY, with an estimate flag
SUBSIDY = "贷款贴息"  # K36: its amount, of any enterprise with a park
KPI_IDS = tuple(sorted((*COUNT_KPIS, *RATIO_KPIS, *AMOUNT_KPIS, "K05", "K14")))

Cell = tuple[str, str]  # (park_id, quarter label)


@dataclass(frozen=True)
class KpiValue:
    kpi_id: str
    park_id: str
    quarter: str
    value: str  # empty when there is no value (status no_data)
    numerator: str
    denominator: str
    is_estimate: bool
    status: str


@dataclass(frozen=True)
class _Tallies:
    """Everything the KPIs need, per (park, quarter) cell."""

    counts: dict[str, Counter[Cell]]  # counts and ratio parts, by KPI or tally name
    amounts: dict[str, dict[Cell, Decimal]]  # K32, K36, in CNY
    estimated: dict[str, dict[Cell, bool]]  # an estimated amount contributes
    city_by_year: dict[int, CityReference]  # K14


def canonical_ipc_codes(patent: Patent) -> tuple[str, ...]:
    """IPC codes as stored by ingestion: without spaces (``G06Q40/04``)."""
    return tuple(code.replace(" ", "") for code in patent.ipc_codes)


def k19_applicant(patent: Patent, enterprises_by_uscc: dict[str, Enterprise]) -> Enterprise | None:
    """The park enterprise a patent counts for in K19 (in its quarter), or None."""
    applicant = enterprises_by_uscc.get(patent.owner_uscc or "")
    if patent.patent_type != "invention" or applicant is None or applicant.park_id is None:
        return None
    finance_ipc = any(code.startswith(K19_IPC_PREFIXES) for code in canonical_ipc_codes(patent))
    return applicant if applicant.is_fintech or finance_ipc else None


def is_active_on(enterprise: Enterprise, day: date) -> bool:
    """Born on or before ``day`` and not dead by then (or back by then after 迁出)."""
    return enterprise.is_active_on(day)


def expected_kpi_values(world: World) -> list[KpiValue]:
    """One row per KPI × (parks, then ALL) × quarter from 2020Q1 to the as-of quarter."""
    tallies = _tally(world)
    return [
        _kpi_value(kpi_id, park_id, quarter, tallies)
        for kpi_id in KPI_IDS
        for park_id in (*PARK_IDS, DISTRICT_TOTAL)
        for quarter in reported_quarters(world.as_of)
    ]


def _tally(world: World) -> _Tallies:
    by_uscc = {e.uscc: e for e in world.enterprises}
    quarters = reported_quarters(world.as_of)
    park_fintech = [e for e in world.enterprises if e.is_fintech and e.park_id]
    k32_amounts, k32_estimated = _k32_amounts(world, by_uscc)
    k36_amounts, k36_estimated = _k36_amounts(world, by_uscc)
    amounts = {"K32": k32_amounts, "K36": k36_amounts}
    estimated = {"K32": k32_estimated, "K36": k36_estimated}
    births = Counter(_cell(e, e.registration_date) for e in park_fintech)
    deaths = Counter(_cell(e, e.last_day) for e in park_fintech if e.last_day)
    counts = {
        "K04": _stock(park_fintech, quarters),
        "K07": births,
        "K08": deaths,
        "K12": _young(park_fintech, quarters),
        "K19": _k19_counts(world, by_uscc),
        "K20": _k20_counts(world, by_uscc),
        "K22": _k22_high_value_patents(world, by_uscc, quarters),
        "K33": _k33_deals(world, by_uscc),
        "net_births": Counter({cell: births[cell] - deaths[cell] for cell in births | deaths}),
        "active_at_start": _active_at_start(park_fintech, quarters),
        "applications_4q": _applications_last_four_quarters(world, by_uscc, quarters),
        "academic_co_applications": _k26_academic(world, by_uscc),
        "incidents": _k38_incidents(world, by_uscc),
        "active_all": _stock([e for e in world.enterprises if e.park_id], quarters),
        "abnormal_listed": _k39_abnormal_listed(world, by_uscc, quarters),
        **_group_units(park_fintech, quarters, world.reference),
        **_k40_licences(world, by_uscc, park_fintech, quarters),
        **_survival(park_fintech, quarters),
        **_leading_firms(world, by_uscc, quarters),
        "K02": _k02_valued_firms(world, by_uscc, quarters),
        **_event_counts(world, by_uscc),
        **_seed_to_a(world, by_uscc, quarters),
    }
    city_by_year = {row.year: row for row in world.reference.city_reference}
    return _Tallies(counts, amounts, estimated, city_by_year)


def _cell(enterprise: Enterprise, day: date) -> Cell:
    """The cell a fact of ``day`` counts in: its quarter, and the enterprise's park at
    that quarter's end (point in time: a later move changes no earlier quarter)."""
    return _quarter_cell(enterprise, quarter_of(day))


def _quarter_cell(enterprise: Enterprise, quarter: Quarter) -> Cell:
    """The cell of ``quarter`` for the enterprise's park at the quarter's end."""
    return (enterprise.park_on(quarter.last_day), quarter.label)


def _stock(enterprises: list[Enterprise], quarters: list[Quarter]) -> Counter[Cell]:
    """K04 (of the park fintech firms), K14 (of all park firms): active on each quarter's
    last day."""
    return Counter(
        _quarter_cell(e, q) for q in quarters for e in enterprises if is_active_on(e, q.last_day)
    )


def _group_units(
    park_fintech: list[Enterprise], quarters: list[Quarter], reference: ReferenceData
) -> dict[str, Counter[Cell]]:
    """K10, K11: active fintech firms whose name holds the keyword of a group of the
    segment (fintech_group_units seed); a firm matching both segments counts in both."""
    tallies: dict[str, Counter[Cell]] = {kpi_id: Counter() for kpi_id in SEGMENT_KPIS.values()}
    for e in park_fintech:
        name = normalise(e.name)
        kpis = {SEGMENT_KPIS[g.segment] for g in reference.group_units if g.name_keyword in name}
        for q in quarters:
            if kpis and is_active_on(e, q.last_day):
                for kpi_id in kpis:
                    tallies[kpi_id][_quarter_cell(e, q)] += 1
    return tallies


def _k39_abnormal_listed(
    world: World, by_uscc: dict[str, Enterprise], quarters: list[Quarter]
) -> Counter[Cell]:
    """K39 numerator: active fintech firms whose latest 列入/移出经营异常名录 event by
    quarter end is a listing (same day: the removal is the later)."""
    history: dict[str, list[tuple[date, bool]]] = defaultdict(list)
    for event, subject in _linked_events(world, by_uscc):
        if subject.is_fintech and event.event_type_raw in (ABNORMAL_LISTING, ABNORMAL_REMOVAL):
            history[subject.uscc].append(
                (event.event_date, event.event_type_raw == ABNORMAL_REMOVAL)
            )
    listed: Counter[Cell] = Counter()
    for q in quarters:
        for uscc, entries in history.items():
            firm = by_uscc[uscc]
            past = [entry for entry in entries if entry[0] <= q.last_day]
            if past and is_active_on(firm, q.last_day):
                listed[_quarter_cell(firm, q)] += not max(past)[1]
    return listed


def _k40_licences(
    world: World,
    by_uscc: dict[str, Enterprise],
    park_fintech: list[Enterprise],
    quarters: list[Quarter],
) -> dict[str, Counter[Cell]]:
    """K40: active fintech firms whose business scope names a licensed activity
    (licensed_activities seed), and those of them with a 金融业务许可 event by quarter end."""
    keywords = world.reference.licensed_activity_keywords
    licensed = [e for e in park_fintech if any(k in normalise(e.business_scope) for k in keywords)]
    first_licence: dict[str, date] = {}
    for event, subject in _linked_events(world, by_uscc):
        if event.event_type_raw == LICENCE_GRANTED:
            known = first_licence.get(subject.uscc, event.event_date)
            first_licence[subject.uscc] = min(known, event.event_date)
    firms: Counter[Cell] = Counter()
    holders: Counter[Cell] = Counter()
    for q in quarters:
        for e in licensed:
            if is_active_on(e, q.last_day):
                firms[_quarter_cell(e, q)] += 1
                licence = first_licence.get(e.uscc)
                holders[_quarter_cell(e, q)] += licence is not None and licence <= q.last_day
    return {"licensed_firms": firms, "licence_holders": holders}


def _young(park_fintech: list[Enterprise], quarters: list[Quarter]) -> Counter[Cell]:
    """K12: active on the quarter's last day and registered less than 5 years before it."""
    return Counter(
        _quarter_cell(e, q)
        for q in quarters
        for e in park_fintech
        if is_active_on(e, q.last_day) and e.registration_date > _years_before(q.last_day)
    )


def _years_before(day: date, years: int = YOUNG_YEARS) -> date:
    """The same calendar day ``years`` earlier (quarter ends are never 29 February)."""
    return day.replace(year=day.year - years)


def _active_at_start(park_fintech: list[Enterprise], quarters: list[Quarter]) -> Counter[Cell]:
    """K09 denominator: active on the day before the quarter's first day."""
    return Counter(
        _quarter_cell(e, q)
        for q in quarters
        for e in park_fintech
        if is_active_on(e, q.first_day - timedelta(days=1))
    )


def _quarters_before(quarter: Quarter, count: int) -> Quarter:
    day = quarter.first_day
    for _ in range(count):
        day = quarter_of(day - timedelta(days=1)).first_day
    return quarter_of(day)


def _survival(park_fintech: list[Enterprise], quarters: list[Quarter]) -> dict[str, Counter[Cell]]:
    """K13: births of quarter q-12, and those of them still active at the end of q."""
    cohort_births: Counter[Cell] = Counter()
    cohort_survivors: Counter[Cell] = Counter()
    for q in quarters:
        cohort = _quarters_before(q, SURVIVAL_QUARTERS)
        for e in park_fintech:
            if cohort.first_day <= e.registration_date <= cohort.last_day:
                cohort_births[_quarter_cell(e, q)] += 1
                cohort_survivors[_quarter_cell(e, q)] += is_active_on(e, q.last_day)
    return {"cohort_births": cohort_births, "cohort_survivors": cohort_survivors}


def _k19_patents(world: World, by_uscc: dict[str, Enterprise]) -> list[tuple[Patent, Enterprise]]:
    counted = ((p, k19_applicant(p, by_uscc)) for p in world.patents)
    return [(p, applicant) for p, applicant in counted if applicant]


def _k19_counts(world: World, by_uscc: dict[str, Enterprise]) -> Counter[Cell]:
    return Counter(
        _cell(applicant, p.application_date) for p, applicant in _k19_patents(world, by_uscc)
    )


def _k20_counts(world: World, by_uscc: dict[str, Enterprise]) -> Counter[Cell]:
    """K20: grants in the quarter of the patents in the K19 scope."""
    return Counter(
        _cell(applicant, p.grant_date)
        for p, applicant in _k19_patents(world, by_uscc)
        if p.grant_date is not None
    )


def _k22_high_value_patents(
    world: World, by_uscc: dict[str, Enterprise], quarters: list[Quarter]
) -> Counter[Cell]:
    """K22: K19-scope inventions granted by quarter end and valid (legal status 有效) that
    have a family member published outside China (同族专利 not starting with CN), are in a
    strategic-industry IPC group, were filed more than 10 years before quarter end, or were
    pledged or awarded (专利质押登记 / 中国专利奖 event of a park enterprise) by then. A
    lapsed patent counts in the quarters that end before its lapse date (失效日)."""
    strategic = world.reference.strategic_ipc_prefixes
    first_mark: dict[str, date] = {}
    for event, _ in _linked_events(world, by_uscc):
        if event.event_type_raw in PATENT_PLEDGE_OR_AWARD and event.patent_number:
            known = first_mark.get(event.patent_number, event.event_date)
            first_mark[event.patent_number] = min(known, event.event_date)
    tally: Counter[Cell] = Counter()
    for p, applicant in _k19_patents(world, by_uscc):
        if p.grant_date is None or (p.legal_status != VALID and p.lapsed_on is None):
            continue
        in_strategic_group = any(code.startswith(strategic) for code in canonical_ipc_codes(p))
        has_overseas_family = any(not n.startswith("CN") for n in p.family_publications)
        marked = first_mark.get(p.application_number)
        for q in quarters:
            if p.grant_date > q.last_day or (p.lapsed_on and p.lapsed_on <= q.last_day):
                continue
            maintained = p.application_date < _years_before(q.last_day, MAINTAINED_YEARS)
            pledged_or_awarded = marked is not None and marked <= q.last_day
            if has_overseas_family or in_strategic_group or maintained or pledged_or_awarded:
                tally[_quarter_cell(applicant, q)] += 1
    return tally


def _applications_last_four_quarters(
    world: World, by_uscc: dict[str, Enterprise], quarters: list[Quarter]
) -> Counter[Cell]:
    """K21 numerator: K19 applications filed in the quarter or the three before it."""
    counted = _k19_patents(world, by_uscc)
    tally: Counter[Cell] = Counter()
    for q in quarters:
        window_start = _quarters_before(q, 3).first_day
        for p, applicant in counted:
            if window_start <= p.application_date <= q.last_day:
                tally[_quarter_cell(applicant, q)] += 1
    return tally


def _k26_academic(world: World, by_uscc: dict[str, Enterprise]) -> Counter[Cell]:
    """K26 numerator: K19 applications with a university or institute co-applicant."""
    return Counter(
        _cell(applicant, p.application_date)
        for p, applicant in _k19_patents(world, by_uscc)
        if any(word in name for name in p.applicants[1:] for word in ACADEMIC_WORDS)
    )


def _k33_deals(world: World, by_uscc: dict[str, Enterprise]) -> Counter[Cell]:
    """K33: every round (disclosed or not) of the park's fintech enterprises."""
    tally: Counter[Cell] = Counter()
    for deal in world.financing_rounds:
        company = by_uscc.get(deal.owner_uscc)
        if company is not None and company.is_fintech and company.park_id:
            tally[_cell(company, deal.deal_date)] += 1
    return tally


def _two_years_later(day: date) -> date:
    """The same day 24 months later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + 2)
    except ValueError:
        return day.replace(year=day.year + 2, day=28)


def _seed_to_a(
    world: World, by_uscc: dict[str, Enterprise], quarters: list[Quarter]
) -> dict[str, Counter[Cell]]:
    """K34: the park's fintech firms with a seed/angel round in quarter q-8, and those of
    them raising an A round after their first seed/angel round of that quarter and at
    most 24 months after it."""
    rounds: dict[str, list[tuple[date, str]]] = defaultdict(list)
    for deal in world.financing_rounds:
        company = by_uscc.get(deal.owner_uscc)
        if company is not None and company.is_fintech and company.park_id:
            rounds[company.uscc].append((deal.deal_date, deal.round_stage))
    cohort_firms: Counter[Cell] = Counter()
    converted_firms: Counter[Cell] = Counter()
    for q in quarters:
        cohort = _quarters_before(q, SEED_TO_A_QUARTERS)
        for uscc, history in rounds.items():
            seeds = [d for d, stage in history if stage == "seed_angel"]
            seeds = [d for d in seeds if cohort.first_day <= d <= cohort.last_day]
            if not seeds:
                continue
            first_seed = min(seeds)
            deadline = _two_years_later(first_seed)
            cell = _quarter_cell(by_uscc[uscc], q)
            cohort_firms[cell] += 1
            converted_firms[cell] += any(
                stage == "A" and first_seed < d <= deadline for d, stage in history
            )
    return {"cohort_firms": cohort_firms, "converted_firms": converted_firms}


def _linked_events(world: World, by_uscc: dict[str, Enterprise]) -> list[tuple[Event, Enterprise]]:
    """Events whose USCC names an enterprise with a park."""
    linked = ((event, by_uscc.get(event.uscc or "")) for event in world.events)
    return [(event, e) for event, e in linked if e is not None and e.park_id]


def _event_counts(world: World, by_uscc: dict[str, Enterprise]) -> dict[str, Counter[Cell]]:
    tallies: dict[str, Counter[Cell]] = {kpi_id: Counter() for kpi_id in EVENT_KPI_TYPES}
    for event, subject in _linked_events(world, by_uscc):
        for kpi_id, event_types in EVENT_KPI_TYPES.items():
            if event.event_type_raw not in event_types:
                continue
            if kpi_id in FINTECH_ONLY_EVENT_KPIS and not subject.is_fintech:
                continue
            points = LEVEL_POINTS.get(event.level or "", 1) if kpi_id == "K30" else 1
            tallies[kpi_id][_cell(subject, event.event_date)] += points
    return tallies


def _leading_firms(
    world: World, by_uscc: dict[str, Enterprise], quarters: list[Quarter]
) -> dict[str, Counter[Cell]]:
    """K01: active enterprises designated on or before quarter end. K03: active fintech
    enterprises whose latest listing/delisting by quarter end is a listing (same day:
    the delisting is the later)."""
    designations: dict[str, list[date]] = defaultdict(list)
    listings: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for event, subject in _linked_events(world, by_uscc):
        if event.event_type_raw == BENCHMARK_DESIGNATION:
            designations[subject.uscc].append(event.event_date)
        elif event.event_type_raw in (LISTING, DELISTING):
            listings[subject.uscc].append((event.event_date, event.event_type_raw == DELISTING))
    k01: Counter[Cell] = Counter()
    k03: Counter[Cell] = Counter()
    for q in quarters:
        for uscc, days in designations.items():
            firm = by_uscc[uscc]
            if is_active_on(firm, q.last_day) and min(days) <= q.last_day:
                k01[_quarter_cell(firm, q)] += 1
        for uscc, history in listings.items():
            firm = by_uscc[uscc]
            past = [entry for entry in history if entry[0] <= q.last_day]
            if firm.is_fintech and is_active_on(firm, q.last_day) and past:
                k03[_quarter_cell(firm, q)] += not max(past)[1]
    return {"K01": k01, "K03": k03}


def _k02_valued_firms(
    world: World, by_uscc: dict[str, Enterprise], quarters: list[Quarter]
) -> Counter[Cell]:
    """K02: active fintech firms whose latest valuation report by quarter end (same day:
    the higher) is at least US$250 million, in USD as written or at the day's USD rate."""
    reports: dict[str, list[tuple[date, Decimal]]] = defaultdict(list)
    for event, subject in _linked_events(world, by_uscc):
        if event.event_type_raw == VALUATION_REPORT and subject.is_fintech and event.amount:
            reports[subject.uscc].append((event.event_date, _in_usd(world, event)))
    valued: Counter[Cell] = Counter()
    for q in quarters:
        for uscc, history in reports.items():
            firm = by_uscc[uscc]
            past = [entry for entry in history if entry[0] <= q.last_day]
            if past and is_active_on(firm, q.last_day):
                valued[_quarter_cell(firm, q)] += max(past)[1] >= FUTURE_UNICORN_USD
    return valued


def _in_usd(world: World, event: Event) -> Decimal:
    """The event's amount in US dollars: as written in USD, else via CNY at the day's rates."""
    money = event.amount
    if money.currency == "USD":
        return money.amount
    usd_rate = world.reference.cny_per_unit("USD", event.event_date)
    return money.amount * world.reference.cny_per_unit(money.currency, event.event_date) / usd_rate


def _k32_amounts(
    world: World, by_uscc: dict[str, Enterprise]
) -> tuple[dict[Cell, Decimal], dict[Cell, bool]]:
    """K32: disclosed and estimated CNY amounts of park fintech rounds, and estimate flags."""
    amounts: dict[Cell, Decimal] = defaultdict(Decimal)
    estimated: dict[Cell, bool] = defaultdict(bool)
    for deal in world.financing_rounds:
        company = by_uscc.get(deal.owner_uscc)
        if company is None or not company.is_fintech or not company.park_id:
            continue
        amount = deal.amount.in_cny(world.reference, deal.deal_date)
        if amount is not None:
            cell = _cell(company, deal.deal_date)
            amounts[cell] += amount
            estimated[cell] |= deal.amount.is_estimate
    return amounts, estimated


def _k36_amounts(
    world: World, by_uscc: dict[str, Enterprise]
) -> tuple[dict[Cell, Decimal], dict[Cell, bool]]:
    """K36: CNY amounts of the subsidies of enterprises with a park (undisclosed left out)."""
    amounts: dict[Cell, Decimal] = defaultdict(Decimal)
    estimated: dict[Cell, bool] = defaultdict(bool)
    for event, subject in _linked_events(world, by_uscc):
        if event.event_type_raw != SUBSIDY or event.amount is None:
            continue
        amount = event.amount.in_cny(world.reference, event.event_date)
        if amount is not None:
            cell = _cell(subject, event.event_date)
            amounts[cell] += amount
            estimated[cell] |= event.amount.is_estimate
    return amounts, estimated


def _k38_incidents(world: World, by_uscc: dict[str, Enterprise]) -> Counter[Cell]:
    """K38 numerator: risk incidents (per the event_types seed) of park fintech firms."""
    incidents: Counter[Cell] = Counter()
    for event in world.events:
        subject = by_uscc.get(event.uscc or "")
        risk = world.reference.is_risk_incident(event.event_type_raw)
        if risk and subject is not None and subject.is_fintech and subject.park_id:
            incidents[_cell(subject, event.event_date)] += 1
    return incidents


def _kpi_value(kpi_id: str, park_id: str, quarter: Quarter, tallies: _Tallies) -> KpiValue:
    """A park's row reads its own cell; ALL sums the six parks' cells."""
    parks = PARK_IDS if park_id == DISTRICT_TOTAL else (park_id,)
    cells = [(park, quarter.label) for park in parks]
    row = KpiValue(kpi_id, park_id, quarter.label, "", "", "", False, "ok")
    if kpi_id in COUNT_KPIS:
        count = sum(tallies.counts[kpi_id][cell] for cell in cells)
        return replace(row, value=str(count))
    if kpi_id in AMOUNT_KPIS:
        amounts, flags = tallies.amounts[kpi_id], tallies.estimated[kpi_id]
        total = sum((amounts.get(cell, Decimal(0)) for cell in cells), Decimal(0))
        estimated = any(flags.get(cell, False) for cell in cells)
        return replace(row, value=str(total.quantize(CENT)), is_estimate=estimated)
    if kpi_id == "K14":
        return _location_quotient(row, cells, quarter, tallies)
    if kpi_id == "K05":  # park share: the park's K04 over the district's (ALL: 1)
        numerator = sum(tallies.counts["K04"][cell] for cell in cells)
        denominator = sum(tallies.counts["K04"][park, quarter.label] for park in PARK_IDS)
        factor = 1
    else:
        numerator_tally, denominator_tally, factor = RATIO_KPIS[kpi_id]
        numerator = sum(tallies.counts[numerator_tally][cell] for cell in cells)
        denominator = sum(tallies.counts[denominator_tally][cell] for cell in cells)
    row = replace(row, numerator=str(numerator), denominator=str(denominator))
    if denominator == 0:
        return replace(row, status="no_data")
    return replace(row, value=repr(numerator * factor / denominator))


def _location_quotient(
    row: KpiValue, cells: list[Cell], quarter: Quarter, tallies: _Tallies
) -> KpiValue:
    """K14 = K04 ÷ (active firms × Shanghai fintech ÷ Shanghai all, of the quarter's year
    in the city_reference seed); no_data without a city row or without active firms."""
    fintech = sum(tallies.counts["K04"][cell] for cell in cells)
    active = sum(tallies.counts["active_all"][cell] for cell in cells)
    city = tallies.city_by_year.get(quarter.first_day.year)
    if city is None:
        return replace(row, numerator=str(fintech), status="no_data")
    denominator = active * city.fintech_enterprises / city.all_enterprises
    row = replace(row, numerator=str(fintech), denominator=repr(denominator))
    if active == 0:
        return replace(row, status="no_data")
    return replace(row, value=repr(fintech / denominator))
