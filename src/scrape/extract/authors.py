"""Authors: JSON-LD people first, then the displayed byline, then meta tags.

Bylines carry more than names ("By Maria Santos, Political Correspondent",
"Staff and agencies"), so every source goes through one cleaner that strips
the "By", splits co-authors and drops job titles, agencies and "Staff".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrape.extract.dates import MONTHS
from scrape.extract.dom import Node, Tree, descendant, has_ancestor, text_of
from scrape.extract.metadata import Metadata
from scrape.extract.names import Names, Vocabulary
from scrape.text import clean

# Marked bylines; elements merely named like one come from the page's names.
_BYLINE = (
    "[rel=author], [itemprop=author], [itemtype*='schema.org/Person'], [data-testid*=byline], "
    "a[class*=author], a[href*='/author/'], a[href*='/autor/'], a[href*='/autoren/'], "
    "a[href*='/auteur/']"
)
_BYLINE_NAMES = Vocabulary.of("byline author auteur autor autorin verfasser")
# A short line that is nothing but a credit: "Von Claudia Lindner".
_CREDIT_LINE = re.compile(
    r"^(?:by|von|par|por|di|door|av|af|przez)\s+\S+(?:\s+\S+){0,3}$", re.IGNORECASE
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
    r"photograph\w*|updated|published|min read|\d{4}|author|autor|auteur|tweet|share|cortes[ií]a|"
    r"redacci[oó]n|r[ée]daction|gastautor|foto|follow|anonymous|unknown)\b",
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
# Credits that name an organisation, not a person.
_ORGANISATION = re.compile(
    r"\b(?:e\.\s?v\.|gmbh|ag|verlag|stiftung|fraktion|bundestag|partei|verband|institut\w*|"
    r"universit\w+|online|zeitung|magazin\w*|news|presse?|ltd|inc|llc|plc|group|network|radio|"
    r"tv|redaktion|newsdesk|no author|admin|administrator|webmaster|editorial|noticias|"
    r"nachrichten|nouvelles|notizie|"
    r"[a-z0-9-]+\.(?:com|de|it|fr|es|pl|ch|at|org|net|co\.uk|info))\b",
    re.IGNORECASE,
)
# "Disko Von Ernst Lohoff": a section label before a capitalised credit word.
_LEADING_LABEL = re.compile(r"^(?:\S+\s+){1,2}(?=(?:By|Von|Par|Por|Door)\s)")
_DATE_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch "
    "donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles jueves viernes sábado domingo today yesterday heute gestern".split()
    + list(MONTHS)
)
_COMMENTS = re.compile(r"comment|respond|reply")
_AGENCY_NAMES = frozenset({"associated press", "agence france-presse", "pa media", "staff"})


def find_authors(tree: Tree, meta: Metadata, names: Names) -> list[str]:
    """People credited with the story; the site and its publisher are not people."""
    publisher = meta.jsonld.get("publisher")
    not_people = {
        meta.first("og:site_name", "application-name").casefold(),
        (str(publisher.get("name") or "") if isinstance(publisher, dict) else "").casefold(),
    } - {""}
    for source in _sources(tree, meta, names):
        if people := clean_names(source, not_people):
            return people
    return []


def _sources(tree: Tree, meta: Metadata, names: Names) -> Iterator[list[str]]:
    """Author sources, most trusted first, read only as far as needed."""
    yield _jsonld_people(meta.jsonld)
    yield from _bylines(tree.css(_BYLINE))
    yield from _bylines([e.node for e in names.having(_BYLINE_NAMES)])
    yield _meta_authors(meta)
    yield _credit_lines(tree)


def clean_names(raw: list[str], not_people: set[str] | None = None) -> list[str]:
    """Turn byline strings into a de-duplicated list of person names."""
    names: dict[str, None] = {}
    for item in raw:
        item = _PREFIX.sub("", _LEADING_LABEL.sub("", clean(item)))
        if _ORGANISATION.search(item) or item.casefold() in (not_people or ()):
            continue
        for part in _SPLIT.split(item):
            if name := _as_name(part):
                names.setdefault(name, None)
    return list(names)


def _as_name(part: str) -> str:
    part = _PREFIX.sub("", clean(part)).strip(" :-–|")
    words = part.split()
    while words and words[-1].casefold().strip(",.") in _DATE_NAMES:
        words.pop()  # "Alex Bozarjian Thursday": the byline's date ran into the name
    if words and not (len(words[-1]) == 2 and words[-1].endswith(".")):
        words[-1] = words[-1].rstrip(".")  # a sentence's full stop, but "Gutierrez C." keeps it
    part = " ".join(words)
    if not words or len(words) > 5 or len(part) > 60 or _ROLE.search(part):
        return ""
    if len(part) < 3 or any(c.isdigit() or c in ":/@()" for c in part):
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


def _bylines(nodes: list[Node]) -> Iterator[list[str]]:
    """Candidate bylines in page order, each as the names it shows."""
    for node in nodes:
        if _is_bio(node) or has_ancestor(node, _COMMENTS):
            continue
        name_nodes = node.css("[itemprop=name], a[rel=author], a[href*='/author']")
        texts = [text_of(n) for n in name_nodes] or [text_of(node)]
        if texts := [t for t in texts if t and len(t) <= 120]:
            yield texts


def _credit_lines(tree: Tree) -> list[str]:
    """Short paragraphs that only credit someone, for sites without byline markup."""
    lines = (text_of(n) for n in tree.css("p, span, em, strong"))
    return [line for line in lines if len(line) < 60 and _CREDIT_LINE.match(line)][:2]


def _is_bio(node: Node) -> bool:
    """Author boxes under the article hold a biography, not a byline."""
    return len(text_of(node)) > 160 or descendant(node, "p + p") is not None


def _meta_authors(meta: Metadata) -> list[str]:
    values = meta.all("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
    return [v for v in values if not v.startswith("http")]
