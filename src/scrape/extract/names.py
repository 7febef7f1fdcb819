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

import functools
import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import NamedTuple

from scrape.extract.dom import Node, Tree

_ALPHA = re.compile(r"[^\W\d_]+")
# Hyphenated runs of letters, each starting at a word's first letter.
_COMPOUND = re.compile(r"(?<![^\W\d_])[^\W\d_]++(?:[-_][^\W\d_]++)+")
# The same for ASCII text (nearly every class name): no Unicode classes, twice as fast.
_ASCII_ALPHA = re.compile(r"[a-z]+")
_ASCII_COMPOUND = re.compile(r"(?<![a-z])[a-z]++(?:[-_][a-z]++)+")
_REMEMBERED = 100_000  # tokens remembered before the memory starts over
# Links, list items, icons and inline emphasis are named by the thousand on a
# page but never name a section of it: their containers do.
_SKIPPED = frozenset(
    "a li i img svg path use g button input option picture source em b".split()
)  # filtered in Python: a selector of :not()s costs lexbor more than the loop


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Words naming one kind of element.

    ``affixes`` match a token that starts or ends with them; short or common
    words that would match too much by affix ("ad", "lead") go in ``exact``.
    Answers are remembered (see _Memory): class names recur across a site's
    pages and across sites built on the same frameworks.
    """

    affixes: tuple[str, ...] = ()
    exact: frozenset[str] = frozenset()
    # The affixes by first and by last letter: a token is tried against a few, not all.
    _starting: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )
    _ending: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, compare=False, hash=False, repr=False
    )
    _yes: set[str] = field(default_factory=set, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        _bucket(self.affixes, self._starting, self._ending)
        _MEMORY.add(self)

    @classmethod
    def of(cls, affixes: str, exact: str = "") -> Vocabulary:
        return cls(tuple(affixes.split()), frozenset(exact.split()))

    def hit(self, token: str) -> bool:
        """True when ``token`` (not empty) is one of this vocabulary's words."""
        return self.names((token,))

    def among(self, tokens: set[str]) -> frozenset[str]:
        """The members of ``tokens`` that are this vocabulary's words (set operations, memoised)."""
        _MEMORY.learn(tokens)
        return frozenset(tokens & self._yes)

    def names(self, tokens: tuple[str, ...]) -> bool:
        """True when one of ``tokens`` (none empty) is one of this vocabulary's words."""
        return bool(self._matching(tokens))

    def _matching(self, tokens: Iterable[str]) -> list[str]:
        return _matching(tokens, self.exact, self._starting, self._ending)


class _Memory:
    """What every vocabulary answered for the tokens seen lately: a cache, shared.

    Most tokens are no vocabulary's word. Tried once against the words of all
    vocabularies together, such a token is turned away for all of them at
    once; tried by each vocabulary in turn, it cost a test per vocabulary. A
    new vocabulary, or too many tokens, start the memory over.
    """

    def __init__(self) -> None:
        self.vocabularies: list[Vocabulary] = []
        self.seen: set[str] = set()
        self.exact: set[str] = set()
        self.starting: dict[str, tuple[str, ...]] = {}
        self.ending: dict[str, tuple[str, ...]] = {}

    def add(self, vocabulary: Vocabulary) -> None:
        self.vocabularies.append(vocabulary)
        self.exact |= vocabulary.exact
        _bucket(vocabulary.affixes, self.starting, self.ending)
        self.forget()

    def forget(self) -> None:
        self.seen.clear()
        for vocabulary in self.vocabularies:
            vocabulary._yes.clear()

    def learn(self, tokens: set[str]) -> None:
        """Have every vocabulary answer for the tokens not seen yet."""
        unseen = tokens.difference(self.seen)
        if not unseen:
            return
        if len(self.seen) > _REMEMBERED:
            self.forget()
        candidates = _matching(unseen, self.exact, self.starting, self.ending)  # some word of one
        if candidates:
            for vocabulary in self.vocabularies:
                vocabulary._yes.update(vocabulary._matching(candidates))
        self.seen.update(unseen)


def _bucket(
    affixes: Iterable[str], starting: dict[str, tuple[str, ...]], ending: dict[str, tuple[str, ...]]
) -> None:
    """File ``affixes`` by their first and by their last letter."""
    for affix in affixes:
        starting[affix[0]] = (*starting.get(affix[0], ()), affix)
        ending[affix[-1]] = (*ending.get(affix[-1], ()), affix)


def _matching(
    tokens: Iterable[str],
    exact: Set[str],
    starting: dict[str, tuple[str, ...]],
    ending: dict[str, tuple[str, ...]],
) -> list[str]:
    """The tokens equal to an exact word or starting or ending with an affix.

    The one test of a token against words, for a vocabulary and for the memory
    of all of them; written out in one comprehension, as a call per token costs
    as much as the test.
    """
    return [
        token
        for token in tokens
        if token in exact
        or token.startswith(starting.get(token[0], ()))
        or token.endswith(ending.get(token[-1], ()))
    ]


_MEMORY = _Memory()


class Named(NamedTuple):
    """An element and its class/id tokens (a tuple: pages have hundreds)."""

    node: Node
    tokens: tuple[str, ...]


class Names:
    """The page's named elements, queried by vocabulary.

    A page repeats a few hundred distinct tokens over its elements, so each
    vocabulary is tested once per distinct token and elements are then picked
    by set intersection. Elements sharing a class and id are kept together:
    a vocabulary is tested against each name once, not against every element.
    """

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self._nodes: list[Node] = []
        places: dict[str, list[int]] = {}  # class and id -> positions in _nodes
        # One selector, not the list "[class], [id]": lexbor returns an element once per
        # selector of a list that it matches, and each return costs a node object.
        for node in tree.css(":is([class], [id])"):
            if node.tag in _SKIPPED:
                continue
            attrs = node.attributes
            raw = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
            same = places.get(raw)
            if same is None:
                places[raw] = [len(self._nodes)]
            else:
                same.append(len(self._nodes))
            self._nodes.append(node)
        self._named = [(_split(raw), where) for raw, where in places.items()]
        self._distinct = {t for tokens, _ in self._named for t in tokens}
        self._hits: dict[Vocabulary, frozenset[str]] = {}

    def having(self, vocabulary: Vocabulary) -> list[Named]:
        """Elements named by ``vocabulary``, in document order."""
        hits = self.hits(vocabulary)
        if not hits:
            return []
        found = sorted(
            (place, tokens)
            for tokens, where in self._named
            if not hits.isdisjoint(tokens)
            for place in where
        )
        return [Named(self._nodes[place], tokens) for place, tokens in found]

    def hits(self, vocabulary: Vocabulary) -> frozenset[str]:
        """The page's tokens that ``vocabulary`` matches."""
        found = self._hits.get(vocabulary)
        if found is None:
            found = self._hits[vocabulary] = vocabulary.among(self._distinct)
        return found


def tokens_of(node: Node) -> tuple[str, ...]:
    """Lower-case tokens of class and id; "most-read" gives most, read and mostread."""
    attrs = node.attributes
    return _split(f"{attrs.get('class') or ''} {attrs.get('id') or ''}")


@functools.lru_cache(maxsize=65_536)  # a site's pages share their class strings
def _split(names: str) -> tuple[str, ...]:
    """Alphabetic tokens, plus hyphenated words run together ("most-read" -> "mostread").

    Digits split tokens and numbered ids ("post-4711") add nothing: no kind
    of element is named by a number.
    """
    lowered = names.lower()
    alpha, compound = (_ASCII_ALPHA, _ASCII_COMPOUND) if lowered.isascii() else (_ALPHA, _COMPOUND)
    tokens = alpha.findall(lowered)
    if "-" in lowered or "_" in lowered:
        tokens += [c.replace("-", "").replace("_", "") for c in compound.findall(lowered)]
    return tuple(tokens)
