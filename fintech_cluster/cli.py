"""`fintech-cluster`: the one command-line interface of the project.

User errors (a missing file, an unknown feed, a warehouse not built yet) end with one
clear line and exit code 2; failed runs end with a summary and exit code 1.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sys
from datetime import date
from pathlib import Path

import click
from rich.columns import Columns
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from fintech_cluster import settings

console = Console(soft_wrap=True)
err_console = Console(stderr=True, soft_wrap=True)


class UserError(click.ClickException):
    """An error the user can fix; shown as one line, no traceback."""

    exit_code = 2

    def show(self, file=None) -> None:
        err_console.print(Text.assemble(("error:", "bold red"), " ", self.message))


def user_errors(command):
    """Turn the errors a user can cause into one clear line."""
    from fintech_cluster.refresh import RefreshAlreadyRunning
    from fintech_cluster.warehouse import WarehouseMissing

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except (WarehouseMissing, RefreshAlreadyRunning, FileNotFoundError, ValueError) as error:
            raise UserError(str(error)) from None

    return wrapper


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


@click.group()
@click.version_option(package_name="fintech-cluster")
def cli() -> None:
    """Pudong FinTech Cluster Monitor: ingest deliveries, build the KPI warehouse, publish it.

    Files live under $FINTECH_CLUSTER_HOME (default ./data).
    """


# --- generate -------------------------------------------------------------------------------


def _as_of_option(function):
    return click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        help="Reporting date (default: $FINTECH_CLUSTER_AS_OF or today).",
    )(function)


def _resolve_as_of(as_of) -> date:
    if as_of is not None:
        os.environ["FINTECH_CLUSTER_AS_OF"] = as_of.date().isoformat()
    return settings.as_of_date()


def _ensure_generated_home(home: settings.Home) -> None:
    """Refuse to overwrite a landing folder that holds real deliveries."""
    has_deliveries = home.landing.exists() and any(p.is_file() for p in home.landing.rglob("*"))
    if has_deliveries and not (home.truth / "manifest.json").exists():
        raise UserError(
            f"{home.landing} holds files the generator did not write; "
            "use an empty FINTECH_CLUSTER_HOME for synthetic data"
        )


def _generate(home: settings.Home, scale: str, seed: int, as_of: date) -> None:
    from ingestion.synthetic import generate

    _ensure_generated_home(home)
    with _progress() as progress:
        task = progress.add_task(f"generating {scale} (seed {seed})", total=None)

        def on_progress(description: str, done: int, total: int) -> None:
            progress.update(task, description=description, completed=done, total=total)

        summary = generate(home.root, scale=scale, seed=seed, as_of=as_of, progress=on_progress)
    console.print(f"generated {summary} into [bold]{home.landing}[/] (truth in {home.truth})")


@cli.command()
@click.option("--scale", type=click.Choice(["small", "district", "city"]), default="small")
@click.option("--seed", type=int, default=42, show_default=True)
@_as_of_option
@user_errors
def generate(scale: str, seed: int, as_of) -> None:
    """Write synthetic deliveries to landing/ and their known answers to truth/."""
    _generate(settings.home(), scale, seed, _resolve_as_of(as_of))


# --- ingest ---------------------------------------------------------------------------------


def _archive_in_landing(home: settings.Home, feed: str, path: Path) -> Path:
    """Deliveries are kept: a file ingested from elsewhere is copied into landing/<feed>/."""
    landing = home.landing_for(feed)
    if landing.resolve() in path.resolve().parents:
        return path
    landing.mkdir(parents=True, exist_ok=True)
    target = landing / path.name
    if target.exists() and target.read_bytes() != path.read_bytes():
        # A new delivery under an old name: keep both, never overwrite a delivered file.
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        target = landing / f"{path.stem}.{digest}{path.suffix}"
    if not target.exists():
        shutil.copy2(path, target)
    return target


@cli.command()
@click.option("--feed", type=click.Choice(settings.FEEDS), required=True)
@click.option("--format", "format_name", default=None, help="Force a format (default: detect).")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@user_errors
def ingest(feed: str, format_name: str | None, paths: tuple[Path, ...]) -> None:
    """Load delivered files into the raw layer (validated; bad rows quarantined)."""
    import duckdb

    from fintech_cluster.refresh import refresh_lock
    from ingestion.loader import ensure_schema, ingest_file

    home = settings.home()
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise UserError(f"no such file: {', '.join(missing)}")
    table = Table("file", "status", "read", "loaded", "quarantined", "message")
    # The working warehouse has one writer: refuse while a refresh holds it.
    with refresh_lock(home), duckdb.connect(str(home.warehouse)) as con:
        ensure_schema(con)
        for path in paths:
            archived = _archive_in_landing(home, feed, path)
            result = ingest_file(con, archived, feed, format_name)
            table.add_row(
                str(path),
                result.status,
                str(result.rows_read),
                str(result.rows_loaded),
                str(result.rows_quarantined),
                result.message or "",
            )
    console.print(table)
    console.print("run [bold]fintech-cluster refresh[/] to rebuild and publish the warehouse")


# --- refresh / demo -------------------------------------------------------------------------


def _refresh(home: settings.Home, rebuild: bool = False) -> None:
    from fintech_cluster.refresh import run_refresh

    # Bound to the terminal now: the refresh sends stdout (dbt's log lines) to a log file.
    terminal = Console(file=sys.stdout, soft_wrap=True)
    with terminal.status("refreshing …") as spinner:

        def on_step(step: str) -> None:
            spinner.update(f"refreshing: {step} …")

        outcome = run_refresh(home, on_step=on_step, rebuild=rebuild)
    console.print(
        f"run {outcome.run_id[:8]}: {len(outcome.steps_succeeded)} steps succeeded, "
        f"{len(outcome.steps_failed)} failed, {len(outcome.steps_skipped)} skipped"
    )
    for check in outcome.failed_checks:
        err_console.print(Text.assemble(("failed check ", "red"), check))
    for error in outcome.errors:
        err_console.print(Text.assemble(("failed step ", "red"), error.splitlines()[0]))
    if not outcome.success or not outcome.published:
        err_console.print(
            "[bold red]not published:[/] the published warehouse was left as it was "
            f"({home.published_warehouse}); details in {outcome.log_file}"
        )
        sys.exit(1)
    console.print(f"published [bold]{home.published_warehouse}[/]")


@cli.command()
@_as_of_option
@click.option(
    "--rebuild",
    is_flag=True,
    help="Rebuild the incremental models from every raw row (dbt --full-refresh), to repair "
    "them. A change of the dbt project, its seeds or the as-of quarter rebuilds them anyway.",
)
@user_errors
def refresh(as_of, rebuild) -> None:
    """Run the whole Dagster graph in process: ingest, dbt build, checks, publish."""
    _resolve_as_of(as_of)
    _refresh(settings.home(), rebuild)


def _print_scorecard(home: settings.Home) -> None:
    """KPIs as rows, parks as columns, KPI names in a legend: fits an 80-column terminal."""
    from rich import box

    from fintech_cluster.scorecard import read_scorecard

    card = read_scorecard(home.published_warehouse)
    table = Table(
        title=f"Scorecard {card.quarter} (~ includes estimated amounts)",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
    )
    table.add_column("KPI", no_wrap=True)
    for park in card.parks:
        table.add_column(park, justify="right", no_wrap=True)
    for kpi_id, _ in card.kpis:
        table.add_row(kpi_id, *[card.cells.get((kpi_id, park), "") for park in card.parks])
    console.print(table)
    console.print(Columns([f"{kpi_id} {name}" for kpi_id, name in card.kpis], column_first=True))


@cli.command()
@click.option("--scale", type=click.Choice(["small", "district"]), default="small")
@click.option("--seed", type=int, default=42, show_default=True)
@_as_of_option
@user_errors
def demo(scale: str, seed: int, as_of) -> None:
    """Generate synthetic deliveries, refresh, print the latest scorecard, write the reports."""
    from fintech_cluster.warehouse import audited_path

    home = settings.home()
    as_of_day = _resolve_as_of(as_of)
    _generate(home, scale, seed, as_of_day)
    # A new synthetic world: rebuild from landing/ (the archive), and do not measure row-count
    # drift against the previous world's published file (kept in published/versions/).
    for built in (home.warehouse, audited_path(home.warehouse), home.published_warehouse):
        built.unlink(missing_ok=True)
    _refresh(home)
    _print_scorecard(home)
    console.print(
        f'\nanalysts: [bold]fintech-cluster query "select * from marts.kpi_values limit 5"[/]'
        f"\npublished warehouse: [bold]{home.published_warehouse}[/]"
    )
    _print_report_paths(_build_reports(home, None, ("zh", "en")))


@cli.command()
@click.option("--to", "version", default=None, help="A kept version id (default: the previous).")
@user_errors
def rollback(version: str | None) -> None:
    """Put a kept published version back in place, atomically."""
    from fintech_cluster.refresh import refresh_lock
    from fintech_cluster.warehouse import rollback as rollback_published

    home = settings.home()
    with refresh_lock(home):
        restored = rollback_published(home.published_warehouse, version)
    console.print(f"published warehouse is now version [bold]{restored}[/]")


# --- query / status -------------------------------------------------------------------------


@cli.command()
@click.argument("sql")
@click.option(
    "--csv", "as_csv", is_flag=True, help="Print CSV (formula-like text neutralised with ')."
)
@user_errors
def query(sql: str, as_csv: bool) -> None:
    """Run read-only SQL on the published warehouse."""
    import duckdb

    from fintech_cluster.warehouse import connect_read_only

    home = settings.home()
    try:
        with connect_read_only(home.published_warehouse) as con:
            relation = con.sql(sql)
            if relation is None:
                return
            columns, rows = relation.columns, relation.fetchall()
    except duckdb.Error as error:
        raise UserError(f"query failed: {str(error).splitlines()[0]}") from None
    if as_csv:
        from fintech_cluster.export import write_csv

        write_csv(sys.stdout, columns, rows)
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


@cli.command()
@user_errors
def status() -> None:
    """Show the last run, the last publish, failing checks, loads, quarantine by rule."""
    from fintech_cluster.status import read_status

    report = read_status(settings.home())
    for line in report.lines:
        console.print(line)
    for title, columns, rows in report.tables:
        table = Table(*columns, title=title)
        for row in rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)


# --- project plumbing -----------------------------------------------------------------------


@cli.command()
def prepare() -> None:
    """Parse the dbt project into its manifest (run by `make setup`)."""
    settings.export_environment(settings.home())
    from orchestration.dbt_project import dbt_project

    dbt_project.preparer.prepare(dbt_project)
    console.print(f"dbt manifest ready: {dbt_project.manifest_path}")


@cli.command()
def dev() -> None:
    """Open the Dagster UI on the whole asset graph (http://127.0.0.1:3000)."""
    from fintech_cluster.refresh import prepare_dagster_home

    home = settings.home()
    settings.export_environment(home)
    prepare_dagster_home(home)
    dagster = Path(sys.executable).with_name("dagster")
    workspace = settings.PROJECT_ROOT / "workspace.yaml"
    os.chdir(settings.PROJECT_ROOT)
    os.execv(dagster, [str(dagster), "dev", "-w", str(workspace)])


@cli.command()
@click.option("--quarter", default=None, help="YYYYQn (default: the latest complete quarter).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@_as_of_option
@user_errors
def report(quarter: str | None, lang: str, as_of) -> None:
    """Write the quarterly report (HTML + PDF), the dashboard and the Excel scorecard."""
    _resolve_as_of(as_of)
    _print_report_paths(_build_reports(settings.home(), quarter, (lang,)))


def _build_reports(home: settings.Home, quarter: str | None, langs: tuple[str, ...]):
    from fintech_cluster.reports.build import build_all

    with console.status("writing reports …"):
        return build_all(home, quarter, langs)


def _print_report_paths(paths) -> None:
    for path in paths:
        console.print(f"report: [bold]{path}[/]")


@cli.command()
@click.option("--scale", type=click.Choice(["small", "district", "city"]), default="district")
@click.option("--seed", type=int, default=42, show_default=True)
@click.option("--repeats", type=int, default=20, show_default=True, help="Runs per query.")
@_as_of_option
@user_errors
def bench(scale: str, seed: int, repeats: int, as_of) -> None:
    """Time a full and an incremental refresh against the DuckDB floor (figures, no verdicts).

    Works in $FINTECH_CLUSTER_HOME/bench/<scale> (emptied first); writes
    bench/results/<scale>-latest.json and .md and prints the table.
    """
    from fintech_cluster.bench import BenchStepFailed, run_bench, write_results

    home = settings.home()
    try:
        result = run_bench(
            scale,
            seed,
            _resolve_as_of(as_of),
            home.root / "bench" / scale,
            report=lambda line: console.print(line, highlight=False),
            query_repeats=repeats,
        )
    except BenchStepFailed as failure:
        raise click.ClickException(str(failure)) from None
    json_path, markdown_path = write_results(result)
    console.print(markdown_path.read_text(), highlight=False, markup=False)
    console.print(f"written {json_path} and {markdown_path}")
    wrong = result.wrong_results()
    if wrong:  # speed is reported, correctness is not negotiable
        raise click.ClickException("wrong results: " + "; ".join(wrong))


def main() -> None:
    cli(prog_name="fintech-cluster")


if __name__ == "__main__":
    main()
