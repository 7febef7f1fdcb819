"""Flattening a container into blocks: the paragraphs a reader sees, in order.

HTML marks paragraphs in many ways: ``<p>``, ``<li>``, headings, a ``<div>``
holding bare text, or runs of text separated by ``<br>``. One walk over the
container handles all of them: every text node belongs to its nearest
block-level ancestor, a new block starts whenever that ancestor changes or a
``<br>`` is met, and link text is tallied per block so that link density, the
main signal for navigation and related-story lists, is known for each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrape.extract.dom import BLOCK_TAGS, Node, inline_join
from scrape.text import clean

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(slots=True)
class Link:
    text: str
    href: str


@dataclass(slots=True)
class Block:
    """One paragraph-like run of text and the facts needed to judge it."""

    text: str
    node: Node | None  # nearest block-level element (None for text from other sources)
    links: list[Link] = field(default_factory=list)
    link_chars: int = 0
    decision: str = "body"
    reason: str = ""

    @property
    def tag(self) -> str:
        return (self.node.tag or "") if self.node is not None else ""

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0

    def drop(self, decision: str, reason: str) -> None:
        self.decision, self.reason = decision, reason


class _Builder:
    """Accumulates text nodes into blocks while a walk goes through the tree."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._link_parts: list[str] = []
        self._links: dict[int, Link] = {}
        self._owner: Node | None = None

    def add(self, text: str, owner: Node, anchor: Node | None) -> None:
        if self._owner is None or owner.mem_id != self._owner.mem_id:
            self.flush()
            if text.isspace():
                return  # indentation between blocks: it would only open an empty one
        self._owner = owner
        self._parts.append(text)
        if anchor is not None:
            self._link_parts.append(text)
            link = self._links.setdefault(
                anchor.mem_id, Link("", anchor.attributes.get("href") or "")
            )
            link.text = inline_join((link.text, text)) if link.text else text

    def separate(self, owner: Node, separator: str) -> None:
        """Put ``separator`` between parts of ``owner`` (cells of one table row)."""
        if self._owner is not None and self._owner.mem_id == owner.mem_id and self._parts:
            self._parts.append(separator)

    def flush(self) -> None:
        if not self._parts:
            self._owner = None
            return
        text = clean(inline_join(self._parts))
        if text and self._owner is not None:
            links = [Link(clean(k.text), k.href) for k in self._links.values() if clean(k.text)]
            link_chars = len(clean(inline_join(self._link_parts)))
            self.blocks.append(Block(text, self._owner, links, min(link_chars, len(text))))
        self._parts, self._link_parts, self._links, self._owner = [], [], {}, None


def flatten(container: Node) -> list[Block]:
    """Split ``container`` into blocks in document order.

    A row of a data table (one without block elements in its cells) is one
    block, its cells joined by " | "; layout tables keep one block per cell.
    """
    builder = _Builder()
    rows = _data_rows(container)
    owner_of: dict[int, Node] = {container.mem_id: container}
    anchor_of: dict[int, Node | None] = {container.mem_id: None}
    for node in container.traverse(include_text=True):
        tag = node.tag
        parent = node.parent
        if parent is None or parent.mem_id not in owner_of or tag in ("-comment", None):
            continue
        if tag == "-text":
            builder.add(node.text_content or "", owner_of[parent.mem_id], anchor_of[parent.mem_id])
            continue
        if tag == "br" or tag == "hr":
            builder.flush()
            continue
        anchor_of[node.mem_id] = node if tag == "a" else anchor_of[parent.mem_id]
        if tag in ("td", "th") and parent.mem_id in rows:
            owner_of[node.mem_id] = parent
            builder.separate(parent, " | ")
            continue
        block = tag in BLOCK_TAGS
        owner_of[node.mem_id] = node if block else owner_of[parent.mem_id]
        if block:
            builder.flush()
    builder.flush()
    return builder.blocks


def _data_rows(container: Node) -> set[int]:
    rows: set[int] = set()
    for table in container.css("table"):
        if table.css_first(_LAYOUT_INSIDE) is None:
            rows.update(row.mem_id for row in table.css("tr"))
    return rows


_LAYOUT_INSIDE = "table table, td p, td div, td ul, td ol, td br, td h2, td h3, td blockquote"
