"""A hand-made `raw` schema for the dbt project: a few rows per feed, each there for a rule.

The tables are exactly the canonical raw tables of docs/feeds.md. Every row below is
commented with the rule it exercises; the expected KPI values, worked out by hand from
these rows, are in test_dbt_build.py.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb

from ingestion.loader import NAME_MATCHES_COLUMNS

LINEAGE = (
    "_batch_id varchar, _source_file varchar, _file_sha256 varchar,"
    " _row_number integer, _loaded_at timestamp"
)

RAW_TABLES = {
    "registrations": """
        uscc varchar, name varchar, registration_date date, enterprise_type varchar,
        legal_representative_masked varchar, registered_capital_text varchar,
        registered_capital_amount double, registered_capital_currency varchar,
        registered_capital_is_estimate boolean, registered_capital_is_undisclosed boolean,
        business_scope varchar, province varchar, district varchar, address varchar,
        industry_code varchar, status varchar, approval_date date""",
    "patents": """
        application_number varchar, application_date date, publication_number varchar,
        title varchar, applicants varchar, applicant_uscc varchar, ipc_codes varchar,
        patent_type varchar, grant_date date, legal_status varchar,
        family_publications varchar, lapse_date date""",
    "financing_rounds": """
        company_name varchar, registered_name varchar, uscc varchar, founded_on date,
        location varchar, deal_date date, round_raw varchar, amount_text varchar,
        amount double, currency varchar, amount_is_estimate boolean,
        amount_is_undisclosed boolean, investors varchar""",
    "events": """
        enterprise_name varchar, uscc varchar, event_type_raw varchar, event_date date,
        level varchar, amount_text varchar, amount double, currency varchar,
        amount_is_estimate boolean, amount_is_undisclosed boolean, issuing_office varchar,
        description varchar""",
}

# Two deliveries per feed: batch 1 loaded first, batch 2 loaded later.
BATCH_1 = ("b1", datetime(2026, 1, 5, 9, 0))
BATCH_2 = ("b2", datetime(2026, 6, 1, 9, 0))


def uscc(n: int, division: str = "310115") -> str:
    """An 18-character code: 9 1 + division + a running number (check not needed by dbt)."""
    return f"91{division}{n:010d}"


E01, E02, E03, E04 = uscc(1), uscc(2), uscc(3), uscc(4)
E05 = uscc(5)  # Pudong division code, but a Xuhui address: outside Pudong
E06, E07 = uscc(6), uscc(7, "310000")  # E07: city-level code, Pudong address: inside
E08, E09, E11 = uscc(8), uscc(9), uscc(11)


def _registration(code, name, registered, address, industry, status, approved, scope=None):
    return dict(
        uscc=code,
        name=name,
        registration_date=registered,
        enterprise_type="有限责任公司",
        legal_representative_masked="张*",
        registered_capital_text="1,000(万元人民币)",
        registered_capital_amount=10_000_000.0,
        registered_capital_currency="CNY",
        registered_capital_is_estimate=False,
        registered_capital_is_undisclosed=False,
        business_scope=scope,
        province="上海市",
        district="浦东新区",
        address=address,
        industry_code=industry,
        status=status,
        approval_date=approved,
    )


D = date
# The delivered rows, as (batch, row_number, record), laid out as tables.
# fmt: off
REGISTRATIONS = [
    # E01 fintech (J6930). Dedup: the row loaded LATER (batch 2) carries an OLDER approval
    # date and a Financial Data Port address; the row with the latest approval date wins
    # whatever the load order -> Pudong Model Community (峨山路, priority 1, beats 浦东新区).
    (BATCH_2, 2, _registration(E01, "模力支付科技有限公司", D(2021, 3, 15),
                               "上海市浦东新区芳甸路1号", "J6930", "active", D(2022, 1, 1))),
    (BATCH_1, 2, _registration(E01, "模力支付科技有限公司", D(2021, 3, 15),
                               "上海市浦东新区峨山路91弄1号", "J6930", "active", D(2024, 5, 1))),
    # E02 fintech (J6620), full-width brackets in the address still match 芳甸路 -> FDP.
    # Deregistered 2025-08-20 -> death in 2025Q3.
    (BATCH_1, 3, _registration(E02, "数据港金融信息服务有限公司", D(2020, 2, 10),
                               "上海市浦东新区芳甸路（105号）", "J6620", "deregistered",
                               D(2025, 8, 20))),
    # E03: same approval date twice; the later load wins (section I with a finance keyword
    # in its scope -> fintech). The earlier load has no keyword (would not be fintech).
    # 自由贸易试验区 (OTHER, 9) loses to 郭守敬路 (PDSP, 1).
    (BATCH_1, 4, _registration(E03, "软件园信息技术有限公司", D(2023, 7, 1),
                               "中国(上海)自由贸易试验区郭守敬路498号", "I6510", "active",
                               D(2023, 7, 1), scope="软件开发；信息技术咨询")),
    (BATCH_2, 3, _registration(E03, "软件园信息技术有限公司", D(2023, 7, 1),
                               "中国(上海)自由贸易试验区郭守敬路498号", "I6510", "active",
                               D(2023, 7, 1), scope="软件开发；支付结算技术服务")),
    # E04: section I without a finance keyword -> NOT fintech (Zhangjiang, 科苑路).
    (BATCH_1, 5, _registration(E04, "张江智能软件有限公司", D(2022, 1, 5),
                               "上海市浦东新区科苑路88号", "I6420", "active", D(2022, 1, 5),
                               scope="互联网信息服务；软件开发")),
    # E05: fintech and Pudong division code, but a Xuhui address -> outside, counts nowhere.
    (BATCH_1, 6, _registration(E05, "徐汇金融科技有限公司", D(2021, 1, 1),
                               "上海市徐汇区漕溪北路88号", "J6930", "active", D(2021, 1, 1))),
    # E06 fintech (J6710), only 浦东新区 -> OTHER, born 2019 (before the spine). Two rows
    # of the same batch with the same approval date: the highest row number (9, revoked)
    # wins over row 7 (active) -> death 2020-05-10 (2020Q2).
    (BATCH_1, 7, _registration(E06, "浦东资本管理有限公司", D(2019, 6, 1),
                               "上海市浦东新区张杨路500号", "J6710", "active", D(2020, 5, 10))),
    (BATCH_1, 9, _registration(E06, "浦东资本管理有限公司", D(2019, 6, 1),
                               "上海市浦东新区张杨路500号", "J6710", "revoked", D(2020, 5, 10))),
    # E07 fintech (J6940), city-level USCC: the address decides. It contains 芳甸路 (FDP)
    # and 峨山路 (MOLI), both priority 1 -> the lowest park_id, FDP. Born 2026Q4.
    (BATCH_2, 4, _registration(E07, "金融数据港科技有限公司", D(2026, 10, 10),
                               "上海市浦东新区芳甸路1号近峨山路", "J6940", "active",
                               D(2026, 10, 10))),
    # E08: manufacturing (C3911) in Lujiazui Software Park -> not fintech (patents only).
    (BATCH_1, 10, _registration(E08, "陆家嘴电子设备有限公司", D(2018, 1, 1),
                                "上海市浦东新区浦东南路1号", "C3911", "active", D(2018, 1, 1))),
    # E09 fintech (J6930) in LJZSP (商城路), born 2020-01-01, moved out on 2026-09-30, the
    # last day of 2026Q3: a death in 2026Q3 and not active at its end.
    (BATCH_1, 11, _registration(E09, "商城路金融科技有限公司", D(2020, 1, 1),
                                "上海市浦东新区商城路1号", "J6930", "moved_out",
                                D(2026, 9, 30))),
    # E11: section I without a business scope -> not fintech (FDP, 龙阳路).
    (BATCH_1, 12, _registration(E11, "龙阳路网络科技有限公司", D(2021, 5, 5),
                                "上海市浦东新区龙阳路2000号", "I6510", "active", D(2021, 5, 5))),
]


def _patent(number, filed, applicant, ipc, kind="invention", granted=None):
    return dict(
        application_number=number,
        application_date=filed,
        publication_number=None,
        title="一种金融数据处理方法",
        applicants="某某公司",
        applicant_uscc=applicant,
        ipc_codes=ipc,
        patent_type=kind,
        grant_date=granted,
        legal_status="有效" if granted else "审中",
    )


PATENTS = [
    # P1: non-fintech E04 (ZJDIH), IPC G06Q40/ -> in scope: K19 ZJDIH 2024Q2.
    (BATCH_1, 2, _patent("202410000001.1", D(2024, 5, 10), E04, "G06Q40/04;G06F16/00")),
    # P2: non-fintech E04, no fintech IPC -> out of scope.
    (BATCH_1, 3, _patent("202410000002.2", D(2024, 6, 1), E04, "G06F16/00")),
    # P8: non-fintech E04, G06Q30/ is not a fintech group -> out of scope.
    (BATCH_1, 4, _patent("202410000008.8", D(2024, 4, 20), E04, "G06Q30/02")),
    # P3: non-fintech E08 (LJZSP), G06Q20/ as its second code -> K19 LJZSP 2025Q1.
    (BATCH_1, 5, _patent("202510000003.3", D(2025, 1, 15), E08, "G06F21/00;G06Q20/40")),
    # P4: fintech E01 (MOLI), ordinary IPC -> in scope through its applicant: K19 MOLI
    # 2025Q1. Delivered twice: the granted row (loaded first) wins over the later one.
    (BATCH_1, 6, _patent("202510000004.4", D(2025, 2, 1), E01, "G06F16/00", granted=D(2026, 3, 1))),
    (BATCH_2, 2, _patent("202510000004.4", D(2025, 2, 1), E01, "G06F16/00")),
    # P5: fintech E01 but a utility model -> not an invention.
    (BATCH_1, 7, _patent("202520000005.5", D(2025, 3, 1), E01, "G06Q20/40", kind="utility_model")),
    # P6: fintech IPC, applicant outside Pudong (E05) -> no park.
    (BATCH_1, 8, _patent("202510000006.6", D(2025, 1, 10), E05, "G06Q40/00")),
    # P7: fintech IPC, no applicant USCC -> linked to nothing.
    (BATCH_1, 9, _patent("202510000007.7", D(2025, 1, 20), None, "G06Q40/02")),
]


def _round(code, name, deal, stage, text, amount, currency, estimate=False, undisclosed=False):
    return dict(
        company_name=name,
        registered_name=name,
        uscc=code,
        founded_on=None,
        location="上海-浦东新区",
        deal_date=deal,
        round_raw=stage,
        amount_text=text,
        amount=amount,
        currency=currency,
        amount_is_estimate=estimate,
        amount_is_undisclosed=undisclosed,
        investors="某某资本",
    )


ROUNDS = [
    # R1: fintech E01 (MOLI) A round 2026-08-01. Delivered twice: the later load (2.6亿美元)
    # wins over the earlier one (2亿美元). 260,000,000 USD x 7.10 (2026) = 1,846,000,000 CNY.
    (BATCH_1, 2, _round(E01, "模力支付", D(2026, 8, 1), "A轮", "2亿美元", 200_000_000.0, "USD")),
    (BATCH_2, 2, _round(E01, "模力支付", D(2026, 8, 1), "A轮", "2.6亿美元", 260_000_000.0, "USD")),
    # R2: E01 B round, an estimate: 数千万人民币 = 50,000,000 CNY, flags K32 as an estimate.
    (BATCH_1, 3, _round(E01, "模力支付", D(2026, 9, 15), "B轮", "数千万人民币", 50_000_000.0,
                        "CNY", estimate=True)),
    # R3: E01 strategic round, undisclosed: excluded, never counted as 0.
    (BATCH_1, 4, _round(E01, "模力支付", D(2026, 9, 20), "战略投资", "未透露", None, None,
                        undisclosed=True)),
    # R4, R5: fintech E03 (PDSP), 2025Q4: 6,300,000 CNY + 10,000,000 HKD x 0.9205 (2025).
    (BATCH_1, 5, _round(E03, "软件园信息", D(2025, 12, 31), "天使轮", "630万人民币", 6_300_000.0,
                        "CNY")),
    (BATCH_1, 6, _round(E03, "软件园信息", D(2025, 11, 1), "Pre-A轮", "1000万港币", 10_000_000.0,
                        "HKD")),
    # R6: non-fintech E04 -> excluded. R7: E05 outside Pudong -> excluded.
    (BATCH_1, 7, _round(E04, "张江智能", D(2026, 8, 1), "A轮", "1亿人民币", 100_000_000.0, "CNY")),
    (BATCH_1, 8, _round(E05, "徐汇金融", D(2026, 8, 1), "A轮", "1亿人民币", 100_000_000.0, "CNY")),
    # R8: no USCC -> linked to nothing.
    (BATCH_1, 9, _round(None, "无名金融", D(2026, 8, 1), "A轮", "1亿人民币", 100_000_000.0, "CNY")),
    # R10: fintech E07 (FDP), 2026Q4: 100,000,000 EUR x 8.1650 (2026) = 816,500,000 CNY.
    (BATCH_2, 3, _round(E07, "数据港科技", D(2026, 11, 1), "C轮", "1亿欧元", 100_000_000.0, "EUR")),
]


def _event(code, kind, on, description=None, name="某公司", level="区级"):
    return dict(
        enterprise_name=name,
        uscc=code,
        event_type_raw=kind,
        event_date=on,
        level=level,
        amount_text=None,
        amount=None,
        currency=None,
        amount_is_estimate=False,
        amount_is_undisclosed=True,
        issuing_office="浦东新区市场监管局",
        description=description,
    )


ABNORMAL, FUNDRAISING, HIGH_TECH = "列入经营异常名录", "非法集资案件", "高新技术企业认定"
CONFERENCE, COMPETITION, BENCHMARK = "行业会议", "创新大赛", "标杆企业认定"
LISTING, DELISTING = "上市", "退市"
EVENTS = [
    # EV1: risk incident of E09 (LJZSP) in 2026Q3; LJZSP has no active fintech firm at the
    # end of 2026Q3 (E09 left on its last day) -> K38 LJZSP 2026Q3 is no_data (1 / 0).
    (BATCH_1, 2, _event(E09, ABNORMAL, D(2026, 8, 15), "未按时公示年报")),
    # EV2, EV3: the same illegal-fundraising case of E01 (MOLI) delivered twice -> once.
    (BATCH_1, 3, _event(E01, FUNDRAISING, D(2026, 7, 1), "案件A")),
    (BATCH_2, 2, _event(E01, FUNDRAISING, D(2026, 7, 1), "案件A")),
    # EV8: same type, date and firm, another description -> a second incident of E01.
    (BATCH_2, 3, _event(E01, FUNDRAISING, D(2026, 7, 1), "案件B")),
    # EV4: risk incident of a non-fintech firm (E04) -> excluded.
    (BATCH_1, 4, _event(E04, ABNORMAL, D(2026, 8, 1))),
    # EV5: risk incident of a firm outside Pudong (E05) -> excluded.
    (BATCH_1, 5, _event(E05, ABNORMAL, D(2026, 8, 1))),
    # EV6: not a risk incident (certification) of E01 -> excluded.
    (BATCH_1, 6, _event(E01, HIGH_TECH, D(2026, 7, 15))),
    # EV7: risk incident without USCC -> linked to nothing.
    (BATCH_1, 7, _event(None, ABNORMAL, D(2026, 8, 1), name="无名公司")),
    # EV9: international conference of non-fintech E04 (ZJDIH): K30 counts every park
    # enterprise, weight 3. EV10: municipal competition of E01 (MOLI), weight 1.
    (BATCH_1, 8, _event(E04, CONFERENCE, D(2026, 5, 10), "大会", level="国际级")),
    (BATCH_1, 9, _event(E01, COMPETITION, D(2026, 6, 30), "大赛", level="市级")),
    # EV11: listing of non-fintech E04 -> neither K35 nor K03 (fintech only).
    (BATCH_1, 10, _event(E04, LISTING, D(2024, 3, 1), "上市A")),
    # EV12, EV13: fintech E03 (PDSP) listed 2024-05-10 (K35 2024Q2), delisted 2025-11-20:
    # K03 PDSP = 1 from 2024Q2 to 2025Q3.
    (BATCH_1, 11, _event(E03, LISTING, D(2024, 5, 10), "上市B")),
    (BATCH_1, 12, _event(E03, DELISTING, D(2025, 11, 20), "退市B")),
    # EV14: benchmark designation of E09 (LJZSP) 2022-02-01: K01 LJZSP = 1 from 2022Q1
    # until E09 moves out (2026-09-30, not active at the end of 2026Q3).
    (BATCH_1, 13, _event(E09, BENCHMARK, D(2022, 2, 1), "标杆")),
]

# fmt: on

FEED_ROWS = {
    "registrations": REGISTRATIONS,
    "patents": PATENTS,
    "financing_rounds": ROUNDS,
    "events": EVENTS,
}


def build_raw_warehouse(path: Path) -> None:
    """Create `path` with schema raw, the four canonical tables and the rows above, and
    an empty `meta.name_matches` (the dbt source entity resolution writes)."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema raw")
        for table, columns in RAW_TABLES.items():
            con.execute(f"create table raw.{table} ({columns}, {LINEAGE})")
            for (batch_id, loaded_at), row_number, record in FEED_ROWS[table]:
                values = {
                    **record,
                    "_batch_id": batch_id,
                    "_source_file": f"landing/{table}/{batch_id}.csv",
                    "_file_sha256": f"sha-{table}-{batch_id}",
                    "_row_number": row_number,
                    "_loaded_at": loaded_at,
                }
                names = ", ".join(values)
                marks = ", ".join("?" for _ in values)
                insert = f"insert into raw.{table} ({names}) values ({marks})"
                con.execute(insert, list(values.values()))
        # Entity resolution found no names here: every row without a USCC stays unlinked.
        columns = ", ".join(f"{name} {sql_type}" for name, sql_type in NAME_MATCHES_COLUMNS.items())
        con.execute("create schema meta")
        con.execute(f"create table meta.name_matches ({columns})")


if __name__ == "__main__":  # build a warehouse by hand: python tests/dbt/raw_fixture.py PATH
    import sys

    build_raw_warehouse(Path(sys.argv[1]))
