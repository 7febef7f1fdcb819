"""Small helpers over selectolax (lexbor) nodes, shared by every extractor."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from scrape.text import clean

Node = LexborNode
Tree = LexborHTMLParser

# Tags whose content is never text a reader sees as part of an article. Ruby
# annotations (<rt>, <rp>) print a reading guide above the characters; read
# inline they would split every annotated word.
INVISIBLE = (
    "script style noscript template svg canvas iframe object embed video audio "
    "map button select input textarea option link meta dialog rt rp"
).split()
# Page furniture by element or ARIA role (see chrome()). <header>/<footer> inside
# an article often hold the headline or the tags, so only page-level ones are furniture.
CHROME_TAGS = (
    "nav aside menu form figcaption amp-ad amp-sidebar amp-social-share amp-consent"
).split()
CHROME_ROLES = frozenset("navigation complementary contentinfo banner search".split())
PAGE_LEVEL_CHROME = frozenset({"header", "footer"})

# Elements that start a new line of text; everything else flows inline.
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "caption",
        "figure",
        "figcaption",
        "form",
        "hr",
        "address",
        "details",
        "summary",
        "center",
        "fieldset",
        "legend",
        "body",
    ]
)
_LINE_BREAKING = BLOCK_TAGS | {"br"}
_MAX_WALKED = 3000  # characters of text under an element worth a block-aware walk
_NUMBERED = re.compile(r"\d\D*\d\D*\d")  # an id or a hash; grid classes ("col-sm-10") have fewer
_SEAM = "\x1f"  # a control character: never visible text, and clean() drops strays
# A seam between a letter or a stop and a word character; the pattern opens with the
# seam itself, so the scan jumps from seam to seam instead of trying every character.
_WORD_SEAM = re.compile(r"\x1f(?<=(?:[^\W\d_]|[.!?:;])\x1f)(?=(\w))")


def parse(html: str) -> Tree:
    return LexborHTMLParser(html)


def text_of(node: Node | None) -> str:
    """The visible text of ``node``, whitespace-normalised ('' for None).

    Text runs as the reader sees it: block elements and <br> end a line;
    inline elements join their neighbours as written ("<a>Bonn</a>, 3 May"
    reads "Bonn, 3 May", "m<sup>2</sup>" reads "m2"), except where a letter or
    a sentence's end meets a capital: sites space "<span>By</span><span>Ann
    Lee</span>" with CSS, not with text, and run-together words rarely start
    with a capital.
    """
    if node is None:
        return ""
    text = node.text(deep=True, separator=_SEAM)
    if len(text) > _MAX_WALKED:
        # A section this long is asked for its size, not its wording: spare it a walk in Python.
        return clean(text.replace(_SEAM, " "))
    if not _has_blocks(node):  # the usual case: a heading, a link, a line
        return clean(_joined(text))
    return clean(" ".join(_lines(node)))


def _has_blocks(node: Node) -> bool:
    """True when a block element or <br> is inside ``node``.

    A walk that stops at the first one: a 40-tag selector costs ten times more
    on the small elements this is asked about.
    """
    inside = node.traverse()
    next(inside)  # the node itself
    return any(child.tag in _LINE_BREAKING for child in inside)


def inline_join(runs: Iterable[str]) -> str:
    """Text nodes of one line joined as displayed (see text_of)."""
    return _joined(_SEAM.join(runs))


def _joined(text: str) -> str:
    """Resolve seams between text nodes: a space before a capital after a letter or stop."""
    if _SEAM not in text:
        return text
    return _WORD_SEAM.sub(_seam_space, text).replace(_SEAM, "")


def _seam_space(seam: re.Match[str]) -> str:
    return " " if seam[1].isupper() else ""


def _lines(node: Node) -> Iterator[str]:
    """Runs of text between block boundaries, in document order."""
    owner_of = {node.mem_id: node.mem_id}
    run: list[str] = []
    owner = node.mem_id
    for child in node.traverse(include_text=True):
        parent = child.parent
        if parent is None or parent.mem_id not in owner_of or child.tag == "-comment":
            continue
        if child.tag == "-text":
            if owner_of[parent.mem_id] != owner:
                yield inline_join(run)
                run, owner = [], owner_of[parent.mem_id]
            run.append(child.text_content or "")
        elif child.tag == "br":
            run.append(" ")
        else:
            is_block = child.tag in BLOCK_TAGS
            owner_of[child.mem_id] = child.mem_id if is_block else owner_of[parent.mem_id]
    yield inline_join(run)


def chrome(tree: Tree) -> list[Node]:
    """Furniture by element or role: some elements may be listed twice.

    A lexbor lookup per tag name and one bare attribute test, the rest in
    Python, cost a third less than the equivalent selector list, which lexbor
    tries selector by selector on every element.
    """
    found = [node for tag in CHROME_TAGS for node in tree.tags(tag)]
    for node in tree.css("[role], [hidden], [aria-hidden]"):
        attrs = node.attributes
        hidden = "hidden" in attrs or attrs.get("aria-hidden") == "true"
        if hidden or attrs.get("role") in CHROME_ROLES:
            found.append(node)
    if tree.body is not None:
        found += [child for child in tree.body.iter() if child.tag in PAGE_LEVEL_CHROME]
    return found


def attr(node: Node | None, name: str) -> str:
    """An attribute's stripped value, '' when missing."""
    if node is None:
        return ""
    value = node.attributes.get(name)
    return value.strip() if value else ""


def look(node: Node) -> str:
    """What an element looks like: its tag and class words ("div.text-column"; "p." bare).

    Numbered words ("vc_custom_1570185518034", "post-4711") tell one block from
    the next, not one kind of block from another, and are left out.
    """
    words = [w for w in (node.attributes.get("class") or "").split() if not _NUMBERED.search(w)]
    return f"{node.tag}.{' '.join(words)}"


def class_and_id(node: Node) -> str:
    """Class and id of ``node`` as one lower-case string, for pattern tests."""
    attrs = node.attributes
    return f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()


def ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent
    while parent is not None and parent.tag not in ("html", "-undef", None):
        yield parent
        parent = parent.parent


def is_inside(node: Node, container: Node) -> bool:
    target = container.mem_id
    return any(a.mem_id == target for a in ancestors(node)) or node.mem_id == target


def has_ancestor(
    node: Node,
    pattern: re.Pattern[str],
    tags: Iterable[str] = (),
    *,
    apart_from: Node | None = None,
) -> bool:
    """True when an ancestor has one of ``tags`` or a class/id matching ``pattern``.

    <body> does not count: its classes describe the page ("navbar-is-static-top",
    "page-type-article"), not a part of it. With ``apart_from``, only the
    ancestors that do not also hold that node count: a wrapper around both a
    candidate and the headline is the story's frame, whatever its name
    ("wsmenucontainer", "subnav main"), not a rail beside it.
    """
    tagset = set(tags)
    shared = {a.mem_id for a in ancestors(apart_from)} if apart_from is not None else set()
    for a in ancestors(node):
        if a.tag == "body" or a.mem_id in shared:
            return False
        if a.tag in tagset or pattern.search(class_and_id(a)):
            return True
    return False


def descendant(node: Node, selector: str) -> Node | None:
    """The first element under ``node`` matching ``selector``.

    lexbor's ``node.css`` also tests ``node`` itself ("p + p" matches a
    paragraph that follows another); this looks strictly below it.
    """
    return next((n for n in node.css(selector) if n.mem_id != node.mem_id), None)


def region_of(node: Node | None, levels: int) -> Node | None:
    """The ancestor ``levels`` up from ``node`` (fewer if <body> comes first), or None.

    A headline's region holds what belongs to its story: byline, date, body.
    """
    region = None
    for _ in range(levels):
        parent = node.parent if node is not None else None
        if parent is None or parent.tag in ("body", "html"):
            break
        region = node = parent
    return region


def absolute_url(href: str, base: str | None) -> str | None:
    """``href`` made absolute against ``base``; None unless the result is http(s)."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urljoin(base, href) if base else href
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def outermost(nodes: list[Node]) -> list[Node]:
    """``nodes`` without those inside another of them: removing these removes all."""
    ids = {n.mem_id for n in nodes}
    settled: dict[int, bool] = {}
    return [n for n in nodes if not under(n, ids, settled)]


def under(node: Node, ids: set[int], settled: dict[int, bool]) -> bool:
    """True when an ancestor of ``node`` below <html> is among ``ids`` (mem_ids).

    ``settled`` remembers, for each ancestor climbed through, whether it or one
    above it is among ``ids``, so that elements sharing wrappers climb to them
    only once. It stays true while ``ids`` only gains elements that come later
    in the page.
    """
    path = []
    verdict = False
    parent = node.parent
    while parent is not None:
        ident = parent.mem_id
        known = settled.get(ident)
        if known is not None:
            verdict = known
            break
        path.append(ident)
        if ident in ids and parent.tag != "html":  # ancestors() ends below <html>
            verdict = True
            break
        parent = parent.parent
    settled.update(dict.fromkeys(path, verdict))
    return verdict


def page_base(tree: Tree, url: str | None) -> str | None:
    """The base URL links resolve against: <base href> if present, else the page URL."""
    base = attr(tree.css_first("base[href]"), "href")
    if base:
        return urljoin(url, base) if url else base
    return url
