"""What elements are called: class and id words, read once per page.

Sites name their furniture ("share-bar", "sidebar_right", "mostRead") and
their article parts ("entry-content", "standfirst", "post-tags"). Asking
lexbor a substring selector per word costs a pass over the whole tree per
word; instead every class and id is split once into lower-case tokens (on
spaces, hyphens and underscores) and a token matches a vocabulary word when
it starts or ends with it, which catches compounds like "sharebar" and
"articleshare" without the false hits of bare substrings ("header" ~ "ad").
"""

from __future__ import annotations

from dataclasses import dataclass

from scrape.extract.dom import Node, Tree


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words naming one kind of element.

    ``affixes`` match a token that starts or ends with them; short or common
    words that would match too much by affix ("ad", "lead") go in ``exact``.
    """

    affixes: tuple[str, ...] = ()
    exact: frozenset[str] = frozenset()

    @classmethod
    def of(cls, affixes: str, exact: str = "") -> Vocabulary:
        return cls(tuple(affixes.split()), frozenset(exact.split()))

    def names(self, tokens: tuple[str, ...]) -> bool:
        affixes, exact = self.affixes, self.exact
        return any(t in exact or t.startswith(affixes) or t.endswith(affixes) for t in tokens)

    def match(self, tokens: tuple[str, ...]) -> str | None:
        """The first token naming this kind of element (for explanations), or None."""
        affixes, exact = self.affixes, self.exact
        return next(
            (t for t in tokens if t in exact or t.startswith(affixes) or t.endswith(affixes)),
            None,
        )


@dataclass(frozen=True, slots=True)
class Named:
    node: Node
    tokens: tuple[str, ...]


def tokens_of(node: Node) -> tuple[str, ...]:
    """Lower-case tokens of class and id; "most-read" gives most, read and mostread."""
    attrs = node.attributes
    words = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower().split()
    tokens: list[str] = []
    for word in words:
        if "-" in word or "_" in word:
            parts = word.replace("-", " ").replace("_", " ").split()
            tokens += parts
            tokens.append("".join(parts))
        else:
            tokens.append(word)
    return tuple(tokens)


def named_elements(tree: Tree) -> list[Named]:
    """Every element with a class or id, in document order, with its tokens."""
    return [Named(node, tokens_of(node)) for node in tree.css("[class], [id]")]


def find_named(elements: list[Named], vocabulary: Vocabulary) -> list[Node]:
    return [e.node for e in elements if vocabulary.names(e.tokens)]
