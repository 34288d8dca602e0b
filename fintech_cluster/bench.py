"""``fintech-cluster bench``: how fast the refresh is, measured against the raw DuckDB floor.

Every figure comes from one run in one private home, so ratios hold on a noisy machine:

1. generate the world (timed, reported, not part of any ratio);
2. the full refresh end to end (``fintech-cluster refresh`` in a child process: ingest,
   contracts, dbt build, GX, publish), its stages read back from Dagster's run storage
   and dbt's ``run_results.json``; peak RSS of the whole process tree sampled from /proc;
3. the **floor**: the same landing files read with DuckDB ``read_csv`` (XLSX with
   fastexcel, the fastest reader here), plus the compiled SQL of every dbt model run in
   one DuckDB connection, no orchestration, no tests, no checks. The connection has the
   DuckDB settings dbt's profile gives the refresh (threads, memory limit), so the ratio
   prices orchestration, not a memory budget; the floor is run a second time with DuckDB's
   defaults (all cores, 80 % of RAM) to show what that budget costs;
4. one day's change delivery written into landing, and the refresh again (incremental);
5. ten typical analyst queries on the published file, p50/p95 over repeated runs;
6. spot checks of the published KPI values against the generator's truth.

The floor's models run on raw tables copied from the refreshed warehouse: the read step
measures what reading the files costs, the copy only supplies the same rows (its time is
not counted). Speed is never asserted here or in the tests: the figures are reported.
"""

from __future__ import annotations

import csv
import graphlib
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import jinja2
import yaml

from fintech_cluster import settings
from fintech_cluster.refresh import dbt_target_dir
from fintech_cluster.warehouse import (
    AUDITED_CATALOG,
    audited_path,
    connect_working,
    fetch_one,
    remove_duckdb_file,
)

RESULTS_DIR = settings.PROJECT_ROOT / "bench" / "results"
QUERY_REPEATS = 20
RSS_SAMPLE_SECONDS = 0.1
# Quantities whose truth and warehouse value may differ by rounding (CNY amounts, ratios).
AMOUNT_TOLERANCE_CNY = 0.01
RELATIVE_TOLERANCE = 1e-9
# How many of the slowest dbt nodes of the incremental refresh the report lists.
SLOWEST_NODES = 15
# The feeds' latest CSV files, read back to build one day's change delivery.
DAY_DELIVERY_NAME = "daily_{as_of}.csv"


# -- results ----------------------------------------------------------------------------------


@dataclass
class QueryTiming:
    name: str
    p50_ms: float
    p95_ms: float


@dataclass
class SpotCheck:
    """Published KPI values compared with the generator's truth."""

    checked: int = 0
    mismatched: int = 0
    missing: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.checked > 0 and not self.mismatched and not self.missing


@dataclass
class BenchResult:
    scale: str
    seed: int
    as_of: str
    started_at: str
    generate_s: float = 0.0
    full_refresh_s: float = 0.0
    full_refresh_breakdown: dict[str, float] = field(default_factory=dict)
    dbt_breakdown: dict[str, float] = field(default_factory=dict)
    floor_s: float = 0.0
    floor_breakdown: dict[str, float] = field(default_factory=dict)
    floor_duckdb_settings: dict[str, str] = field(default_factory=dict)
    ratio: float = 0.0
    floor_default_settings_s: float = 0.0  # the same floor under DuckDB's own defaults
    incremental_s: float = 0.0
    incremental_breakdown: dict[str, float] = field(default_factory=dict)
    incremental_share: float = 0.0
    incremental_dbt_breakdown: dict[str, float] = field(default_factory=dict)
    incremental_slowest_nodes: dict[str, float] = field(default_factory=dict)
    # the published file after the incremental refresh, and the share of it that is free
    # blocks (left by the tables the refresh replaced; the audited file is kept between
    # refreshes)
    published_mb: float = 0.0
    published_free_share: float = 0.0
    day_delivery_rows: dict[str, int] = field(default_factory=dict)
    peak_rss_mb: float = 0.0
    largest_process_rss_mb: float = 0.0
    query_p50_ms: float = 0.0
    query_p95_ms: float = 0.0
    queries: list[QueryTiming] = field(default_factory=list)
    landing_mb: float = 0.0
    row_counts: dict[str, int] = field(default_factory=dict)
    spot_check_full: SpotCheck = field(default_factory=SpotCheck)
    spot_check_incremental: SpotCheck = field(default_factory=SpotCheck)
    floor_differences: list[str] = field(default_factory=list)  # floor vs dbt kpi_values
    # 1-minute load average when the run started and ended: other work on the machine
    # slows every figure (the ratios hold better than the seconds).
    load_average: tuple[float, float] = (0.0, 0.0)
    notes: list[str] = field(default_factory=list)

    def wrong_results(self) -> list[str]:
        """What the run got wrong (KPIs unlike the truth, a floor unlike dbt); empty if none."""
        wrong = [
            f"{label}: {check.mismatched} of {check.checked} KPI values differ from the truth, "
            f"{check.missing} missing (e.g. {'; '.join(check.examples) or '-'})"
            for label, check in (
                ("full refresh", self.spot_check_full),
                ("incremental refresh", self.spot_check_incremental),
            )
            if not check.passed
        ]
        if self.floor_differences:
            wrong.append("floor KPI values differ from dbt's: " + "; ".join(self.floor_differences))
        return wrong

    def as_json(self) -> dict[str, object]:
        data = asdict(self)
        data["spot_check_full"]["passed"] = self.spot_check_full.passed
        data["spot_check_incremental"]["passed"] = self.spot_check_incremental.passed
        return data


# -- child processes and their memory ---------------------------------------------------------


def _tree_rss_bytes(root_pid: int) -> int:
    """Resident memory of a process and all its descendants, read from /proc."""
    total, pending = 0, [root_pid]
    while pending:
        pid = pending.pop()
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
                        break
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as children:
                    pending.extend(int(child) for child in children.read().split())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue  # the process ended while we looked
    return total


@dataclass
class ChildRun:
    seconds: float
    peak_tree_rss_bytes: int
    returncode: int
    output: str


def run_child(command: list[str], env: dict[str, str]) -> ChildRun:
    """Run a command, timing it and sampling the RSS of its whole process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(RSS_SAMPLE_SECONDS):
            peak = max(peak, _tree_rss_bytes(process.pid))

    sampler = threading.Thread(target=sample, name="rss-sampler", daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return ChildRun(seconds, peak, process.returncode, output)


def _largest_child_rss_mb() -> float:
    """The largest single descendant so far (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _tool(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


# -- the bench home ---------------------------------------------------------------------------


def bench_environment(home: settings.Home, as_of: date) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        FINTECH_CLUSTER_HOME=str(home.root),
        FINTECH_CLUSTER_AS_OF=as_of.isoformat(),
        DAGSTER_HOME=str(home.dagster_home),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    return env


class BenchStepFailed(RuntimeError):
    """A step of the bench (generate, refresh, dbt compile) failed: no figures."""


def _check_child(run: ChildRun, what: str) -> None:
    if run.returncode != 0:
        tail = "\n".join(run.output.strip().splitlines()[-15:])
        raise BenchStepFailed(f"{what} failed (exit {run.returncode}):\n{tail}")


# -- refresh breakdown ------------------------------------------------------------------------


def _stage_of(step_key: str) -> str:
    if step_key.startswith("raw__"):
        return "ingest + contracts"
    return {
        "warehouse_models": "dbt build",
        "quality_gates": "quality gates (GX)",
        "published__warehouse": "publish",
        "meta__name_matches": "entity resolution (name matches)",
    }.get(step_key, step_key)


def refresh_breakdown(home: settings.Home, total_s: float) -> dict[str, float]:
    """Seconds per stage of the home's latest Dagster run; the rest is process start-up,
    imports and Dagster's own bookkeeping."""
    import dagster as dg

    os.environ["DAGSTER_HOME"] = str(home.dagster_home)  # its event log storage reads it
    with dg.DagsterInstance.from_config(str(home.dagster_home)) as instance:
        (record,) = instance.get_run_records(limit=1)
        stats = instance.get_run_step_stats(record.dagster_run.run_id)
    stages: dict[str, float] = {}
    for step in stats:
        if step.start_time is None or step.end_time is None:
            continue
        stage = _stage_of(step.step_key)
        stages[stage] = stages.get(stage, 0.0) + step.end_time - step.start_time
    stages["start-up, imports, orchestration"] = total_s - sum(stages.values())
    return {stage: round(seconds, 2) for stage, seconds in stages.items()}


def dbt_breakdown(run_results: Path, since: float, step_s: float) -> dict[str, float]:
    """Seconds per kind of dbt node (seeds, models by layer, tests) of one ``dbt build``,
    and the rest of the Dagster step around them (dbt's start-up and parse, dagster-dbt's
    handling of dbt's events).

    ``run_results.json`` sits in the home's own dbt target folder; a file older than the
    refresh (a failed build's leftovers) is ignored.
    """
    results = _run_results_since(run_results, since)
    if results is None:
        return {}
    kinds: dict[str, float] = {}
    for node in results["results"]:
        parts = node["unique_id"].split(".")
        kind = parts[0] if parts[0] != "model" else f"models: {_layer_of(parts[2])}"
        kinds[kind] = kinds.get(kind, 0.0) + node["execution_time"]
    kinds["dbt between nodes"] = results["elapsed_time"] - sum(kinds.values())
    kinds["dbt start-up + parse, dagster-dbt events"] = step_s - results["elapsed_time"]
    return {kind: round(seconds, 2) for kind, seconds in sorted(kinds.items())}


def slowest_nodes(run_results: Path, since: float, count: int = SLOWEST_NODES) -> dict[str, float]:
    """Seconds of the ``count`` dbt nodes (models, tests, seeds) that took longest in one
    ``dbt build``, slowest first: where a refresh's time goes."""
    results = _run_results_since(run_results, since)
    if results is None:
        return {}
    nodes = sorted(results["results"], key=lambda node: -node["execution_time"])[:count]
    return {node["unique_id"].split(".", 2)[-1]: round(node["execution_time"], 2) for node in nodes}


def _run_results_since(run_results: Path, since: float) -> dict | None:
    """dbt's ``run_results.json``, unless it is older than ``since`` (a failed build's
    leftovers) or missing."""
    if not run_results.exists() or run_results.stat().st_mtime < since:
        return None
    return json.loads(run_results.read_text())


def _layer_of(model_name: str) -> str:
    for prefix, layer in (("stg_", "staging"), ("int_", "intermediate")):
        if model_name.startswith(prefix):
            return layer
    return "marts"


# -- the floor --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledModel:
    unique_id: str
    relation: str  # "database"."schema"."alias"
    database: str
    schema: str
    materialized: str
    sql: str


def compile_project(target_dir: Path, env: dict[str, str], warehouse: Path) -> dict:
    """``dbt compile`` of the models into a private target folder; its manifest."""
    env = {**env, "FINTECH_CLUSTER_WAREHOUSE": str(warehouse)}
    command = [
        _tool("dbt"),
        "compile",
        "--project-dir",
        str(settings.DBT_PROJECT_DIR),
        "--profiles-dir",
        str(settings.DBT_PROJECT_DIR),
        "--target-path",
        str(target_dir),
        "--no-partial-parse",
        "--select",
        "resource_type:model",
        "--quiet",
    ]
    _check_child(run_child(command, env), "dbt compile")
    return json.loads((target_dir / "manifest.json").read_text())


def input_tables(manifest: dict) -> list[tuple[str, str, str]]:
    """``(database, schema, table)`` of everything the models read but do not build: the
    dbt sources (raw feeds, Python-built tables such as name matches) and the seeds."""
    sources = [(s["database"], s["schema"], s["identifier"]) for s in manifest["sources"].values()]
    seeds = [
        (node["database"], node["schema"], node["alias"])
        for node in manifest["nodes"].values()
        if node["resource_type"] == "seed"
    ]
    return sorted(set(sources + seeds))


def models_in_order(manifest: dict) -> list[CompiledModel]:
    nodes = {
        uid: node
        for uid, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"]["materialized"] != "ephemeral"
    }
    graph = {
        uid: [d for d in node["depends_on"]["nodes"] if d in nodes] for uid, node in nodes.items()
    }
    return [
        CompiledModel(
            uid,
            node["relation_name"],
            node["database"],
            node["schema"],
            node["config"]["materialized"],
            node["compiled_code"],
        )
        for uid in graphlib.TopologicalSorter(graph).static_order()
        for node in [nodes[uid]]
    ]


def read_landing_into(con: duckdb.DuckDBPyConnection, landing: Path) -> int:
    """Read every landing file into a DuckDB table, the cheapest way DuckDB offers.

    GBK files are read as latin-1: DuckDB has no GBK decoder offline, and a single-byte
    decoding parses the same bytes at the same cost. Returns the rows read. The vendor
    layouts (``<feed>/vendors/``: JSON, title lines, a few hundred re-delivered rows) are
    left out: ``read_csv`` cannot read them as they are.

    Each table is a temporary one (in memory), dropped once counted: the refresh keeps no
    file's text in memory when its models run, so neither does the floor.
    """
    rows = 0
    for number, path in enumerate(primary_landing_files(landing)):
        table = f"floor_read_{number}"
        if path.suffix.lower() == ".xlsx":
            rows += _read_workbook_into(con, path, table)
        else:
            encoding = "utf-8" if _is_utf8(path) else "latin-1"
            con.execute(
                f"create or replace temp table {table} as select * from "
                "read_csv(?, all_varchar = true, header = true, encoding = ?)",
                [str(path), encoding],
            )
            (count,) = fetch_one(con, f"select count(*) from {table}")
            rows += count
        con.execute(f"drop table {table}")
    return rows


def primary_landing_files(landing: Path) -> list[Path]:
    """Landing files of the primary layouts, sorted (not those under ``<feed>/vendors/``)."""
    return sorted(p for p in landing.rglob("*") if p.is_file() and "vendors" not in p.parts)


def _read_workbook_into(con: duckdb.DuckDBPyConnection, path: Path, table: str) -> int:
    import fastexcel

    # All text, like read_csv's all_varchar: no type guessing (and no warnings about it).
    frame = fastexcel.read_excel(str(path)).load_sheet(0, dtypes="string").to_polars()
    con.register("_workbook", _Stream(frame))
    con.execute(f"create or replace temp table {table} as select * from _workbook")
    con.unregister("_workbook")
    return frame.height


class _Stream:
    """A polars frame seen through the Arrow C stream only (pyarrow is not installed)."""

    def __init__(self, frame) -> None:
        self._frame = frame

    def __arrow_c_stream__(self, requested_schema: object | None = None) -> object:
        return self._frame.__arrow_c_stream__(requested_schema)


def _is_utf8(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start > len(head) - 4  # a character cut by the 64 KiB boundary
    return True


def copy_inputs(
    con: duckdb.DuckDBPyConnection, working: Path, tables: list[tuple[str, str, str]]
) -> None:
    """The models' input tables from the refreshed warehouse and its audited file
    (untimed: the read step measures the files, this only supplies the same rows the
    ingest produced)."""
    con.execute(f"attach '{working}' as working (read_only)")
    con.execute(f"attach '{audited_path(working)}' as working_audited (read_only)")
    for database, schema, table in tables:
        source = "working_audited" if database == AUDITED_CATALOG else "working"
        con.execute(f'create schema if not exists "{database}".{schema}')
        con.execute(
            f'create or replace table "{database}".{schema}.{table} as '
            f"from {source}.{schema}.{table}"
        )
    con.execute("detach working")
    con.execute("detach working_audited")


def run_models(con: duckdb.DuckDBPyConnection, models: list[CompiledModel]) -> None:
    """Every model's compiled SQL, materialised as configured (incremental: a full build)."""
    for model in models:
        con.execute(f'create schema if not exists "{model.database}".{model.schema}')
        kind = "view" if model.materialized == "view" else "table"
        con.execute(f"create or replace {kind} {model.relation} as (\n{model.sql}\n)")


def profile_duckdb_settings(env: dict[str, str]) -> dict[str, str]:
    """The DuckDB ``settings`` of dbt's profile, rendered as dbt renders them (``env_var``)."""
    return rendered_profile_entry("settings", env) or {}


def rendered_profile_entry(entry: str, env: dict[str, str]):
    """One entry of the target of dbt's profile, every text in it rendered as dbt renders
    it (only the environment variables that entry names are needed)."""

    def env_var(name: str, default: str | None = None) -> str:
        if name not in env and default is None:
            raise BenchStepFailed(f"profiles.yml needs the environment variable {name}")
        return env.get(name, default)

    templates = jinja2.Environment()

    def rendered(value):
        if isinstance(value, dict):
            return {key: rendered(item) for key, item in value.items()}
        if isinstance(value, list):
            return [rendered(item) for item in value]
        return templates.from_string(str(value)).render(env_var=env_var)

    profile = yaml.safe_load((settings.DBT_PROJECT_DIR / "profiles.yml").read_text())
    target = profile["fintech_cluster"]["outputs"][profile["fintech_cluster"]["target"]]
    return None if target.get(entry) is None else rendered(target[entry])


def compile_floor(home: settings.Home, floor_dir: Path, env: dict[str, str]) -> dict:
    """An empty ``floor_dir`` and the manifest of the models compiled for its warehouse
    (``dbt compile``, untimed), which every run of the floor there then uses.

    The floor's file keeps the working warehouse's name, so the compiled SQL's
    ``"warehouse"."schema"."model"`` names resolve unchanged."""
    shutil.rmtree(floor_dir, ignore_errors=True)
    floor_dir.mkdir(parents=True)
    return compile_project(floor_dir / "target", env, floor_warehouse(floor_dir, home))


def run_floor(
    home: settings.Home,
    floor_dir: Path,
    manifest: dict,
    duckdb_settings: dict[str, str] | None = None,
) -> dict[str, float]:
    """The floor in a new file in ``floor_dir``, with ``duckdb_settings`` (DuckDB's
    defaults if None) and the models of ``manifest`` (``compile_floor``)."""
    warehouse = floor_warehouse(floor_dir, home)
    for database in (warehouse, audited_path(warehouse)):
        remove_duckdb_file(database)
    with duckdb.connect(str(warehouse), config=duckdb_settings or {}) as con:
        con.execute(f"attach '{audited_path(warehouse)}' as {AUDITED_CATALOG}")
        copy_inputs(con, home.warehouse, input_tables(manifest))
        con.execute("checkpoint")  # the inputs on disk, as the refresh's are when dbt starts
        started = time.perf_counter()
        read_landing_into(con, home.landing)
        read_s = time.perf_counter() - started
        started = time.perf_counter()
        run_models(con, models_in_order(manifest))
        models_s = time.perf_counter() - started
    return {"read landing files": round(read_s, 2), "run compiled models": round(models_s, 2)}


def floor_warehouse(floor_dir: Path, home: settings.Home) -> Path:
    return floor_dir / home.warehouse.name


# -- one day's change delivery ----------------------------------------------------------------


def write_day_delivery(home: settings.Home, as_of: date) -> dict[str, int]:
    """Per feed, the newest CSV delivery's last rows again, as a new file: the day's extract.

    A vendor's daily extract repeats rows of its yearly file, which the pipeline must
    absorb (it already de-duplicates repeated deliveries): the KPIs must stay equal to the
    truth afterwards. The row count is a year's rows spread over the days so far.
    """
    written = {}
    for feed in settings.FEEDS:
        latest = _latest_csv(home.landing_for(feed))
        if latest is None:
            continue
        encoding = "utf-8-sig" if _is_utf8(latest) else "gb18030"
        with latest.open(encoding=encoding, newline="") as handle:
            header, *rows = list(csv.reader(handle))
        day_rows = _last_whole_rows(rows, max(1, math.ceil(len(rows) / 365)))
        target = latest.with_name(f"{latest.stem}_{DAY_DELIVERY_NAME.format(as_of=as_of)}")
        with target.open("w", encoding=encoding, newline="") as handle:
            csv.writer(handle).writerows([header, *day_rows])
        written[feed] = len(day_rows)
    return written


def _latest_csv(folder: Path) -> Path | None:
    files = sorted(folder.glob("*.csv"), key=lambda p: (p.stat().st_mtime, p.name))
    return files[-1] if files else None


def _last_whole_rows(rows: list[list[str]], count: int) -> list[list[str]]:
    """The last ``count`` rows, extended back to a row whose first cell is filled: a blank
    first cell continues the row above (financing exports group deals by company)."""
    start = max(0, len(rows) - count)
    while start > 0 and not rows[start][0].strip():
        start -= 1
    return rows[start:]


# -- analyst queries --------------------------------------------------------------------------

ANALYST_QUERIES: dict[str, str] = {
    "scorecard (latest quarter, KPI × park)": """
        with latest as (select max(quarter) as quarter from marts.kpi_values)
        select k.kpi_id, d.name_en, d.unit, k.park_id, k.value, k.status, k.is_estimate
        from marts.kpi_values as k
        inner join latest using (quarter)
        left join reference.kpi_definitions as d using (kpi_id)
        order by k.kpi_id, k.park_id""",
    "park comparison (one KPI, last 8 quarters)": """
        select park_id, quarter, value
        from marts.kpi_values
        where kpi_id = (select min(kpi_id) from marts.kpi_values)
          and quarter >= (select distinct quarter from marts.kpi_values
                          order by quarter desc limit 1 offset 7)
        order by park_id, quarter""",
    "district trend (every KPI, all quarters)": """
        select kpi_id, quarter, value, status
        from marts.kpi_values where park_id = 'ALL' order by kpi_id, quarter""",
    "park scores ranked (latest quarter)": """
        select park_id, score_level, subject_id, score,
               rank() over (partition by score_level, subject_id order by score desc) as rank
        from marts.kpi_scores
        where quarter = (select max(quarter) from marts.kpi_scores)
        order by score_level, subject_id, rank""",
    "progress against targets (latest quarter)": """
        select park_id, status, count(*) as kpis
        from marts.kpi_progress
        where quarter = (select max(quarter) from marts.kpi_progress)
        group by all order by park_id, status""",
    "drill-down: top contributors of a KPI value": """
        with cell as (
            select kpi_id, park_id, quarter from marts.kpi_contributions
            where park_id != 'ALL' order by quarter desc, kpi_id, park_id limit 1
        ),
        top_contributors as (
            select c.entity_type, c.entity_id, c.contribution
            from marts.kpi_contributions as c
            inner join cell using (kpi_id, park_id, quarter)
            order by c.contribution desc, c.entity_id limit 20
        )
        select t.entity_type, t.entity_id, t.contribution, e.name, e.is_fintech
        from top_contributors as t
        left join marts.dim_enterprises as e on e.enterprise_id = t.entity_id
        order by t.contribution desc, t.entity_id""",
    "drill-down: fintech firms of a park by patents": """
        select enterprise_id, name, patent_applications, financing_rounds
        from marts.dim_enterprises
        where park_id = (select min(park_id) from marts.dim_parks where park_id != 'ALL')
          and is_fintech
        order by patent_applications desc, enterprise_id limit 50""",
    "financing by park and stage (last 4 quarters)": """
        select park_id, round_stage, count(*) as rounds, sum(amount_cny) as amount_cny
        from marts.fct_financing_rounds
        where deal_quarter >= (select distinct deal_quarter from marts.fct_financing_rounds
                               order by deal_quarter desc limit 1 offset 3)
        group by all order by park_id, round_stage""",
    "risk incidents by park and quarter (this year)": """
        select park_id, event_quarter, count(*) as incidents
        from marts.fct_events
        where is_risk_incident
          and event_date >= (select date_trunc('year', max(event_date)) from marts.fct_events)
        group by all order by park_id, event_quarter""",
    "breakdown of a KPI (latest quarter)": """
        select breakdown, category, park_id, value
        from marts.kpi_breakdowns
        where quarter = (select max(quarter) from marts.kpi_breakdowns)
        order by breakdown, category, park_id""",
}


def _percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, math.ceil(share * len(sorted_values)))
    return sorted_values[rank - 1]


def time_queries(published: Path, repeats: int = QUERY_REPEATS) -> list[QueryTiming]:
    """Each query once to warm up, then ``repeats`` times, on one read-only connection."""
    timings = []
    with duckdb.connect(str(published), read_only=True) as con:
        for name, sql in ANALYST_QUERIES.items():
            con.execute(sql).fetchall()
            samples = []
            for _ in range(repeats):
                started = time.perf_counter()
                con.execute(sql).fetchall()
                samples.append((time.perf_counter() - started) * 1000)
            samples.sort()
            timings.append(
                QueryTiming(
                    name, round(_percentile(samples, 0.5), 2), round(_percentile(samples, 0.95), 2)
                )
            )
    return timings


# -- spot checks against the truth ------------------------------------------------------------


def _number(text: str) -> float | None:
    return None if text == "" else float(text)


def _close(expected: float | None, actual: float | None) -> bool:
    if expected is None or actual is None:
        return expected is None and actual is None
    tolerance = max(AMOUNT_TOLERANCE_CNY if abs(expected) >= 1e4 else 0.0, RELATIVE_TOLERANCE)
    return math.isclose(expected, actual, rel_tol=RELATIVE_TOLERANCE, abs_tol=tolerance)


def spot_check_kpis(truth_csv: Path, warehouse: Path) -> SpotCheck:
    """Every KPI value of the truth file against the warehouse's ``marts.kpi_values``."""
    with truth_csv.open(encoding="utf-8", newline="") as handle:
        truth = list(csv.DictReader(handle))
    with connect_working(warehouse, read_only=True) as con:
        rows = con.execute(
            "select kpi_id, park_id, quarter, value, status from marts.kpi_values"
        ).fetchall()
    actual = {(kpi, park, quarter): (value, status) for kpi, park, quarter, value, status in rows}
    check = SpotCheck()
    for row in truth:
        key = (row["kpi_id"], row["park_id"], row["quarter"])
        check.checked += 1
        if key not in actual:
            check.missing += 1
            continue
        value, status = actual[key]
        if status != row["status"] or not _close(_number(row["value"]), value):
            check.mismatched += 1
            if len(check.examples) < 5:
                check.examples.append(f"{'/'.join(key)}: truth {row['value']}, got {value}")
    return check


def kpi_value_differences(left: Path, right: Path, limit: int = 5) -> list[str]:
    """Rows of ``marts.kpi_values`` that differ between two warehouses (values within
    rounding); empty when they hold the same rows."""
    sql = "select kpi_id, park_id, quarter, value, status from marts.kpi_values"
    with (
        connect_working(left, read_only=True) as a,
        connect_working(right, read_only=True) as b,
    ):
        rows_a = {row[:3]: row[3:] for row in a.execute(sql).fetchall()}
        rows_b = {row[:3]: row[3:] for row in b.execute(sql).fetchall()}
    differences = []
    for key in sorted(rows_a.keys() | rows_b.keys()):
        value_a, status_a = rows_a.get(key, (None, "absent"))
        value_b, status_b = rows_b.get(key, (None, "absent"))
        if status_a != status_b or not _close(value_a, value_b):
            differences.append(f"{'/'.join(key)}: {value_a} ({status_a}) vs {value_b} ({status_b})")
    return differences[:limit]


# -- the whole run ----------------------------------------------------------------------------


Report = Callable[[str], None]


@contextmanager
def _stage(report: Report, description: str) -> Iterator[None]:
    report(f"{description} …")
    started = time.perf_counter()
    yield
    report(f"{description}: {time.perf_counter() - started:.1f} s")


def _refresh(home: settings.Home, env: dict[str, str], what: str) -> ChildRun:
    run = run_child([_tool("fintech-cluster"), "refresh"], env)
    _check_child(run, what)
    if not home.published_warehouse.exists():
        raise BenchStepFailed(f"{what} published nothing:\n{run.output}")
    return run


def _row_counts(published: Path) -> dict[str, int]:
    with duckdb.connect(str(published), read_only=True) as con:
        tables = con.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by 1"
        ).fetchall()
        return {t: fetch_one(con, f"select count(*) from marts.{t}")[0] for (t,) in tables}


def file_space(database: Path) -> tuple[float, float]:
    """A DuckDB file's size in MB, and the share of its blocks that are free."""
    free, total = file_blocks(database)
    return round(database.stat().st_size / 2**20, 1), round(free / total, 3)


def file_blocks(database: Path) -> tuple[int, int]:
    """A DuckDB file's free blocks (left by dropped tables, reused by the next writes) and
    all its blocks."""
    with duckdb.connect(str(database), read_only=True) as con:
        return fetch_one(con, "select free_blocks, total_blocks from pragma_database_size()")


def _landing_mb(home: settings.Home) -> float:
    return round(sum(p.stat().st_size for p in home.landing.rglob("*") if p.is_file()) / 2**20, 1)


def run_bench(
    scale: str,
    seed: int,
    as_of: date,
    work_dir: Path,
    report: Report = lambda _: None,
    query_repeats: int = QUERY_REPEATS,
) -> BenchResult:
    """Generate, refresh, floor, day delivery + refresh, queries, spot checks: one run."""
    home = settings.Home(work_dir / "home")
    floor_dir = work_dir / "floor"
    shutil.rmtree(work_dir, ignore_errors=True)
    home.root.mkdir(parents=True)
    env = bench_environment(home, as_of)
    result = BenchResult(scale, seed, as_of.isoformat(), datetime.now(UTC).isoformat())
    load_at_start = os.getloadavg()[0]

    with _stage(report, f"generate {scale}"):
        command = [_tool("fintech-cluster"), "generate", "--scale", scale, "--seed", str(seed)]
        generation = run_child([*command, "--as-of", as_of.isoformat()], env)
        _check_child(generation, "generate")
        result.generate_s = round(generation.seconds, 2)
    result.landing_mb = _landing_mb(home)

    with _stage(report, "full refresh"):
        refresh_started = time.time()
        full = _refresh(home, env, "full refresh")
    result.full_refresh_s = round(full.seconds, 2)
    result.full_refresh_breakdown = refresh_breakdown(home, full.seconds)
    run_results = dbt_target_dir(home) / "run_results.json"
    dbt_step_s = result.full_refresh_breakdown.get(_stage_of("warehouse_models"), 0.0)
    result.dbt_breakdown = dbt_breakdown(run_results, refresh_started, dbt_step_s)
    result.peak_rss_mb = round(full.peak_tree_rss_bytes / 2**20, 1)
    result.largest_process_rss_mb = round(_largest_child_rss_mb(), 1)
    result.row_counts = _row_counts(home.published_warehouse)
    result.spot_check_full = spot_check_kpis(
        home.truth / "kpi_values.csv", home.published_warehouse
    )

    result.floor_duckdb_settings = profile_duckdb_settings(env)
    manifest = compile_floor(home, floor_dir, env)
    with _stage(report, "floor (read_csv + compiled SQL in one connection)"):
        result.floor_breakdown = run_floor(home, floor_dir, manifest, result.floor_duckdb_settings)
    result.floor_s = round(sum(result.floor_breakdown.values()), 2)
    result.ratio = round(result.full_refresh_s / result.floor_s, 2)
    result.floor_differences = kpi_value_differences(
        floor_warehouse(floor_dir, home), home.published_warehouse
    )
    with _stage(report, "floor again, with DuckDB's default settings"):
        default_floor = run_floor(home, floor_dir, manifest)
    result.floor_default_settings_s = round(sum(default_floor.values()), 2)
    shutil.rmtree(floor_dir, ignore_errors=True)

    with _stage(report, "queries on the published file"):
        result.queries = time_queries(home.published_warehouse, query_repeats)
    result.query_p50_ms = max(q.p50_ms for q in result.queries)
    result.query_p95_ms = max(q.p95_ms for q in result.queries)

    result.day_delivery_rows = write_day_delivery(home, as_of)
    with _stage(report, "incremental refresh (one day's delivery)"):
        incremental_started = time.time()
        incremental = _refresh(home, env, "incremental refresh")
    result.incremental_s = round(incremental.seconds, 2)
    result.incremental_breakdown = refresh_breakdown(home, incremental.seconds)
    dbt_step_s = result.incremental_breakdown.get(_stage_of("warehouse_models"), 0.0)
    result.incremental_dbt_breakdown = dbt_breakdown(run_results, incremental_started, dbt_step_s)
    result.incremental_slowest_nodes = slowest_nodes(run_results, incremental_started)
    result.published_mb, result.published_free_share = file_space(home.published_warehouse)
    result.incremental_share = round(result.incremental_s / result.full_refresh_s, 3)
    result.peak_rss_mb = max(result.peak_rss_mb, round(incremental.peak_tree_rss_bytes / 2**20, 1))
    result.spot_check_incremental = spot_check_kpis(
        home.truth / "kpi_values.csv", home.published_warehouse
    )
    result.load_average = (round(load_at_start, 2), round(os.getloadavg()[0], 2))
    return result


# -- the report -------------------------------------------------------------------------------


def markdown_table(result: BenchResult) -> str:
    """The figures a reader needs, as one markdown document."""
    lines = [
        f"# Bench: {result.scale} (seed {result.seed}, as of {result.as_of})",
        "",
        f"Run started {result.started_at}; landing files {result.landing_mb} MB; "
        f"generation {result.generate_s} s; load average {result.load_average[0]} at the "
        f"start, {result.load_average[1]} at the end ({os.cpu_count()} cores).",
        "",
        "| measure | value |",
        "|---|---|",
        f"| full refresh | {result.full_refresh_s} s |",
        f"| floor (DuckDB read_csv + compiled model SQL) | {result.floor_s} s |",
        f"| ratio full / floor | {result.ratio} |",
        f"| floor with DuckDB's default settings instead of {_settings(result)} | "
        f"{result.floor_default_settings_s} s (ratio {_ratio_to_default_floor(result)}) |",
        f"| incremental refresh (one day's delivery) | {result.incremental_s} s "
        f"({result.incremental_share:.0%} of full) |",
        f"| published file after it | {result.published_mb} MB, "
        f"{result.published_free_share:.0%} free blocks |",
        f"| peak RSS, whole refresh process tree | {result.peak_rss_mb} MB |",
        f"| largest single process | {result.largest_process_rss_mb} MB |",
        f"| analyst queries, worst p50 / worst p95 | {result.query_p50_ms} / "
        f"{result.query_p95_ms} ms |",
        f"| KPI spot checks after full refresh | {_spot(result.spot_check_full)} |",
        f"| KPI spot checks after incremental refresh | {_spot(result.spot_check_incremental)} |",
        f"| floor KPI values equal dbt's | {'NO' if result.floor_differences else 'yes'} |",
        "",
    ]
    sections = [
        ("Full refresh by stage", result.full_refresh_breakdown, "s"),
        ("Inside dbt build", result.dbt_breakdown, "s"),
        ("Floor", result.floor_breakdown, "s"),
        ("Incremental refresh by stage", result.incremental_breakdown, "s"),
        ("Inside dbt build, incremental", result.incremental_dbt_breakdown, "s"),
        ("Slowest dbt nodes, incremental", result.incremental_slowest_nodes, "s"),
        ("One day's delivery (rows per feed)", result.day_delivery_rows, "rows"),
    ]
    for title, figures, unit in sections:
        if figures:
            lines += [f"## {title}", "", f"| part | {unit} |", "|---|---|"]
            lines += [f"| {name} | {value} |" for name, value in figures.items()] + [""]
    lines += ["## Analyst queries", "", "| query | p50 ms | p95 ms |", "|---|---|---|"]
    lines += [f"| {q.name} | {q.p50_ms} | {q.p95_ms} |" for q in result.queries] + [""]
    lines += [f"- {note}" for note in result.notes]
    return "\n".join(lines).rstrip() + "\n"


def _ratio_to_default_floor(result: BenchResult) -> str:
    if not result.floor_default_settings_s:
        return "-"
    return f"{result.full_refresh_s / result.floor_default_settings_s:.2f}"


def _settings(result: BenchResult) -> str:
    return ", ".join(f"{name} {value}" for name, value in result.floor_duckdb_settings.items())


def _spot(check: SpotCheck) -> str:
    verdict = "pass" if check.passed else "FAIL"
    return (
        f"{verdict}: {check.checked} values, {check.mismatched} mismatched, {check.missing} missing"
    )


def write_results(result: BenchResult, results_dir: Path = RESULTS_DIR) -> tuple[Path, Path]:
    results_dir.mkdir(parents=True, exist_ok=True)
    json_path = results_dir / f"{result.scale}-latest.json"
    markdown_path = results_dir / f"{result.scale}-latest.md"
    json_path.write_text(json.dumps(result.as_json(), ensure_ascii=False, indent=2) + "\n")
    markdown_path.write_text(markdown_table(result))
    return json_path, markdown_path
