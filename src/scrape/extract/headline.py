"""The headline: the visible heading reconciled with what the page's metadata calls it.

The h1 is usually the headline, but on some sites it is the logo or a
breadcrumb label, and on others the headline is an h2 or a styled div. The
metadata titles (JSON-LD, og:title, <title> without its site-name suffix) tell
which visible element is the story's headline; when none matches, the metadata
title is trusted. Kicker lines printed inside the heading are left out.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from scrape.extract.dom import (
    Node,
    Tree,
    ancestors,
    class_and_id,
    descendant,
    has_ancestor,
    text_of,
)
from scrape.extract.metadata import Metadata, jsonld_text
from scrape.text import clean

_PUNCTUATION = re.compile(r"[^\w\s]")
_SEPARATORS = re.compile(r"\s+[|\-–—:·•»/]{1,2}\s+")
_HEADLINE_LIKE = (
    "[itemprop=headline], h2[class*=title], h2[class*=headline], h1[class*=title], "
    "div[class*=headline], span[class*=headline], h2[class*=heading], header h2, article h2"
)
# Plain "title" boxes: old templates style the headline as a span or div.
_TITLE_BOX = "span[class~=title], div[class~=title]"
_SEPARATOR_CHARS = " |-–—:·•»/"
_SEPARATOR_START = re.compile(r"\s*[|\-–—:·•»/]")
_MAX_LEN = 300
_PARAGRAPH = 150  # characters of a paragraph of story text
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,6}")
_KICKER = re.compile(
    r"kicker|overline|topline|dachzeile|roofline|eyebrow|label|category|rubric|flag|"
    r"supertitle|surtitre|antetitulo|spitzmarke|subline|sub-?head|sub-?title"
)
# An h1 inside a breadcrumb trail or a share box repeats the title as a label;
# the story's shown headline is elsewhere.
_DISPLACED = re.compile(r"crumb|share|social")
_NAMED_HEADLINE = re.compile(r"headline|title")
_CHROME = re.compile(r"crumb|nav|menu|footer|site-header|masthead|search|cookie|consent|newsletter")
_HIDDEN_CLASSES = frozenset(
    "hidden sr-only visually-hidden visuallyhidden screen-reader-text element-invisible "
    "invisible a11y-hidden".split()
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
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
    if not host:
        return False
    joined, name = _host_names(host)
    compact = key.replace(" ", "")
    if len(compact) >= 4 and (compact in joined or joined in compact):
        return True
    return _spelled(name, key.split(), 0)


@functools.lru_cache(maxsize=16)  # a title has a few parts, all compared with one host
def _host_names(host: str) -> tuple[str, str]:
    """The host's letters and digits run together, and its longest label.

    'parco-lago.it' gives 'parcolagoit' and 'parco-lago'.
    """
    return _NOT_ALNUM.sub("", host), max(host.split("."), key=len)


def _spelled(name: str, words: list[str], used: int) -> bool:
    """``name`` is some of ``words`` run together, two or more of them, in order.

    'parcolago' is spelled by "Parco Naturale del Lago": a site's name
    written out in full in its title.
    """
    if not name:
        return used >= 2
    return any(
        name.startswith(word) and _spelled(name[len(word) :], words[i + 1 :], used + 1)
        for i, word in enumerate(words)
    )


def _host_words(url: str | None) -> str:
    """A URL's host name without 'www.': 'https://www.nzz.ch/x' -> 'nzz.ch'."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.")


def find_headline(tree: Tree, meta: Metadata) -> tuple[str, Node | None]:
    """Return the headline text and the element showing it (None if not shown).

    A visible heading that matches a metadata title wins; failing that, a
    single plausible h1 (sites often give search engines a different title);
    failing that, when the metadata title is a bare section name ("Gaspreise"),
    the first heading that reads like a headline; failing that, the metadata title.
    """
    titles = meta_titles(meta)
    every_h1 = [(text_of(n), n) for n in tree.css("h1")]
    every_h1 = [(t, n) for t, n in every_h1 if 0 < len(t) <= _MAX_LEN and not _unseen(n)]
    h1s = [(t, n) for t, n in every_h1 if not _displaced(n)]
    found = _shown_title(tree, meta, titles, every_h1, h1s)
    if found:
        shown = {_key(t) for t in _unguessed_titles(meta)}
        return _without_kicker(*found, titles, shown), found[1]
    plausible = [(t, n) for t, n in h1s if _plausible_h1(t, n, meta)]
    if len(plausible) == 1:
        return plausible[0]
    if not titles or len(titles[0].split()) < 2:
        prominent = _prominent_heading(tree, titles, meta)
        if prominent is not None:
            return prominent
    if titles:
        return titles[0], None
    if every_h1:
        return every_h1[0]
    return "", None


def _shown_title(
    tree: Tree,
    meta: Metadata,
    titles: list[str],
    every_h1: list[tuple[str, Node]],
    h1s: list[tuple[str, Node]],
) -> tuple[str, Node] | None:
    """The visible heading showing a metadata title, h1s first.

    An h1 in a breadcrumb trail or share box only labels the page: a heading
    elsewhere that shows a title, or failing that the first heading above the
    story's text, is what readers see as the headline; the label is the last
    resort.
    """
    found = _matching(h1s, titles)
    if not found and len(h1s) < len(every_h1):
        displaced = [(t, n) for t, n in every_h1 if _displaced(n)]
        found = (
            _matching(_unlinked(_headline_like(tree)), titles, loose=False)
            or _prominent_heading(tree, titles, meta)
            or _matching(displaced, titles)
        )
    return found or _matching(_headline_like(tree), titles)


def _unguessed_titles(meta: Metadata) -> list[str]:
    """Metadata titles without the segments that only a guess would drop.

    A heading that shows one of these in full ("Event - Story") shows the
    headline as written, even where the guess took a segment for a site name.
    """
    site = meta.first("og:site_name", "application-name")
    host = _host_words(meta.canonical)
    raw = (jsonld_text(meta.jsonld, "headline"), meta.first("og:title", "twitter:title"))
    return [strip_site_name(t, site, host, guess=False) for t in raw if t]


def _displaced(node: Node) -> bool:
    """A heading placed in a breadcrumb trail or a share box, as a label for it.

    A heading named a headline or title is meant as one wherever it sits.
    """
    if _NAMED_HEADLINE.search(class_and_id(node)):
        return False
    for level, ancestor in enumerate(ancestors(node)):
        if level >= 2 or ancestor.tag == "body":
            return False
        if _DISPLACED.search(class_and_id(ancestor)):
            return True
    return False


def _unlinked(candidates: list[tuple[str, Node]]) -> list[tuple[str, Node]]:
    """Candidates outside links: a heading inside a link is a card for a story."""
    return [(t, n) for t, n in candidates if not any(a.tag == "a" for a in ancestors(n))]


def _matching(
    candidates: list[tuple[str, Node]], titles: list[str], *, loose: bool = True
) -> tuple[str, Node] | None:
    """The first candidate showing a metadata title (``loose``: or its opening words)."""
    test = _matches if loose else similar
    return next(((t, n) for t, n in candidates if any(test(t, title) for title in titles)), None)


def _prominent_heading(tree: Tree, titles: list[str], meta: Metadata) -> tuple[str, Node] | None:
    """The heading before the story's text that shows a title, else the first that reads like one.

    Menus, kicker lines and the site's name are stepped over; a heading that
    comes only after a paragraph of text heads a section of the story.
    """
    site = meta.first("og:site_name", "application-name")
    headings = []
    for node in tree.css(f"h1, h2, {_HEADLINE_LIKE}, p"):
        text = text_of(node)
        if has_ancestor(node, _CHROME, ("nav", "footer")) or _displaced(node) or _unseen(node):
            continue
        if node.tag == "p":
            if len(text) >= _PARAGRAPH:
                break
            continue
        if len(text.split()) < 3 or not 10 <= len(text) <= _MAX_LEN or similar(text, site):
            if any(similar(text, title) for title in titles):
                return text, node  # a short title shown as it is ("Baumgutachten")
            continue
        if not _KICKER.search(class_and_id(node)) and descendant(node, "h1, h2, h3") is None:
            headings.append((text, node))  # not a kicker line or a wrapper around one
    return _matching(headings, titles) or (headings[0] if headings else None)


def _matches(heading: str, title: str) -> bool:
    """The heading shows the title, maybe with a suffix on either side.

    The title may carry a suffix the stripping missed ("Story - Long Site
    Name"), the heading one printed after the story ("Story<small>date</small>")
    or a kicker before it ("Press release of the council: Story").
    """
    if similar(heading, title) or _starts(title, heading):
        return True
    key = _key(title)
    return len(key.split()) >= 3 and (_starts(heading, title) or _key(heading).endswith(" " + key))


def _starts(longer: str, shorter: str) -> bool:
    """``longer`` is ``shorter`` plus a suffix.

    ``shorter`` needs three words; one of two words needs a separator right
    after it and a suffix shorter than itself ("Two words -Author Name"), so
    that a site name printed before a story does not pass for the story.
    """
    key = _key(shorter)
    if len(key.split()) >= 3:
        return _key(longer).startswith(key)
    rest = longer[len(shorter) :]
    return (
        len(key.split()) == 2
        and longer.casefold().startswith(shorter.casefold())
        and bool(_SEPARATOR_START.match(rest))
        and len(rest) < len(shorter)
    )


def _without_kicker(text: str, node: Node, titles: list[str], shown: set[str]) -> str:
    """The headline inside an h1 that also holds a kicker ("Tunisia: Big tasks ahead").

    A heading showing a metadata title as written is the headline. A part
    named like a kicker is left out; else when one of the heading's parts is
    exactly a metadata title, that part is the headline.
    """
    keys = {_key(t) for t in titles}
    if _key(text) in keys | shown:
        return text
    parts = [(text_of(child), child) for child in node.iter() if child.tag != "-text"]
    parts = [(t, c) for t, c in parts if t]
    kickers = [t for t, c in parts if _KICKER.search(class_and_id(c))]
    rest = text
    for kicker in kickers:
        rest = rest.replace(kicker, " ", 1)
    rest = clean(rest).strip(_SEPARATOR_CHARS)  # "Kicker: Story" leaves its colon too
    if kickers and _key(rest):
        return rest
    words = text.split()
    for title in titles:
        count = len(title.split())
        if count >= 3 and count < len(words) and _key(" ".join(words[-count:])) == _key(title):
            return " ".join(words[-count:])  # a kicker glued before the title
        rest = " ".join(words[count:])
        if (
            count >= 3
            and _key(" ".join(words[:count])) == _key(title)
            and (_SEPARATORS.match(" " + rest) or any(_key(t) == _key(rest) for t, _ in parts))
        ):
            # "Story | SITE.NET" printed in the h1 itself, or "Story<small>date</small>"
            return " ".join(words[:count])
    for part, _ in parts:
        if _key(part) in keys:
            return part
    return text


def _plausible_h1(text: str, node: Node, meta: Metadata) -> bool:
    """An h1 that reads like a headline, not a logo or a section name."""
    site = meta.first("og:site_name", "application-name")
    if len(text.split()) < 3 or (site and similar(text, site)):
        return False
    return node.css_first("img, svg") is None and not has_ancestor(node, _SITE_HEADER)


def _headline_like(tree: Tree) -> list[tuple[str, Node]]:
    found = [(text_of(n), n) for n in tree.css(f"{_HEADLINE_LIKE}, {_TITLE_BOX}")]
    return [
        (t, n) for t, n in found if 10 <= len(t) <= _MAX_LEN and not (_displaced(n) or _unseen(n))
    ]


def _unseen(node: Node) -> bool:
    """A heading styled away from the screen, for screen readers and search engines only."""
    classes = (node.attributes.get("class") or "").lower().split()
    return any(c in _HIDDEN_CLASSES for c in classes)


def similar(a: str, b: str) -> bool:
    """True when two titles name the same story (case, punctuation, truncation aside)."""
    ka, wa = _folded(a)
    kb, wb = _folded(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    if len(short) >= 0.6 * len(long) and short in long:
        return True
    fewer, more = (len(wa), len(wb)) if len(wa) <= len(wb) else (len(wb), len(wa))
    if 4 * fewer < 3 * more:
        return False  # the shared words cannot reach three quarters: spare the set operations
    shared = len(wa & wb)
    return shared / (fewer + more - shared) >= 0.75


def similar_to(title: str) -> Callable[[str], bool]:
    """``similar(text, title)`` for the many lines of one page, most turned away unfolded.

    Folding a line costs more than comparing it. A line similar to ``title``,
    case-folded, is at least as long as 60% of the folded title or as the
    fewest title words making three quarters of them, spaces between; and it
    holds three quarters of the title's words, or else is a piece of the
    title, with no letter or digit the title lacks. Most lines fail a test.
    """
    key, words = _folded(title)
    needed = math.ceil(0.75 * len(words))  # the words shared by a similar set of words
    floor = min(math.ceil(0.6 * len(key)), sum(sorted(map(len, words))[:needed]) + needed - 1)
    letters = frozenset(key)

    def test(text: str) -> bool:
        folded = text.casefold()
        if len(folded) < floor:
            return False
        if _foreign(folded, letters) and sum(map(folded.__contains__, words)) < needed:
            return False
        return similar(text, title)

    return test


def _foreign(text: str, letters: frozenset[str]) -> bool:
    """True when ``text`` has a word character (as in ``\\w``) that is not among ``letters``."""
    unseen = set(text).difference(letters)
    return "_" in unseen or any(map(str.isalnum, unseen))


def _key(text: str) -> str:
    return _folded(text)[0]


# Small: the body's blocks are each compared with the same headline, which stays remembered.
@functools.lru_cache(maxsize=64)
def _folded(text: str) -> tuple[str, frozenset[str]]:
    """``text`` case-folded, punctuation and spacing folded, and its set of words."""
    words = _PUNCTUATION.sub(" ", text.casefold()).split()
    return " ".join(words), frozenset(words)
