"""Crawl runs against the fake news world: what is fetched, when, and what is emitted."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scrape.config import Settings, parse_settings
from scrape.crawl import CrawlOptions, crawl
from scrape.crawl.warc import read_responses
from scrape.pipeline import extract
from tests.world import World, crawl_config


@pytest.fixture
def world() -> Iterator[World]:
    w = World(crawl_delay=0.01).start()
    yield w
    w.stop()


def run(world: World, folder: Path, **options: Any) -> dict[str, Any]:
    settings = options.pop("settings", None) or settings_for(world, **options.pop("crawl", {}))
    log = io.StringIO()
    return crawl(settings, CrawlOptions(base=folder, **options), log=log, live=False)


def settings_for(world: World, **crawl_settings: Any) -> Settings:
    return parse_settings(crawl_config(world, **{"revisit_after": 0, **crawl_settings}))


def records(folder: Path) -> list[dict[str, Any]]:
    return [
        json.loads(line)
        for file in sorted((folder / "out").glob("*.jsonl"))
        for line in file.read_text(encoding="utf-8").splitlines()
    ]


def all_articles(world: World) -> set[str]:
    return {h.base + p for h in world.hosts for p in world.article_paths(h.index)}


def test_first_run_emits_every_story_once_and_records_duplicates(
    world: World, tmp_path: Path
) -> None:
    summary = run(world, tmp_path)
    found = records(tmp_path)
    urls = [r["url"] for r in found]
    hashes = [r["body_hash"] for r in found]
    assert len(urls) == len(set(urls)) and len(hashes) == len(set(hashes))
    # Every story is emitted once; the wire story appears on every host but is emitted once.
    own = {u for u in all_articles(world) if "/wire-" not in u}
    assert own <= set(urls)
    assert sum("/wire-" in u for u in urls) == 2
    assert summary["total"]["duplicates"] == 2 * (len(world.hosts) - 1)
    assert summary["total"]["emitted"] == len(found)
    # Tracking parameters and fragments from the home page do not make new URLs.
    assert not any("utm_" in u or "#" in u for u in urls)


def test_robots_disallowed_paths_are_never_requested(world: World, tmp_path: Path) -> None:
    summary = run(world, tmp_path)
    assert not [r.path for r in world.requested() if r.path.startswith("/private/")]
    assert summary["total"]["skipped"]["robots"] >= len(world.hosts)
    first = [next(r.path for r in world.requested(h.index)) for h in world.hosts]
    assert first == ["/robots.txt"] * len(world.hosts)
    assert [r.path for r in world.requested()].count("/robots.txt") == len(world.hosts)


def test_per_host_delay_from_crawl_delay_is_respected(tmp_path: Path) -> None:
    world = World(hosts=2, stories=4, crawl_delay=0.25).start()
    try:
        run(world, tmp_path, crawl={"host_concurrency": 2, "delay": 0})
    finally:
        world.stop()
    for host in world.hosts:
        times = [r.at for r in world.requested(host.index)]
        assert len(times) >= 6
        gaps = [b - a for a, b in itertools.pairwise(times)]
        # Arrival times jitter on a loaded machine: the smallest of many gaps
        # catches the worst of it, the run's span only that of its two ends.
        assert times[-1] - times[0] >= 0.25 * len(gaps) - 0.03, gaps
        assert min(gaps) >= 0.25 - 0.1, gaps


def test_second_run_sends_conditional_requests_and_emits_nothing(
    world: World, tmp_path: Path
) -> None:
    run(world, tmp_path)
    first = records(tmp_path)
    start = len(world.requested())
    summary = run(world, tmp_path)
    assert records(tmp_path) == first
    revisits = [r for r in world.requested()[start:] if r.path.startswith("/news/")]
    assert revisits and all("If-None-Match" in r.headers for r in revisits)
    assert summary["total"]["not_modified"] == len(first)
    assert summary["total"]["emitted"] == 0
    feeds = [r for r in world.requested()[start:] if r.path == "/feed.xml"]
    assert feeds and all("If-None-Match" in r.headers for r in feeds)


def test_changed_page_is_emitted_again_once_with_same_url_and_new_hash(
    world: World, tmp_path: Path
) -> None:
    run(world, tmp_path)
    before = {r["url"]: r for r in records(tmp_path)}
    world.change(0, "story-0-1")
    run(world, tmp_path)
    run(world, tmp_path)
    after = records(tmp_path)
    changed_url = world.story_url(0, "story-0-1")
    assert len(after) == len(before) + 1
    latest = after[-1]
    assert latest["url"] == changed_url
    assert latest["body_hash"] != before[changed_url]["body_hash"]
    assert latest["modified"] is not None


def test_revisits_wait_for_revisit_after(world: World, tmp_path: Path) -> None:
    run(world, tmp_path, crawl={"revisit_after": 3600})
    start = len(world.requested())
    summary = run(world, tmp_path, crawl={"revisit_after": 3600})
    assert not [r for r in world.requested()[start:] if r.path.startswith("/news/")]
    assert summary["total"]["fetched"] == 0


def test_state_records_canonical_urls_and_duplicates(world: World, tmp_path: Path) -> None:
    run(world, tmp_path)
    db = sqlite3.connect(tmp_path / "state.sqlite")
    rows = db.execute(
        "SELECT url, status, duplicate_of, canonical_url FROM urls WHERE url LIKE '%/wire-0'"
    ).fetchall()
    db.close()
    statuses = sorted(status for _, status, _, _ in rows)
    assert statuses == ["duplicate"] * (len(world.hosts) - 1) + ["emitted"]
    emitted = next(url for url, status, _, _ in rows if status == "emitted")
    assert all(of == emitted for _, status, of, _ in rows if status == "duplicate")
    assert all(canonical == url for url, _, _, canonical in rows)


def test_transient_failures_are_retried_with_retry_after(world: World, tmp_path: Path) -> None:
    path = "/news/story-2-0"
    world.fail(2, path, (503, {"Retry-After": "1"}), (500, {}))
    summary = run(world, tmp_path, crawl={"retries": 2})
    tries = [r.at for r in world.requested(2) if r.path == path]
    assert len(tries) == 3
    assert tries[1] - tries[0] >= 0.95  # Retry-After: 1
    assert world.story_url(2, "story-2-0") in {r["url"] for r in records(tmp_path)}
    assert summary["total"]["failed"] == {}


def test_failures_are_stored_with_reason_and_retried_next_run(world: World, tmp_path: Path) -> None:
    path = "/news/story-2-1"
    world.fail(2, path, (503, {}), (503, {}))
    summary = run(world, tmp_path, crawl={"retries": 1})
    assert summary["total"]["failed"] == {"http_503": 1}
    db = sqlite3.connect(tmp_path / "state.sqlite")
    query = "SELECT status, reason, attempts FROM urls WHERE url = ?"
    row = db.execute(query, (world.story_url(2, "story-2-1"),)).fetchone()
    db.close()
    assert row == ("failed", "http_503", 1)
    run(world, tmp_path, crawl={"revisit_after": 3600})
    assert world.story_url(2, "story-2-1") in {r["url"] for r in records(tmp_path)}


def test_not_found_is_not_retried(world: World, tmp_path: Path) -> None:
    path = "/news/story-2-2"
    world.fail(2, path, (404, {}))
    summary = run(world, tmp_path, crawl={"retries": 3})
    assert len([r for r in world.requested(2) if r.path == path]) == 1
    assert summary["total"]["failed"] == {"http_404": 1}


def test_max_pages_and_sites_limit_the_run(world: World, tmp_path: Path) -> None:
    summary = run(world, tmp_path, sites=("host2",), max_pages=3)
    assert set(summary["sites"]) == {"host2"}
    assert len(records(tmp_path)) == 3
    assert not world.requested(0) and not world.requested(1)
    run(world, tmp_path, sites=("host2",))
    assert len(records(tmp_path)) == len(world.hosts[2].stories)


def test_dry_run_lists_urls_and_changes_nothing(world: World, tmp_path: Path) -> None:
    out = io.StringIO()
    settings = settings_for(world)
    crawl(settings, CrawlOptions(base=tmp_path, dry_run=True), log=io.StringIO(), out=out)
    listed = [line.split("\t") for line in out.getvalue().splitlines()]
    assert {kind for _, kind, _ in listed} == {"new"}
    assert all_articles(world) <= {url for _, _, url in listed}
    assert not [r for r in world.requested() if r.path.startswith("/news/")]
    assert not (tmp_path / "state.sqlite").exists()
    assert not (tmp_path / "out").exists()


def test_gzip_output_and_warc_archive_round_trip(world: World, tmp_path: Path) -> None:
    crawl_settings = {
        "output": "out/articles.jsonl.gz",
        "warc": "archive/pages-%Y%m%d.warc.gz",
        "revisit_after": 3600,
    }
    run(world, tmp_path, sites=("host2",), crawl=crawl_settings)
    run(world, tmp_path, crawl=crawl_settings)
    lines = gzip.decompress((tmp_path / "out" / "articles.jsonl.gz").read_bytes()).splitlines()
    emitted = [json.loads(line) for line in lines]
    assert len({r["url"] for r in emitted}) == len(emitted) > 10
    (warc,) = (tmp_path / "archive").glob("pages-*.warc.gz")
    archived = {page.url: page for page in read_responses(warc)}
    assert {r["url"] for r in emitted} <= set(archived)
    again = extract(archived[emitted[0]["url"]].body, emitted[0]["url"])
    assert again.body_hash == emitted[0]["body_hash"]


def test_discovery_errors_are_counted_and_the_run_goes_on(world: World, tmp_path: Path) -> None:
    world.fail(1, "/feed.xml", (500, {}), (500, {}))
    world.fail(2, "/sitemap-news.xml", (404, {}))
    summary = run(world, tmp_path)
    assert summary["sites"]["host1"]["discovery_errors"] == {"http_500": 1}
    assert summary["sites"]["host2"]["discovery_errors"] == {"http_404": 1}
    # host1 still finds its stories through the sitemaps its robots.txt names.
    assert summary["sites"]["host1"]["emitted"] > 0


def test_a_slow_host_does_not_hold_up_the_others(tmp_path: Path) -> None:
    world = World(hosts=3, stories=6, crawl_delay=0, slow={0: 0.4}).start()
    try:
        run(world, tmp_path, crawl={"host_concurrency": 1, "concurrency": 2})
    finally:
        world.stop()
    slow_done = world.requested(0)[-1].at
    for host in (1, 2):
        assert world.requested(host)[-1].at < slow_done - 1.0
    assert len(records(tmp_path)) == 3 * 4 + 2


def test_progress_line_and_summary_table_on_a_terminal(world: World, tmp_path: Path) -> None:
    log = io.StringIO()
    crawl(settings_for(world), CrawlOptions(base=tmp_path), log=log, live=True)
    text = log.getvalue()
    assert "\r\x1b[K" in text and " pages, " in text and "/s | host0 " in text
    table = text.rsplit("\n", 6)[-6:]
    assert table[0].split()[:3] == ["site", "discovered", "fetched"]
    assert table[-2].startswith("total ")
    assert "event=" not in text
