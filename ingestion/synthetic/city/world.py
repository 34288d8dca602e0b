"""The city world, column by column: every attribute a pure function of (seed, index).

An enterprise is its index: ``enterprise_columns(seed, as_of, indexes)`` gives the same
park, dates and USCC for index ``i`` in whichever chunk it is computed, so patents, rounds
and events draw an applicant index and recompute what they need of it. Parks come from
the park address rules seed (``park_address_rules.csv``) applied to the few address
templates used here, and fintech from ``rules.is_fintech`` (the truth's implementation).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np

from ingestion.synthetic.city.hashing import choice, integers, uniform
from ingestion.synthetic.rules import PARK_IDS, is_fintech
from ingestion.synthetic.seeds import SEEDS_DIR

EPOCH = np.datetime64("1970-01-01", "D")
FIRST_REGISTRATION = date(1995, 1, 1)
SNAPSHOT_DAY = date(2023, 12, 31)  # the registry's full export, as in the other scales
FIRST_PATENT_DAY = date(2019, 1, 1)
FIRST_DEAL_DAY = date(2015, 1, 1)
FIRST_EVENT_DAY = date(2020, 1, 1)
DEATH_SHARE = 0.30
NO_PARK = -1


@dataclass(frozen=True)
class Location:
    """An address template: province, district, division code and the road."""

    province: str
    district: str
    division: int
    road: str
    weight: float

    @property
    def address_prefix(self) -> str:
        city = "" if self.province.endswith("市") else "深圳市"
        return f"{self.province}{city}{self.district}{self.road}"


def _pudong(road: str, weight: float) -> Location:
    return Location("上海市", "浦东新区", 310115, road, weight)


# Park roads (a priority-1 keyword of the seed each), Pudong roads of no park, and
# addresses outside Pudong. ``park_codes`` checks every template against the seed.
LOCATIONS: tuple[Location, ...] = (
    _pudong("峨山路", 0.012),
    _pudong("东方路", 0.012),
    _pudong("芳甸路", 0.012),
    _pudong("龙阳路", 0.012),
    _pudong("浦东南路", 0.012),
    _pudong("商城路", 0.012),
    _pudong("郭守敬路", 0.012),
    _pudong("碧波路", 0.012),
    _pudong("科苑路", 0.012),
    _pudong("盛夏路", 0.012),
    _pudong("张杨路", 0.06),
    _pudong("世纪大道", 0.06),
    _pudong("川沙路", 0.06),
    Location("上海市", "徐汇区", 310104, "漕溪北路", 0.2),
    Location("上海市", "闵行区", 310112, "虹梅路", 0.2),
    Location("北京市", "朝阳区", 110105, "建国路", 0.15),
    Location("广东省", "南山区", 440305, "高新南七道", 0.15),
)

# (industry code, business scope, weight): fintech by division J 66-69, or I 64-65 with a
# finance keyword in the scope (rules.is_fintech decides, per combination).
INDUSTRIES: tuple[tuple[str, str, float], ...] = (
    ("J6930", "金融信息服务；数据处理服务。", 0.03),
    ("J6720", "资产管理；投资咨询。", 0.02),
    ("I6440", "互联网支付技术服务；软件开发。", 0.03),
    ("I6510", "软件开发；信息系统集成服务。", 0.20),
    ("C2710", "医疗器械销售；技术服务。", 0.20),
    ("F5251", "餐饮服务；食品销售。", 0.20),
    ("L7212", "企业管理咨询；会议及展览服务。", 0.20),
    ("M7320", "工程和技术研究；技术推广。", 0.12),
)
TRADE_CHARS = "华信泰安元润恒达宏远博达嘉禾瑞丰启明星辰汇金联创德和中源鼎盛佳优凯宇青仁睿林"
INDUSTRY_WORDS = ("科技", "信息技术", "数据服务", "网络科技", "企业管理", "咨询")
LEGAL_FORMS = ("有限公司", "股份有限公司")
ENTERPRISE_TYPES = ("有限责任公司（自然人投资或控股）", "股份有限公司（非上市）")
SURNAMES = "王李张刘陈杨黄赵吴周"
GIVEN_NAMES = "伟芳娜敏静丽强磊军洋"
ACTIVE_LABEL = "存续（在营、开业、在册）"
DEATH_LABELS = ("注销", "吊销，未注销")


def days(day: date) -> int:
    """Days since 1970-01-01 (the integer form dates take in the arrays here)."""
    return int((np.datetime64(day, "D") - EPOCH).astype(np.int64))


def park_of_address(address: str, rules: list[tuple[str, str, int]]) -> str | None:
    """The park of an address by the seed's rules: lowest priority, then lowest park_id."""
    matches = [(priority, park) for park, keyword, priority in rules if keyword in address]
    return min(matches)[1] if matches else None


@cache
def park_codes(seeds_dir: Path = SEEDS_DIR) -> np.ndarray:
    """Per location template, the position of its park in ``PARK_IDS`` (or NO_PARK)."""
    with open(seeds_dir / "park_address_rules.csv", encoding="utf-8") as handle:
        rules = [(r["park_id"], r["keyword"], int(r["priority"])) for r in csv.DictReader(handle)]
    if any(char.isdigit() for _, keyword, _ in rules for char in keyword):
        raise ValueError(
            "park_address_rules.csv: a keyword holds a digit; house numbers could match"
        )
    parks = [park_of_address(location.address_prefix, rules) for location in LOCATIONS]
    return np.array([PARK_IDS.index(p) if p else NO_PARK for p in parks], dtype=np.int8)


@cache
def industry_is_fintech() -> np.ndarray:
    return np.array([is_fintech(code, scope) for code, scope, _ in INDUSTRIES])


@dataclass(frozen=True)
class EnterpriseColumns:
    """The attributes of a set of enterprises (arrays aligned with ``index``)."""

    index: np.ndarray
    location: np.ndarray  # position in LOCATIONS
    industry: np.ndarray  # position in INDUSTRIES
    registration: np.ndarray  # days since 1970
    death: np.ndarray  # days since 1970, or -1 while alive at as_of
    death_label: np.ndarray  # position in DEATH_LABELS

    @property
    def park(self) -> np.ndarray:
        return park_codes()[self.location]

    @property
    def is_fintech(self) -> np.ndarray:
        return industry_is_fintech()[self.industry]

    @property
    def division(self) -> np.ndarray:
        return np.array([location.division for location in LOCATIONS])[self.location]


def enterprise_columns(seed: int, as_of: date, index: np.ndarray) -> EnterpriseColumns:
    """Registrations from 1995 to ``as_of``, more of them recently; 30 % die later on."""
    first, last = days(FIRST_REGISTRATION), days(as_of)
    recent_skew = np.sqrt(uniform(seed, "city/registration", index))
    registration = first + (recent_skew * (last - first)).astype(np.int64)
    lifetime = 60 + (-np.log1p(-uniform(seed, "city/lifetime", index)) * 2_200).astype(np.int64)
    dies = uniform(seed, "city/dies", index) < DEATH_SHARE
    death = np.where(dies & (registration + lifetime <= last), registration + lifetime, -1)
    return EnterpriseColumns(
        index=index,
        location=choice(seed, "city/location", index, [loc.weight for loc in LOCATIONS]),
        industry=choice(seed, "city/industry", index, [weight for *_, weight in INDUSTRIES]),
        registration=registration,
        death=death,
        death_label=choice(seed, "city/death-label", index, [0.6, 0.4]),
    )


def dates_between(seed: int, stream: str, index: np.ndarray, first: np.ndarray, last: int):
    """A day in [first, last] per index (``first`` per index, never after ``last``)."""
    first = np.minimum(np.asarray(first, dtype=np.int64), last)
    return first + integers(seed, stream, index, 0, last - first)
