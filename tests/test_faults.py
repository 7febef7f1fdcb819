"""A crawl of a world that misbehaves, and of pages that try to choose where files go.

Fault mode: a share of the world's article responses are timeouts, resets, 500s,
truncated bodies and gzip bombs. The crawl must finish, store every failure with
its reason (shown by `scrape status`), and emit every page the world served intact,
judged against the world's own log of what it served.

Output paths: file names come from the configuration alone; a URL or a headline
holding ``../`` or an absolute path changes nothing, and a date pattern cannot
expand outside the folder it names.
"""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from scrape.config import Settings, load_settings
from scrape.crawl import CrawlOptions, crawl
from scrape.crawl.output import dated_path
from scrape.errors import CrawlError
from tests.world import FAULTS, Story, World, crawl_config

SEED = 7
# The reason a failure is stored under, by the fault the world served last for the URL.
# A reset before any answer is sent once more by the transport; a second fault decides.
REASONS = {
    "timeout": "timeout",
    "reset": "protocol",
    "500": "http_500",
    "truncated": "protocol",
    "bomb": "too_large",
}
FETCH = {"timeout": 1.5, "max_bytes": 1_000_000}  # a timeout: 1.5 s of silence


@pytest.fixture
def faulty() -> Iterator[World]:
    world = World(hosts=3, stories=30, crawl_delay=0, faults=0.3, seed=SEED).start()
    yield world
    world.stop()


def configure(folder: Path, world: World, **crawl_settings: Any) -> Settings:
    folder.mkdir(parents=True, exist_ok=True)
    text = crawl_config(
        world, fetch=FETCH, host_concurrency=3, revisit_after=3600, retries=0, **crawl_settings
    )
    (folder / "config.yaml").write_text(text, encoding="utf-8")
    return load_settings(folder / "config.yaml")


def run(settings: Settings, folder: Path) -> dict[str, Any]:
    return crawl(settings, CrawlOptions(base=folder), log=io.StringIO(), live=False)


def answers(world: World) -> dict[str, list[str]]:
    """Each article URL the world was asked for, with what it answered, in order."""
    served: dict[str, list[str]] = {}
    for request in world.requested():
        if request.path.startswith("/news/"):
            url = world.hosts[request.host].base + request.path
            served.setdefault(url, []).append(request.answer)
    return served


def stored(folder: Path) -> dict[str, tuple[str, str | None]]:
    with sqlite3.connect(folder / "state.sqlite") as db:
        rows = db.execute("SELECT url, status, reason FROM urls").fetchall()
    db.close()
    return {url: (status, reason) for url, status, reason in rows}


def emitted_urls(folder: Path) -> list[str]:
    return [
        json.loads(line)["url"]
        for file in sorted((folder / "out").glob("*.jsonl"))
        for line in file.read_text(encoding="utf-8").splitlines()
    ]


def site_of(world: World, url: str) -> str:
    return next(f"host{h.index}" for h in world.hosts if url.startswith(h.base + "/"))


def test_fault_injection_crawl_records_every_failure_and_emits_every_intact_page(
    faulty: World, tmp_path: Path
) -> None:
    summary = run(configure(tmp_path, faulty), tmp_path)
    served = answers(faulty)
    every = {h.base + p for h in faulty.hosts for p in faulty.article_paths(h.index)}
    assert set(served) == every
    assert {a for seq in served.values() for a in seq} == {"200", *FAULTS}

    intact = {url for url, seq in served.items() if "200" in seq}
    emitted = emitted_urls(tmp_path)
    state = stored(tmp_path)
    duplicates = {url for url, (status, reason) in state.items() if reason == "same_body"}
    assert len(emitted) == len(set(emitted)) and not duplicates & set(emitted)
    assert set(emitted) | duplicates == intact  # every page served intact, and no other

    failed = {url: REASONS[seq[-1]] for url, seq in served.items() if url not in intact}
    assert len(failed) >= 15
    assert {url: state[url] for url in failed} == {u: ("failed", r) for u, r in failed.items()}
    assert summary["total"]["failed"] == dict(Counter(failed.values()))

    status = subprocess.run(
        [sys.executable, "-m", "scrape", "status", "--config", str(tmp_path / "config.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert status.returncode == 0, status.stderr
    by_site = Counter((site_of(faulty, url), reason) for url, reason in failed.items())
    for (site, reason), count in by_site.items():
        assert f"  {site}  {reason}  {count}" in status.stdout.splitlines()


def test_failed_pages_are_fetched_again_next_run_once_the_faults_stop(
    faulty: World, tmp_path: Path
) -> None:
    settings = configure(tmp_path, faulty)
    run(settings, tmp_path)
    first = answers(faulty)
    bombed = {url for url, seq in first.items() if seq[-1] == "bomb"}
    assert bombed
    faulty.fault_share = 0.0
    start = len(faulty.requested())
    run(settings, tmp_path)
    again = {faulty.hosts[r.host].base + r.path for r in faulty.requested()[start:]}
    retried = {url for url, seq in first.items() if "200" not in seq} - bombed
    assert retried and retried <= again  # timeouts, resets, 500s, truncations: transient
    assert not bombed & again  # a bomb is no accident: not asked for again
    state = stored(tmp_path)
    assert all(state[url] == ("failed", "too_large") for url in bombed)
    assert {url for url, (status, _) in state.items() if status == "failed"} == bombed
    emitted = emitted_urls(tmp_path)
    assert len(emitted) == len(set(emitted)) and retried - set(emitted) <= {
        url for url, (status, _) in state.items() if status == "duplicate"
    }


HOSTILE = {  # slug -> headline served under it
    "..%2F..%2F..%2Fescaped-slug": "../../../escaped-headline",
    "%2Ftmp%2Fescaped-absolute": "/tmp/escaped-absolute",
    "..%5C..%5Cescaped-backslash": "..\\..\\escaped-backslash %Y %n",
}


def test_urls_and_headlines_cannot_choose_where_files_are_written(tmp_path: Path) -> None:
    world = World(hosts=3, stories=6, crawl_delay=0)
    host = world.hosts[2]  # found through its sitemap index
    for seed, (slug, headline) in enumerate(HOSTILE.items()):
        host.stories.append(Story(slug, 5000 + seed, datetime(2026, 10, 1, tzinfo=UTC)))
        world.headlines[2, slug] = headline
    world.start()
    root = tmp_path / "a" / "b" / "c"
    try:
        run(configure(root, world, warc="warc/pages-%Y-%m-%d.warc.gz"), root)
    finally:
        world.stop()
    records = [
        json.loads(line)
        for file in (root / "out").glob("*.jsonl")
        for line in file.read_text(encoding="utf-8").splitlines()
    ]
    assert {r["headline"] for r in records} >= set(HOSTILE.values())
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    written = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert written - {"a/b/c/state.sqlite-wal", "a/b/c/state.sqlite-shm"} == {
        "a/b/c/config.yaml",
        "a/b/c/state.sqlite",
        "a/b/c/state.sqlite.lock",
        f"a/b/c/out/articles-{day}.jsonl",
        f"a/b/c/warc/pages-{day}.warc.gz",
    }
    assert not [p for p in Path("/tmp").glob("escaped-*")]


NOW = datetime(2026, 11, 25, 17, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("out/articles-%Y-%m-%d.jsonl", "out/articles-2026-11-25.jsonl"),
        ("out/%Y/%m/articles-%d.jsonl.gz", "out/2026/11/articles-25.jsonl.gz"),
        ("out/articles-%D.jsonl", "out/articles-11/25/26.jsonl"),  # %D has slashes: still in out
        ("../data/articles.jsonl", "../data/articles.jsonl"),  # the config may say where
        ("/srv/news/%Y/articles.jsonl", "/srv/news/2026/articles.jsonl"),
    ],
)
def test_date_fields_expand_inside_the_folder_the_pattern_names(
    pattern: str, expected: str
) -> None:
    assert dated_path(Path(pattern), NOW) == Path(expected)


@pytest.mark.parametrize(
    "pattern",
    [
        "out/%Y/../../escaped-%d.jsonl",
        "out/articles-%d.jsonl/../../../escaped.jsonl",
        "/srv/news/%Y/../../../etc/escaped",
        "%Y/../../escaped.jsonl",  # the folder is the config's, and it leads above it
        "out/articles.jsonl\x00../../escaped",
    ],
)
def test_a_date_pattern_cannot_lead_outside_its_folder(pattern: str, tmp_path: Path) -> None:
    with pytest.raises(CrawlError, match=r"lead outside|NUL character"):
        dated_path(Path(pattern), NOW)


def test_a_crawl_with_an_escaping_output_pattern_stops_before_fetching(tmp_path: Path) -> None:
    world = World(hosts=1, stories=3, crawl_delay=0).start()
    root = tmp_path / "a" / "b"
    try:
        settings = configure(root, world, output="out/%Y/../../../escaped-%d.jsonl")
        with pytest.raises(CrawlError, match="lead outside"):
            run(settings, root)
        assert not world.requested()
    finally:
        world.stop()
    assert not list(tmp_path.rglob("escaped*")) and not (root / "out").exists()


def test_a_percent_sign_in_the_config_folder_is_no_date_field(tmp_path: Path) -> None:
    world = World(hosts=1, stories=3, crawl_delay=0).start()
    root = tmp_path / "news-%d-%Y"  # only the configured pattern is expanded
    try:
        run(configure(root, world), root)
    finally:
        world.stop()
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    assert (root / "out" / f"articles-{day}.jsonl").stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == ["news-%d-%Y"]
