"""Bad feeds, sitemaps and robots.txt: bounded, never expanded, never followed off the site.

XML bombs and the rest are fed to the crawl's parsers directly; the bounds and the
scope are checked by crawl runs against the local server (tests/server.py).
"""

from __future__ import annotations

import asyncio
import gzip
import io
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from scrape.config import Settings, parse_settings
from scrape.crawl import CrawlOptions, crawl, discovery
from scrape.crawl.feeds import feed_links
from scrape.crawl.robots import Robots
from scrape.crawl.sitemaps import parse_sitemap
from scrape.errors import DiscoveryError, FetchError, HTTPStatusError
from scrape.fetch import Page
from tests.server import FixtureServer

SITEMAP = "https://news.example.com/sitemap.xml"
FEED = "https://news.example.com/feed.xml"
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'
RSS = '<rss version="2.0"><channel><title>News</title>{}</channel></rss>'


def urlset(*locs: str) -> str:
    return URLSET.format("".join(f"<url><loc>{loc}</loc></url>" for loc in locs))


def rss(*links: str) -> str:
    return RSS.format(
        "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
    )


def test_billion_laughs_in_a_sitemap_is_refused() -> None:
    bomb = LAUGHS + urlset("https://news.example.com/&lol9;", "https://news.example.com/news/a")
    with pytest.raises(DiscoveryError) as caught:
        parse_sitemap(bomb.encode(), SITEMAP, 10_000_000)
    assert caught.value.reason == "bad_sitemap"


def test_an_external_entity_in_a_sitemap_is_never_read() -> None:
    doc = XXE + urlset("https://news.example.com/&xxe;", "https://news.example.com/news/a")
    found = parse_sitemap(doc.encode(), SITEMAP, 10_000_000)
    assert [f.url for f in found.urls] == [
        "https://news.example.com/",
        "https://news.example.com/news/a",
    ]


@pytest.mark.parametrize("prologue", [LAUGHS, XXE], ids=["billion-laughs", "external-entity"])
def test_a_feed_declaring_entities_is_refused(prologue: str) -> None:
    doc = prologue + rss("https://news.example.com/news/&lol9;&xxe;")
    with pytest.raises(DiscoveryError, match="declares XML entities") as caught:
        feed_links(doc.encode(), FEED)
    assert caught.value.reason == "bad_feed"


def test_a_gzipped_sitemap_is_inflated_only_up_to_the_cap() -> None:
    bomb = gzip.compress(urlset("https://news.example.com/news/a").encode() + b" " * 30_000_000)
    with pytest.raises(DiscoveryError) as caught:
        parse_sitemap(bomb, SITEMAP + ".gz", 1_000_000)
    assert caught.value.reason == "too_large"


def test_a_feed_keeps_relative_links_resolved_and_leaves_no_script_link_usable() -> None:
    links = [f.url for f in feed_links(rss("/news/a", "javascript:alert(1)").encode(), FEED)]
    assert links[0] == "https://news.example.com/news/a"
    assert not [u for u in links if u.startswith("http") and "javascript" in u]


def robots_answering(answer: Page | FetchError) -> Robots:
    async def get(url: str) -> Page:
        if isinstance(answer, FetchError):
            raise answer
        return answer

    return Robots(get, "scrape/0.1", obey=True)


def allows(robots: Robots, url: str) -> bool:
    return asyncio.run(robots.allows(url))


def test_a_robots_txt_that_is_html_is_read_as_no_rules() -> None:
    html = b"<html><body><h1>Welcome</h1><p>Disallow: /</p></body></html>"
    page = Page(url="https://news.example.com/robots.txt", status=200, headers=httpx.Headers(),
                body=html)  # fmt: skip
    assert allows(robots_answering(page), "https://news.example.com/news/a")


@pytest.mark.parametrize("status", [500, 503, 429])
def test_a_robots_txt_that_fails_with_5xx_or_429_disallows_the_host(status: int) -> None:
    robots = robots_answering(HTTPStatusError(status))
    assert not allows(robots, "https://news.example.com/news/a")


def test_a_missing_robots_txt_allows_the_host() -> None:
    assert allows(robots_answering(HTTPStatusError(404)), "https://news.example.com/news/a")


def crawl_settings(**discovery: object) -> Settings:
    lines = [
        "fetch:\n  allowed_private_hosts: [127.0.0.1]\n  timeout: 5\n",
        "crawl:\n  state: state.sqlite\n  output: out/articles.jsonl\n  delay: 0\n",
        "  concurrency: 8\n  retries: 0\n",
        "sites:\n  - name: hostile\n    hosts: [127.0.0.1]\n    discovery:\n",
        "      sitemaps_from_robots: false\n",
    ]
    lines += [f"      {key}: {value}\n" for key, value in discovery.items()]
    return parse_settings("".join(lines))


def run(settings: Settings, folder: Path) -> dict[str, object]:
    return crawl(settings, CrawlOptions(base=folder), log=io.StringIO(), live=False)


def paths_requested(server: FixtureServer, start: int, prefix: str) -> list[str]:
    return [path for path, _ in server.requests[start:] if path.startswith(prefix)]


def test_an_endless_sitemap_index_is_followed_only_so_far(
    server: FixtureServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert discovery.MAX_SITEMAPS == 200
    monkeypatch.setattr(discovery, "MAX_SITEMAPS", 25)  # the same bound, reached sooner
    start = len(server.requests)
    run(crawl_settings(sitemaps=f"[{server.url('/xml/endless-index/0')}]"), tmp_path)
    fetched = paths_requested(server, start, "/xml/endless-index/")
    assert len(fetched) == 25
    assert len(set(fetched)) == len(fetched)


def test_a_sitemap_listing_another_hosts_pages_leads_only_to_this_hosts(
    server: FixtureServer, tmp_path: Path
) -> None:
    other = f"http://localhost:{server.server_address[1]}"  # same machine, another host
    start = len(server.requests)
    run(crawl_settings(sitemaps=f"[{server.url('/xml/foreign/' + quote(other, safe=''))}]"),
        tmp_path)  # fmt: skip
    hosts = {h["Host"] for path, h in server.requests[start:] if path.startswith("/hostile/")}
    assert hosts == {f"127.0.0.1:{server.server_address[1]}"}


def test_a_feed_with_relative_and_script_links_fetches_only_the_real_page(
    server: FixtureServer, tmp_path: Path
) -> None:
    start = len(server.requests)
    run(crawl_settings(feeds=f"[{server.url('/xml/mixed-feed')}]"), tmp_path)
    assert paths_requested(server, start, "/hostile/") == ["/hostile/right-to-left"]
    records = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) == 1
