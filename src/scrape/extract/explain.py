"""Explain mode: every block of a page, in order, with the decision taken on it.

A wrong record is debugged by seeing why each piece of the page went where it
went. The extractor reports to a :class:`Trace` as it works (what furniture
it removed and why, which container it chose, how it judged each block); the
trace then walks what is left of the page and labels every block, so the
explanation covers the whole page, not only the parts that were kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scrape.extract.blocks import Block, flatten
from scrape.extract.dom import Node, Tree

_LAST = 1 << 30  # position of text that came from outside the page's markup


@dataclass(frozen=True, slots=True)
class Row:
    """One block of the page and what became of it."""

    position: int
    decision: str
    signal: str
    text: str


@dataclass(slots=True)
class Trace:
    """Collects the extractor's decisions on one page."""

    rows: list[Row] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)
    headline: str = ""
    standfirst: str | None = None
    tags: tuple[str, ...] = ()
    _order: dict[int, int] = field(default_factory=dict)
    _tree: Tree | None = None

    def index(self, tree: Tree) -> None:
        """Remember document order before anything is removed from the tree."""
        self._tree = tree
        root = tree.root
        if root is not None:
            self._order = {n.mem_id: i for i, n in enumerate(root.traverse(include_text=False))}

    def removed(self, node: Node, decision: str, signal: str) -> None:
        """Record the blocks of a subtree about to leave the page."""
        for block in flatten(node):
            self.rows.append(Row(self._position(block), decision, signal, block.text))

    def finish(self) -> list[Row]:
        """Label what is left of the page and return every row in page order."""
        judged = {_key(b): b for b in self.body}
        rows = list(self.rows)
        body = self._tree.body if self._tree is not None else None
        if body is not None:
            for block in flatten(body):
                decision, signal = self._label(block, judged.pop(_key(block), None))
                # A tag list reads as glued words; show its links apart.
                text = " · ".join(k.text for k in block.links) if decision == "tags" else block.text
                rows.append(Row(self._position(block), decision, signal, text))
        for block in judged.values():  # text from JSON-LD or the fallback
            rows.append(Row(_LAST, block.decision, block.reason or "article text", block.text))
        return sorted(rows, key=lambda r: r.position)

    def _label(self, block: Block, judged: Block | None) -> tuple[str, str]:
        """Fields first (they may sit inside the article container), then the judgement."""
        if block.text == self.headline:
            return "headline", "the headline"
        if self.standfirst and block.text == self.standfirst:
            return "standfirst", "the dek under the headline"
        linked = [link.text for link in block.links]
        if linked and all(text in self.tags for text in linked):
            return "tags", "links of the tag list"
        if judged is not None:
            return judged.decision, judged.reason or "article text"
        where = ", ".join(self.containers) or "none found"
        return "outside", f"not in the article container ({where})"

    def _position(self, block: Block) -> int:
        if block.node is None:
            return _LAST
        return self._order.get(block.node.mem_id, _LAST)


def _key(block: Block) -> tuple[int, str]:
    return (block.node.mem_id if block.node is not None else -1, block.text)


def describe(node: Node) -> str:
    """A short CSS-like name for an element: tag, id and first classes."""
    name = node.tag or "?"
    ident = (node.attributes.get("id") or "").strip()
    classes = (node.attributes.get("class") or "").split()[:2]
    return name + (f"#{ident}" if ident else "") + "".join(f".{c}" for c in classes)
