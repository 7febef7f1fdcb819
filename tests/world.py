"""A small fake news world for crawl tests: several news hosts on 127.0.0.1, one port each.

Every host serves what a crawler meets on a real news site:

- ``/robots.txt``: disallows ``/private/``, sets a Crawl-delay and names the sitemap index;
- ``/feed.xml``: RSS on even hosts, Atom on odd ones, listing the newest stories;
- ``/sitemap.xml`` (an index) -> ``/sitemap-news.xml`` (news sitemap, newest stories) and
  ``/sitemap-archive.xml`` (the rest);
- ``/`` (home) and ``/section/N`` (listings), ``/about`` (not an article), ``/private/...``;
- ``/news/SLUG``: article pages built from one template with generated text, so every story
  has its own body_hash; with ETag and Last-Modified, answering 304 to a matching validator.

Stories ``wire-*`` carry the same text on every host (a syndicated story: the same body
under other URLs). Links on the home page carry ``utm_*`` parameters and fragments.
Every request is logged with its host, path, headers and arrival time, and with what
the world answered (``200``, ``304``... or the fault it injected), so tests can assert
on what the crawler sent and when, and on what it was served intact.

Fault mode (``faults=0.3``): that share of article requests misbehave, each in one of
:data:`FAULTS`: no answer (``timeout``), a TCP reset (``reset``), ``500``, a body cut
short of its Content-Length (``truncated``) or a gzip bomb (``bomb``). The choice is a
function of the seed, the host, the path and how often it was asked for, so a run meets
the same faults whatever order its requests come in. The benchmark uses the same world,
larger.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import random
import socket
import struct
import threading
import time
from asyncio import StreamReader, StreamWriter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http import HTTPStatus
from xml.sax.saxutils import escape

_WORDS = {
    "adj": "local regional national coastal rural urban northern southern eastern western "
    "emergency temporary annual independent public private early late".split(),
    "noun": "council ministry union court harbour railway hospital school river bridge "
    "market factory airport university museum police budget parliament farm port".split(),
    "verb": "approved rejected delayed announced reviewed expanded closed reopened "
    "funded questioned criticised defended postponed launched".split(),
    "place": "Northfield Eastport Lakeside Millbrook Harrow Westbay Kingsmoor Ashford "
    "Redcliff Stonebridge Fairhaven Oakridge".split(),
    "who": "officials residents engineers analysts teachers doctors traders farmers "
    "lawmakers campaigners".split(),
    "day": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
}
_EPOCH = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
FAULTS = ("timeout", "reset", "500", "truncated", "bomb")
BOMB_SIZE = 16 << 20  # decompressed bytes of the gzip bomb: past any sane size cap


def _sentence(rng: random.Random) -> str:
    w = {key: rng.choice(values) for key, values in _WORDS.items()}
    forms = [
        f"The {w['adj']} {w['noun']} in {w['place']} {w['verb']} new plans on {w['day']}, "
        f"{w['who']} said.",
        f"{w['who'].capitalize()} in {w['place']} said the {w['noun']} had {w['verb']} "
        f"a {w['adj']} proposal after months of talks.",
        f"According to {w['who']}, the decision could change how the {w['noun']} works "
        f"for {rng.randint(2, 90)} thousand people.",
        f"A spokesperson for the {w['noun']} said the {w['adj']} review would finish "
        f"by {w['day']} and that {rng.randint(3, 40)} staff were involved.",
    ]
    return rng.choice(forms)


@functools.lru_cache(maxsize=4096)
def _text(seed: int, version: int) -> tuple[str, list[str]]:
    rng = random.Random(f"{seed}:{version}")
    headline = _sentence(rng).rstrip(".").split(",")[0]
    return headline, [" ".join(_sentence(rng) for _ in range(3)) for _ in range(6)]


@dataclass
class Story:
    """One article: its text is a pure function of (seed, version)."""

    slug: str
    seed: int
    published: datetime
    version: int = 0

    def text(self) -> tuple[str, list[str]]:
        return _text(self.seed, self.version)

    @property
    def modified(self) -> datetime:
        return self.published + timedelta(hours=self.version)


@dataclass
class Logged:
    """One request as the server saw it."""

    host: int
    path: str
    headers: dict[str, str]
    at: float
    answer: str = ""  # "200", "304", ... once answered, or the injected fault

    @property
    def intact(self) -> bool:
        """A whole 200 response went out."""
        return self.answer == "200"


@dataclass
class Host:
    """One news site of the world."""

    index: int
    stories: list[Story]
    server: asyncio.Server | None = None
    pages: dict[str, tuple[bytes, str, str]] = field(default_factory=dict)

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"


class World:
    """``hosts`` news hosts with ``stories`` stories each (two of them wire copies)."""

    def __init__(
        self,
        hosts: int = 3,
        stories: int = 8,
        *,
        crawl_delay: float = 0.2,
        latency: float = 0.0,
        feed_size: int = 5,
        chrome: int = 1,
        slow: dict[int, float] | None = None,
        faults: float = 0.0,
        fault_kinds: tuple[str, ...] = FAULTS,
        seed: int = 0,
    ) -> None:
        self.crawl_delay = crawl_delay
        self.fault_share = faults  # of article requests
        self.fault_kinds = fault_kinds
        self.seed = seed
        self._asked: dict[tuple[int, str], int] = {}
        self.headlines: dict[tuple[int, str], str] = {}  # (host, slug) -> headline to serve
        self.latency = latency
        self.feed_size = feed_size
        self.chrome = chrome
        self.slow = slow or {}  # host index -> extra seconds before each answer
        self.requests: list[Logged] = []
        self.faults: dict[tuple[int, str], list[tuple[int, dict[str, str]]]] = {}
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self.hosts = [Host(i, self._stories(i, stories)) for i in range(hosts)]

    def _stories(self, host: int, count: int) -> list[Story]:
        wire = [Story(f"wire-{k}", 1_000_000 + k, _EPOCH + timedelta(minutes=k)) for k in range(2)]
        own = [
            Story(f"story-{host}-{k}", host * 100_000 + k, _EPOCH + timedelta(minutes=10 + k))
            for k in range(count - len(wire))
        ]
        return sorted(own + wire, key=lambda s: s.published, reverse=True)

    def start(self) -> World:
        """Serve every host from one event loop in a background thread."""
        self._thread.start()
        for host in self.hosts:
            serve = functools.partial(_serve, self, host)
            start = asyncio.start_server(serve, "127.0.0.1", 0)
            host.server = asyncio.run_coroutine_threadsafe(start, self._loop).result()
        return self

    def stop(self) -> None:
        async def close() -> None:
            for host in self.hosts:
                if host.server is not None:
                    host.server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()

    def render_all(self) -> None:
        """Build every article page now, so no crawler pays for the first rendering."""
        for host in self.hosts:
            for path in self.article_paths(host.index):
                _render(self, host, path)

    def story_url(self, host: int, slug: str) -> str:
        return f"{self.hosts[host].base}/news/{slug}"

    def change(self, host: int, slug: str) -> None:
        """Publish a new version of a story: new text, new ETag."""
        story = next(s for s in self.hosts[host].stories if s.slug == slug)
        with self._lock:
            story.version += 1
            self.hosts[host].pages.pop(f"/news/{slug}", None)

    def fail(self, host: int, path: str, *answers: tuple[int, dict[str, str]]) -> None:
        """Answer the next requests for ``path`` with these (status, headers), then normally."""
        with self._lock:
            self.faults.setdefault((host, path), []).extend(answers)

    def fault(self, host: int, path: str) -> tuple[int, dict[str, str]] | None:
        with self._lock:
            queued = self.faults.get((host, path))
            return queued.pop(0) if queued else None

    def injected(self, host: int, path: str) -> str | None:
        """The fault this request of an article meets in fault mode, if any."""
        if not self.fault_share or not path.startswith("/news/"):
            return None
        with self._lock:
            asked = self._asked[host, path] = self._asked.get((host, path), 0) + 1
        rng = random.Random(f"{self.seed}:{host}:{path}:{asked}")
        return rng.choice(self.fault_kinds) if rng.random() < self.fault_share else None

    def log(self, host: int, path: str, headers: dict[str, str]) -> Logged:
        logged = Logged(host, path, headers, time.monotonic())
        with self._lock:
            self.requests.append(logged)
        return logged

    def requested(self, host: int | None = None) -> list[Logged]:
        with self._lock:
            return [r for r in self.requests if host is None or r.host == host]

    def article_paths(self, host: int) -> list[str]:
        return [f"/news/{s.slug}" for s in self.hosts[host].stories]


async def _serve(world: World, host: Host, reader: StreamReader, writer: StreamWriter) -> None:
    """HTTP/1.1 with keep-alive, GET only: enough for crawlers, fast enough for benchmarks."""
    try:
        while True:
            head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
            target = head[0].split(" ")[1]
            headers = {_title(k): v for k, _, v in (h.partition(": ") for h in head[1:] if h)}
            logged = world.log(host.index, target, headers)
            if wait := world.latency + world.slow.get(host.index, 0.0):
                await asyncio.sleep(wait)
            path = target.split("?", 1)[0]
            if fault := world.injected(host.index, path):
                logged.answer = fault
                if not await _misbehave(fault, world, host, path, reader, writer):
                    break
                continue
            answer, logged.answer = _answer(world, host, path, headers)
            writer.write(answer)
            await writer.drain()
            if headers.get("Connection", "").lower() == "close":
                break
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        pass  # a client killed mid-request (the crash tests do that)
    finally:
        writer.close()


async def _misbehave(
    fault: str, world: World, host: Host, path: str, reader: StreamReader, writer: StreamWriter
) -> bool:
    """Answer with ``fault``; True when the connection stays usable."""
    if fault == "500":
        writer.write(_response(500, b"<h1>Internal error</h1>", "text/html"))
    elif fault == "bomb":
        headers = {"Content-Encoding": "gzip"}
        writer.write(_response(200, _bomb(), "text/html; charset=utf-8", headers))
    elif fault == "truncated":
        whole = _answer(world, host, path, {})[0]
        writer.write(whole[: len(whole) - 200])
        await writer.drain()
        return False
    elif fault == "timeout":
        await reader.read()  # say nothing until the client gives up and hangs up
        return False
    else:  # reset: an RST instead of an answer
        sock = writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        writer.transport.abort()
        return False
    await writer.drain()
    return True


@functools.cache
def _bomb() -> bytes:
    return gzip.compress(b"\0" * BOMB_SIZE, compresslevel=9, mtime=0)


def _answer(world: World, host: Host, path: str, headers: dict[str, str]) -> tuple[bytes, str]:
    """The response to a GET and its status, as the log records it."""
    if fault := world.fault(host.index, path):
        return _response(fault[0], b"<h1>error</h1>", "text/html", fault[1]), str(fault[0])
    try:
        body, content_type, etag = _render(world, host, path)
    except KeyError:
        return _response(404, b"<h1>Not found</h1>", "text/html; charset=utf-8"), "404"
    if headers.get("If-None-Match") == etag:
        return _response(304, b"", None, {"ETag": etag}), "304"
    return _response(200, body, content_type, {"ETag": etag}), "200"


def _response(
    status: int, body: bytes, content_type: str | None, headers: dict[str, str] | None = None
) -> bytes:
    lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}", f"Content-Length: {len(body)}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    lines += [f"{key}: {value}" for key, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _title(name: str) -> str:
    """Header names as clients usually spell them (If-None-Match), whatever they sent."""
    return "-".join(part.capitalize() for part in name.split("-"))


def _render(world: World, host: Host, path: str) -> tuple[bytes, str, str]:
    """(body, content type, ETag) of a path; KeyError for an unknown one."""
    cached = host.pages.get(path)
    if cached is None:
        body, content_type = _ROUTES[_route(path)](world, host, path)
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        cached = host.pages.setdefault(path, (body, content_type, etag))
    return cached


def _route(path: str) -> str:
    for prefix in ("/news/", "/private/", "/section/"):
        if path.startswith(prefix):
            return prefix
    return path


def _robots(world: World, host: Host, path: str) -> tuple[bytes, str]:
    text = (
        "User-agent: *\nDisallow: /private/\n"
        f"Crawl-delay: {world.crawl_delay:g}\n\nSitemap: {host.base}/sitemap.xml\n"
    )
    return text.encode(), "text/plain"


def _feed(world: World, host: Host, path: str) -> tuple[bytes, str]:
    newest = host.stories[: world.feed_size]
    private = f"{host.base}/private/secret-{host.index}"
    if host.index % 2 == 0:
        items = "".join(
            f"<item><title>{escape(s.text()[0])}</title><link>{host.base}/news/{s.slug}</link>"
            f"<pubDate>{format_datetime(s.published)}</pubDate></item>"
            for s in newest
        )
        items += f"<item><title>Members only</title><link>{private}</link></item>"
        xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Host {host.index}'
        return (xml + f"</title>{items}</channel></rss>").encode(), "application/rss+xml"
    entries = "".join(
        f'<entry><title>{escape(s.text()[0])}</title><link href="{host.base}/news/{s.slug}"/>'
        f"<id>{host.base}/news/{s.slug}</id><updated>{s.modified.isoformat()}</updated></entry>"
        for s in newest
    )
    entries += f'<entry><title>Members only</title><link href="{private}"/></entry>'
    xml = f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Host {host.index}'
    return (xml + f"</title>{entries}</feed>").encode(), "application/atom+xml"


def _sitemap_index(world: World, host: Host, path: str) -> tuple[bytes, str]:
    maps = "".join(
        f"<sitemap><loc>{host.base}/{name}</loc></sitemap>"
        for name in ("sitemap-news.xml", "sitemap-archive.xml")
    )
    xml = '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    return (xml + maps + "</sitemapindex>").encode(), "application/xml"


def _news_sitemap(world: World, host: Host, path: str) -> tuple[bytes, str]:
    urls = "".join(
        f"<url><loc>{host.base}/news/{s.slug}</loc><news:news><news:publication_date>"
        f"{s.published.isoformat()}</news:publication_date></news:news></url>"
        for s in host.stories[: world.feed_size]
    )
    xml = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
    )
    return (xml + urls + "</urlset>").encode(), "application/xml"


def _archive_sitemap(world: World, host: Host, path: str) -> tuple[bytes, str]:
    urls = "".join(
        f"<url><loc>{host.base}/news/{s.slug}</loc><lastmod>{s.published.date()}</lastmod></url>"
        for s in host.stories[world.feed_size :]
    )
    xml = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    return (xml + urls + "</urlset>").encode(), "application/xml"


def _home(world: World, host: Host, path: str) -> tuple[bytes, str]:
    """The newest stories (links with tracking parameters), the private page, a section."""
    links = [
        (f"/news/{s.slug}?utm_source=home&utm_medium=web#top", s.text()[0])
        for s in host.stories[: world.feed_size]
    ]
    links += [("/private/secret-home", "Members only"), ("/section/1", "More news")]
    links += [("/about", "About us")]
    return _listing(host, "Home", links), "text/html; charset=utf-8"


def _section(world: World, host: Host, path: str) -> tuple[bytes, str]:
    if path != "/section/1":
        raise KeyError(path)
    links = [(f"/news/{s.slug}", s.text()[0]) for s in host.stories[world.feed_size :]]
    return _listing(host, "More news", links), "text/html; charset=utf-8"


def _listing(host: Host, title: str, links: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f'<div class="story"><h2><a href="{href}">{escape(text)}</a></h2><p>{escape(text)}.</p>'
        "</div>"
        for href, text in links
    )
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>{title} | Host "
        f'{host.index}</title><meta property="og:type" content="website">'
        '<script type="application/ld+json">{"@type": "CollectionPage"}</script></head><body>'
        f"<h1>{title}</h1><main>{items}</main></body></html>"
    ).encode()


def _about(world: World, host: Host, path: str) -> tuple[bytes, str]:
    return (
        b"<!DOCTYPE html><html><head><title>About</title></head><body><nav><a href='/'>Home</a>"
        b"</nav><p>Contact us.</p></body></html>",
        "text/html; charset=utf-8",
    )


def _article(world: World, host: Host, path: str) -> tuple[bytes, str]:
    slug = path.removeprefix("/news/").removeprefix("/private/")
    stories = {s.slug: s for s in host.stories}
    story = stories.get(slug) or Story(slug, hash(slug) % 1000, _EPOCH)
    headline, paragraphs = story.text()
    headline = world.headlines.get((host.index, slug), headline)
    url = f"{host.base}{path}"
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    page = _TEMPLATE.format(
        headline=escape(headline),
        url=url,
        host=host.index,
        published=story.published.isoformat(),
        modified=story.modified.isoformat(),
        standfirst=escape(paragraphs[0].split(".")[0] + "."),
        body=body,
        chrome=_chrome(host, world.chrome),
    )
    return page.encode(), "text/html; charset=utf-8"


def _chrome(host: Host, weight: int) -> str:
    """Menus and rails around the story, ``weight`` times over (the benchmark's page size)."""
    nav = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(40))
    rail = "".join(
        f'<li><a href="/news/{s.slug}">{escape(s.text()[0])}</a></li>' for s in host.stories[:8]
    )
    block = f'<nav class="menu"><ul>{nav}</ul></nav>'
    block += f'<aside class="most-read"><ol>{rail}</ol></aside>'
    return block * weight


_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{headline} | Host {host} News</title>
<link rel="canonical" href="{url}">
<meta property="og:type" content="article">
<meta property="og:title" content="{headline}">
<meta property="article:published_time" content="{published}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{headline}", "datePublished": "{published}", "dateModified": "{modified}"}}</script>
</head><body>
<header class="site-header"><a href="/">Host {host} News</a></header>
{chrome}
<main><article>
<h1>{headline}</h1>
<p class="standfirst">{standfirst}</p>
<div class="article-body">{body}</div>
</article></main>
<footer class="site-footer"><a href="/about">About</a> <a href="/privacy">Privacy</a></footer>
</body></html>
"""

_ROUTES = {
    "/robots.txt": _robots,
    "/feed.xml": _feed,
    "/sitemap.xml": _sitemap_index,
    "/sitemap-news.xml": _news_sitemap,
    "/sitemap-archive.xml": _archive_sitemap,
    "/": _home,
    "/section/": _section,
    "/about": _about,
    "/news/": _article,
    "/private/": _article,
}


def crawl_config(
    world: World, *, delay: float = 0.0, fetch: dict[str, object] | None = None, **crawl: object
) -> str:
    """config.yaml text that crawls every host of ``world``, each discovered another way.

    Host 0: RSS feed plus start page, links followed one level (to a section page);
    host 1: feed, with sitemaps found through robots.txt; host 2 and up: the sitemap index.
    ``fetch`` and ``crawl`` override settings of those sections.
    """
    settings = {
        "state": "state.sqlite",
        "output": "out/articles-%Y-%m-%d.jsonl",
        "delay": delay,
        "concurrency": 8,
        "retries": 1,
        "backoff": 0.05,
        **crawl,
    }
    lines = ["fetch:", "  allowed_private_hosts: [127.0.0.1]"]
    lines += [f"  {key}: {_yaml(value)}" for key, value in {"timeout": 5, **(fetch or {})}.items()]
    lines.append("crawl:")
    lines += [f"  {key}: {_yaml(value)}" for key, value in settings.items()]
    lines.append("sites:")
    for host in world.hosts:
        lines += [f"  - name: host{host.index}", "    hosts: [127.0.0.1]", "    discovery:"]
        if host.index == 0:
            lines += [
                f"      feeds: [{host.base}/feed.xml]",
                f"      start_pages: [{host.base}/]",
                "      depth: 1",
                '      article_patterns: ["/news/", "/private/"]',
            ]
        elif host.index == 1:
            lines += [f"      feeds: [{host.base}/feed.xml]"]
        else:
            lines += [
                f"      sitemaps: [{host.base}/sitemap.xml]",
                "      sitemaps_from_robots: false",
            ]
    return "\n".join(lines) + "\n"


def _yaml(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "null"
    return str(value)
