"""The real command, run in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PAGES, ROOT, golden
from tests.server import FixtureServer

CONFIG = str(ROOT / "config.yaml")


def run(
    *args: str, stdin: bytes | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrape", *args],
        input=stdin.decode("utf-8", "replace") if stdin else None,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def records(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_extract_a_saved_page() -> None:
    spec = golden("memo-reference")
    result = run(
        "extract", str(PAGES / "memo-reference.html"), "--url", spec["url"], "--config", CONFIG
    )
    assert result.returncode == 0, result.stderr
    (record,) = records(result.stdout)
    assert record["headline"] == spec["expect"]["headline"]
    assert record["tags"] == spec["expect"]["tags"]


def test_extract_reads_stdin_and_config_goes_before_the_command() -> None:
    html = (PAGES / "memo-reference.html").read_bytes()
    result = run(
        "--config", CONFIG, "extract", "-", "--url", golden("memo-reference")["url"], stdin=html
    )
    assert result.returncode == 0, result.stderr
    assert len(records(result.stdout)) == 1


@pytest.mark.parametrize("before", [True, False])
def test_config_applies_before_or_after_the_command(tmp_path: Path, before: bool) -> None:
    config = tmp_path / "own.yaml"
    config.write_text(
        "sites:\n  - name: ownprofile\n    hosts: [middleeastmonitor.com]\n"
        "    selectors: {body: '.entry-content'}\n",
        encoding="utf-8",
    )
    page, option = "fixtures/pages/memo-reference.html", ["--config", str(config)]
    args = [*option, "extract", page] if before else ["extract", page, *option]
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert records(result.stdout)[0]["extractor"] == "profile:ownprofile"


def test_fetch_urls_some_failing(server: FixtureServer, tmp_path: Path, local_config: Path) -> None:
    out = tmp_path / "out.jsonl"
    ok, missing = server.url("/pages/memo-reference.html"), server.url("/status/404")
    result = run(ok, missing, "-o", str(out), "--config", str(local_config))
    assert result.returncode == 1
    assert result.stdout == ""
    assert len(records(out.read_text())) == 1
    assert result.stderr.strip() == f"scrape: {missing}: http_404: HTTP 404"


def test_output_appends(server: FixtureServer, tmp_path: Path, local_config: Path) -> None:
    out = tmp_path / "out.jsonl"
    url = server.url("/pages/memo-reference.html")
    for _ in range(2):
        assert run(url, "-o", str(out), "--config", str(local_config)).returncode == 0
    assert len(records(out.read_text())) == 2


def test_not_an_article_exits_1_with_a_reason() -> None:
    result = run("extract", str(PAGES / "section-front.html"), "--config", CONFIG)
    assert result.returncode == 1
    assert "not_an_article" in result.stderr
    assert result.stdout == ""


def test_bad_config_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "config.yaml"
    bad.write_text("fetch:\n  timeout: soon\n")
    result = run("extract", str(PAGES / "memo-reference.html"), "--config", str(bad))
    assert result.returncode == 2
    assert result.stderr.startswith(f"scrape: {bad}:2: fetch.timeout:")
    assert "Traceback" not in result.stderr


def test_missing_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nope.html"), "--config", CONFIG)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2() -> None:
    assert run().returncode == 2
    assert run("extract").returncode == 2


def test_schema_is_the_records_json_schema() -> None:
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "Article"
    assert {"headline", "body", "read_links", "tags", "body_hash"} <= set(schema["properties"])


@pytest.mark.parametrize("command", [[], ["fetch"], ["extract"], ["schema"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage:" in result.stdout
