"""Where the project keeps its files, and the one environment variable that moves them.

Everything lives under ``FINTECH_CLUSTER_HOME`` (default ``./data``):

    landing/<feed>/…            delivered files, one folder per feed
    warehouse.duckdb            the working warehouse (only the pipeline opens it)
    published/warehouse.duckdb  the audited copy analysts and reports read
    reports/                    generated reports
    truth/                      the synthetic generator's known answers
    dagster/                    Dagster's local storage (DAGSTER_HOME)
    logs/                       one log file per refresh (dbt's output)
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

FEEDS: tuple[str, ...] = ("registrations", "patents", "financing", "events")

# Feed name (as users type it) -> raw table name in the warehouse.
RAW_TABLE_OF_FEED: dict[str, str] = {
    "registrations": "registrations",
    "patents": "patents",
    "financing": "financing_rounds",
    "events": "events",
}

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


@dataclass(frozen=True)
class Home:
    """The folder layout under FINTECH_CLUSTER_HOME."""

    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    def landing_for(self, feed: str) -> Path:
        return self.landing / feed

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.root / "published"

    @property
    def published_warehouse(self) -> Path:
        return self.published_dir / "warehouse.duckdb"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def truth(self) -> Path:
        return self.root / "truth"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def refresh_lock(self) -> Path:
        return self.root / ".refresh.lock"


def home() -> Home:
    """The current home, from FINTECH_CLUSTER_HOME (default ./data), as an absolute path."""
    return Home(Path(os.environ.get("FINTECH_CLUSTER_HOME", "data")).resolve())


def as_of_date() -> date:
    """The reporting date: FINTECH_CLUSTER_AS_OF (YYYY-MM-DD) or today."""
    text = os.environ.get("FINTECH_CLUSTER_AS_OF", "").strip()
    return date.fromisoformat(text) if text else date.today()


def put_interpreter_tools_on_path() -> None:
    """dbt and dagster are found next to this interpreter, even from a bare .venv/bin/python."""
    tools = str(Path(sys.executable).parent)
    if tools not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = tools + os.pathsep + os.environ.get("PATH", "")


def export_environment(current: Home) -> None:
    """Expose the paths to child processes (dbt reads them through env_var())."""
    put_interpreter_tools_on_path()
    os.environ["FINTECH_CLUSTER_HOME"] = str(current.root)
    os.environ["FINTECH_CLUSTER_WAREHOUSE"] = str(current.warehouse)
    os.environ.setdefault("FINTECH_CLUSTER_AS_OF", as_of_date().isoformat())
    os.environ.setdefault("DAGSTER_HOME", str(current.dagster_home))
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
