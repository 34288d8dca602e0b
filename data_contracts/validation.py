"""Run a feed's contract and turn pandera's failure cases into quarantine rows or problems."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

import pandera.polars as pa
import polars as pl
from pandera.errors import SchemaErrors

from data_contracts.checks import explain
from data_contracts.events import EventsContract
from data_contracts.financing import FinancingContract
from data_contracts.patents import PatentsContract
from data_contracts.registrations import RegistrationsContract
from ingestion.canonical import ROW_NUMBER, TOTALS_LABEL, check_feed, unparsed

CONTRACTS: dict[str, type[pa.DataFrameModel]] = {
    "registrations": RegistrationsContract,
    "patents": PatentsContract,
    "financing": FinancingContract,
    "events": EventsContract,
}
QUARANTINE_SCHEMA = {ROW_NUMBER: pl.Int64, "rule": pl.String, "message": pl.String}
# A text that did not parse fails its parse check; "missing" is only the consequence.
PARSE_CHECKS = ("parseable_date", "parseable_amount")
REPEATED_ROW_RULE = "row:repeated_in_file"
TOTALS_ROW_RULE = "row:totals_row"


class ContractSchemaError(Exception):
    """The frame lacks the contract's columns or types: a bug in an adapter, not bad data."""


@dataclass(frozen=True)
class Failure:
    """One failed check on one row (``index``: the row's position in the frame)."""

    index: int
    column: str
    check: str
    detail: str  # pandera's arguments, e.g. "(['active', …])" for isin
    order: tuple[int, int, int]

    @property
    def rule(self) -> str:
        return f"{self.column}:{self.check}"


def split_valid_rows(feed: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``(valid rows, quarantine)``; quarantine has one row per failing source row.

    Quarantine columns: ``_row_number``, ``rule`` (``row:totals_row``, else the first
    failed ``<column>:<check>`` in column order, or ``row:repeated_in_file``) and
    ``message`` (every failure, naming column, check and the offending original text).
    """
    records, totals = _split_totals_rows(frame)
    valid, broken = _split_contract_failures(feed, records)
    kept, repeated = _split_repeated_rows(valid)
    return kept, pl.concat([totals, broken, repeated]).sort(ROW_NUMBER)


def _split_totals_rows(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A totals row (``合计``…, marked by the adapter in ``_totals_label``) sums the records
    above it: it is not a record, and saying so is clearer than its failed checks."""
    if TOTALS_LABEL not in frame.columns:
        return frame, pl.DataFrame(schema=QUARANTINE_SCHEMA)
    is_totals = pl.col(TOTALS_LABEL).is_not_null()
    totals = frame.filter(is_totals).select(
        pl.col(ROW_NUMBER).cast(pl.Int64),
        pl.lit(TOTALS_ROW_RULE).alias("rule"),
        pl.format(
            "{} '{}': a totals row, not a record", pl.lit(TOTALS_ROW_RULE), TOTALS_LABEL
        ).alias("message"),
    )
    return frame.filter(~is_totals).drop(TOTALS_LABEL), totals


def _split_contract_failures(feed: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    cases = _failure_cases(feed, frame)
    schema_problems = _schema_problems(cases)
    if schema_problems:
        raise ContractSchemaError(f"{feed}: " + "; ".join(schema_problems))
    failures_by_row = _failures_by_row(cases, frame.columns)
    if not failures_by_row:
        return frame, pl.DataFrame(schema=QUARANTINE_SCHEMA)
    indices = sorted(failures_by_row)
    rows = dict(zip(indices, frame[indices].to_dicts(), strict=True))
    quarantine = pl.DataFrame(
        {
            ROW_NUMBER: [rows[i].get(ROW_NUMBER, i) for i in indices],
            "rule": [failures_by_row[i][0].rule for i in indices],
            "message": [_message(failures_by_row[i], rows[i]) for i in indices],
        },
        schema=QUARANTINE_SCHEMA,
    )
    is_failing = pl.int_range(pl.len()).is_in(pl.Series(indices, dtype=pl.Int64).implode())
    return frame.filter(~is_failing), quarantine


def _split_repeated_rows(frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A row equal to an earlier row of the same file in every delivered column is a
    delivery fault, not a second fact: the first stays, each repeat is quarantined naming
    the row it repeats. (Repeats across deliveries are normal and deduplicated in staging.)"""
    delivered = [column for column in frame.columns if not column.startswith("_")]
    first = pl.col(ROW_NUMBER).min().over(delivered).alias("_first_row")
    marked = frame.with_columns(first)
    is_repeat = pl.col(ROW_NUMBER) != pl.col("_first_row")
    repeats = marked.filter(is_repeat).select(
        pl.col(ROW_NUMBER).cast(pl.Int64),
        pl.lit(REPEATED_ROW_RULE).alias("rule"),
        pl.format("row repeats row {} of the same file in every column", "_first_row").alias(
            "message"
        ),
    )
    return marked.filter(~is_repeat).drop("_first_row"), repeats


def validate_frame(feed: str, frame: pl.DataFrame) -> list[str]:
    """Problems of a frame against its contract, one line per rule; empty when it keeps it.

    Meant for rows already in ``raw.*``: examples name ``_source_file`` and ``_row_number``.
    """
    cases = _failure_cases(feed, frame)
    problems = _schema_problems(cases)
    by_rule: dict[str, list[Failure]] = defaultdict(list)
    for failures in _failures_by_row(cases, frame.columns).values():
        for failure in failures:
            by_rule[failure.rule].append(failure)
    for rule, failures in by_rule.items():
        example = failures[0]
        row = frame.row(example.index, named=True)
        problems.append(
            f"{rule}: {len(failures)} row(s), e.g. {_location(row, example.index)}: "
            f"{_message([example], row)}"
        )
    return problems


def _failure_cases(feed: str, frame: pl.DataFrame) -> pl.DataFrame:
    try:
        CONTRACTS[check_feed(feed)].validate(frame, lazy=True)
    except SchemaErrors as errors:
        return errors.failure_cases
    return pl.DataFrame(schema={"column": pl.String, "check": pl.String, "index": pl.Int32})


def _schema_problems(cases: pl.DataFrame) -> list[str]:
    """Frame-level failures (missing column, wrong type): they have no row index."""
    frame_level = cases.filter(pl.col("index").is_null())
    return [
        f"column {case['failure_case']} is missing"
        if case["check"] == "column_in_dataframe"
        else f"{case['column']}: expected {case['check']}, found {case['failure_case']}"
        for case in frame_level.iter_rows(named=True)
    ]


def _failures_by_row(cases: pl.DataFrame, columns: list[str]) -> dict[int, list[Failure]]:
    """Row failures grouped per row, ordered by column then parse / null / other checks."""
    position = {name: i for i, name in enumerate(columns)}
    by_row: dict[int, list[Failure]] = defaultdict(list)
    for case in cases.filter(pl.col("index").is_not_null()).iter_rows(named=True):
        check, parenthesis, arguments = case["check"].partition("(")
        precedence = 0 if check in PARSE_CHECKS else 1 if check == "not_nullable" else 2
        order = (position.get(case["column"], len(position)), precedence, case["check_number"] or 0)
        failure = Failure(case["index"], case["column"], check, parenthesis + arguments, order)
        by_row[failure.index].append(failure)
    return {index: _without_consequences(failures) for index, failures in by_row.items()}


def _without_consequences(failures: list[Failure]) -> list[Failure]:
    """Sorted, and without ``not_nullable`` where the value was only null for failing to parse."""
    unparsed_columns = {f.column for f in failures if f.check in PARSE_CHECKS}
    kept = [f for f in failures if not (f.check == "not_nullable" and f.column in unparsed_columns)]
    return sorted(kept, key=lambda failure: failure.order)


def _message(failures: list[Failure], row: dict) -> str:
    return "; ".join(_describe(failure, row) for failure in failures)


def _describe(failure: Failure, row: dict) -> str:
    reason = explain(failure.check, row, failure.column, failure.detail)
    text = _original_text(row, failure.column)
    shown = f" '{text}'" if text is not None else ""
    return f"{failure.rule}{shown}: {reason}"


def _original_text(row: dict, column: str) -> str | None:
    value = row.get(unparsed(column))
    value = row.get(column) if value is None else value
    return value.isoformat() if isinstance(value, date) else value if value is None else str(value)


def _location(row: dict, index: int) -> str:
    if "_source_file" in row and ROW_NUMBER in row:
        return f"{row['_source_file']} row {row[ROW_NUMBER]}"
    return f"row {row.get(ROW_NUMBER, index)}"
