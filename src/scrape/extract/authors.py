"""Authors: JSON-LD people first (unless the byline shows them with co-authors),
then the displayed byline, then meta tags, then loose credit lines.

Bylines carry more than names ("By Maria Santos, Political Correspondent",
"Staff and agencies"), so every source goes through one cleaner that strips
the "By", splits co-authors and drops job titles, agencies and "Staff".
Bylines repeat on a page: teaser cards of other stories, comments and names
mentioned in the text are not the story's credit and are passed over.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from itertools import groupby, islice
from typing import Any

from scrape.extract.dates import MONTHS
from scrape.extract.dom import Node, Tree, ancestors, class_and_id, descendant, text_of
from scrape.extract.metadata import Metadata
from scrape.extract.names import Names, Vocabulary
from scrape.text import clean

# Marked bylines; elements merely named like one come from the page's names
# ("createdby" is Joomla's credit line). Links into the authors' pages are asked for
# by the start their paths share, "/aut" (see _marked_bylines).
_BYLINE = (
    "[rel=author], [itemprop=author], [itemtype*='schema.org/Person'], [data-testid*=byline], "
    "a[class*=author], a[href*='/aut'], "
    ".submitted"  # Drupal's "Submitted by ..." line, often on a <li>
)
_AUTHOR_PATHS = ("/author/", "/autor/", "/autoren/", "/auteur/")
_BYLINE_NAMES = Vocabulary.of("byline author auteur autor autorin verfasser", "createdby")
# Inside a byline, the elements that hold one name each ("/@name": profile pages).
_NAME_PARTS = (
    "[itemprop=name], a[rel=author], a[href*='/author'], a[href*='/autor'], a[href*='/auteur'], "
    "a[href^='/@']"
)
# Credits for the pictures that follow the writer's: "Text von X Illustration von Y".
_OTHER_CREDIT = (
    r"\s+(?:illustrations?|fotos?|photos?|photography|bilder?|grafik|video|kamera)"
    r"\s*(?:von|by|de|par|di|:)(?:\s.*|$)"
)
# Arabic credit words: "by the pen of", "wrote", "interview", "prepared by".
_ARABIC = "بقلم|كتب|كتبت|حوار|إعداد"
# A short line that is nothing but a credit: "Von Claudia Lindner", "Por: Juan Diego".
_CREDIT_LINE = re.compile(
    rf"^(?:text\s+)?(?:by|von|par|por|di|door|av|af|przez|{_ARABIC})(?:\s*:)?\s+\S+"
    rf"(?:\s+\S+){{0,3}}(?:{_OTHER_CREDIT})?$",
    re.IGNORECASE,
)
# The first two letters of the words _CREDIT_LINE may open with ("text", "by", "von"...).
_CREDIT_OPENINGS = frozenset("te by vo pa po pr di do av af".split())
_PREFIX = re.compile(
    rf"^\s*(?:by|von|por|par|door|di|da|de|av|af|przez|{_ARABIC}|written by|words by|words|"
    r"reported by|"
    r"(?:texto?|texte)(?:\s*(?:&|und|and|y|et|/)\s*(?:fotos?|photos?|bilder?))?|"
    r"autor(?:in)?|author|auteur|autore|autora)\b[:\s]*",
    re.IGNORECASE,
)
_AUTHOR_LABEL = re.compile(
    r"^(?:authors?|auteurs?|autor(?:in|en|es|as)?|autori|verfasser(?:in)?|written by|text)\s*:?$",
    re.IGNORECASE,
)
_OTHER_CREDIT_END = re.compile(_OTHER_CREDIT + "$", re.IGNORECASE)
# "Posted on 21 September 2020 by Adi Tzlil", "Escrito por Jose Segura", "Alles von Martin
# Junker" (a link to the author's page): the credit follows.
_POSTED = re.compile(
    r"^.*?\b(?:posted|published|written|created|geschrieben|verfasst|veröffentlicht|"
    r"escrito|publicado|publié|écrit|pubblicato|scritto|erstellt|eingestellt|pressemitteilung|"
    r"more|all|alles|mehr|artikel|beiträge)\b.*?\b(?:by|von|por|par|da|di)\s+",
    re.IGNORECASE,
)
# "Brendan Carlin For The Mail On Sunday": the outlet the person wrote for.
_FOR_OUTLET = re.compile(r"\s+(?:for|für|pour|para|voor)\s+\S.*$", re.IGNORECASE)
# Co-author separators; a one-letter "and" with a full stop is an initial ("Gustavo Y. Méndez").
_SPLIT = re.compile(
    r"\s*(?:,|;|\band\b|&|\bund\b|\b[eyi]\b(?!\.)|\bet\b|\bu\.(?=\s)|\|)\s*", re.IGNORECASE
)
_ROLE = re.compile(
    r"\b(?:correspondent|editor|reporter|writer|journalist|columnist|contributor|producer|"
    r"analyst|chief|senior|staff|desk|newsroom|team|redaktion|korrespondent|autor|"
    r"photograph\w*|updated|published|posted|ver[öo]ffentlicht|publiziert|publicado|publi[ée]|"
    r"min read|\d{4}|author\w*|autor\w*|auteur\w*|tweet|share|cortes[ií]a|"
    r"redacci[oó]n|r[ée]daction|gastautor|foto|follow|anonym\w*|an[oó]nim\w*|unknown|publisher|"
    # an author page's link text: "Zur Artikelübersicht", "All articles", "View profile"
    r"\w*übersicht|overview|articles|artikel|beiträge|profile?|profil)\b",
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
        "media",
        "bloomberg",
        "associated",
        "press",
        "agence",
        "agencia",
        "agência",
        "agenzia",
        "agentur",
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
    r"\b(?:gmbh|ag|verlag|stiftung|fraktion|bundestag|partei|verband|institut\w*|"
    r"universit\w+|online|zeitung|magazin\w*|news|presse?|ltd|inc|llc|plc|group|network|radio|"
    r"tv|redaktion|newsdesk|no author|admin|administrator|webmaster|editorial|noticias|"
    r"nachrichten|nouvelles|notizie|facebook|google|twitter|instagram|youtube|linkedin|"
    r"pinterest|whatsapp|xing|tiktok|"
    r"[a-z0-9-]+\.(?:com|de|it|fr|es|pl|ch|at|org|net|co\.uk|info))\b|\be\.\s?v\.",
    re.IGNORECASE,
)
# The legal form that ends an organisation's name ("Deutsches Rotes Kreuz e.V.").
_LEGAL_FORM = re.compile(r"\s*(?:\be\.\s?v\.|\b(?:g?gmbh|ag|ltd|inc|llc|plc)\b\.?)\s*$", re.I)
# "Disko Von Ernst Lohoff": a section label before a capitalised credit word.
_LEADING_LABEL = re.compile(r"^(?:\S+\s+){1,2}(?=(?:By|Von|Par|Por|Door)\s)")
_DATE_NAMES = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday montag dienstag mittwoch "
    "donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi samedi dimanche "
    "lunes martes miércoles jueves viernes sábado domingo today yesterday heute gestern".split()
    + list(MONTHS)
)
# Lower-case words that may open a name ("de la Cruz", "van Gogh").
_PARTICLES = frozenset(
    "de da das do dos del della di du la le van von der den ten ter zu al el bin ibn".split()
)
# Headings title something, whatever their class says ("section-name if-author").
_HEADINGS = frozenset({"h1", "h2"})
_COMMENTS = re.compile(r"comment|respond|reply")
# Cards of other stories: teasers, related and recommended lists, rails.
_TEASERS = re.compile(
    r"teaser|related|(?<![a-z])card|recommend|more-?(?:stories|articles|news)|most-?read|popular|"
    r"trending|carousel|slider|latest|newest|recent"
)
_AGENCY_NAMES = frozenset({"associated press", "agence france-presse", "pa media", "staff"})
_MARKUP = re.compile(r"<[^>]*>")
# Characters of addresses, labels (also the full-width colon) and markup, never of a name.
_NOT_IN_NAMES = frozenset(":/@()[]<>=\uff1a©")


def find_authors(tree: Tree, meta: Metadata, names: Names, first_h1: Node | None) -> list[str]:
    """People credited with the story; the site, its publisher and other organisations are not.

    ``first_h1`` is the page's first <h1>: the wrappers around it frame the story's byline.
    """
    publisher = meta.jsonld.get("publisher")
    not_people = {
        meta.first("og:site_name", "application-name").casefold(),
        (str(publisher.get("name") or "") if isinstance(publisher, dict) else "").casefold(),
    } - {""}
    sources = _sources(tree, meta, names, _frame(first_h1))
    for source, shown in sources:
        if people := clean_names(source, not_people, handles=shown):
            return people if shown else _with_coauthors(people, sources, not_people)
        # An organisation credited in one place ("Deutsches Rotes Kreuz e.V.") is
        # credited without its legal form in another.
        not_people |= _organisations(source)
    return []


def _with_coauthors(
    people: list[str], later: Iterator[tuple[list[str], bool]], not_people: set[str]
) -> list[str]:
    """Metadata's people, or a byline on the page that credits them and co-authors besides.

    Metadata often names only the first of several authors the byline shows.
    """
    wanted = {person.casefold() for person in people}
    for source, shown in islice(later, 12):
        if not shown:
            break  # past the bylines: the rest is metadata and loose credit lines
        fuller = clean_names(source, not_people)
        if wanted < {name.casefold() for name in fuller}:
            return fuller
    return people


def _sources(
    tree: Tree, meta: Metadata, names: Names, frame: frozenset[int]
) -> Iterator[tuple[list[str], bool]]:
    """Author sources, most trusted first, read only as far as needed; True if displayed."""
    yield _jsonld_people(meta.jsonld), False
    for byline in _bylines(_marked_bylines(tree), frame):
        yield byline, True
    for byline in _bylines([e.node for e in names.having(_BYLINE_NAMES)], frame):
        yield byline, True
    yield _labelled(tree), True
    yield _meta_authors(meta), False
    yield _credit_lines(tree, frame), True


def clean_names(
    raw: list[str], not_people: set[str] | None = None, *, handles: bool = True
) -> list[str]:
    """Turn byline strings into a de-duplicated list of person names.

    A byline on the page may credit a user name ("von gizzmo"); in metadata a
    lower-case login stands for a person whose name the page shows elsewhere.
    """
    names: dict[str, None] = {}
    for item in raw:
        item = _PREFIX.sub("", _POSTED.sub("", _LEADING_LABEL.sub("", clean(item))))
        item = _OTHER_CREDIT_END.sub("", item)
        if _ORGANISATION.search(item) or item.casefold() in (not_people or ()):
            continue
        people = [name for part in _SPLIT.split(item) if (name := _as_name(part, handles))]
        if any(" " in name for name in people):
            # "Markus Haefliger, London": beside full names, a single word is a place.
            people = [name for name in people if " " in name]
        names.update(dict.fromkeys(people))
    return list(names)


def _as_name(part: str, handles: bool = True) -> str:
    part = _FOR_OUTLET.sub("", _PREFIX.sub("", clean(part))).strip(" :-–|")
    words = part.split()
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        del words[half:]  # "Ann Lee Ann Lee": a name set twice, once for screen readers
    while words and words[-1].casefold().strip(",.") in _DATE_NAMES:
        words.pop()  # "Alex Bozarjian Thursday": the byline's date ran into the name
    if words and not (len(words[-1]) == 2 and words[-1].endswith(".")):
        words[-1] = words[-1].rstrip(".")  # a sentence's full stop, but "Gutierrez C." keeps it
    part = " ".join(words)
    if not words or len(words) > 5 or len(part) > 60 or _ROLE.search(part):
        return ""
    if len(part) < 3 or any(c.isdigit() or c in _NOT_IN_NAMES for c in part):
        return ""
    if part.casefold() in _AGENCY_NAMES or all(w.casefold() in _AGENCIES for w in words):
        return ""  # "Reuters", "Agencia EFE", "PA Media"
    if part.startswith("http") or not _looks_personal(words, handles):
        return ""
    return part


def _looks_personal(words: list[str], handles: bool) -> bool:
    """Names capitalise all words but particles ("selbst ist der Mann" is a title).

    One lower-case word may be a handle, where the page shows it. A lone word
    in capitals, or of three letters not written like a name, is an acronym;
    logins joined by dots or underscores ("maria.lopez") are account names, not bylines.
    """
    if len(words) == 1:
        word = words[0]
        if (len(word) <= 3 and not word.istitle()) or word.isupper():
            return False  # "AgE", "epd", "KNA"; but "Kay" may sign a recipe
        if "." in word or "_" in word or "admin" in word:
            return False
        return handles or not word[:1].islower()
    # "Alles über Lautsprecher", "Fuchsy designed": lower-case words other than particles.
    return all(not w[:1].islower() or w in _PARTICLES for w in words)


def _organisations(raw: list[str]) -> set[str]:
    """The organisations among ``raw``, with and without their legal form, case-folded."""
    found = {clean(item).casefold() for item in raw if _ORGANISATION.search(item)}
    return found | {_LEGAL_FORM.sub("", item) for item in found}


def _jsonld_people(obj: dict[str, Any]) -> list[str]:
    authors = obj.get("author") or obj.get("creator") or []
    names: list[str] = []
    for author in authors if isinstance(authors, list) else [authors]:
        if isinstance(author, dict):
            if "organization" in str(author.get("@type", "")).lower():
                continue
            author = author.get("name")
        # CMS templates sometimes fill the name with a list, or with the byline's link markup.
        for name in author if isinstance(author, list) else [author]:
            if isinstance(name, str):
                names.append(html.unescape(_MARKUP.sub(" ", name)))
    return names


def _marked_bylines(tree: Tree) -> list[Node]:
    """The elements marked as bylines, each once.

    lexbor tests four substrings of every link's address (one per path in
    _AUTHOR_PATHS) slower than all the other marks together; one test of
    their shared start finds those links and a few more ("/auto/"), which
    their addresses then sort out. lexbor lists an element once per selector
    it matches, in a row.
    """
    found = []
    for _, run in groupby(tree.css(_BYLINE), key=lambda node: node.mem_id):
        same = list(run)
        node = same[0]
        if node.tag == "a" and len(same) == 1:  # marked by its address alone, perhaps
            href = node.attrs.get("href") or ""
            if "/aut" in href and not any(path in href for path in _AUTHOR_PATHS):
                continue
        found.append(node)
    return found


def _bylines(nodes: list[Node], frame: frozenset[int]) -> Iterator[list[str]]:
    """Candidate bylines in page order, each as the names it shows."""
    for node in nodes:
        # Half the candidates sit on teaser cards or in comments: asked first, that
        # spares reading their text.
        if node.tag in _HEADINGS or _elsewhere(node, frame):
            continue
        text = text_of(node)
        if _is_bio(node, text) or _in_prose(node):
            continue
        texts = [text_of(n) for n in node.css(_NAME_PARTS)] or [text]
        if texts := [t for t in texts if t and len(t) <= 120]:
            yield texts


def _labelled(tree: Tree) -> list[str]:
    """A fact box's author entry: <dt>Auteur</dt><dd>Uriel Gadessaud</dd>."""
    for term in tree.css("dt"):
        if _AUTHOR_LABEL.match(text_of(term)):
            value = term.next
            while value is not None and (value.tag or "-").startswith("-"):  # text, comments
                value = value.next
            return [text_of(value)] if value is not None and value.tag == "dd" else []
    return []


def _credit_lines(tree: Tree, frame: frozenset[int]) -> list[str]:
    """Short paragraphs that only credit someone, for sites without byline markup."""
    found = []
    for node in tree.css("p, span, em, strong"):
        raw = node.text(deep=True)
        # The raw text filters first: reading every element as displayed costs a walk each.
        if len(raw) < 300 and _may_credit(raw) and _CREDIT_LINE.match(clean(raw)):
            text = text_of(node)
            if len(text) < 60 and _CREDIT_LINE.match(text) and not _elsewhere(node, frame):
                found.append(text)
    return found[:2]


def _may_credit(raw: str) -> bool:
    """False for text opening with two ASCII letters no credit word opens with ("The ..."),
    with a digit or a mark ("(", "|"), or too short to hold a credit word and a name.

    Cleaning keeps printable ASCII as it is, so the test is exact, and it
    spares cleaning the hundreds of elements that are no credit line.
    """
    opening = raw.lstrip()[:2]
    if len(opening) < 2:
        return False  # blank, or a single character
    if not opening.isascii():
        return True
    if opening.isalpha():
        return opening.lower() in _CREDIT_OPENINGS
    return not opening.isprintable()  # a control character, which cleaning drops


def _frame(headline: Node | None) -> frozenset[int]:
    """Ids of the elements around the headline: a wrapper holding it frames the story."""
    return frozenset(a.mem_id for a in ancestors(headline)) if headline is not None else frozenset()


def _elsewhere(node: Node, frame: frozenset[int]) -> bool:
    """True for a credit in a comment, or on a card of another story beside the headline's.

    One walk up to <body> asks both: any wrapper named a comment, or one named a
    teaser below the story's ``frame`` (see dom.has_ancestor).
    """
    framed = False
    for ancestor in ancestors(node):
        if ancestor.tag == "body":
            return False
        framed = framed or ancestor.mem_id in frame
        names = class_and_id(ancestor)
        if _COMMENTS.search(names) or (not framed and _TEASERS.search(names)):
            return True
    return False


def _is_bio(node: Node, text: str) -> bool:
    """Author boxes under the article hold a biography, not a byline (``text``: the node's)."""
    return len(text) > 160 or descendant(node, "p + p") is not None


def _in_prose(node: Node) -> bool:
    """A person marked up inside a paragraph of the text is mentioned, not credited."""
    paragraph = next((a for i, a in enumerate(ancestors(node)) if a.tag == "p" or i > 2), None)
    return paragraph is not None and paragraph.tag == "p" and len(text_of(paragraph)) > 160


def _meta_authors(meta: Metadata) -> list[str]:
    values = meta.all("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
    return [v for v in values if not v.startswith("http")]
