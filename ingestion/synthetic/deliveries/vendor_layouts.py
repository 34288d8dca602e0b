"""Vendor layouts in ``landing/<feed>/vendors/``: the same world as other sources write it.

* ``financing/vendors/crunchbase_rounds_<as-of>.csv``: a Crunchbase-style list (UTF-8 with
  BOM) re-delivering a share of the rounds, companies named as other sources write them
  (``vendor_samples.dirty_name``) and without USCC: entity resolution links them, and
  ``int_financing_rounds_converted`` keeps one row per enterprise and deal date. Plus
  copies with an unparseable ``announced_on``.
* ``patents/vendors/google_patents_<as-of>.csv``: a Google Patents search export re-saved
  by Excel on a Chinese Windows (GB18030, ``M/D/YYYY`` dates) with its ``search URL:``
  line. It re-delivers a share of the published patents under their publication number
  (``CN-100012345-B``: grant kind for a granted invention), several applicants in one
  cell; it adds publications no CNIPA table holds (university patents), which
  ``stg_patents__unlocated_publications`` keeps and counts; and rows without an ``id``,
  which the contract quarantines.
* ``events/vendors/api_经营异常名录.json``: the abnormal-operation list as a commercial
  data API returns it (envelope, ``AddReason/AddDate/DecisionOffice``): a re-delivery of
  the listings the regulator's risk list already holds (same type, date, USCC and reason,
  so deduplication keeps one), plus copies with an unparseable ``AddDate``.
* ``events/vendors/认定名单.xlsx``: a certification list (title row, 序号, category words
  such as ``高新技术企业``, document number) re-delivering a share of the certifications of
  the bureau registers (deduplicated), plus copies with an unparseable date and a ``合计``
  row.
* ``events/vendors/问题平台名单.xlsx``: a watch list of problem lending platforms (notes
  sheet first, a title row, merged group headers): platforms registered outside Shanghai,
  each with a USCC no registry row holds, so they stay unlinked (no KPI counts them);
  status words map to risk types, an unknown one is quarantined, and so is the 合计 row
  at the bottom (``row:totals_row``).
* ``registrations/vendors/api_企业信息_<as-of month>.json`` (``api_registrations``): a
  commercial API's pull of recently registered firms, without approval date, so it
  never outranks a registry row.
* ``events/vendors/上市公司名单_<as-of>.csv`` (``listing_list``): a share of the listings
  with securities columns, counted once (a listing is identified by enterprise and date).
* ``events/vendors/<family list>`` (``family_lists``): one list per remaining event family
  (pilots, conferences and competitions, talent, subsidies, illegal-fundraising cases) in
  its own headers, re-delivering a share of its events (deduplicated).

How much of each, at ``VENDOR_RATES``. Every draw uses its own random stream, so the
primary deliveries are byte-identical with or without this module. The links truth is
``truth/publication_links.csv`` (which application each Google row means, blank for
none) and ``truth/vendor_name_links.csv`` (which enterprise each Crunchbase row means).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from ingestion.synthetic import vocabulary as words
from ingestion.synthetic.deliveries import dirt
from ingestion.synthetic.deliveries.api_registrations import api_registrations_file
from ingestion.synthetic.deliveries.family_lists import family_list_files
from ingestion.synthetic.deliveries.files import (
    CsvLayout,
    DeliveryFile,
    DeliveryRow,
    GroupHeader,
    JsonLayout,
)
from ingestion.synthetic.deliveries.listing_list import listing_list_file
from ingestion.synthetic.deliveries.vendor_samples import (
    CRUNCHBASE_HEADERS,
    crunchbase_row,
    csv_bytes,
    dirty_name,
)
from ingestion.synthetic.identifiers import make_uscc
from ingestion.synthetic.randomness import random_date, rng_for
from ingestion.synthetic.world import Event, Patent, World

PUBLICATION_LINKS_PATH = "truth/publication_links.csv"
VENDOR_NAME_LINKS_PATH = "truth/vendor_name_links.csv"
ABNORMAL_LIST_PATH = "events/vendors/api_经营异常名录.json"
LENDING_LIST_PATH = "events/vendors/问题平台名单.xlsx"
CERTIFICATION_LIST_PATH = "events/vendors/认定名单.xlsx"
ABNORMAL_LISTING = "列入经营异常名录"
INVENTION_PUBLICATION_DAYS = 548  # published 18 months after filing


@dataclass(frozen=True)
class VendorRates:
    """How much each vendor layout delivers, and its dirt (shares of its rows)."""

    google_published_share: float = 0.05  # of the published patents, re-delivered
    google_unlocated_share: float = 0.05  # publications no CNIPA table holds
    google_missing_id_share: float = 0.01  # rows without an id: quarantined
    crunchbase_share: float = 0.30  # of the rounds, re-delivered under other names
    crunchbase_bad_date_share: float = 0.01
    abnormal_bad_date_share: float = 0.01
    lending_platforms: int = 12
    certification_share: float = 0.30  # of the certifications, re-delivered as a list
    certification_bad_date_share: float = 0.02
    lending_unknown_status_share: float = 0.15  # quarantined: no known status word
    api_registration_share: float = 0.50  # of the firms registered in the last year
    api_recent_days: int = 365
    api_bad_date_share: float = 0.02
    api_bad_uscc_share: float = 0.01
    listing_share: float = 0.80  # of the listings with a USCC, re-delivered as a list
    listing_bad_date_share: float = 0.05
    family_list_share: float = 0.30  # of each family's events, re-delivered as its list
    family_list_bad_date_share: float = 0.02


VENDOR_RATES = VendorRates()

GOOGLE_HEADERS = (
    "id",
    "title",
    "assignee",
    "inventor/author",
    "priority date",
    "filing/creation date",
    "publication date",
    "grant date",
    "result link",
    "representative figure link",
)
ABNORMAL_HEADERS = (
    "Name",
    "CreditCode",
    "AddReason",
    "AddDate",
    "RemoveReason",
    "RemoveDate",
    "DecisionOffice",
)
PLATFORM_HEADERS = ("平台名称", "公司名称", "统一社会信用代码", "所在地")
PROBLEM_HEADERS = ("问题时间", "问题类型")
LENDING_HEADERS = (*PLATFORM_HEADERS, *PROBLEM_HEADERS, "备注")
LENDING_GROUPS = (
    GroupHeader("平台信息", PLATFORM_HEADERS),
    GroupHeader("问题信息", PROBLEM_HEADERS),
)
LENDING_NOTES = ("数据来源：行业自律组织公开信息整理", "问题类型：跑路、提现困难、经侦介入、停业")
PLATFORM_CITIES = (("深圳", "440300"), ("杭州", "330100"), ("北京", "110105"))
PLATFORM_SUFFIXES = ("贷", "金服", "财富", "宝", "e投", "钱包")
KNOWN_STATUSES = ("跑路", "提现困难", "经侦介入", "停业", "停业，经侦介入")
UNKNOWN_STATUSES = ("良性退出", "转型")
_GRANTED_INVENTION_KIND = "B"
_TRUTH_KEY = "_truth"  # a row value that is no header: what the row means, for the truth


def vendor_layout_files(world: World, rates: VendorRates = VENDOR_RATES) -> list[DeliveryFile]:
    """Every vendor-layout landing file of the world, in path order."""
    files = [
        _crunchbase_file(world, rates),
        _google_patents_file(world, rates),
        _abnormal_list_file(world, rates),
        _certification_list_file(world, rates),
        _lending_list_file(world, rates),
        api_registrations_file(
            world,
            rates.api_registration_share,
            rates.api_recent_days,
            rates.api_bad_date_share,
            rates.api_bad_uscc_share,
        ),
        listing_list_file(world, rates.listing_share, rates.listing_bad_date_share),
        *family_list_files(world, rates.family_list_share, rates.family_list_bad_date_share),
    ]
    return sorted((file for file in files if file.rows), key=lambda file: file.path)


def vendor_layout_truth(files: list[DeliveryFile]) -> list[tuple[str, bytes]]:
    """Which application each clean Google Patents row means (blank: none) and which
    enterprise each clean Crunchbase row means, by file and row number."""
    publications = [
        (file.path, number, row.values["id"], row.values.get(_TRUTH_KEY) or "")
        for file, number, row in _clean_rows(files, GOOGLE_HEADERS)
    ]
    names = [
        (file.path, number, row.values["company_name"], row.values[_TRUTH_KEY])
        for file, number, row in _clean_rows(files, CRUNCHBASE_HEADERS)
    ]
    return [
        (
            PUBLICATION_LINKS_PATH,
            csv_bytes(("file", "row_number", "publication_id", "application_number"), publications),
        ),
        (
            VENDOR_NAME_LINKS_PATH,
            csv_bytes(("file", "row_number", "delivered_name", "uscc"), names),
        ),
    ]


def _clean_rows(files: list[DeliveryFile], headers: tuple[str, ...]):
    for file in files:
        if file.headers == headers:
            for number, row in enumerate(file.rows, start=file.first_data_row):
                if not row.violation:
                    yield file, number, row


# -- Crunchbase ----------------------------------------------------------------------------


def crunchbase_path(as_of: date) -> str:
    return f"financing/vendors/crunchbase_rounds_{as_of:%Y%m%d}.csv"


def _crunchbase_file(world: World, rates: VendorRates) -> DeliveryFile:
    """A share of the rounds again, under the names other sources write (``dirty_name``):
    entity resolution must link them to the enterprise and the round counted once."""
    rng = rng_for(world.seed, "vendor-layouts", "crunchbase")
    uscc_of_name = {enterprise.name: enterprise.uscc for enterprise in world.enterprises}
    rounds = sorted(world.financing_rounds, key=lambda r: (r.registered_name, r.deal_date))
    rows = []
    for deal in dirt.sample_in_order(rounds, rng, rates.crunchbase_share):
        values = dict(
            zip(
                CRUNCHBASE_HEADERS,
                crunchbase_row(dirty_name(rng, deal.registered_name), deal),
                strict=True,
            )
        )
        rows.append(DeliveryRow({**values, _TRUTH_KEY: uscc_of_name[deal.registered_name]}))
    copies = dirt.corrupted_copies(
        rows,
        rng,
        rates.crunchbase_bad_date_share,
        "announced_on",
        "deal_date",
        dirt.unparseable_date,
    )
    return DeliveryFile(
        crunchbase_path(world.as_of),
        CRUNCHBASE_HEADERS,
        CsvLayout("utf-8-sig", "iso"),
        dirt.scatter(rows, copies, rng),
    )


# -- Google Patents ------------------------------------------------------------------------


def google_patents_path(as_of: date) -> str:
    return f"patents/vendors/google_patents_{as_of:%Y%m%d}.csv"


def _google_patents_file(world: World, rates: VendorRates) -> DeliveryFile:
    rng = rng_for(world.seed, "vendor-layouts", "google-patents")
    published = [p for p in world.patents if p.publication_number]
    chosen = dirt.sample_in_order(published, rng, rates.google_published_share)
    rows = [_google_row(rng, patent) for patent in chosen]
    taken = {p.publication_number[:-1] for p in published}
    unlocated = round(rates.google_unlocated_share * len(rows))
    rows += [_unlocated_google_row(rng, world.as_of, taken) for _ in range(unlocated)]
    rows.sort(key=lambda row: row.values["id"])
    copies = dirt.corrupted_copies(
        rows, rng, rates.google_missing_id_share, "id", "application_number", lambda *_: ""
    )
    path = google_patents_path(world.as_of)
    search = "https://patents.google.com/?assignee=%E4%B8%8A%E6%B5%B7&country=CN"
    return DeliveryFile(
        path,
        GOOGLE_HEADERS,
        CsvLayout("gb18030", "us_slash", "\r\n"),
        dirt.scatter(rows, copies, rng),
        preamble=(f"search URL:,{search}",),
    )


def _google_row(rng: random.Random, patent: Patent) -> DeliveryRow:
    """A patent as Google lists it: its latest publication (the grant, once granted)."""
    digits, kind = patent.publication_number[2:-1], patent.publication_number[-1]
    if patent.patent_type == "invention" and patent.grant_date:
        kind = _GRANTED_INVENTION_KIND
    published_on = (
        patent.application_date + timedelta(days=INVENTION_PUBLICATION_DAYS)
        if kind == "A"
        else patent.grant_date
    )
    return _google_values(
        rng,
        publication_id=f"CN-{digits}-{kind}",
        title=patent.title,
        applicants=patent.applicants,
        filed=patent.application_date,
        published=published_on,
        granted=patent.grant_date,
        application_number=patent.application_number,
    )


def _unlocated_google_row(rng: random.Random, as_of: date, taken: set[str]) -> DeliveryRow:
    """A university's invention publication that no delivered CNIPA table holds."""
    key = f"CN1{rng.randrange(10**8):08d}"
    while key in taken:
        key = f"CN1{rng.randrange(10**8):08d}"
    taken.add(key)
    filed = random_date(rng, date(2018, 1, 1), as_of - timedelta(days=INVENTION_PUBLICATION_DAYS))
    return _google_values(
        rng,
        publication_id=f"CN-{key[2:]}-A",
        title=rng.choice(words.COMPUTING_TITLES),
        applicants=(rng.choice(words.UNIVERSITIES),),
        filed=filed,
        published=filed + timedelta(days=INVENTION_PUBLICATION_DAYS),
        granted=None,
        application_number=None,
    )


def _google_values(
    rng: random.Random,
    *,
    publication_id: str,
    title: str,
    applicants: tuple[str, ...],
    filed: date,
    published: date,
    granted: date | None,
    application_number: str | None,
) -> DeliveryRow:
    link_id = publication_id.replace("-", "")
    return DeliveryRow(
        {
            "id": publication_id,
            "title": title,
            "assignee": ", ".join(applicants),
            "inventor/author": ", ".join(_person(rng) for _ in range(rng.randint(1, 3))),
            "priority date": filed,
            "filing/creation date": filed,
            "publication date": published,
            "grant date": granted,
            "result link": f"https://patents.google.com/patent/{link_id}/zh",
            _TRUTH_KEY: application_number,  # not a header: not delivered
        }
    )


def _person(rng: random.Random) -> str:
    given = "".join(rng.choices(words.GIVEN_NAME_CHARACTERS, k=rng.randint(1, 2)))
    return rng.choice(words.SURNAMES) + given


# -- abnormal-operation list (commercial API) ----------------------------------------------


def _abnormal_list_file(world: World, rates: VendorRates) -> DeliveryFile:
    """The listings of enterprises the risk list names, as the API returns them."""
    rng = rng_for(world.seed, "vendor-layouts", "abnormal-list")
    listings = sorted(
        (
            e
            for e in world.events
            if e.event_type_raw == ABNORMAL_LISTING and e.uscc and e.is_risk_incident
        ),
        key=lambda e: (e.event_date, e.index),
    )
    rows = [_abnormal_row(event) for event in listings]
    copies = dirt.corrupted_copies(
        rows, rng, rates.abnormal_bad_date_share, "AddDate", "event_date", dirt.unparseable_date
    )
    return DeliveryFile(
        ABNORMAL_LIST_PATH,
        ABNORMAL_HEADERS,
        JsonLayout("iso_midnight"),
        dirt.scatter(rows, copies, rng),
    )


def _abnormal_row(event: Event) -> DeliveryRow:
    return DeliveryRow(
        {
            "Name": event.enterprise_name,
            "CreditCode": event.uscc,
            "AddReason": event.description,
            "AddDate": event.event_date,
            "RemoveReason": "",
            "RemoveDate": "0001-01-01T00:00:00",
            "DecisionOffice": event.issuing_office,
        }
    )


# -- certification lists ------------------------------------------------------------------

# The seed's certification event types, and the category words a list writes for them.
CATEGORY_OF_CERTIFICATION = {
    "高新技术企业认定": "高新技术企业",
    "专精特新企业认定": "专精特新中小企业",
    "DCMM认证": "DCMM",
    "标杆企业认定": "标杆企业",
}
CERTIFICATION_HEADERS = (
    "序号",
    "企业名称",
    "统一社会信用代码",
    "认定类别",
    "认定日期",
    "认定机构",
    "认定文号",
)


def _certification_list_file(world: World, rates: VendorRates) -> DeliveryFile:
    """A share of the certifications the bureau registers hold, as a certification list
    (title row, category words, document number): deduplication keeps one of each."""
    rng = rng_for(world.seed, "vendor-layouts", "certification-list")
    certifications = sorted(
        (e for e in world.events if e.event_type_raw in CATEGORY_OF_CERTIFICATION and e.uscc),
        key=lambda e: (e.event_date, e.index),
    )
    chosen = dirt.sample_in_order(certifications, rng, rates.certification_share)
    rows = [_certification_row(number, event) for number, event in enumerate(chosen, start=1)]
    copies = dirt.corrupted_copies(
        rows,
        rng,
        rates.certification_bad_date_share,
        "认定日期",
        "event_date",
        dirt.unparseable_date,
    )
    rows = dirt.scatter(rows, copies, rng)
    rows.append(DeliveryRow({"序号": "合计", "认定文号": f"{len(chosen)}家"}, "row"))
    return DeliveryFile(
        CERTIFICATION_LIST_PATH,
        CERTIFICATION_HEADERS,
        None,
        rows,
        sheet_name="认定名单",
        preamble=(f"浦东新区企业认定名单（截至{world.as_of.year}年{world.as_of.month}月）",),
    )


def _certification_row(number: int, event: Event) -> DeliveryRow:
    return DeliveryRow(
        {
            "序号": str(number),
            "企业名称": event.enterprise_name,
            "统一社会信用代码": event.uscc,
            "认定类别": CATEGORY_OF_CERTIFICATION[event.event_type_raw],
            "认定日期": event.event_date,
            "认定机构": event.issuing_office,
            "认定文号": event.description,
        }
    )


# -- problem lending platforms -------------------------------------------------------------


def _lending_list_file(world: World, rates: VendorRates) -> DeliveryFile:
    rng = rng_for(world.seed, "vendor-layouts", "lending-platforms")
    registered = {e.uscc for e in world.enterprises}
    rows = [_lending_row(rng, registered, rates) for _ in range(rates.lending_platforms)]
    totals = {"平台名称": "合计", "备注": f"{len(rows)}家"}  # what the spreadsheet sums
    rows.append(DeliveryRow(totals, "row"))
    return DeliveryFile(
        LENDING_LIST_PATH,
        LENDING_HEADERS,
        None,
        rows,
        sheet_name="问题平台",
        preamble=(f"网贷问题平台名单（截至{world.as_of.year}年{world.as_of.month}月）",),
        group_headers=LENDING_GROUPS,
        notes_sheet=LENDING_NOTES,
    )


def _lending_row(rng: random.Random, registered: set[str], rates: VendorRates) -> DeliveryRow:
    """A platform outside Shanghai with a USCC no registry row holds: it stays unlinked."""
    city, division = rng.choice(PLATFORM_CITIES)
    trade = "".join(rng.sample(words.TRADE_NAME_CHARACTERS, 2))
    uscc = _unregistered_uscc(rng, division, registered)
    unknown = rng.random() < rates.lending_unknown_status_share
    status = rng.choice(UNKNOWN_STATUSES if unknown else KNOWN_STATUSES)
    return DeliveryRow(
        {
            "平台名称": f"{trade}{rng.choice(PLATFORM_SUFFIXES)}",
            "公司名称": f"{city}市{trade}网络借贷信息中介有限公司",
            "统一社会信用代码": uscc,
            "所在地": f"{city}",
            "问题时间": random_date(rng, date(2016, 1, 1), date(2019, 12, 31)),
            "问题类型": status,
            "备注": None,
        },
        "event_type_raw" if unknown else None,
    )


def _unregistered_uscc(rng: random.Random, division: str, registered: set[str]) -> str:
    while True:
        body = "".join(rng.choices("0123456789ABCDEFGHJKLMNPQRTUWXY", k=8))
        code = make_uscc("9", "1", division, body)
        if code not in registered:
            return code
