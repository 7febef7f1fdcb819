"""The headline: the visible heading reconciled with what the page's metadata calls it.

The h1 is usually the headline, but on some sites it is the logo, and on
others the headline is an h2 or a styled div. The metadata titles (JSON-LD,
og:title, <title> without its site-name suffix) tell which visible element is
the story's headline; when none matches, the metadata title is trusted.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scrape.extract.dom import Node, Tree, class_and_id, has_ancestor, text_of
from scrape.extract.metadata import Metadata, jsonld_text
from scrape.text import clean

_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+")
_HEADLINE_LIKE = (
    "[itemprop=headline], h2[class*=title], h2[class*=headline], h1[class*=title], "
    "div[class*=headline], span[class*=headline], h2[class*=heading], header h2, article h2"
)
_MAX_LEN = 300
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,6}")
_KICKER = re.compile(
    r"kicker|overline|topline|dachzeile|roofline|eyebrow|label|category|rubric|flag|"
    r"supertitle|surtitre|antetitulo|spitzmarke|subline"
)
_SITE_HEADER = re.compile(r"site-(?:header|branding|title)|masthead|logo|navbar")


def meta_titles(meta: Metadata) -> list[str]:
    """Headline candidates from metadata, most trusted first."""
    site = meta.first("og:site_name", "application-name")
    host = _host_words(meta.canonical)
    titles = [
        strip_site_name(jsonld_text(meta.jsonld, "headline"), site, host, guess=False),
        strip_site_name(meta.first("og:title", "twitter:title"), site, host),
        strip_site_name(meta.title, site, host),
        jsonld_text(meta.jsonld, "name"),
    ]
    return [t for t in dict.fromkeys(titles) if t]


def strip_site_name(title: str, site: str, host: str = "", *, guess: bool = True) -> str:
    """Remove site-name segments ("Story | Section | Site") from a title.

    Segments naming the site (og:site_name, the host name) always go. Without
    such a name, ``guess`` drops the shortest end segment when it is much
    shorter than the rest, and of three or more segments keeps the longest.
    """
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    kept = [p for p in parts if not _names_site(p, site, host)]
    if guess and len(kept) == len(parts):
        if len(kept) >= 3:
            kept = [max(kept, key=len)]
        else:
            end = min((0, len(parts) - 1), key=lambda i: len(parts[i]))
            if len(parts[end]) * 2 < max(len(p) for p in parts):
                kept = parts[:end] + parts[end + 1 :]
    return clean(" - ".join(kept)) if kept else title


def _names_site(part: str, site: str, host: str) -> bool:
    key = _key(part)
    if not key or _DOMAIN.fullmatch(part.strip()):
        return True  # "Story | FASSETTE.NET": a domain name is a site's name
    if site and key == _key(site):
        return True
    compact = key.replace(" ", "")
    return bool(host) and (compact in host or host in compact) and len(compact) >= 4


def _host_words(url: str | None) -> str:
    """The registered-name part of a URL's host: 'www.nzz.ch' -> 'nzzch'."""
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.removeprefix("www.")
    return re.sub(r"[^a-z0-9]", "", host)


def find_headline(tree: Tree, meta: Metadata) -> tuple[str, Node | None]:
    """Return the headline text and the element showing it (None if not shown).

    A visible heading that matches a metadata title wins; failing that, a
    single plausible h1 (sites often give search engines a different title);
    failing that, the metadata title.
    """
    titles = meta_titles(meta)
    h1s = [(text_of(n), n) for n in tree.css("h1")]
    h1s = [(t, n) for t, n in h1s if 0 < len(t) <= _MAX_LEN]
    for candidates in (h1s, _headline_like(tree)):
        for text, node in candidates:
            if any(similar(text, title) or _starts(title, text) for title in titles):
                return _without_kicker(text, node, titles), node
    plausible = [(t, n) for t, n in h1s if _plausible_h1(t, n, meta)]
    if len(plausible) == 1:
        return plausible[0]
    if titles:
        return titles[0], None
    if h1s:
        return h1s[0]
    return "", None


def _starts(title: str, heading: str) -> bool:
    """The title is the heading plus a suffix the stripping missed ("Story - Long Site Name")."""
    key = _key(heading)
    return len(key.split()) >= 3 and _key(title).startswith(key)


def _without_kicker(text: str, node: Node, titles: list[str]) -> str:
    """The headline inside an h1 that also holds a kicker ("Tunisia: Big tasks ahead").

    When one of the h1's parts is exactly a metadata title, that part is the
    headline; otherwise a part named like a kicker is left out.
    """
    keys = {_key(t) for t in titles}
    if _key(text) in keys:
        return text
    words = text.split()
    for title in titles:
        count = len(title.split())
        if count >= 3 and count < len(words) and _key(" ".join(words[-count:])) == _key(title):
            return " ".join(words[-count:])  # a kicker glued before the title
        rest = " ".join(words[count:])
        if (
            count >= 3
            and _key(" ".join(words[:count])) == _key(title)
            and _SEPARATORS.match(" " + rest)
        ):
            return " ".join(words[:count])  # "Story | SITE.NET" printed in the h1 itself
    parts = [(text_of(child), child) for child in node.iter() if child.tag != "-text"]
    parts = [(t, c) for t, c in parts if t]
    for part, _ in parts:
        if _key(part) in keys:
            return part
    kickers = [t for t, c in parts if _KICKER.search(class_and_id(c))]
    if kickers and len(parts) > len(kickers):
        return clean(" ".join(t for t, _ in parts if t not in kickers))
    return text


def _plausible_h1(text: str, node: Node, meta: Metadata) -> bool:
    """An h1 that reads like a headline, not a logo or a section name."""
    site = meta.first("og:site_name", "application-name")
    if len(text.split()) < 3 or (site and similar(text, site)):
        return False
    return node.css_first("img, svg") is None and not has_ancestor(node, _SITE_HEADER)


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
