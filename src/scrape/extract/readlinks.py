"""Inline "READ:" links: editors' pointers to other stories inside the body.

A block is a read link when it starts with a label (READ:, Related:, Leia
também:, Lesen Sie auch: ...) and the rest of it is link text, or a short
citation of one story. A label on its own line takes the link lines under
it: plain links, or teaser cards with a kicker over the title and a date or
summary under it, as far as the element holding the label and its first
card reaches. Such blocks, and every label, leave the body; the links
become ``{text, url}`` records, one per URL.
"""

from __future__ import annotations

import re

from scrape.extract.blocks import Block, kept
from scrape.extract.dom import Node, absolute_url, ancestors, is_inside, text_of
from scrape.extract.tags import is_tag_page
from scrape.models import ReadLink

# Read-link labels, by language. A label must be followed by link text (or,
# alone on its line, by link-only lines), so a common word such as "more" or
# "mira" only counts in that position.
_LABELS = "|".join(
    (
        r"read(?: more| also| next)?|related(?: stories| articles| story| article| content"
        r"| news| coverage| reading| links?)?|also read|see also|also see|further reading|"
        r"more(?: on this(?: story)?)?|don'?t miss|must read|recommended(?: reading)?|"
        r"you (?:may|might) also (?:like|be interested in)|icymi|in case you missed it|"
        r"watch|listen",
        r"leia (?:também|mais)|leia|veja (?:também|mais)|veja|saiba mais|confira(?: também)?|"
        r"relacionad[oa]s?|(?:matéria|notícia)s? relacionadas?|você pode gostar",
        r"l(?:ea|ee) (?:también|además|más)|lea|lee|mira(?: también| más)?|"
        r"ver (?:también|más)|vea (?:también|más)|(?:nota|noticia)s? relacionadas?|"
        r"(?:también )?(?:te|le) (?:puede|podría) interesar|(?:te|le) recomendamos|"
        r"quizás (?:te|le) interese|podría interesarte",
        r"lire aussi|(?:à|a) (?:re)?lire(?: aussi| également)?|voir aussi|(?:à|a) voir aussi|"
        r"lire (?:la suite|également)|sur le même sujet|pour aller plus loin|(?:à|a) découvrir",
        r"lesen sie (?:auch|mehr|hier|dazu(?: auch)?)|auch lesen|mehr lesen|weiterlesen|"
        r"lesetipps?|(?:mehr )?zum thema|mehr dazu|passend dazu|(?:auch|ebenfalls) interessant|"
        r"siehe auch|(?:das )?könnte (?:sie|dich) (?:auch )?interessieren",
        r"leggi anche|leggi|vedi anche|guarda anche|(?:ti )?potrebbe interessarti|"
        r"per approfondire|approfondisci|(?:articoli )?correlati|da non perdere",
        r"lees (?:ook|meer)|bekijk ook|zobacz też|czytaj (?:też|także|więcej)",
    )
)
# Before a label, an arrow or bullet may point at it; between the label and
# its link stands a colon, a bar, guillemets, a dash or dots.
_POINTER = r"[\s»>›→▶►•·]*"
_THEN_TEXT = r"\s*(?:[:：|»>]|\.{2,}|…|\s[-–—])\s*"
_ALONE = r"\s*(?:[:：|»>…\-–—]|\.{2,})*\s*$"
_LABEL_THEN_TEXT = re.compile(rf"^{_POINTER}(?:{_LABELS}){_THEN_TEXT}", re.IGNORECASE)
# The patterns that only test a line, not cut it, match it lower-cased: a case-blind
# match of the labels' long alternation costs half as much again.
_LABEL_ALONE = re.compile(rf"^{_POINTER}(?:{_LABELS}){_ALONE}")
# Either of the two: one pass over the labels' long alternation instead of two.
_LABEL_OPENING = re.compile(rf"^{_POINTER}(?:{_LABELS})(?:{_THEN_TEXT}|{_ALONE})")
# "MORE TENNIS", "Más noticias": a label only when links follow it, for the
# same words head ordinary sections ("More information").
_MORE_ON = re.compile(r"^(?:more|más|mais|mehr)(?: [^\W\d_]+){1,2}\s*:?$", re.IGNORECASE)
# Inside an anchor a label may end at a line break, read as a space; only a
# label of several words is told from the title's own first word that way.
_PHRASE_THEN_TEXT = re.compile(rf"^\s*(?P<label>{_LABELS})\s+", re.IGNORECASE)
_LINK_SHARE = 0.6
_LINK_ONLY = 0.8
_WORDS = re.compile(r"[^\W\d_]{2}")
_MARKER = re.compile(r"^[\s»>›→▶►•·\-–—]+")
_MAX_CARD_DEPTH = 4
_MAX_KICKER = 60
_MAX_LABEL = 60
_MAX_CARD_CHARS = 500
_MAX_CITATION = 200
_CITED_SHARE = 0.3
_TITLE_WORDS = 3  # a story's title, not a section's name ("Read more in Photography")
_MAX_BOX_LINKS = 8


def is_read_box(node: Node) -> bool:
    """A box of text links under a read-more label ("Lesen Sie auch:", "Related stories").

    Such boxes are often named like furniture ("related"); inside the article
    they are the editors' pointers, so they are kept for :func:`split_read_links`.
    Boxes of cards with pictures stay furniture.
    """
    text = node.text_lexbor().strip()
    end = text.find("\n")  # not split(): the rest of a whole rail's text need not be copied
    if not _LABEL_OPENING.match((text if end < 0 else text[:end]).strip().lower()):
        return False
    anchors = node.css("a[href]")
    if not 0 < len(anchors) <= _MAX_BOX_LINKS or node.css_first("img, picture") is not None:
        return False
    return sum(len(a.text_lexbor().strip()) for a in anchors) >= 0.5 * len(text)


def split_read_links(blocks: list[Block], base: str | None) -> list[ReadLink]:
    """Mark read-link blocks as such (in place) and return their links in order.

    A label on its own line leaves the body even when nothing links under it:
    its box of cards may have gone as furniture, and a label is no story text.
    """
    body = kept(blocks)
    found: dict[str, ReadLink] = {}
    index = 0
    while index < len(body):
        block = body[index]
        index += 1
        if _is_label(block, body[index] if index < len(body) else None):
            block.drop("read_link_label", "a read-link label on its own line")
            index = _take_box(body, index, base, found)
        elif block.links and (label := _label_of(block)):
            _take(block, base, f"labelled {label!r}", found)
    return list(found.values())


def _is_label(block: Block, after: Block | None) -> bool:
    """A label on its own line; "More on X" only with links under it."""
    if len(block.text) > _MAX_LABEL:
        return False
    if _LABEL_ALONE.match(block.text.lower()):
        return True
    return after is not None and _is_link_only(after) and _MORE_ON.match(block.text) is not None


def _label_of(block: Block) -> str:
    """The label opening a labelled link line, or ''.

    Most labels end in a colon, bar or dash and the link fills the rest. A
    label of several words may also run straight into a short citation of
    one story ("Lire aussi Anne Roe, « Title », Le Monde, juin 2018").
    """
    text = block.text
    if (match := _LABEL_THEN_TEXT.match(text)) and _rest_is_links(block, match.end()):
        return match.group(0).strip()
    phrase = _PHRASE_THEN_TEXT.match(text)
    if phrase is None or " " not in phrase["label"] or len(text) > _MAX_CITATION:
        return ""
    rest = len(text) - phrase.end()
    titles = {link.href: link.text for link in block.links}
    cited = len(titles) == 1 and len(next(iter(titles.values())).split()) >= _TITLE_WORDS
    return phrase["label"] if cited and block.link_chars >= _CITED_SHARE * rest else ""


def _take_box(body: list[Block], start: int, base: str | None, found: dict[str, ReadLink]) -> int:
    """Take the link lines under a label, each perhaps with a kicker line above it.

    Cards of one box share their shape: kickers count only when the first
    card has one, so a heading over a later list of links ends the box. The
    box is the element holding the label and its first card; links past it
    (tag rows after a removed newsletter form) are not in it. A card's other
    lines (date, author, summary) go with it when the card has an element
    of its own in the box.
    Returns the index of the first block after the box.
    """
    share = _LINK_SHARE  # the line right under the label may carry a date
    kickers = True
    box = card = None
    index = start
    while index < len(body):
        lines = _card_lines(body, index, share, kickers)
        if not lines:
            if card is None or not _within(body[index].node, card):
                break
            body[index].drop("read_link", "a line of a read link's card")
            index += 1
            continue
        box = box or _common_ancestor(body[start - 1].node, lines[-1].node)
        if box is not None and not all(_within(line.node, box) for line in lines):
            break
        kickers = kickers and (len(lines) > 1 or index > start)
        for kicker in lines[:-1]:
            kicker.drop("read_link", "the kicker of a read link")
        _take(lines[-1], base, "follows a read-link label", found)
        card = _card_of(box, lines[-1].node)
        share = _LINK_ONLY
        index += len(lines)
    return index


def _card_lines(body: list[Block], index: int, share: float, kickers: bool) -> list[Block]:
    """The blocks of a card starting at ``index``: [kicker, title], [title] or none."""
    block = body[index]
    titled = index + 1 < len(body) and _is_link_only(body[index + 1], share)
    if kickers and titled and _is_kicker(block):
        return [block, body[index + 1]]
    return [block] if _is_link_only(block, share) and not _to_topics(block) else []


def _to_topics(block: Block) -> bool:
    """Links only to tag or topic pages: a row of the story's topics under the cards."""
    return all(is_tag_page(link.href) for link in block.links)


def _card_of(box: Node | None, node: Node | None) -> Node | None:
    """The box's child around ``node``, when it is small enough to be one card."""
    if box is None or node is None:
        return None
    child = node
    while child.parent is not None and child.parent.mem_id != box.mem_id:
        child = child.parent
    if child.parent is None or len(" ".join(child.text_lexbor().split())) > _MAX_CARD_CHARS:
        return None
    return child


def _common_ancestor(first: Node | None, second: Node | None) -> Node | None:
    if first is None or second is None:
        return None
    return next((a for a in ancestors(first) if is_inside(second, a)), None)


def _within(node: Node | None, box: Node) -> bool:
    return node is not None and is_inside(node, box)


def _rest_is_links(block: Block, label_end: int) -> bool:
    """What follows the label is mostly link text, and words rather than a bare "»"."""
    rest = block.text[label_end:]
    return (
        bool(block.links)
        and _WORDS.search(rest) is not None
        and block.link_chars >= _LINK_SHARE * len(rest)
    )


def _is_link_only(block: Block, share: float = _LINK_SHARE) -> bool:
    """Mostly link text: a linked title, perhaps with its date or section beside it.

    The line right under a label may carry such a date; further lines must be
    links almost throughout, or a labelled tag row below would be taken too.
    """
    return bool(block.links) and block.link_chars >= share * len(block.text)


def _is_kicker(block: Block) -> bool:
    """A short unlinked line naming a teaser's topic ("Kernkraft"), not a sentence."""
    text = block.text
    return not block.links and len(text) <= _MAX_KICKER and text[-1] not in ".!?:;,"


def _take(block: Block, base: str | None, reason: str, found: dict[str, ReadLink]) -> None:
    """Add the block's links to ``found`` and drop the block.

    A card that is one big link spreads over several blocks; the whole
    anchor's text, read as displayed, names it better than any one block.
    A card that links its kicker and its title separately names one story
    twice: it keeps its place of first mention and the longer text.
    """
    block.drop("read_link", reason)
    for link in block.links:
        url = absolute_url(link.href, base)
        text = _link_text(_anchor_text(block.node, link.href) or link.text)
        if url is not None and text and len(text) > len(found[url].text if url in found else ""):
            found[url] = ReadLink(text=text, url=url)


def _anchor_text(node: Node | None, href: str) -> str:
    """Text of the anchor for ``href`` inside ``node``, or of an anchor wrapping ``node``."""
    if node is None:
        return ""
    for anchor in node.css("a[href]"):
        if anchor.attributes.get("href") == href:
            return text_of(anchor)
    for _ in range(_MAX_CARD_DEPTH):
        node = node.parent
        if node is None:
            break
        if node.tag == "a":
            return text_of(node) if node.attributes.get("href") == href else ""
    return ""


def _link_text(text: str) -> str:
    """A link's text without a label or arrow written inside the anchor ("» Lea más: ...")."""
    text = _MARKER.sub("", text)
    match = _LABEL_THEN_TEXT.match(text)
    if match is None and (phrase := _PHRASE_THEN_TEXT.match(text)) and " " in phrase["label"]:
        match = phrase
    if match and _WORDS.search(text[match.end() :]):
        text = text[match.end() :]
    return text.strip()
