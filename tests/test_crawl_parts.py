"""The crawl's parts on their own: URL rules, feed/sitemap/robots parsing, output repair, state."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from scrape.config import CrawlSettings, Discovery
from scrape.crawl.feeds import feed_links
from scrape.crawl.lock import RunLock
from scrape.crawl.output import AppendLog, complete_prefix, encode_lines, repair_tail, set_aside
from scrape.crawl.robots import HostRules
from scrape.crawl.sitemaps import parse_sitemap
from scrape.crawl.state import Revisits, State, Visit
from scrape.crawl.urls import ArticleRule, host_key, normalise
from scrape.crawl.writer import recover
from scrape.errors import CrawlError, CrawlLocked, DiscoveryError

DEFAULTS = CrawlSettings()


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("HTTP://Example.COM:80/a/b?x=1#frag", "http://example.com/a/b?x=1"),
        ("https://example.com:443", "https://example.com/"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a?utm_source=x&id=3&fbclid=y", "https://example.com/a?id=3"),
        ("https://example.com/a?UTM_Medium=x", "https://example.com/a"),
        ("ftp://example.com/a", None),
        ("https://example.com:99999/a", None),
        ("mailto:someone@example.com", None),
    ],
)
def test_normalise(raw: str, normal: str | None) -> None:
    assert normalise(raw, DEFAULTS) == normal


@pytest.mark.parametrize(
    ("policy", "raw", "normal"),
    [
        ("strip", "https://e.com/news/a/", "https://e.com/news/a"),
        ("add", "https://e.com/news/a", "https://e.com/news/a/"),
        ("add", "https://e.com/news/a.html", "https://e.com/news/a.html"),
        ("keep", "https://e.com/news/a/", "https://e.com/news/a/"),
        ("strip", "https://e.com/", "https://e.com/"),
    ],
)
def test_trailing_slash_policy(policy: str, raw: str, normal: str) -> None:
    settings = CrawlSettings(trailing_slash=policy)  # type: ignore[arg-type]
    assert normalise(raw, settings) == normal


def test_host_key_includes_the_default_port() -> None:
    assert host_key("https://e.com/a") == "e.com:443"
    assert host_key("http://127.0.0.1:8080/a") == "127.0.0.1:8080"


def test_article_rule() -> None:
    rule = ArticleRule.of(
        Discovery(
            start_pages=("https://e.com/",),
            article_patterns=(r"/\d{4}/",),
            exclude_patterns=("/video/",),
        )
    )
    assert rule.is_article("https://e.com/2024/story")
    assert not rule.is_article("https://e.com/video/2024/story")
    assert not rule.is_article("https://e.com/about")
    assert ArticleRule.of(Discovery(feeds=("https://e.com/f",))).is_article("https://e.com/x")


def test_discovery_needs_a_source_and_valid_patterns() -> None:
    with pytest.raises(ValueError, match="at least one of feeds"):
        Discovery()
    with pytest.raises(ValueError, match="invalid regular expression"):
        Discovery(feeds=("https://e.com/f",), article_patterns=("(",))


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc>https://e.com/a</loc><lastmod>2020-01-01</lastmod>
    <news:news><news:publication_date>2024-05-01T10:00:00Z</news:publication_date></news:news>
  </url>
  <url><loc> https://e.com/b </loc></url>
</urlset>"""


def test_news_sitemap_gives_urls_with_the_publication_date() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP, "https://e.com/s.xml", 10_000)
    assert [u for u, _ in sitemap.urls] == ["https://e.com/a", "https://e.com/b"]
    assert sitemap.urls[0].date == 1714557600.0
    assert sitemap.urls[1].date is None and not sitemap.children


def test_sitemap_index_and_gzip() -> None:
    index = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://e.com/s1.xml</loc><lastmod>2024-05-01</lastmod></sitemap>
    </sitemapindex>"""
    sitemap = parse_sitemap(gzip.compress(index), "https://e.com/i.xml.gz", 10_000)
    assert [u for u, _ in sitemap.children] == ["https://e.com/s1.xml"]


def test_sitemap_entities_are_not_expanded() -> None:
    bomb = b"""<?xml version="1.0"?>
    <!DOCTYPE urlset [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
      <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY ext SYSTEM "file:///etc/passwd">]>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://e.com/&c;&ext;</loc></url></urlset>"""
    sitemap = parse_sitemap(bomb, "https://e.com/s.xml", 10_000)
    assert all("aaaa" not in u and "root:" not in u for u, _ in sitemap.urls)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<html><body>not a sitemap</body></html>", "bad_sitemap"),
        (b"<urlset><url><loc>", "bad_sitemap"),
        (gzip.compress(b"<urlset>" + b" " * 50_000 + b"</urlset>"), "too_large"),
    ],
)
def test_bad_sitemaps_raise_discovery_errors(data: bytes, reason: str) -> None:
    with pytest.raises(DiscoveryError) as caught:
        parse_sitemap(data, "https://e.com/s.xml", 10_000)
    assert caught.value.reason == reason


def test_rss_and_atom_feeds() -> None:
    rss = b"""<rss version="2.0"><channel><title>t</title>
      <item><title>A</title><link>https://e.com/a</link>
        <pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate></item>
      <item><title>B</title><link>/b</link></item></channel></rss>"""
    links = feed_links(rss, "https://e.com/feed")
    assert links[0] == ("https://e.com/a", 1714557600.0)
    assert links[1].url == "https://e.com/b"
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
      <entry><title>A</title><link href="https://e.com/x"/><updated>2024-05-01T10:00:00Z</updated>
      </entry></feed>"""
    assert feed_links(atom, "https://e.com/atom") == [("https://e.com/x", 1714557600.0)]


def test_feeds_that_declare_entities_or_are_not_feeds_are_refused() -> None:
    with pytest.raises(DiscoveryError, match="entities"):
        feed_links(b'<!DOCTYPE rss [<!ENTITY x "y">]><rss><channel></channel></rss>', "u")
    with pytest.raises(DiscoveryError):
        feed_links(b"\x00\x01 not xml at all <<<", "u")


def test_feed_body_is_never_taken_for_a_file_name(tmp_path: Path) -> None:
    secret = tmp_path / "feed.xml"
    secret.write_text("<rss><channel><item><link>https://secret/</link></item></channel></rss>")
    with pytest.raises(DiscoveryError):
        feed_links(str(secret).encode(), "u")


def test_robots_rules_follow_rfc_9309() -> None:
    from protego import Protego

    rules = HostRules(Protego.parse("User-agent: *\nDisallow: /p/\nCrawl-delay: 2"), "scrape")
    assert not rules.allows("https://e.com/p/x") and rules.allows("https://e.com/q")
    assert rules.crawl_delay == 2.0
    assert HostRules(None, "scrape", reachable=True).allows("https://e.com/p/x")
    assert not HostRules(None, "scrape", reachable=False).allows("https://e.com/q")


def test_complete_prefix_and_set_aside_plain(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a": 1}\n{"b": 2}\n{"c": 3}\n{"d"')
    assert complete_prefix(path, 9, gz=False) == (2, 27)
    assert set_aside(path, 27) == 4
    assert path.read_bytes().endswith(b'{"c": 3}\n')
    assert (tmp_path / "a.jsonl.partial").read_bytes() == b'{"d"\n'  # one line per tail
    path.write_bytes(path.read_bytes() + b'{"e": 5}')  # a whole record cut before its newline
    assert set_aside(path, 27) == 8
    assert (tmp_path / "a.jsonl.partial").read_bytes().splitlines() == [b'{"d"', b'{"e": 5}']


def test_complete_prefix_gzip_counts_whole_members_only(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl.gz"
    first = encode_lines(['{"a": 1}\n', '{"b": 2}\n'], gz=True)
    second = encode_lines(['{"c": 3}\n'], gz=True)
    path.write_bytes(first + second[:-5])
    assert complete_prefix(path, 0, gz=True) == (2, len(first))
    set_aside(path, len(first))
    assert gzip.decompress(path.read_bytes()) == b'{"a": 1}\n{"b": 2}\n'


def test_repair_tail_sets_aside_a_broken_last_line(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"a": 1}\n' + b"x" * (3 << 20))
    assert repair_tail(path) == 3 << 20
    assert path.read_bytes() == b'{"a": 1}\n'
    assert repair_tail(path) == 0


def test_append_log_follows_the_date_pattern(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    log = AppendLog(tmp_path / "out" / "a-%Y-%m-%d.jsonl")
    path, offset = log.target(datetime(2026, 1, 2, tzinfo=UTC))
    log.append(b"1\n")
    assert (path.name, offset) == ("a-2026-01-02.jsonl", 0)
    path2, offset2 = log.target(datetime(2026, 1, 3, tzinfo=UTC))
    log.append(b"2\n")
    log.close()
    assert (path2.name, offset2) == ("a-2026-01-03.jsonl", 0)
    assert path.read_bytes() == b"1\n" and path2.read_bytes() == b"2\n"


def seeded_state(tmp_path: Path, urls: list[str]) -> State:
    state = State.open(tmp_path / "state.sqlite")
    assert state.add_discovered("s", [(u, None) for u in urls], now=1000.0) == len(urls)
    return state


def test_recover_keeps_the_whole_lines_of_an_interrupted_batch(tmp_path: Path) -> None:
    urls = ["https://e.com/1", "https://e.com/2", "https://e.com/3"]
    state = seeded_state(tmp_path, urls)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b'{"old": 0}\n')
    visits = [Visit(u, "emitted", 2000.0, body_hash=f"sha256:{i}") for i, u in enumerate(urls)]
    state.begin_batch(str(out), out.stat().st_size, None, visits)
    with open(out, "ab") as file:  # the run died while writing the third line
        file.write(b'{"n": 1}\n{"n": 2}\n{"n": ')
    assert recover(state) == (2, len(b'{"n": '))
    assert out.read_bytes() == b'{"old": 0}\n{"n": 1}\n{"n": 2}\n'
    assert [state.status_of(u) for u in urls] == [
        ("emitted", "sha256:0"),
        ("emitted", "sha256:1"),
        ("queued", None),
    ]
    assert state.pending() == [] and recover(state) == (0, 0)
    due = state.due("s", 0, 10, 3, Revisits(before=0.0, since=0.0))
    assert [job.url for job in due] == [urls[2]]
    state.close()


def test_recover_a_batch_that_never_reached_the_file(tmp_path: Path) -> None:
    state = seeded_state(tmp_path, ["https://e.com/1"])
    out = tmp_path / "missing" / "out.jsonl"
    state.begin_batch(str(out), 0, None, [Visit("https://e.com/1", "emitted", 1.0, body_hash="h")])
    assert recover(state) == (0, 0)
    assert state.status_of("https://e.com/1") == ("queued", None)
    state.close()


def test_due_jobs_new_retry_and_revisit(tmp_path: Path) -> None:
    urls = [f"https://e.com/{i}" for i in range(5)]
    state = seeded_state(tmp_path, urls)
    state.record(
        [
            Visit(urls[0], "emitted", 100.0, body_hash="h0"),
            Visit(urls[1], "failed", 100.0, reason="http_503", retry=True),
            Visit(urls[2], "failed", 100.0, reason="http_404", retry=False),
            Visit(urls[3], "emitted", 5000.0, body_hash="h3"),
        ]
    )
    jobs = state.due("s", 0, 10, 3, Revisits(before=1000.0, since=500.0))
    assert [(j.url, j.status) for j in jobs] == [
        (urls[0], "emitted"),
        (urls[1], "failed"),
        (urls[4], "queued"),
    ]
    assert state.due("s", 0, 10, 3, Revisits(before=1000.0, since=2000.0))[0].url == urls[1]
    assert state.hash_owner("h0") == urls[0]
    state.close()


def test_a_second_lock_on_the_same_state_is_refused(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    with RunLock(state), pytest.raises(CrawlLocked, match="another crawl"), RunLock(state):
        pass
    with RunLock(tmp_path / "state.sqlite") as lock:
        assert lock.path.read_text().strip().isdigit()


def test_state_survives_reopening_and_status_is_readonly(tmp_path: Path) -> None:
    from scrape.crawl.status import status_text

    state = seeded_state(tmp_path, ["https://e.com/1"])
    state.record([Visit("https://e.com/1", "failed", 1.0, reason="http_500", message="HTTP 500")])
    state.close()
    text = status_text(tmp_path / "state.sqlite", failures=3)
    assert "http_500" in text and "https://e.com/1" in text
    with pytest.raises(CrawlError, match="no crawl state"):
        status_text(tmp_path / "nothing.sqlite")
