"""The real `crawl`, `status` and `extract --warc` commands, run in subprocesses.

Includes the crash test: `python -m scrape crawl` killed with SIGKILL at several
points of a run, then run again, must leave exactly the records a clean run leaves.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scrape.crawl.lock import RunLock
from tests.conftest import ROOT
from tests.world import World, crawl_config


def scrape(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrape", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def world() -> Iterator[World]:
    w = World(crawl_delay=0.01).start()
    yield w
    w.stop()


def write_config(folder: Path, world: World, **crawl: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.yaml"
    config.write_text(crawl_config(world, **crawl), encoding="utf-8")
    return config


def lines_of(folder: Path) -> list[str]:
    return [
        line
        for file in sorted((folder / "out").glob("*.jsonl"))
        for line in file.read_text(encoding="utf-8").splitlines(keepends=True)
    ]


def test_crawl_then_status(world: World, tmp_path: Path) -> None:
    config = write_config(tmp_path, world)
    result = scrape("crawl", "--config", str(config))
    assert result.returncode == 0, result.stderr
    assert "event=crawl_done" in result.stderr  # not a terminal: structured log lines
    assert len(lines_of(tmp_path)) > 10
    status = scrape("status", "--config", str(config), "--failures", "5")
    assert status.returncode == 0, status.stderr
    assert "host0" in status.stdout and "emitted" in status.stdout
    assert "robots" in status.stdout  # the skipped private pages, by reason
    assert "last run:" in status.stdout


def test_second_crawl_exits_3_while_the_first_holds_the_lock(world: World, tmp_path: Path) -> None:
    config = write_config(tmp_path, world)
    with RunLock(tmp_path / "state.sqlite"):
        result = scrape("crawl", "--config", str(config))
    assert result.returncode == 3
    assert "another crawl is running" in result.stderr
    assert not world.requested()
    assert scrape("crawl", "--config", str(config)).returncode == 0


def test_crawl_that_cannot_run_exits_2(world: World, tmp_path: Path) -> None:
    config = write_config(tmp_path, world)
    (tmp_path / "out").write_text("a file where the output folder should be")
    result = scrape("crawl", "--config", str(config))
    assert result.returncode == 2
    assert "cannot open for writing" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("crawl:\n  concurency: 3\n", encoding="utf-8")
    result = scrape("crawl", "--config", str(bad))
    assert result.returncode == 2
    assert "bad.yaml:2: crawl.concurency: unknown key" in result.stderr
    assert scrape("crawl", "--config", str(config), "--sites", "nosuch").returncode == 2


def test_crawl_and_status_have_help_with_exit_statuses() -> None:
    for command in ("crawl", "status"):
        result = scrape(command, "--help")
        assert result.returncode == 0 and "usage:" in result.stdout
    assert "3 another" in " ".join(scrape("crawl", "--help").stdout.split())


def test_dry_run_prints_the_urls_a_run_would_fetch(world: World, tmp_path: Path) -> None:
    config = write_config(tmp_path, world)
    result = scrape("crawl", "--config", str(config), "--dry-run", "--sites", "host2")
    assert result.returncode == 0, result.stderr
    urls = {line.split("\t")[2] for line in result.stdout.splitlines()}
    assert urls == {world.hosts[2].base + p for p in world.article_paths(2)}


def test_extract_warc_re_extracts_without_fetching(world: World, tmp_path: Path) -> None:
    config = write_config(tmp_path, world, warc="pages.warc.gz")
    assert scrape("crawl", "--config", str(config), "--sites", "host2").returncode == 0
    crawled = [json.loads(line) for line in lines_of(tmp_path)]
    before = len(world.requested())
    result = scrape("extract", "--warc", str(tmp_path / "pages.warc.gz"))
    assert result.returncode == 0, result.stderr
    again = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(world.requested()) == before
    assert [(r["url"], r["body_hash"]) for r in again] == [
        (r["url"], r["body_hash"]) for r in crawled
    ]


def crawl_until(config: Path, folder: Path, lines: int) -> int:
    """Start a crawl, SIGKILL it once the output holds ``lines`` lines; its exit code."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scrape", "crawl", "--config", str(config)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if _line_count(folder) >= lines:
            os.kill(process.pid, signal.SIGKILL)
            break
        time.sleep(0.002)
    return process.wait(timeout=60)


def _line_count(folder: Path) -> int:
    return sum(f.read_bytes().count(b"\n") for f in (folder / "out").glob("*.jsonl"))


def check_whole_and_unique(folder: Path) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in lines_of(folder)]  # a broken line fails here
    assert all(line.endswith("\n") for line in lines_of(folder))
    for key in ("url", "body_hash"):
        repeated = [v for v, n in Counter(r[key] for r in records).items() if n > 1]
        assert not repeated, f"{key} emitted twice: {repeated}"
    return records


def test_kill_9_mid_run_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    world = World(hosts=3, stories=30, crawl_delay=0, latency=0.01).start()
    try:
        clean = write_config(tmp_path / "clean", world, revisit_after=3600, host_concurrency=3)
        assert scrape("crawl", "--config", str(clean)).returncode == 0
        crashed = write_config(tmp_path / "crashed", world, revisit_after=3600, host_concurrency=3)
        codes = [crawl_until(crashed, tmp_path / "crashed", n) for n in (1, 20, 45, 70)]
        assert codes.count(-signal.SIGKILL) >= 2, codes
        assert scrape("crawl", "--config", str(crashed)).returncode == 0
    finally:
        world.stop()
    expected = check_whole_and_unique(tmp_path / "clean")
    got = check_whole_and_unique(tmp_path / "crashed")
    assert {r["body_hash"] for r in got} == {r["body_hash"] for r in expected}
    # Which host's copy of a wire story comes first may differ; every other URL is the same.
    own = {r["url"] for r in expected if "/wire-" not in r["url"]}
    assert {r["url"] for r in got if "/wire-" not in r["url"]} == own
