"""The command line: user errors are one clear line, never a traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from fintech_cluster.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_query_before_anything_was_published_says_what_to_do(home):
    result = _run("query", "select 1")
    assert result.exit_code == 2
    assert "no warehouse at" in result.output and str(home.published_warehouse) in result.output
    assert "Traceback" not in result.output


def test_ingest_of_a_missing_file_names_it(home):
    result = _run("ingest", "--feed", "patents", "no/such/file.csv")
    assert result.exit_code == 2
    assert "no such file: no/such/file.csv" in result.output


def test_ingest_of_an_unknown_feed_lists_the_feeds(home, tmp_path):
    delivery = tmp_path / "x.csv"
    delivery.write_text("a\n1\n")
    result = _run("ingest", "--feed", "weather", str(delivery))
    assert result.exit_code == 2
    assert "registrations" in result.output and "weather" in result.output


def test_a_bad_query_is_one_line(home, tmp_path):
    import duckdb

    home.published_dir.mkdir(parents=True)
    duckdb.connect(str(home.published_warehouse)).close()
    result = _run("query", "select * from no_such_table")
    assert result.exit_code == 2
    assert result.output.startswith("error: query failed:")
    assert len(result.output.strip().splitlines()) == 1


def test_generate_refuses_to_overwrite_real_deliveries(home):
    real = home.landing_for("registrations")
    real.mkdir(parents=True)
    (real / "registry_2026.csv").write_text("企业名称\n")
    result = _run("generate", "--scale", "small")
    assert result.exit_code == 2
    assert "holds files the generator did not write" in result.output
    assert (real / "registry_2026.csv").exists()


def test_ingest_archives_a_new_delivery_under_an_old_name_without_overwriting(home, tmp_path):
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "patents"
    delivery = sorted(fixtures.glob("*.csv"))[0]
    first = tmp_path / "first" / "patents.csv"
    second = tmp_path / "second" / "patents.csv"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_bytes(delivery.read_bytes())
    lines = delivery.read_bytes().splitlines(keepends=True)
    second.write_bytes(b"".join(lines[:2]))  # header + first row: a different delivery

    assert _run("ingest", "--feed", "patents", str(first)).exit_code == 0
    assert _run("ingest", "--feed", "patents", str(second)).exit_code == 0

    archived = sorted(home.landing_for("patents").iterdir())
    assert len(archived) == 2
    assert {p.read_bytes() for p in archived} == {first.read_bytes(), second.read_bytes()}
