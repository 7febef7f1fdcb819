"""Publication and modification dates, timezone kept.

Sources in order: JSON-LD, meta tags, microdata and RDFa, a ``<time
datetime>`` in the page; then the URL's date and dates written out where
stories show them (a date-named element, the headline's surroundings, a
dateline opening a paragraph); htmldate is the last resort for the published
date. A date given without a timezone is taken as UTC, so every date in a
record is timezone-aware, and a modified date never precedes the published one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrape.extract.dom import Node, Tree, attr, region_of
from scrape.extract.metadata import Metadata
from scrape.extract.names import Names, Vocabulary

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
# The elements every mark of _UPDATED_TIME is on.
_UPDATE_HOLDERS = "[itemprop=dateModified], time"
# Schema.org microdata and RDFa (Drupal writes property="dc:date dc:created").
_PUBLISHED_MARKUP = (
    "[itemprop=datePublished], [property*=datePublished], [property~='dc:date'], "
    "[property~='dc:created'], [property~='dcterms:created'], time[datetime]"
)
_CREATED_MARKUP = "[itemprop=dateCreated], [property*=dateCreated]"
# An "updated" time still dates the story when marked as its publication.
_MARKED_PUBLISHED = "[pubdate], [itemprop=datePublished]"
# JSON-LD objects of any type (WebPage, Recipe...) date the page when no article object does.
_LD_JSON = re.compile(
    r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.IGNORECASE | re.DOTALL
)
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_COMMENT_NAMES = Vocabulary.of("comment kommentar comentario commentaire commento reply")
_DATE_NAMES = Vocabulary.of(
    "date datum time posted published publish meta byline fecha data dataora zeit timestamp "
    "dateline pubdate",
)
_MAX_DATE_ELEMENTS = 12
_DATE_REGION_LEVELS = 2
_DATELINE_PARAGRAPHS = 40
_DATELINE_TEXT = 80
_NEAR_TEXT = 600  # the headline's surroundings: kicker, byline, dateline
_MAX_DATE_TEXT = 120
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:[/-]|$)")
# Day first, as everywhere but the US.
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./]\s?(?P<y>(?:19|20)\d{2})\b")
_ISO_DATE = re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b")
_ISO_START = re.compile(r"(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "jan january januar janvier enero janeiro gennaio stycznia jänner",
            "feb february februar février fevrier febrero fevereiro febbraio lutego",
            "mar march märz maerz mars marzo março marco",
            "apr april avril abril aprile kwietnia",
            "may mai mayo maio maggio maja",
            "jun june juni juin junio junho giugno czerwca",
            "jul july juli juillet julio julho luglio lipca",
            "aug august août aout agosto sierpnia",
            "sep sept september septembre septiembre setembro settembre września",
            "oct october oktober octobre octubre outubro ottobre października okt",
            "nov november novembre noviembre novembro listopada",
            "dec december dezember décembre decembre diciembre dezembro dicembre grudnia dez",
        ),
        start=1,
    )
    for name in names.split()
}
_DAY_MONTH = re.compile(
    r"\b(?P<d>\d{1,2})(?:\.\s*|,?\s+)(?:de\s+)?"
    r"(?P<m>[^\W\d_]+)\.?,?\s+(?:de\s+)?(?P<y>(?:19|20)\d{2})\b"
)
_MONTH_DAY = re.compile(
    r"\b(?P<m>[^\W\d_]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b"
)
_DATE_FORMS = (_NUMERIC_DATE, _ISO_DATE, _DAY_MONTH, _MONTH_DAY)
# A dateline: "(21. November 2022) ...", "Berlin, 27.1.2022 - ...", "12 May 2021 | ...".
_DATELINE_LEAD = re.compile(r"[(\[]?\s*(?:[^\W\d][^\W\d.'-]*(?:[ -][^\W\d][^\W\d.'-]*){0,3},\s*)?")
_DATELINE_END = re.compile(r"[,\s]*(?:\d{1,2}[:.]\d{2}\s*(?:uhr|h)?)?\s*[-–—|:)\]]")
_EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)


def find_published(
    tree: Tree, meta: Metadata, html: str, names: Names | None = None, near: Node | None = None
) -> datetime | None:
    """Structured dates first; then the URL's date and dates written out where
    stories show them; htmldate (costly: it parses the page again) last."""
    region = region_of(near, _DATE_REGION_LEVELS)
    found = (
        _structured_date(tree, meta)
        or url_date(meta.canonical)
        or _ld_json_date(html)
        or _written_date(tree, names, region)
    )
    return found or _htmldate(region.html or html if region is not None else html)


def _structured_date(tree: Tree, meta: Metadata) -> datetime | None:
    """The date published in JSON-LD, a meta tag, microdata or RDFa, or a <time>;
    the page's markup is searched only when the head has none."""
    return (
        parse_date(_jsonld(meta, "datePublished"))
        or parse_date(meta.first(*_PUBLISHED_META))
        or _marked_date(tree)
    )


def _marked_date(tree: Tree) -> datetime | None:
    """A publication date marked in the page: microdata, RDFa, <time>; creation last."""
    # A generator: the selector tests cost more than the date parsing they spare.
    published = (
        n
        for n in tree.css(_PUBLISHED_MARKUP)
        if not n.css_matches(_UPDATED_TIME) or n.css_matches(_MARKED_PUBLISHED)
    )
    return _first_parsed(published) or _first_parsed(tree.css(_CREATED_MARKUP))


def _first_parsed(nodes: Iterable[Node]) -> datetime | None:
    return next((d for d in (parse_date(_time_value(n)) for n in nodes) if d), None)


def _ld_json_date(html: str) -> datetime | None:
    """The first datePublished in the page's JSON-LD, whatever the object's type."""
    if '"datePublished"' not in html:
        return None  # one search of the page spares a case-blind scan for its scripts
    for script in _LD_JSON.finditer(html):
        for value in _LD_PUBLISHED.finditer(script.group(1)):
            if found := parse_date(value.group(1)):
                return found
    return None


def _written_date(tree: Tree, names: Names | None, region: Node | None) -> datetime | None:
    """A date written out where stories show theirs, surest place first; a
    date-named element shared with a list of teasers comes last."""
    shown, listed = _shown_dates(names) if names is not None else ([], [])
    return (
        _first_date(shown)
        or (
            text_date(region.text(deep=True, separator=" ")[:_NEAR_TEXT])
            if region is not None
            else None
        )
        or _dateline(tree)
        or _first_date(listed)
    )


def url_date(url: str | None) -> datetime | None:
    """A date in the URL's path: /2019/10/22/ or /2019-10-22-."""
    match = _URL_DATE.search(url or "")
    return _ymd(match.group(1), match.group(2), match.group(3)) if match else None


def _shown_dates(names: Names) -> tuple[list[Node], list[Node]]:
    """Elements named like a date or a byline: those named like no other, and
    the first of each name shared by several.

    A name shared by several elements marks a list (related stories, latest
    news) that may stand before the story; the story's own date, when named
    alike, is the first of its name. Comments' dates are never the story's.
    """
    named = [e for e in names.having(_DATE_NAMES) if not _COMMENT_NAMES.among(set(e.tokens))]
    counts = Counter(e.tokens for e in named)
    shown, listed, seen = [], [], set()
    for element in named[:_MAX_DATE_ELEMENTS]:
        if counts[element.tokens] == 1:
            shown.append(element.node)
        elif element.tokens not in seen:
            seen.add(element.tokens)
            listed.append(element.node)
    return shown, listed


def _first_date(elements: list[Node]) -> datetime | None:
    """The first date written out in one of ``elements`` (short texts only)."""
    for node in elements:
        text = " ".join(node.text(deep=True).split())
        if len(text) <= _MAX_DATE_TEXT and (found := text_date(text)):
            return found
    return None


def _dateline(tree: Tree) -> datetime | None:
    """A date opening one of the page's first paragraphs, set off from the text."""
    for paragraph in tree.css("p")[:_DATELINE_PARAGRAPHS]:
        if found := _leading_date(paragraph.text(deep=True).lstrip()[:_DATELINE_TEXT]):
            return found
    return None


def _leading_date(text: str) -> datetime | None:
    """The date ``text`` starts with (after "(" or a place and a comma), followed
    by a dash, bar, colon or closing bracket."""
    lowered = text.lower()
    lead = _DATELINE_LEAD.match(lowered)
    start = lead.end() if lead else 0
    for form in _DATE_FORMS:
        match = form.match(lowered, start)
        if match and _DATELINE_END.match(lowered, match.end()) and (found := _read(match)):
            return found
    return None


def text_date(text: str) -> datetime | None:
    """A calendar date written the ways news sites write them, in several languages."""
    lowered = text.lower()
    for form in _DATE_FORMS:
        if (match := form.search(lowered)) and (found := _read(match)):
            return found
    return None


def _read(match: re.Match[str]) -> datetime | None:
    """The date a match of one of the written forms stands for; month by number or name."""
    month = match.group("m")
    number = month if month.isdigit() else str(MONTHS.get(month, 0))
    return _ymd(match.group("y"), number, match.group("d"))


def _ymd(year: str, month: str, day: str) -> datetime | None:
    try:
        found = datetime(int(year), int(month), int(day), tzinfo=UTC)
    except ValueError:
        return None
    return found if _EARLIEST <= found <= datetime.now(UTC) else None


def find_modified(tree: Tree, meta: Metadata) -> datetime | None:
    return (
        parse_date(_jsonld(meta, "dateModified"))
        or parse_date(meta.first(*_MODIFIED_META))
        or _shown_update(tree)
    )


def _shown_update(tree: Tree) -> datetime | None:
    """The date of a visible "updated" time.

    Most pages hold no element that could wear such a mark: asking for those
    elements first costs a fifth of the whole selector's pass over the page.
    """
    if tree.css_first(_UPDATE_HOLDERS) is None:
        return None
    return _first_parsed(tree.css(_UPDATED_TIME))


def after_publication(modified: datetime | None, published: datetime | None) -> datetime | None:
    """``modified``, unless it precedes ``published``.

    A change dated before the story appeared is a teaser's date, a template's,
    or that of a post re-dated to the front: no record says a story changed
    before it was published.
    """
    if modified is not None and published is not None and modified < published:
        return None
    return modified


def element_date(node: Node | None) -> datetime | None:
    """The date an element shows: its datetime/content attribute, else its text."""
    return parse_date(_time_value(node)) if node is not None else None


def parse_date(value: str | None) -> datetime | None:
    """Parse ISO 8601 or RFC 2822 text into an aware datetime; None if unusable.

    Text that only starts like ISO 8601 gives its calendar date (UTC midnight).
    """
    value = (value or "").strip()
    if not value:
        return None
    parsed = _iso(value) or _rfc2822(value)
    if parsed is None:
        # a time no parser reads after a good date ("...T10:00:00 CET") keeps the date
        leading = _ISO_START.match(value)
        return _read(leading) if leading else None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed if parsed >= _EARLIEST and parsed.year <= datetime.now(UTC).year + 1 else None


def _iso(value: str) -> datetime | None:
    value = re.sub(r"(\d)\s+(\d{2}:\d{2})", r"\1T\2", value)
    value = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", value)
    value = re.sub(r"(\d)\s*(?:UTC|GMT)$", r"\1+00:00", value)
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
    """htmldate's guess, given a parsed tree: handed a string that looks like an
    address, htmldate would download it, and extraction never makes requests."""
    from htmldate import find_date  # imported late: heavy, and needed only as a last resort
    from lxml import etree
    from lxml.html import HTMLParser, document_fromstring

    try:
        tree = document_fromstring(html.encode("utf-8"), parser=HTMLParser(encoding="utf-8"))
        found = find_date(tree, extensive_search=False, outputformat="%Y-%m-%dT%H:%M:%S")
    except (ValueError, TypeError, etree.ParserError):
        return None
    return parse_date(found) if isinstance(found, str) else None
