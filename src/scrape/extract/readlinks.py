"""Inline "READ:" links: editors' pointers to other stories inside the body.

A block is a read link when it starts with a label (READ:, Related:, Leia
também:, Lesen Sie auch: ...) and the rest of it is link text, or when it is
a bare label followed by blocks that are nothing but links. Such blocks leave
the body and become ``{text, url}`` records.
"""

from __future__ import annotations

import re

from scrape.extract.blocks import Block
from scrape.extract.dom import Node, absolute_url
from scrape.models import ReadLink

_LABELS = (
    r"read(?: more| also| next)?|related(?: stories| articles| story| article| content| news)?|"
    r"also read|see also|more|more on this(?: story)?|don'?t miss|must read|recommended|"
    r"watch|listen|"
    r"leia (?:também|mais)|leia|veja (?:também|mais)|veja|saiba mais|confira|"
    r"lea (?:también|más)|lee (?:también|más)|ver también|vea también|te puede interesar|"
    r"noticia relacionada|relacionad[oa]s?|"
    r"lire aussi|à lire aussi|a lire aussi|voir aussi|lire la suite|"
    r"lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|siehe auch|"
    r"leggi anche|vedi anche|potrebbe interessarti|"
    r"zobacz też|czytaj (?:też|także|więcej)"
)
_LABEL_THEN_TEXT = re.compile(rf"^\s*(?:{_LABELS})\s*(?:[:：|»>]|\s[-–—])\s*", re.IGNORECASE)
_LABEL_ALONE = re.compile(rf"^\s*(?:{_LABELS})\s*[:：|»>…\-–—]*\s*$", re.IGNORECASE)
_LINK_SHARE = 0.6
_MAX_BOX_LINKS = 8


def is_read_box(node: Node) -> bool:
    """A box of text links under a read-more label ("Lesen Sie auch:", "Related stories").

    Such boxes are often named like furniture ("related"); inside the article
    they are the editors' pointers, so they are kept for :func:`split_read_links`.
    Boxes of cards with pictures stay furniture.
    """
    text = node.text(deep=True).strip()
    first_line = text.split("\n", 1)[0].strip()
    if not (_LABEL_ALONE.match(first_line) or _LABEL_THEN_TEXT.match(first_line)):
        return False
    anchors = node.css("a[href]")
    if not 0 < len(anchors) <= _MAX_BOX_LINKS or node.css_first("img, picture") is not None:
        return False
    return sum(len(a.text(deep=True).strip()) for a in anchors) >= 0.5 * len(text)


def split_read_links(blocks: list[Block], base: str | None) -> list[ReadLink]:
    """Mark read-link blocks as such (in place) and return their links in order."""
    body = [b for b in blocks if b.decision == "body"]
    found: list[ReadLink] = []
    following_label = False
    for block, after in zip(body, [*body[1:], None][: len(body)], strict=True):
        if following_label and _is_link_only(block):
            found += _take(block, base, "follows a read-link label")
            continue
        following_label = False
        if _LABEL_ALONE.match(block.text) and after is not None and _is_link_only(after):
            following_label = True
            block.drop("read_link_label", "a read-link label on its own line")
        elif (match := _LABEL_THEN_TEXT.match(block.text)) and _rest_is_links(block, match.end()):
            found += _take(block, base, f"labelled {match.group(0).strip()!r}")
    return found


def _rest_is_links(block: Block, label_end: int) -> bool:
    rest = len(block.text) - label_end
    return bool(block.links) and rest > 0 and block.link_chars >= _LINK_SHARE * rest


def _is_link_only(block: Block) -> bool:
    return bool(block.links) and block.link_chars >= 0.8 * len(block.text)


def _take(block: Block, base: str | None, reason: str) -> list[ReadLink]:
    block.drop("read_link", reason)
    links = []
    for link in block.links:
        if url := absolute_url(link.href, base):
            links.append(ReadLink(text=link.text, url=url))
    return links
