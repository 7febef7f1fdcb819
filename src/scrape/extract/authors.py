"""Authors: JSON-LD people first, then the displayed byline, then meta tags.

Bylines carry more than names ("By Maria Santos, Political Correspondent",
"Staff and agencies"), so every source goes through one cleaner that strips
the "By", splits co-authors and drops job titles, agencies and "Staff".
"""

from __future__ import annotations

import re
from typing import Any

from scrape.extract.dom import Node, Tree, text_of
from scrape.extract.metadata import Metadata
from scrape.text import clean

_BYLINE = (
    "[rel=author], [itemprop=author], [class*=byline], [class*=author-name], "
    "[class*=authorName], [class*=author] a, .author, [data-testid*=byline], [class*=author]"
)
_PREFIX = re.compile(
    r"^\s*(?:by|von|por|par|door|di|da|de|av|af|przez|written by|words by|reported by|texto)"
    r"\b[:\s]*",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|&|\bund\b|\be\b|\by\b|\bet\b|\bi\b|\bu\.\b|\|)\s*", re.I)
_ROLE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|journalist|columnist|contributor|producer|"
    r"analyst|chief|senior|staff|desk|newsroom|team|redaktion|korrespondent|autor|"
    r"photograph\w*|updated|published|min read|\d{4})\b",
    re.IGNORECASE,
)
_AGENCIES = frozenset(
    [
        "reuters",
        "ap",
        "afp",
        "dpa",
        "epa",
        "efe",
        "ansa",
        "pa",
        "pa",
        "media",
        "bloomberg",
        "associated",
        "press",
        "agence",
        "france-presse",
        "agencies",
        "agency",
        "xinhua",
        "anadolu",
        "upi",
        "kyodo",
        "tass",
    ]
)
_AGENCY_NAMES = frozenset({"associated press", "agence france-presse", "pa media", "staff"})


def find_authors(tree: Tree, meta: Metadata) -> list[str]:
    for source in (_jsonld_people(meta.jsonld), _byline(tree), _meta_authors(meta)):
        if names := clean_names(source):
            return names
    return []


def clean_names(raw: list[str]) -> list[str]:
    """Turn byline strings into a de-duplicated list of person names."""
    names: dict[str, None] = {}
    for item in raw:
        for part in _SPLIT.split(_PREFIX.sub("", clean(item))):
            if name := _as_name(part):
                names.setdefault(name, None)
    return list(names)


def _as_name(part: str) -> str:
    part = _PREFIX.sub("", clean(part)).strip(" .:-–|")
    words = part.split()
    if not words or len(words) > 5 or len(part) > 60 or _ROLE.search(part):
        return ""
    if part.casefold() in _AGENCIES or part.casefold() in _AGENCY_NAMES:
        return ""
    if part.startswith(("http", "@")) or not any(w[:1].isupper() for w in words):
        return ""
    return part


def _jsonld_people(obj: dict[str, Any]) -> list[str]:
    authors = obj.get("author") or obj.get("creator") or []
    if not isinstance(authors, list):
        authors = [authors]
    names = []
    for author in authors:
        if isinstance(author, str):
            names.append(author)
        elif (
            isinstance(author, dict) and "organization" not in str(author.get("@type", "")).lower()
        ):
            name = author.get("name")
            if isinstance(name, str):
                names.append(name)
    return names


def _byline(tree: Tree) -> list[str]:
    for node in tree.css(_BYLINE):
        if _is_bio(node):
            continue
        name_nodes = node.css("[itemprop=name], a[rel=author], a[href*='/author']")
        texts = [text_of(n) for n in name_nodes] or [text_of(node)]
        if found := [t for t in texts if t and len(t) <= 120]:
            return found
    return []


def _is_bio(node: Node) -> bool:
    """Author boxes under the article hold a biography, not a byline."""
    return len(text_of(node)) > 160 or node.css_first("p + p") is not None


def _meta_authors(meta: Metadata) -> list[str]:
    values = meta.all("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
    return [v for v in values if not v.startswith("http")]
