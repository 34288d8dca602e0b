"""Every fixed text of the report, dashboard and workbook, in Chinese and English: one place.

Texts that come from data (park, action-item and KPI names) are bilingual in the
reference seeds and chosen with ``pick``; these are the rest.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")

LABELS: dict[str, dict[str, str]] = {
    "title": {
        "zh": "浦东新区金融科技集聚区季度评估报告",
        "en": "Pudong FinTech Cluster Quarterly Evaluation",
    },
    "subtitle": {
        "zh": "《浦东新区打造金融科技标杆集聚区高质量发展行动方案》（浦府办〔2025〕29号）",
        "en": "Action Plan for High-Quality Development of Pudong as a Benchmark FinTech Cluster "
        "(浦府办〔2025〕29号)",
    },
    "quarter": {"zh": "报告期", "en": "Quarter"},
    "as_of": {"zh": "数据版本", "en": "Data version"},
    "contents": {"zh": "目录", "en": "Contents"},
    "summary": {"zh": "一、执行摘要", "en": "1. Executive summary"},
    "index": {
        "zh": "二、集聚区指数与十项行动得分",
        "en": "2. Cluster index and action-item scores",
    },
    "scorecard": {"zh": "三、指标目标进度记分卡", "en": "3. KPI scorecard against the target path"},
    "parks": {"zh": "四、园区对比", "en": "4. Park comparison"},
    "trends": {"zh": "五、2020年以来趋势", "en": "5. Trends since 2020"},
    "top": {"zh": "六、重点企业", "en": "6. Top enterprises"},
    "risk": {"zh": "七、风险监测", "en": "7. Risk monitoring"},
    "quality": {"zh": "附录一、数据质量", "en": "Appendix A. Data quality"},
    "methodology": {
        "zh": "附录二、方法与指标定义",
        "en": "Appendix B. Methodology and KPI definitions",
    },
    "headline": {"zh": "核心指标", "en": "Headline"},
    "value": {"zh": "本期", "en": "This quarter"},
    "qoq": {"zh": "环比", "en": "QoQ"},
    "yoy": {"zh": "同比", "en": "YoY"},
    "cluster_index": {"zh": "集聚区指数", "en": "Cluster index"},
    "action_item": {"zh": "行动", "en": "Action item"},
    "score": {"zh": "得分", "en": "Score"},
    "band": {"zh": "权重±20%区间", "en": "Band under ±20% weights"},
    "kpi": {"zh": "指标", "en": "KPI"},
    "target_path": {"zh": "目标路径值", "en": "Target path"},
    "pct_of_path": {"zh": "完成度", "en": "% of path"},
    "status": {"zh": "状态", "en": "Status"},
    "park": {"zh": "园区", "en": "Park"},
    "enterprise": {"zh": "企业", "en": "Enterprise"},
    "financing_cny": {
        "zh": "近四季度股权融资（元）",
        "en": "Equity financing, last 4 quarters (CNY)",
    },
    "rounds": {"zh": "轮次", "en": "Rounds"},
    "patents": {
        "zh": "近四季度金融科技发明申请",
        "en": "Fintech invention applications, last 4 quarters",
    },
    "top_financing": {"zh": "融资额前十", "en": "Top 10 by equity financing"},
    "top_patents": {"zh": "专利申请前十", "en": "Top 10 by patent applications"},
    "red_kpis": {
        "zh": "未达目标路径（红色）的指标",
        "en": "KPIs below 85% of the target path (red)",
    },
    "risk_kpis": {"zh": "风险类指标（行动十）", "en": "Risk KPIs (action item 10)"},
    "runs": {"zh": "最近一次运行", "en": "Last run"},
    "checks": {"zh": "质量检查", "en": "Quality checks"},
    "checks_run": {"zh": "已运行检查", "en": "Checks run"},
    "checks_failed": {"zh": "未通过检查", "en": "Checks failed"},
    "quarantine": {"zh": "按规则隔离的行", "en": "Rows quarantined by rule"},
    "freshness": {"zh": "各数据源时效", "en": "Freshness per feed"},
    "feed": {"zh": "数据源", "en": "Feed"},
    "rule": {"zh": "规则", "en": "Rule"},
    "rows": {"zh": "行数", "en": "Rows"},
    "files": {"zh": "文件数", "en": "Files"},
    "last_loaded": {"zh": "最近加载", "en": "Last loaded"},
    "age_days": {"zh": "距今天数", "en": "Days ago"},
    "suite": {"zh": "检查套件", "en": "Suite"},
    "target": {"zh": "对象", "en": "Target"},
    "column": {"zh": "字段", "en": "Column"},
    "unit": {"zh": "单位", "en": "Unit"},
    "direction": {"zh": "方向", "en": "Direction"},
    "formula": {"zh": "计算方法", "en": "Formula"},
    "up": {"zh": "越高越好", "en": "higher is better"},
    "down": {"zh": "越低越好", "en": "lower is better"},
    "no_data": {"zh": "暂无数据", "en": "no data"},
    "green": {"zh": "达标", "en": "on track"},
    "amber": {"zh": "接近", "en": "close"},
    "red": {"zh": "落后", "en": "behind"},
    "estimate_note": {"zh": "~ 含估算金额", "en": "~ includes estimated amounts"},
    "method_scores": {
        "zh": "行动得分（0–100）：各指标以基准年固定参考值做最小–最大标准化（“越低越好”指标取反），"
        "按指标权重加权平均；集聚区指数为十项行动得分的平均；区间为权重上下浮动20%时的得分范围。"
        "目标进度：本期值 ÷ 基准期（2025Q2）至2027Q4目标的直线路径值；"
        "≥100%达标，≥85%接近，其余落后；"
        "缺少输入时显示“暂无数据”，从不以0代替。",
        "en": "Action-item score (0–100): each KPI min–max normalised against fixed baseline-year "
        "reference values (flipped for lower-is-better KPIs) and averaged with the KPI weights; "
        "the cluster index is the mean of the ten action-item scores; the band is the range of "
        "scores under ±20% weights. Progress: value ÷ the straight path from the 2025Q2 baseline "
        "to the 2027Q4 target; ≥100% on track, ≥85% close, below that behind; 'no data' when "
        "inputs are missing, never a zero.",
    },
    "source_note": {
        "zh": "数据来源：已发布仓库（仅通过全部阻断性检查的数据）。",
        "en": "Source: the published warehouse (only data that passed every blocking check).",
    },
    "dashboard_title": {"zh": "浦东金融科技集聚区看板", "en": "Pudong FinTech Cluster Dashboard"},
    "all_action_items": {"zh": "全部行动", "en": "All action items"},
    "drilldown": {"zh": "指标明细", "en": "KPI drill-down"},
    "contribution": {"zh": "贡献值", "en": "Contribution"},
    "entity_type": {"zh": "类型", "en": "Type"},
    "entity_id": {"zh": "编号", "en": "ID"},
    "name": {"zh": "名称", "en": "Name"},
    "kpi_series": {"zh": "指标序列", "en": "KPI series"},
    "value_col": {"zh": "数值", "en": "Value"},
}


def label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def labels_for(lang: str) -> dict[str, str]:
    """All fixed texts in one language (what the templates see as ``t``)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    return {key: texts[lang] for key, texts in LABELS.items()}


def pick(zh: str | None, en: str | None, lang: str) -> str:
    """The name in ``lang``, falling back to the other language rather than to nothing."""
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return first or second or ""
