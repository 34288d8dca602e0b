"""`fintech-cluster report`: user errors are one line naming the problem."""

from __future__ import annotations

from click.testing import CliRunner

from fintech_cluster.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_report_before_anything_was_published_says_so(home):
    result = _run("report", "--quarter", "2026Q3")
    assert result.exit_code == 2
    assert "no warehouse at" in result.output and "Traceback" not in result.output


def test_a_malformed_quarter_names_the_expected_form(home):
    result = _run("report", "--quarter", "2026-3")
    assert result.exit_code == 2
    assert "2026-3" in result.output and "YYYYQn" in result.output


def test_a_quarter_outside_the_warehouse_names_the_range(built, monkeypatch):
    monkeypatch.setenv("FINTECH_CLUSTER_HOME", str(built.home.root))
    result = _run("report", "--quarter", "2019Q4")
    assert result.exit_code == 2
    assert "2019Q4" in result.output and "2020Q1" in result.output
