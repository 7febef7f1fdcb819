"""XML sitemaps (urlsets, sitemap indexes, news sitemaps) -> article links.

Parsed with lxml configured for untrusted input: no entity expansion, no DTD
loading, no network access, no huge-tree mode. A gzipped sitemap is
inflated with a cap, so a small compressed file cannot become a large one.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple

from lxml import etree

from scrape.errors import DiscoveryError

_SAFE = {"resolve_entities": False, "load_dtd": False, "no_network": True, "huge_tree": False}
_NEWS_DATE = "{http://www.google.com/schemas/sitemap-news/0.9}publication_date"


class Found(NamedTuple):
    """A discovered link and the date its source gives for it (Unix time), if any."""

    url: str
    date: float | None


@dataclass(slots=True)
class Sitemap:
    """What one sitemap file lists: article links, or further sitemaps (an index)."""

    urls: list[Found] = field(default_factory=list)
    children: list[Found] = field(default_factory=list)


def parse_sitemap(data: bytes, url: str, max_bytes: int) -> Sitemap:
    """Read a urlset or a sitemap index; raise DiscoveryError for anything else."""
    if data[:2] == b"\x1f\x8b":
        data = _gunzip(data, url, max_bytes)
    try:
        root = etree.fromstring(data, etree.XMLParser(**_SAFE))
    except etree.XMLSyntaxError as exc:
        raise DiscoveryError(f"sitemap is not XML: {exc}", url=url, reason="bad_sitemap") from exc
    kind = etree.QName(root).localname
    if kind == "sitemapindex":
        return Sitemap(children=[Found(loc, date) for loc, date in _entries(root, "sitemap")])
    if kind == "urlset":
        return Sitemap(urls=[Found(loc, date) for loc, date in _entries(root, "url")])
    raise DiscoveryError(f"not a sitemap: root element {kind}", url=url, reason="bad_sitemap")


def _entries(root: etree._Element, tag: str) -> list[tuple[str, float | None]]:
    """(loc, date) of each ``url``/``sitemap`` child; the news date wins over lastmod."""
    out = []
    for entry in root:
        if not isinstance(entry.tag, str) or etree.QName(entry).localname != tag:
            continue
        fields = {_name(child): (child.text or "").strip() for child in entry.iterdescendants()}
        if loc := fields.get("loc"):
            out.append((loc, _date(fields.get(_NEWS_DATE) or fields.get("lastmod"))))
    return out


def _name(element: etree._Element) -> str:
    if not isinstance(element.tag, str):
        return ""
    qname = etree.QName(element)
    return element.tag if qname.localname == "publication_date" else qname.localname


def _date(text: str | None) -> float | None:
    """W3C datetime (a date, or a date and time with or without a zone) as Unix time."""
    if not text:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def _gunzip(data: bytes, url: str, max_bytes: int) -> bytes:
    unzip = zlib.decompressobj(wbits=47)
    try:
        out = unzip.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise DiscoveryError(f"bad gzip: {exc}", url=url, reason="bad_sitemap") from exc
    if len(out) > max_bytes:
        raise DiscoveryError(
            f"sitemap inflates past the {max_bytes}-byte cap", url=url, reason="too_large"
        )
    return out
