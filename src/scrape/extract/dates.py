"""Publication and modification dates, timezone kept.

Sources in order: JSON-LD, meta tags, a ``<time datetime>`` in the page, and
htmldate as the last resort for the published date. A date given without a
timezone is taken as UTC, so every date in a record is timezone-aware.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrape.extract.dom import Node, Tree, attr
from scrape.extract.metadata import Metadata

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "date",
    "article.published",
    "cxenseparse:recs:publishtime",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dcterms.modified",
    "article.updated",
)
# A visible "updated" time: marked on the element or on its wrapper.
_UPDATED_TIME = (
    "[itemprop=dateModified], time.updated, time[class*=modified], time[class*=updated], "
    "[class*=updated] time[datetime], [class*=modified] time[datetime], "
    "[class*=actualizacion] time[datetime], [class*=aktualisiert] time[datetime]"
)
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def find_published(tree: Tree, meta: Metadata, html: str) -> datetime | None:
    candidates = [_jsonld(meta, "datePublished"), meta.first(*_PUBLISHED_META)]
    candidates += [
        _time_value(n)
        for n in tree.css("[itemprop=datePublished], time[datetime]")
        if not n.css_matches(_UPDATED_TIME)
    ]
    for value in candidates:
        if parsed := parse_date(value):
            return parsed
    return _htmldate(html)


def find_modified(tree: Tree, meta: Metadata) -> datetime | None:
    candidates = [_jsonld(meta, "dateModified"), meta.first(*_MODIFIED_META)]
    candidates += [_time_value(n) for n in tree.css(_UPDATED_TIME)]
    return next((d for d in map(parse_date, candidates) if d), None)


def element_date(node: Node | None) -> datetime | None:
    """The date an element shows: its datetime/content attribute, else its text."""
    return parse_date(_time_value(node)) if node is not None else None


def parse_date(value: str | None) -> datetime | None:
    """Parse ISO 8601 or RFC 2822 text into an aware datetime; None if unusable."""
    value = (value or "").strip()
    if not value:
        return None
    parsed = _iso(value) or _rfc2822(value)
    if parsed is None:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed if parsed >= _EARLIEST and parsed.year <= datetime.now(UTC).year + 1 else None


def _iso(value: str) -> datetime | None:
    value = re.sub(r"(\d)\s+(\d{2}:\d{2})", r"\1T\2", value)
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _rfc2822(value: str) -> datetime | None:
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def _jsonld(meta: Metadata, key: str) -> str:
    value = meta.jsonld.get(key)
    return value if isinstance(value, str) else ""


def _time_value(node: Node | None) -> str:
    if node is None:
        return ""
    return attr(node, "datetime") or attr(node, "content") or (node.text() or "").strip()


def _htmldate(html: str) -> datetime | None:
    from htmldate import find_date  # imported late: heavy, and needed only as a last resort

    try:
        found = find_date(html, extensive_search=False, outputformat="%Y-%m-%dT%H:%M:%S")
    except (ValueError, TypeError):
        return None
    return parse_date(found) if isinstance(found, str) else None
