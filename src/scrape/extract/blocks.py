"""Flattening a container into blocks: the paragraphs a reader sees, in order.

HTML marks paragraphs in many ways: ``<p>``, ``<li>``, headings, a ``<div>``
holding bare text, or runs of text separated by ``<br>``. One walk over the
container handles all of them: every text node belongs to its nearest
block-level ancestor, a new block starts whenever that ancestor changes or a
``<br>`` is met, and link text is tallied per block so that link density, the
main signal for navigation and related-story lists, is known for each one.
"""

from __future__ import annotations

from collections.abc import Iterator
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


def kept(blocks: list[Block]) -> list[Block]:
    """The blocks still judged story text: each rule judges what the rules before it left."""
    return [b for b in blocks if b.decision == "body"]


class _Builder:
    """Accumulates text nodes into blocks while a walk goes through the tree."""

    def __init__(self, container: Node) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.owner: Node | None = None  # set exactly while parts are waiting
        # Data-table rows, whose cells' text is one block: each table is looked at when
        # the walk enters it, sparing the many containers without one a query.
        self._rows = _data_rows(container) if container.tag == "table" else set()
        self._link_parts: list[str] = []
        self._links: dict[int, Link] = {}  # by anchor

    def enter(self, node: Node, tag: str, parent: Node) -> Node:
        """The owner of the text inside block element ``node``, which ends the running block."""
        if (tag == "td" or tag == "th") and parent.mem_id in self._rows:
            if self.owner is not None and self.owner.mem_id == parent.mem_id:
                self.parts.append(" | ")
            return parent
        if tag == "table":
            self._rows |= _data_rows(node)
        self.flush()
        return node

    def add(self, text: str, owner: Node, anchor: Node | None) -> None:
        current = self.owner
        # The walk passes one node object per owner, so identity settles most calls.
        if owner is not current:
            if current is None or owner.mem_id != current.mem_id:
                if current is not None:
                    self.flush()
                if text.isspace():
                    return  # indentation between blocks: it would only open an empty one
            self.owner = owner
        self.parts.append(text)
        if anchor is not None:
            self._add_link(text, anchor)

    def _add_link(self, text: str, anchor: Node) -> None:
        self._link_parts.append(text)
        link = self._links.get(anchor.mem_id)
        if link is None:
            self._links[anchor.mem_id] = Link(text, anchor.attributes.get("href") or "")
        else:
            link.text = inline_join((link.text, text)) if link.text else text

    def flush(self) -> None:
        if self.owner is None:
            return
        text = clean(inline_join(self.parts))
        if text:
            self.blocks.append(self._block(text, self.owner))
        self.parts, self._link_parts, self._links, self.owner = [], [], {}, None

    def _block(self, text: str, owner: Node) -> Block:
        if not self._links:
            return Block(text, owner)
        links = [Link(joined, k.href) for k in self._links.values() if (joined := clean(k.text))]
        # All of a menu item's or a related story's text is link text, and joined already.
        linked = text if self._link_parts == self.parts else clean(inline_join(self._link_parts))
        return Block(text, owner, links, min(len(linked), len(text)))


def flatten(container: Node) -> list[Block]:
    """Split ``container`` into blocks in document order.

    A row of a data table (one without block elements in its cells) is one
    block, its cells joined by " | "; layout tables keep one block per cell.
    """
    builder = _Builder(container)
    # A stack of (children still to visit, their parent, its owner, its anchor), not
    # recursion, which trees nested thousands deep would exhaust; owner and anchor ride
    # along so that no node has to ask for its parent.
    stack: list[tuple[Iterator[Node], Node, Node, Node | None]] = [
        (container.iter(include_text=True), container, container, None)
    ]
    while stack:
        children, parent, owner, anchor = stack[-1]
        for node in children:
            tag = node.tag
            if tag == "-text":
                if owner is builder.owner and anchor is None:  # more of the running block's text
                    builder.parts.append(node.text_content or "")
                else:
                    builder.add(node.text_content or "", owner, anchor)
            elif tag == "br" or tag == "hr":
                builder.flush()
            elif tag != "-comment" and tag is not None:
                inner_owner = builder.enter(node, tag, parent) if tag in BLOCK_TAGS else owner
                inner_anchor = node if tag == "a" else anchor
                stack.append((node.iter(include_text=True), node, inner_owner, inner_anchor))
                break  # into the element's children; this loop resumes after them
        else:
            stack.pop()
    builder.flush()
    return builder.blocks


def _data_rows(table: Node) -> set[int]:
    """The rows of a data table, none for a layout table (block elements in its cells)."""
    if table.css_first(_LAYOUT_INSIDE) is not None:
        return set()
    return {row.mem_id for row in table.css("tr")}


_LAYOUT_INSIDE = "table table, td p, td div, td ul, td ol, td br, td h2, td h3, td blockquote"
