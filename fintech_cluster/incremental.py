"""When a refresh may update the incremental dbt models in place, and when it must rebuild them.

An incremental model recomputes only the rows that raw rows loaded since its last build
touch (``dbt_project/macros/incremental.sql``). That is right only while everything else
it reads is what it was at that build: the SQL of the models and macros, the seeds (park
rules, fintech rules, IPC groups), the project's vars and the as-of quarter. A
fingerprint of those inputs is recorded in the working warehouse after every complete
build; a refresh whose inputs differ from the recorded ones rebuilds every incremental
model from all raw rows (``dbt build --full-refresh``), as does a warehouse with no
record (a new home, or one from before this rule).
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb

from fintech_cluster import settings
from fintech_cluster.reports.quarters import quarter_of
from fintech_cluster.warehouse import has_table

# What the models compute from, besides the raw rows: every file of these (models with
# their YAML configs, macros, seeds) and dbt_project.yml with its vars.
DBT_INPUTS = ("dbt_project.yml", "models", "macros", "seeds")
FINGERPRINT_TABLE = "meta.dbt_build_inputs"


def dbt_inputs_fingerprint(as_of: date, project_dir: Path = settings.DBT_PROJECT_DIR) -> str:
    """A digest of the dbt project's inputs and the as-of quarter (the quarter spine's end)."""
    digest = hashlib.sha256(quarter_of(as_of).encode())
    for path in _input_files(project_dir):
        digest.update(path.relative_to(project_dir).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _input_files(project_dir: Path) -> list[Path]:
    files: list[Path] = []
    for name in DBT_INPUTS:
        entry = project_dir / name
        files += [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
    return sorted(files)


def recorded_fingerprint(working: Path) -> str | None:
    """The fingerprint of the last complete build of this warehouse, if any."""
    if not working.exists():
        return None
    # read-write like every other connection of a refresh: DuckDB refuses a second
    # connection to a file with another configuration in one process
    with duckdb.connect(str(working)) as con:
        if not has_table(con, *FINGERPRINT_TABLE.split(".")):
            return None
        row = con.execute(f"select fingerprint from {FINGERPRINT_TABLE}").fetchone()
    return row[0] if row else None


def record_fingerprint(working: Path, fingerprint: str) -> None:
    """Record that every model was built from the inputs with this fingerprint."""
    with duckdb.connect(str(working)) as con:
        con.execute("create schema if not exists meta")
        con.execute(
            f"create or replace table {FINGERPRINT_TABLE} as "
            "select ? as fingerprint, current_timestamp as built_at",
            [fingerprint],
        )
