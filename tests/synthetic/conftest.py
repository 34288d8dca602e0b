"""One generated `small` home shared by the synthetic-generator tests."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from ingestion.synthetic import GenerationSummary, generate

AS_OF = date(2026, 11, 28)
SEED = 42
_DATE_PATTERN = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?( \d{1,2}:\d{2}:\d{2})?$")


@pytest.fixture(scope="session")
def generated(tmp_path_factory) -> GenerationSummary:
    """A `small` world written once for the session (read-only for tests)."""
    return generate(tmp_path_factory.mktemp("synthetic") / "home", "small", SEED, AS_OF)


@pytest.fixture(scope="session")
def landing(generated) -> Path:
    return generated.home_root / "landing"


@pytest.fixture(scope="session")
def truth(generated):
    """``truth("kpi_values.csv")`` → the rows of a truth file as dicts."""

    def read(name: str) -> list[dict[str, str]]:
        with (generated.home_root / "truth" / name).open(encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    return read


@pytest.fixture(scope="session")
def read_delivery():
    """``read_delivery(path)`` → a landing file as strings (GBK decoded when needed)."""

    def read(path: Path) -> pl.DataFrame:
        if path.suffix == ".xlsx":
            frame = pl.read_excel(path, engine="calamine", infer_schema_length=0)
            return frame.with_columns(pl.all().cast(pl.String))
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gbk")
        return pl.read_csv(io.StringIO(text), infer_schema=False)

    return read


@pytest.fixture(scope="session")
def parse_date():
    """``parse_date(text)`` → a date in any form the generator writes, None if unparseable."""

    def parse(text: str) -> date | None:
        match = _DATE_PATTERN.match(text)
        if not match:
            return None
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None

    return parse
