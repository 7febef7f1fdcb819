"""Page metadata as a cascade: JSON-LD first, then OpenGraph/meta tags, then <title>.

Structured data is what publishers maintain for search engines, so it is the
most reliable source of headline, dates and authors when present; each field
falls through to the next source only when the earlier one says nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scrape.extract.dom import Node, Tree, absolute_url, attr, text_of
from scrape.text import clean

ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "techarticle",
        "scholarlyarticle",
        "report",
        "advertisercontentarticle",
        "satiricalarticle",
        "medicalscholarlyarticle",
    }
)
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage"})
_MAX_JSONLD = 2_000_000


@dataclass(slots=True)
class Metadata:
    """What the page says about itself in <head> and structured data."""

    jsonld: dict[str, Any] = field(default_factory=dict)  # the article object, if any
    jsonld_types: set[str] = field(default_factory=set)
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-case name -> values
    title: str = ""
    lang: str = ""
    canonical: str | None = None

    def first(self, *names: str) -> str:
        """The first non-empty value among meta ``names`` ('' if none)."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value := clean(value):
                    return value
        return ""

    def all(self, *names: str) -> list[str]:
        return [clean(v) for name in names for v in self.meta.get(name, ()) if clean(v)]

    @property
    def is_article(self) -> bool:
        """The page declares itself an article (JSON-LD type or og:type)."""
        og_type = self.first("og:type").lower()
        return bool(self.jsonld) or og_type in ("article", "news", "newsarticle")

    @property
    def is_listing(self) -> bool:
        """The page declares itself a list of stories and no article."""
        return not self.jsonld and bool(self.jsonld_types & LISTING_TYPES)


def read_metadata(tree: Tree, url: str | None) -> Metadata:
    """Collect JSON-LD, meta tags, <title>, language and canonical URL."""
    metas, scripts = _marked_up(tree)
    meta = Metadata(meta=_meta_tags(metas), title=text_of(tree.css_first("title")))
    objects = list(_jsonld_objects(scripts))
    meta.jsonld_types = {t for obj in objects for t in _types(obj)}
    meta.jsonld = next((obj for obj in objects if _types(obj) & ARTICLE_TYPES), {})
    meta.lang = _language(tree, meta)
    meta.canonical = _canonical(tree, meta, url)
    return meta


def _marked_up(tree: Tree) -> tuple[list[Node], list[Node]]:
    """The <meta content> elements and the JSON-LD scripts, in page order.

    One lexbor query for both: each query is a pass over the whole page.
    """
    metas: list[Node] = []
    scripts: list[Node] = []
    for node in tree.css('meta[content], script[type="application/ld+json"]'):
        (scripts if node.tag == "script" else metas).append(node)
    return metas, scripts


def _meta_tags(metas: list[Node]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in metas:
        get = node.attributes.get  # read once: each read builds the element's attribute dict
        key = _stripped(get("property")) or _stripped(get("name")) or _stripped(get("itemprop"))
        key = key or _stripped(get("http-equiv"))
        if key:
            found.setdefault(key.lower(), []).append(_stripped(get("content")))
    return found


def _stripped(value: str | None) -> str:
    return value.strip() if value else ""


def _jsonld_objects(scripts: list[Node]) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD ``scripts``, @graph and lists unrolled."""
    for script in scripts:
        source = script.text(deep=True)
        if len(source) > _MAX_JSONLD:
            continue
        try:
            data = json.loads(source.strip().rstrip(";"), strict=False)
        except (ValueError, RecursionError):
            # Publishers ship broken JSON-LD often, and a hostile page nests arrays
            # past the parser's depth: it is a hint, not a contract.
            continue
        yield from _unroll(data, depth=0)


def _unroll(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > 4:
        return
    if isinstance(data, list):
        for item in data:
            yield from _unroll(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _unroll(data["@graph"], depth + 1)


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return {k.lower() for k in kinds if isinstance(k, str)}


def _language(tree: Tree, meta: Metadata) -> str:
    html = tree.css_first("html")
    candidates = [
        attr(html, "lang"),
        attr(html, "xml:lang"),
        meta.first("content-language", "og:locale", "language", "dc.language"),
        str(meta.jsonld.get("inLanguage") or ""),
    ]
    for value in candidates:
        if match := re.match(r"\s*([a-zA-Z]{2,3})(?:[-_][a-zA-Z0-9]+)*\s*$", value):
            return match.group(1).lower()
    return ""


def _canonical(tree: Tree, meta: Metadata, url: str | None) -> str | None:
    candidates = [
        attr(tree.css_first('link[rel="canonical"]'), "href"),
        meta.first("og:url"),
        jsonld_url(meta.jsonld),
    ]
    for href in candidates:
        if href and (absolute := absolute_url(href, url)):
            return absolute
    return None


def jsonld_url(obj: dict[str, Any]) -> str:
    value = obj.get("url") or obj.get("mainEntityOfPage")
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return value if isinstance(value, str) else ""


def jsonld_text(obj: dict[str, Any], key: str) -> str:
    """A JSON-LD property as clean text, whatever shape the publisher used."""
    value = obj.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    return clean(value) if isinstance(value, str) else ""
