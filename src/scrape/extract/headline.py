"""The headline: the visible heading reconciled with what the page's metadata calls it.

The h1 is usually the headline, but on some sites it is the logo, and on
others the headline is an h2 or a styled div. The metadata titles (JSON-LD,
og:title, <title> without its site-name suffix) tell which visible element is
the story's headline; when none matches, the metadata title is trusted.
"""

from __future__ import annotations

import re

from scrape.extract.dom import Node, Tree, text_of
from scrape.extract.metadata import Metadata, jsonld_text
from scrape.text import clean

_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+")
_HEADLINE_LIKE = (
    "[itemprop=headline], h2[class*=title], h2[class*=headline], h1[class*=title], "
    "div[class*=headline], span[class*=headline], h2[class*=heading], header h2, article h2"
)
_MAX_LEN = 300


def meta_titles(meta: Metadata) -> list[str]:
    """Headline candidates from metadata, most trusted first."""
    site = meta.first("og:site_name", "application-name")
    titles = [
        jsonld_text(meta.jsonld, "headline"),
        strip_site_name(meta.first("og:title", "twitter:title"), site),
        strip_site_name(meta.title, site),
        jsonld_text(meta.jsonld, "name"),
    ]
    return [t for t in dict.fromkeys(titles) if t]


def strip_site_name(title: str, site: str) -> str:
    """Remove a site-name prefix or suffix ("Story | Site") from a title."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_key = _key(site)
    kept = [p for p in parts if not site_key or _key(p) != site_key]
    if len(kept) == len(parts):
        # No known site name: the shortest end segment is the likeliest suffix.
        end = min((0, len(parts) - 1), key=lambda i: len(parts[i]))
        if len(parts[end]) * 2 < max(len(p) for p in parts):
            kept = parts[:end] + parts[end + 1 :]
    return clean(" - ".join(kept)) if kept else title


def find_headline(tree: Tree, meta: Metadata) -> tuple[str, Node | None]:
    """Return the headline text and the element showing it (None if not shown)."""
    titles = meta_titles(meta)
    h1s = [(text_of(n), n) for n in tree.css("h1")]
    h1s = [(t, n) for t, n in h1s if 0 < len(t) <= _MAX_LEN]
    for candidates in (h1s, _headline_like(tree)):
        for text, node in candidates:
            if any(similar(text, title) for title in titles):
                return text, node
    if titles:
        return titles[0], None
    if h1s:
        return h1s[0]
    return "", None


def _headline_like(tree: Tree) -> list[tuple[str, Node]]:
    found = [(text_of(n), n) for n in tree.css(_HEADLINE_LIKE)]
    return [(t, n) for t, n in found if 10 <= len(t) <= _MAX_LEN]


def similar(a: str, b: str) -> bool:
    """True when two titles name the same story (case, punctuation, truncation aside)."""
    ka, kb = _key(a), _key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = sorted((ka, kb), key=len)
    if len(short) >= 0.6 * len(long) and short in long:
        return True
    wa, wb = set(ka.split()), set(kb.split())
    return len(wa & wb) / len(wa | wb) >= 0.75


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
