"""The standfirst (dek): the summary displayed right under the headline.

Two signals find it: an element named like a dek (standfirst, dek, subtitle,
excerpt, summary, lead...) close to the headline, or the first substantial
element that follows the headline. The second is weak, because on many sites
the first body paragraph follows the headline directly, so such a candidate
counts only when it is not part of the body. The meta description is never
used here: it is often not displayed at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scrape.extract.dates import text_date
from scrape.extract.dom import (
    Node,
    Tree,
    ancestors,
    class_and_id,
    descendant,
    has_ancestor,
    text_of,
)
from scrape.extract.headline import similar
from scrape.extract.names import Names, Vocabulary
from scrape.text import introduces

_DEK_NAMES = Vocabulary.of(
    "standfirst subtitle subhead excerpt summary strapline description chapo bajada entradilla "
    "abstract shoulder linhafina teasertext kickertext sapo chapeau leadin leadtext intro perex",
    exact="dek deck lead lede intro sub",
)
_FURNITURE = re.compile(
    r"byline|author|meta|date|time|credit|caption|copyright|share|social|figure|image|photo|"
    r"media|breadcrumb|kicker|section|label|tools|newsletter|subscri|signup"
)
# A dek-like word beside one of these names a credit, a byline, a sign-up box or
# a comment form ("lead-image-credit", "newsletter-description", "comment_description").
_NOT_A_DEK = re.compile(
    r"credit|byline|author|copyright|licen[cs]e|newsletter|subscri|signup|comment|komment|coment|"
    r"respond|image|img|photo|foto|picture"
)
_CAPTION = re.compile(r"caption|figure")
_BYLINE_TEXT = re.compile(
    r"(?:by|von|por|par|de)\s|(?:published|updated)\b|(?:foto|photo|bild|image)?\s?credits?:",
    re.IGNORECASE,
)
# An inline label run into the start of a dek: "<span class=kicker>Agriculture</span>The office..."
_KICKER = re.compile(r"kicker|keyword|overline|eyebrow|rubri|category|topline|dachzeile")
_INLINE = frozenset({"span", "strong", "b", "em", "i", "a", "small"})
_RAIL = re.compile(
    r"sidebar|widget|related|popular|trending|teaser-list|card|promo|nav|menu|branding|masthead|"
    r"site-(?:header|description|title)"
)
_MIN, _MAX = 20, 600
_MIN_DESCRIBED = 40
_MAX_CONTROLS = 40  # characters of widget labels beside a dek's paragraph
_MAX_META_LINE = 150
_EDITORIAL = re.compile(
    r"\b(?:redakteur\w*|editor|reporter|korrespondent\w*|ein artikel von|von unserer?)\b",
    re.IGNORECASE,
)


def named_standfirst(names: Names, headline: str, headline_node: Node | None) -> Node | None:
    """A dek-named element near the headline, or None."""
    for node in _dek_candidates(names):
        if (headline_node is None or _near(node, headline_node)) and _usable(
            node, headline, headline_node
        ):
            return _sole_paragraph(node)
    return None


def _dek_candidates(names: Names) -> Iterator[Node]:
    """Elements named like a dek, then those marked as a description, found as needed.

    The first one near the headline usually ends the search.
    """
    for element in names.having(_DEK_NAMES):
        if not _NOT_A_DEK.search(class_and_id(element.node)):
            yield element.node
    yield from names.tree.css("[itemprop=description]")


def _sole_paragraph(node: Node) -> Node:
    """The one paragraph of a dek wrapper that also holds controls ("Listen to this story").

    A wrapper with a single <p> and a few words besides it shows the dek in the
    paragraph; the rest is a player's or a sharing widget's labels.
    """
    paragraphs = node.css("p")
    if len(paragraphs) != 1 or paragraphs[0].mem_id == node.mem_id:
        return node
    dek, whole = text_of(paragraphs[0]), text_of(node)
    return paragraphs[0] if dek and len(whole) - len(dek) <= _MAX_CONTROLS else node


def dek_text(node: Node) -> str:
    """The dek's text, without a kicker run into its start."""
    text = text_of(node)
    first = next((c for c in node.iter(include_text=True) if not _blank(c)), None)
    if first is None or first.tag not in _INLINE or not _KICKER.search(class_and_id(first)):
        return text
    kicker = text_of(first)
    return text[len(kicker) :].strip() if kicker and text.startswith(kicker) else text


def _blank(node: Node) -> bool:
    return node.tag == "-comment" or (node.tag == "-text" and not (node.text_content or "").strip())


def described_standfirst(tree: Tree, description: str | None, headline: str) -> Node | None:
    """The element that displays the page's meta description, if one does.

    The description alone is no dek (it is often never shown), but sites
    frequently print their teaser both in the meta tag and under the headline;
    an element showing exactly that text is the displayed dek, unless it turns
    out to be the first paragraph of the body (decided later, with the body).
    """
    target = _key(description or "")
    if len(target) < _MIN_DESCRIBED or similar(target, headline):
        return None  # a description repeating the headline is shown as the headline
    if not _may_show(tree, description or "", target):
        return None
    for selector in ("p, h2, h3, strong, span", "div, section, header"):
        for node in tree.css(selector):
            raw = node.text(deep=True)
            # Lengths first: layout whitespace only pads, so a much longer text cannot match.
            if len(target) * 0.9 <= len(raw) <= len(target) * 2 + 200 and _key(raw) == target:
                shown = _deepest_same_text(node, target)
                return None if _is_caption(shown) else shown
    return None


def _may_show(tree: Tree, description: str, target: str) -> bool:
    """False when the page's text (case and spacing aside) does not hold the
    description (``target``: its key).

    An element's text is a run of the page's text, so the description an
    element shows is in the page's text too. Most pages never show theirs
    whole: one search of the page's text spares reading hundreds of elements.
    """
    root = tree.root
    if root is None:
        return True
    text = root.text(deep=True)
    if description in text:
        return True  # shown as written (a third of the pages): no need to fold the page's case
    text = text.casefold()
    # Folding the spacing of the whole page costs most: the description found as it
    # is, or one of its longest inner words missing, settles the question without it.
    if target in text:
        return True
    if not all(word in text for word in sorted(target.split()[1:-1], key=len)[-3:]):
        return False
    return target in " ".join(text.split())


def _is_caption(node: Node) -> bool:
    """A picture's or video's caption that repeats the description is still a caption."""
    wrapper = node.parent
    if _CAPTION.search(class_and_id(node)) or (wrapper and _CAPTION.search(class_and_id(wrapper))):
        return True  # the element or its own wrapper is named as one
    return any(a.tag in ("figure", "figcaption") for a in ancestors(node))


def _deepest_same_text(node: Node, target: str) -> Node:
    for child in node.iter():
        if child.tag != "-text" and _key(child.text(deep=True)) == target:
            return _deepest_same_text(child, target)
    return node


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def following_standfirst(headline: str, headline_node: Node | None) -> Node | None:
    """The first substantial element after the headline, or None.

    Bylines, dates, share bars and figures often sit between the headline and
    the dek; they are stepped over, never taken for it.
    """
    if headline_node is None:
        return None
    anchor: Node | None = headline_node
    for _ in range(3):  # the headline may sit in its own wrapper, but not outside its story
        if anchor is None or anchor.tag in ("article", "main", "body"):
            return None
        for sibling in _next_siblings(anchor, limit=6):
            if _is_story(sibling):
                return None
            if _is_furniture(sibling):
                continue
            if (text := _usable(sibling, headline, headline_node)) and len(text) >= 30:
                return sibling
            if (sibling.tag in ("p", "figure") and text_of(sibling)) or len(
                text_of(sibling)
            ) > _MAX:
                return None  # reached the story itself
        anchor = anchor.parent
    return None


def _is_story(node: Node) -> bool:
    """The story itself or a wrapper holding it: long, or paragraphs with more than a dek's text."""
    size = len("".join(node.text(deep=True).split()))  # layout whitespace only pads
    return size > 2 * _MAX or (size > _MAX / 2 and descendant(node, "p + p") is not None)


def _is_furniture(node: Node) -> bool:
    """Header matter that is not a dek: bylines, dates, credits, media, share tools."""
    if node.tag in ("figure", "time", "img", "picture", "ul", "ol", "nav", "button"):
        return True
    text = text_of(node)
    if _FURNITURE.search(class_and_id(node)) or _BYLINE_TEXT.match(text[:80]):
        return True
    if _is_meta_line(text):
        return True
    return node.css_first("figure, img, picture, time, [data-component*=byline]") is not None


def _is_meta_line(text: str) -> bool:
    """ "Published: 2 February 2022", "Nachricht | 30.10.2021", "Site Editor": no dek."""
    return len(text) < _MAX_META_LINE and bool(text_date(text) or _EDITORIAL.search(text))


def _usable(node: Node, headline: str, headline_node: Node | None) -> str | None:
    text = text_of(node)
    if not _MIN <= len(text) <= _MAX or similar(text, headline) or _is_meta_line(text):
        return None
    if introduces(text) or text.startswith("©"):
        return None  # a label introducing what follows, or a picture's credit
    # Inside a link, a summary is a card's teaser for another story.
    if descendant(node, "p + p, h1, h2 + p") is not None or has_ancestor(
        node, _RAIL, ("nav", "aside", "a", "form"), apart_from=headline_node
    ):
        return None
    links = sum(len(text_of(a)) for a in node.css("a"))
    return text if links < 0.3 * len(text) and not _holds_a_caption(node, text) else None


def _holds_a_caption(node: Node, text: str) -> bool:
    """A "lead" holding the lead picture's caption, or a line signed with a photo credit.

    Sites name their lead media "lead" too; its only text is the caption. A
    caption carries its credit in an element of its own, a dek does not.
    """
    shown = sum(len(text_of(f)) for f in node.css("figure, figcaption"))
    return 2 * shown >= len(text) or node.css_first('[class*="credit"]') is not None


def _near(node: Node, headline_node: Node) -> bool:
    """True when both share an ancestor at most four levels above the headline."""
    above_headline = {}
    parent = headline_node.parent
    for depth in range(4):
        if parent is None:
            break
        above_headline[parent.mem_id] = depth
        parent = parent.parent
    parent = node.parent
    for _ in range(6):
        if parent is None:
            return False
        if parent.mem_id in above_headline:
            return True
        parent = parent.parent
    return False


def _next_siblings(node: Node, limit: int) -> list[Node]:
    found: list[Node] = []
    sibling = node.next
    while sibling is not None and len(found) < limit:
        if sibling.tag and not sibling.tag.startswith("-"):
            found.append(sibling)
        sibling = sibling.next
    return found
