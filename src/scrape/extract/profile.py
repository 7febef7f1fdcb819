"""Site profiles applied to a page: CSS selectors from config.yaml, one field each.

A profile is a hint, not a cage. Every accessor returns nothing when its
selector is missing, matches nothing or yields an unusable value, and the
caller then asks the generic extractor for that field alone.
"""

from __future__ import annotations

from datetime import datetime

from scrape.config import SiteProfile
from scrape.extract.dates import element_date
from scrape.extract.dom import Node, Tree, outermost, text_of
from scrape.extract.explain import Trace


class ProfileRules:
    """One site profile bound to one parsed page."""

    def __init__(self, profile: SiteProfile, tree: Tree) -> None:
        self.profile = profile
        self.name = f"profile:{profile.name}"
        self._tree = tree

    def drop_unwanted(self, trace: Trace | None = None) -> None:
        """Remove the profile's ``drop`` selectors from the page."""
        for selector in self.profile.drop:
            for node in outermost(self._tree.css(selector)):
                if trace is not None:
                    trace.removed(node, "dropped", f"{self.name} drop {selector!r}")
                node.decompose()

    def nodes(self, field: str) -> list[Node]:
        selector = getattr(self.profile.selectors, field)
        return self._tree.css(selector) if selector else []

    def first_text(self, field: str) -> tuple[str, Node] | None:
        """The text of the first non-empty match, with its element."""
        for node in self.nodes(field):
            if text := text_of(node):
                return text, node
        return None

    def link_texts(self, field: str) -> list[str]:
        """Texts of matched links, or of the links inside matched containers."""
        texts = []
        for node in self.nodes(field):
            anchors = [node] if node.tag == "a" else node.css("a") or [node]
            texts += [text_of(a) for a in anchors]
        return [t for t in texts if t]

    def date(self, field: str) -> datetime | None:
        return next((d for d in map(element_date, self.nodes(field)) if d), None)
