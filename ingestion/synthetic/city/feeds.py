"""The four feeds' rows for a chunk of indexes, as polars frames under delivered headers.

Layouts are the primary ones the adapters detect: the registry export, the CNIPA patent
table, the venture export and the bureau event register. Every row names its enterprise by
USCC. Each function returns the frame and the columns the truth needs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from ingestion.synthetic.city import world
from ingestion.synthetic.city.hashing import choice, integers, uniform
from ingestion.synthetic.city.identifiers import (
    application_numbers,
    as_strings,
    usccs,
    with_wrong_patent_check,
    with_wrong_uscc_check,
)
from ingestion.synthetic.city.world import EnterpriseColumns
from ingestion.synthetic.deliveries import events, financing, patents, registrations

USCC_SALT = 7_919
# The primary layouts of the other scales (one place for each), without the columns a
# city-wide pull leaves out: the contact phone, and the patent table's optional columns.
REGISTRY_HEADERS = tuple(h for h in registrations.HEADERS if h != "联系电话")
PATENT_HEADERS = tuple(h for h in patents.HEADERS if h not in ("同族专利", "失效日"))
VENTURE_HEADERS = financing.HEADERS
EVENT_HEADERS = events.HEADERS

PATENT_TYPES = (("发明", 1, "A", 0.45), ("实用新型", 2, "U", 0.40), ("外观设计", 3, "S", 0.15))
INVENTION = 0  # position in PATENT_TYPES
# (IPC codes as delivered, weight); the first two are in the K19 fintech IPC groups.
IPC_CODES = (
    ("G06Q 40/04", 0.06),
    ("G06Q 20/40;H04L 9/32", 0.04),
    ("G06F 16/27", 0.3),
    ("H04L 9/32;G06F 21/60", 0.2),
    ("B65D 81/38", 0.2),
    ("G07F 19/00;F16M 11/04", 0.2),
)
FINTECH_IPC = np.array([True, True, False, False, False, False])
TITLES = (
    "一种分布式数据存储方法及装置",
    "一种支付风险识别方法",
    "一种复合材料及其制备方法",
    "移动支付终端",
)
ROUNDS = ("天使轮", "Pre-A轮", "A轮", "A+轮", "B轮", "C轮", "战略融资")
INVESTORS = ("红杉中国", "IDG资本", "深创投", "源码资本、险峰长青", "国泰君安创投")
UNDISCLOSED_SHARE = 0.12
# Event types of four count KPIs (K15, K16, K27, K28) and who publishes them.
EVENT_TYPES = (
    ("研发机构设立", "张江科学城建设管理办公室", 0.2),
    ("应用场景发布", "浦东新区科技和经济委员会", 0.3),
    ("人才政策兑现", "浦东新区人力资源和社会保障局", 0.3),
    ("专业资格认证", "浦东新区金融工作局", 0.2),
)


def _pick(options: tuple, positions: np.ndarray) -> pl.Series:
    return pl.Series(list(options), dtype=pl.String).gather(positions)


def _dates(day_numbers: np.ndarray, style: str) -> pl.Series:
    """Days since 1970 as text in a delivered style; -1 (no date) as null."""
    dates = pl.Series(day_numbers, dtype=pl.Int64).cast(pl.Int32).cast(pl.Date)
    return dates.dt.strftime(style).set(pl.Series(day_numbers < 0), None)


def enterprise_usccs(columns: EnterpriseColumns) -> pl.Series:
    return as_strings(usccs(columns.division, columns.index, USCC_SALT))


def enterprise_names(seed: int, index: np.ndarray, location: np.ndarray) -> pl.Series:
    """``<city><two trade characters><industry word><legal form>``; names may repeat."""
    trade = list(world.TRADE_CHARS)
    first = integers(seed, "city/name-1", index, 0, len(trade) - 1)
    second = integers(seed, "city/name-2", index, 0, len(trade) - 1)
    word = integers(seed, "city/name-word", index, 0, len(world.INDUSTRY_WORDS) - 1)
    form = integers(seed, "city/name-form", index, 0, len(world.LEGAL_FORMS) - 1)
    cities = [loc.province.removesuffix("市").removesuffix("省") for loc in world.LOCATIONS]
    cities = ["深圳" if c == "广东" else c for c in cities]
    return pl.select(
        pl.concat_str(
            _pick(tuple(cities), location),
            _pick(tuple(trade), first),
            _pick(tuple(trade), second),
            _pick(world.INDUSTRY_WORDS, word),
            _pick(world.LEGAL_FORMS, form),
        )
    ).to_series()


@dataclass(frozen=True)
class RegistryRows:
    """Registry rows of a chunk: the row kind tells which delivery file takes it."""

    frame: pl.DataFrame
    approval: np.ndarray  # days since 1970, per row
    is_death_row: np.ndarray
    enterprise_death: np.ndarray  # the row's enterprise's death day, -1 if none


def registry_rows(seed: int, columns: EnterpriseColumns) -> RegistryRows:
    """Per enterprise a registration row, and a death row for those that died by as_of.

    The snapshot writer takes the row valid on the snapshot day; change files take rows
    approved in their year.
    """
    index = columns.index
    location = columns.location
    base = pl.DataFrame(
        {
            "企业名称": enterprise_names(seed, index, location),
            "统一社会信用代码": enterprise_usccs(columns),
            "注册日期": _dates(columns.registration, "%Y-%m-%d"),
            "企业类型": _pick(world.ENTERPRISE_TYPES, index % 2),
            "法人代表": pl.select(
                pl.concat_str(
                    _pick(tuple(world.SURNAMES), integers(seed, "city/surname", index, 0, 9)),
                    _pick(tuple(world.GIVEN_NAMES), integers(seed, "city/given", index, 0, 9)),
                )
            ).to_series(),
            "注册资金": pl.Series(integers(seed, "city/capital", index, 10, 5000)).cast(pl.String)
            + "万人民币",
            "经营范围": _pick(tuple(s for _, s, _ in world.INDUSTRIES), columns.industry),
            "所在省份": _pick(tuple(loc.province for loc in world.LOCATIONS), location),
            "地区": _pick(tuple(loc.district for loc in world.LOCATIONS), location),
            "注册地址": pl.select(
                pl.concat_str(
                    _pick(tuple(loc.address_prefix for loc in world.LOCATIONS), location),
                    pl.Series(integers(seed, "city/house", index, 1, 2999)).cast(pl.String),
                    pl.lit("号"),
                    pl.Series(integers(seed, "city/floor", index, 1, 40)).cast(pl.String),
                    pl.lit("层"),
                )
            ).to_series(),
            "行业代码": _pick(tuple(code for code, _, _ in world.INDUSTRIES), columns.industry),
        }
    )
    dead = columns.death >= 0
    registration_rows = base.with_columns(
        pl.lit(world.ACTIVE_LABEL).alias("登记状态"),
        _dates(columns.registration, "%Y-%m-%d").alias("核准日期"),
    )
    death_rows = base.filter(pl.Series(dead)).with_columns(
        _pick(world.DEATH_LABELS, columns.death_label[dead]).alias("登记状态"),
        _dates(columns.death[dead], "%Y-%m-%d").alias("核准日期"),
    )
    frame = pl.concat([registration_rows, death_rows]).select(REGISTRY_HEADERS)
    approval = np.concatenate([columns.registration, columns.death[dead]])
    is_death_row = np.concatenate([np.zeros(len(index), bool), np.ones(int(dead.sum()), bool)])
    enterprise_death = np.concatenate([columns.death, columns.death[dead]])
    return RegistryRows(frame, approval, is_death_row, enterprise_death)


def corrupt_uscc(sample: pl.DataFrame) -> pl.DataFrame:
    """Copies whose USCC has a wrong check character (rule: valid_uscc)."""
    return _with_codes_changed(sample, "统一社会信用代码", 18, with_wrong_uscc_check)


def _with_codes_changed(
    sample: pl.DataFrame, column: str, width: int, change: Callable[[np.ndarray], np.ndarray]
) -> pl.DataFrame:
    """``column``'s codes (all ``width`` ASCII characters) changed as n × width arrays."""
    codes = np.frombuffer("".join(sample[column]).encode(), dtype=np.uint8)
    return sample.with_columns(as_strings(change(codes.reshape(-1, width))).alias(column))


@dataclass(frozen=True)
class PatentColumns:
    application: np.ndarray  # days since 1970
    type_position: np.ndarray  # position in PATENT_TYPES
    fintech_ipc: np.ndarray
    applicant: EnterpriseColumns


def patent_rows(
    seed: int, as_of: date, index: np.ndarray, enterprises: int
) -> tuple[pl.DataFrame, PatentColumns]:
    """Patents filed from 2019 by enterprises registered by then, one number each."""
    applicant_index = integers(seed, "city/patent-applicant", index, 0, enterprises - 1)
    applicant = world.enterprise_columns(seed, as_of, applicant_index)
    last = world.days(as_of)
    earliest = np.maximum(applicant.registration, world.days(world.FIRST_PATENT_DAY))
    application = world.dates_between(seed, "city/patent-day", index, earliest, last)
    kind = choice(seed, "city/patent-type", index, [w for *_, w in PATENT_TYPES])
    ipc = choice(seed, "city/patent-ipc", index, [w for _, w in IPC_CODES])
    ipc_text = _pick(tuple(code for code, _ in IPC_CODES), ipc)
    years = application.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    type_digits = np.array([digit for _, digit, _, _ in PATENT_TYPES])[kind]
    numbers = as_strings(application_numbers(years, type_digits, index))
    grant = _grant_days(seed, index, application, kind, last)
    frame = pl.DataFrame(
        {
            "申请号": numbers,
            "申请日": _dates(application, "%Y%m%d"),
            "公开号": pl.select(
                pl.concat_str(
                    pl.lit("CN"),
                    pl.Series(type_digits).cast(pl.String),
                    numbers.str.slice(5, 7),
                    _pick(tuple(letter for _, _, letter, _ in PATENT_TYPES), kind),
                )
            ).to_series(),
            "名称": _pick(TITLES, index % len(TITLES)),
            "申请人": enterprise_names(seed, applicant.index, applicant.location),
            "申请人统一社会信用代码": enterprise_usccs(applicant),
            "IPC分类号": ipc_text.set(pl.Series(kind == 2), None),  # designs have no IPC
            "专利类型": _pick(tuple(name for name, *_ in PATENT_TYPES), kind),
            "授权日": _dates(grant, "%Y%m%d"),
            "法律状态": pl.Series(np.where(grant >= 0, "有效", "审中")),
        }
    )
    fintech_ipc = FINTECH_IPC[ipc] & (kind != 2)
    return frame, PatentColumns(application, kind, fintech_ipc, applicant)


def _grant_days(seed: int, index: np.ndarray, application: np.ndarray, kind: np.ndarray, last):
    """Inventions: 55 % granted 400-1,100 days later; others 85 % after 150-360 days."""
    invention = kind == INVENTION
    granted = uniform(seed, "city/granted", index) < np.where(invention, 0.55, 0.85)
    delay = np.where(
        invention,
        integers(seed, "city/grant-delay", index, 400, 1_100),
        integers(seed, "city/grant-delay", index, 150, 360),
    )
    grant = application + delay
    return np.where(granted & (grant <= last), grant, -1)


def corrupt_patent_number(sample: pl.DataFrame) -> pl.DataFrame:
    """Copies whose application number has a wrong check digit (rule: valid_patent_number)."""
    return _with_codes_changed(sample, "申请号", 14, with_wrong_patent_check)


@dataclass(frozen=True)
class RoundColumns:
    deal: np.ndarray  # days since 1970
    amount_wan: np.ndarray  # 万 CNY; -1 when undisclosed
    company: EnterpriseColumns


def round_rows(
    seed: int, as_of: date, index: np.ndarray, enterprises: int
) -> tuple[pl.DataFrame, RoundColumns]:
    """Rounds from 2015 of enterprises registered by then; at most one per firm and day."""
    company_index = integers(seed, "city/round-company", index, 0, enterprises - 1)
    company = world.enterprise_columns(seed, as_of, company_index)
    earliest = np.maximum(company.registration, world.days(world.FIRST_DEAL_DAY))
    deal = world.dates_between(seed, "city/round-day", index, earliest, world.days(as_of))
    stage = integers(seed, "city/round-stage", index, 0, len(ROUNDS) - 1)
    undisclosed = uniform(seed, "city/round-undisclosed", index) < UNDISCLOSED_SHARE
    amount = np.where(undisclosed, -1, integers(seed, "city/round-amount", index, 100, 50_000))
    names = enterprise_names(seed, company.index, company.location)
    frame = pl.DataFrame(
        {
            "公司名称": names.str.slice(2, 4),
            "工商名称": names,
            "统一社会信用代码": enterprise_usccs(company),
            "成立时间": _dates(company.registration, "%Y-%m"),
            "地点": pl.select(
                pl.concat_str(
                    _pick(tuple(loc.province for loc in world.LOCATIONS), company.location),
                    _pick(tuple(loc.district for loc in world.LOCATIONS), company.location),
                    separator="-",
                )
            ).to_series(),
            "融资时间": _dates(deal, "%Y-%m-%d"),
            "轮次": _pick(ROUNDS, stage),
            "融资金额": pl.Series(amount).cast(pl.String) + "万人民币",
            "投资方": _pick(INVESTORS, index % len(INVESTORS)),
        }
    ).with_columns(
        pl.when(pl.Series(undisclosed))
        .then(pl.lit("未透露"))
        .otherwise(pl.col("融资金额"))
        .alias("融资金额"),
        pl.int_range(pl.len()).alias("_position"),
    )
    # The pipeline takes a firm's rows of one deal date as one deal (several sources may
    # deliver it): a firm raises at most one round a day here, and so does the truth.
    unique = frame.unique(["统一社会信用代码", "融资时间"], keep="first", maintain_order=True)
    kept = unique["_position"].to_numpy()
    columns = RoundColumns(deal[kept], amount[kept], _subset(company, kept))
    return unique.drop("_position"), columns


def _subset(columns: EnterpriseColumns, kept: np.ndarray) -> EnterpriseColumns:
    return EnterpriseColumns(
        *(getattr(columns, name)[kept] for name in columns.__dataclass_fields__)
    )


def corrupt_deal_date(sample: pl.DataFrame) -> pl.DataFrame:
    """Copies whose deal date is not a calendar date (rule: parseable_date)."""
    return sample.with_columns(pl.lit("2023-02-30").alias("融资时间"))


@dataclass(frozen=True)
class EventColumns:
    day: np.ndarray
    event_type: np.ndarray  # position in EVENT_TYPES
    subject: EnterpriseColumns


def event_rows(
    seed: int, as_of: date, index: np.ndarray, enterprises: int
) -> tuple[pl.DataFrame, EventColumns]:
    """Bureau events from 2020 of enterprises registered by then, each its own document."""
    subject_index = integers(seed, "city/event-subject", index, 0, enterprises - 1)
    subject = world.enterprise_columns(seed, as_of, subject_index)
    earliest = np.maximum(subject.registration, world.days(world.FIRST_EVENT_DAY))
    day = world.dates_between(seed, "city/event-day", index, earliest, world.days(as_of))
    kind = choice(seed, "city/event-type", index, [w for *_, w in EVENT_TYPES])
    frame = pl.DataFrame(
        {
            "企业名称": enterprise_names(seed, subject.index, subject.location),
            "统一社会信用代码": enterprise_usccs(subject),
            "事件类型": _pick(tuple(t for t, _, _ in EVENT_TYPES), kind),
            "事件日期": _dates(day, "%Y年%-m月%-d日"),
            "级别": pl.Series([None] * len(index), dtype=pl.String),
            "金额": pl.Series([None] * len(index), dtype=pl.String),
            "发布单位": _pick(tuple(office for _, office, _ in EVENT_TYPES), kind),
            "备注": "浦府〔" + pl.Series(index).cast(pl.String) + "〕号",
        }
    )
    return frame, EventColumns(day, kind, subject)


def corrupt_event_date(sample: pl.DataFrame) -> pl.DataFrame:
    """Copies whose event date is not a calendar date (rule: parseable_date)."""
    return sample.with_columns(pl.lit("2021年2月30日").alias("事件日期"))
