"""Resources: the working warehouse and the dbt CLI."""

from __future__ import annotations

from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from packaging.version import Version

from fintech_cluster import settings
from fintech_cluster.warehouse import connect_working
from orchestration.dbt_project import dbt_project


class WarehouseResource(dg.ConfigurableResource):
    """The working DuckDB warehouse. Only one writer at a time: assets that use it sit in
    the ``duckdb`` concurrency pool (limit 1)."""

    path: str = ""

    @property
    def file(self) -> Path:
        return Path(self.path) if self.path else settings.home().warehouse

    def connect(self) -> duckdb.DuckDBPyConnection:
        """Read-write, with the audited file (marts, reference, snapshots) attached."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        return connect_working(self.file)


class DbtCoreCliResource(DbtCliResource):
    """``DbtCliResource`` for the dbt-core installed with this project, without two fixed
    costs that dagster-dbt pays before every invocation (measured with py-spy on a district
    refresh, docs/bench.md):

    - it runs ``dbt --version`` in a child process to tell dbt Core from the Fusion engine
      (~4 s: a second dbt start-up, plus an HTTPS request to PyPI for the latest version,
      which waits for a timeout on a machine without network); the version is read from
      the installed package instead;
    - it loads dbt's macros into a dbt adapter of its own (~2 s), which dagster-dbt uses
      only to fetch row counts and column metadata, and this project asks for neither.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Any) -> None:
        return None


def build_resources() -> dict[str, object]:
    settings.put_interpreter_tools_on_path()  # dagster-dbt looks for `dbt` on PATH
    return {
        "warehouse": WarehouseResource(),
        "dbt": DbtCoreCliResource(project_dir=dbt_project),
    }
