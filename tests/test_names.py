"""Vocabularies answer from a memory they share; the answers must not depend on it."""

from __future__ import annotations

from scrape.extract.dom import parse
from scrape.extract.names import Names, Vocabulary

TOKENS = {"sharebar", "share", "articleshare", "ad", "adslot", "header", "mostread", "lead"}


def test_answers_match_the_words_whatever_was_asked_before() -> None:
    furniture = Vocabulary.of("share mostread", exact="ad")
    lead = Vocabulary.of("", exact="lead")
    assert furniture.among(TOKENS) == {"sharebar", "share", "articleshare", "ad", "mostread"}
    assert lead.among(TOKENS) == {"lead"}
    # A vocabulary made after the tokens were seen is still asked about them.
    late = Vocabulary.of("head")
    assert late.among(TOKENS) == {"header"}
    assert furniture.among({"share", "header"}) == {"share"}
    assert all(furniture.hit(t) == (t in furniture.among(TOKENS)) for t in TOKENS)


def test_the_page_names_elements_by_any_vocabulary_asked() -> None:
    tree = parse(
        "<div class='share-bar'>a</div><div id=mostRead>b</div>"
        "<div class='lead-in'>c</div><div class=header>d</div>"
    )
    names = Names(tree)
    byline = Vocabulary.of("lead")
    furniture = Vocabulary.of("share mostread")
    assert [e.node.text() for e in names.having(furniture)] == ["a", "b"]
    assert [e.node.text() for e in names.having(byline)] == ["c"]
    assert names.hits(furniture) == {"share", "sharebar", "mostread"}


def test_an_element_with_both_class_and_id_is_named_once() -> None:
    names = Names(parse("<div class='share-bar' id='share-top'>a</div><p class=share>b</p>"))
    assert [e.node.text() for e in names.having(Vocabulary.of("share"))] == ["a", "b"]
