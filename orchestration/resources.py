"""Resources: the working warehouse and the dbt CLI."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource

from fintech_cluster import settings
from orchestration.dbt_project import dbt_project


class WarehouseResource(dg.ConfigurableResource):
    """The working DuckDB warehouse. Only one writer at a time: assets that use it sit in
    the ``duckdb`` concurrency pool (limit 1)."""

    path: str = ""

    @property
    def file(self) -> Path:
        return Path(self.path) if self.path else settings.home().warehouse

    def connect(self) -> duckdb.DuckDBPyConnection:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(self.file))


def build_resources() -> dict[str, object]:
    settings.put_interpreter_tools_on_path()  # dagster-dbt looks for `dbt` on PATH
    return {
        "warehouse": WarehouseResource(),
        "dbt": DbtCliResource(project_dir=dbt_project),
    }
