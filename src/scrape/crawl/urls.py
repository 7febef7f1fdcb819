"""URL normalisation and the article test, so one story is one key in the state.

Two links to the same page differ in ways that do not matter: the case of the
scheme and host, an explicit default port, a fragment, tracking parameters
(``utm_*``, ``fbclid``...) and, on some sites, a trailing slash. Every URL is
normalised once, when it is discovered, and only the normal form is stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrape.config import CrawlSettings, Discovery

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise(url: str, settings: CrawlSettings) -> str | None:
    """The normal form of an absolute http(s) URL, or None for anything else."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    netloc = parts.hostname.lower()
    if ":" in netloc:
        netloc = f"[{netloc}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = _slash(parts.path or "/", settings.trailing_slash)
    query = _strip_query(parts.query, settings.strip_params)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_key(url: str) -> str:
    """``host:port`` of a URL: the unit politeness (delay, concurrency, robots) applies to."""
    parts = urlsplit(url)
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 0)
    return f"{parts.hostname or ''}:{port}"


def origin(url: str) -> str:
    """``scheme://host[:port]`` of a URL, where its robots.txt lives."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _slash(path: str, policy: str) -> str:
    if path == "/" or policy == "keep":
        return path
    if policy == "strip":
        return path.rstrip("/") or "/"
    last = path.rsplit("/", 1)[-1]
    return path if path.endswith("/") or "." in last else path + "/"


def _strip_query(query: str, patterns: tuple[str, ...]) -> str:
    if not query:
        return ""
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not any(fnmatchcase(k.lower(), p) for p in patterns)]
    return urlencode(kept) if len(kept) != len(pairs) else query


@dataclass(frozen=True, slots=True)
class ArticleRule:
    """Which URLs of a site are articles: any pattern matches and no exclusion does."""

    include: tuple[re.Pattern[str], ...]
    exclude: tuple[re.Pattern[str], ...]

    @classmethod
    def of(cls, discovery: Discovery) -> ArticleRule:
        return cls(
            tuple(re.compile(p) for p in discovery.article_patterns),
            tuple(re.compile(p) for p in discovery.exclude_patterns),
        )

    def excluded(self, url: str) -> bool:
        return any(p.search(url) for p in self.exclude)

    def is_article(self, url: str) -> bool:
        """With no patterns every URL counts: feeds and sitemaps list articles already."""
        if self.excluded(url):
            return False
        return not self.include or any(p.search(url) for p in self.include)
