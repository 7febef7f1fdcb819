"""RSS and Atom feeds -> article links, with feedparser.

feedparser strips entity declarations other than plain text substitutions,
never fetches external entities, and is given the body as a stream so it can
never mistake the document for a file name or URL. A feed that declares
entities at all is refused before parsing: news feeds have no need for them.
"""

from __future__ import annotations

import calendar
import io
import re

import feedparser

from scrape.crawl.sitemaps import Found
from scrape.errors import DiscoveryError

_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def feed_links(data: bytes, url: str) -> list[Found]:
    """The entries' links (resolved against ``url``) with their publication times."""
    if _ENTITY_DECLARATION.search(data[:65536]):
        raise DiscoveryError("feed declares XML entities; refused", url=url, reason="bad_feed")
    parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": url})
    if parsed.get("bozo") and not parsed.entries:
        problem = parsed.get("bozo_exception") or "not a feed"
        raise DiscoveryError(f"cannot read feed: {problem}", url=url, reason="bad_feed")
    found = []
    for entry in parsed.entries:
        link = entry.get("link")
        if isinstance(link, str) and link:
            found.append(Found(link, _timestamp(entry)))
    return found


def _timestamp(entry: feedparser.FeedParserDict) -> float | None:
    # Plain dict lookups: feedparser's own mapping between the two keys warns.
    parsed = dict.get(entry, "updated_parsed") or dict.get(entry, "published_parsed")
    return float(calendar.timegm(parsed)) if parsed else None
