"""The home the report tests share: a copy of the refreshed home into which a registrations
delivery has renamed two real enterprises to hostile names:

* the top-financed enterprise becomes ``<script>alert(1)</script>`` (must stay text in the
  report and the dashboard);
* the top patent applicant becomes a spreadsheet formula (must stay text in the workbook).

The names flow through the whole pipeline (ingest → dbt → checks → publish), one refresh.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb

from fintech_cluster import settings
from fintech_cluster.reports.build import dashboard_path, report_paths, workbook_path

SCRIPT_NAME = "<script>alert(1)</script>"
FORMULA_NAME = '=HYPERLINK("http://evil.example","点击")'
# 2026-11-28 (tests/homes.py AS_OF) lies in 2026Q4: the latest complete quarter is 2026Q3.
REPORT_QUARTER = "2026Q3"
WINDOW = ("2025Q4", "2026Q3")  # the four quarters the top-enterprise tables cover
REGISTRY_HEADER = (
    "企业名称,统一社会信用代码,注册日期,企业类型,法人代表,注册资金,经营范围,所在省份,地区,"
    "注册地址,行业代码,登记状态,核准日期,联系电话"
)


@dataclass(frozen=True)
class Built:
    home: settings.Home
    quarter: str
    script_enterprise: str  # enterprise_id of the one renamed to SCRIPT_NAME
    script_park: str
    formula_enterprise: str

    def report_html(self, lang: str) -> Path:
        return report_paths(self.home.reports, self.quarter, lang).html

    def report_pdf(self, lang: str) -> Path:
        return report_paths(self.home.reports, self.quarter, lang).pdf

    @property
    def dashboard(self) -> Path:
        return dashboard_path(self.home.reports, self.quarter)

    @property
    def workbook(self) -> Path:
        return workbook_path(self.home.reports, self.quarter)

    def published(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.home.published_warehouse), read_only=True)


TOP_FINANCED_SQL = """
    select e.enterprise_id, e.uscc, e.park_id from marts.fct_financing_rounds as f
    inner join marts.dim_enterprises as e using (enterprise_id)
    where f.is_fintech and f.park_id is not null and f.deal_quarter between ? and ?
    group by all order by sum(f.amount_cny) desc nulls last limit 1
"""
TOP_PATENTING_SQL = """
    select e.enterprise_id, e.uscc, e.park_id from marts.fct_patents as p
    inner join marts.dim_enterprises as e using (enterprise_id)
    where p.is_fintech_scope and p.park_id is not null and p.patent_type = 'invention'
        and p.application_quarter between ? and ? and e.enterprise_id != ?
    group by all order by count(*) desc limit 1
"""
ENTERPRISE_SQL = """
    select uscc, registration_date, enterprise_type, address, industry_code
    from marts.dim_enterprises where enterprise_id = ?
"""


def _registry_row(con, enterprise_id: str, name: str) -> list[str]:
    """A change delivery for an existing enterprise: same identity, a new name, approved
    later than any earlier delivery (the latest approval decides the current name)."""
    uscc, registered, kind, address, industry = con.execute(
        ENTERPRISE_SQL, [enterprise_id]
    ).fetchall()[0]
    return [
        name, uscc, registered.isoformat(), kind or "有限责任公司", "张三", "1,000(万元人民币)",
        "金融信息服务；软件开发", "上海市", "浦东新区", address, industry,
        "存续（在营、开业、在册）", "2026-11-20", "13800138000",
    ]  # fmt: skip


def deliver_hostile_names(home: settings.Home) -> tuple[tuple, tuple]:
    with duckdb.connect(str(home.published_warehouse), read_only=True) as con:
        script = con.execute(TOP_FINANCED_SQL, list(WINDOW)).fetchall()[0]
        formula = con.execute(TOP_PATENTING_SQL, [*WINDOW, script[0]]).fetchall()[0]
        rows = [
            _registry_row(con, script[0], SCRIPT_NAME),
            _registry_row(con, formula[0], FORMULA_NAME),
        ]
    folder = home.landing_for("registrations")
    with (folder / "2026-11_工商登记变更_更名.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(REGISTRY_HEADER + "\n")
        csv.writer(f, lineterminator="\n").writerows(rows)
    return script, formula
