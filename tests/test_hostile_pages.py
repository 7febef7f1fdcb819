"""Bad pages: each gives an Article with readable text or one clear ExtractionError.

Every page goes through ``scrape.extract`` as bytes and through the fetcher
from the local server, which serves it with the Content-Type a careless
server would send (see tests/hostile_pages.py).
"""

from __future__ import annotations

import functools

import pytest

from scrape import Article, extract, fetch_article
from scrape.config import Settings
from scrape.decode import charset_from_content_type
from scrape.errors import NotAnArticle
from tests.hostile_pages import (
    ARABIC_HEADLINE,
    ARABIC_PARAGRAPHS,
    HEADLINE,
    HOSTILE_PAGES,
    PARAGRAPHS,
    URL,
)
from tests.server import FixtureServer

NOT_ARTICLES = ("empty", "whitespace", "binary")
ARTICLES = tuple(name for name in HOSTILE_PAGES if name not in NOT_ARTICLES)
# Built and parsed once more through the server would only repeat the slow parse.
FETCHED = tuple(name for name in HOSTILE_PAGES if name != "nested")
MOJIBAKE = ("â€", "Ã©", "Ã¼", "\ufffd", "\x00")


@functools.cache  # the nested and many-links pages are slow to parse; parse each once
def from_bytes(name: str) -> Article:
    data, content_type = HOSTILE_PAGES[name]()
    return extract(data, url=URL, http_charset=charset_from_content_type(content_type))


def assert_readable(article: Article, name: str) -> None:
    """The headline and the paragraphs the page holds, with no mojibake or control bytes."""
    headline, paragraphs = (
        (ARABIC_HEADLINE, ARABIC_PARAGRAPHS) if name == "right-to-left" else (HEADLINE, PARAGRAPHS)
    )
    if name == "truncated":
        paragraphs = paragraphs[:2]  # the page stops inside the third
    assert article.headline == headline
    assert headline not in article.body
    # A short page may lead with its first paragraph as the standfirst; none may be lost.
    shown = [article.standfirst, *article.body]
    assert list(paragraphs) == [p for p in shown if p in paragraphs]
    text = " ".join([article.headline, *article.body])
    assert not [bad for bad in MOJIBAKE if bad in text]
    assert Article.model_validate(article.model_dump()) == article


@pytest.mark.parametrize("name", NOT_ARTICLES)
def test_pages_without_text_are_not_articles(name: str) -> None:
    data, content_type = HOSTILE_PAGES[name]()
    with pytest.raises(NotAnArticle) as caught:
        extract(data, url=URL, http_charset=charset_from_content_type(content_type))
    assert caught.value.reason == "not_an_article"
    assert str(caught.value) == "no article text found on the page"


@pytest.mark.parametrize("name", [n for n in ARTICLES if n != "nul-invalid-utf8"])
def test_bad_pages_still_give_their_article(name: str) -> None:
    assert_readable(from_bytes(name), name)


def test_nul_bytes_and_invalid_utf8_leave_the_rest_readable() -> None:
    article = from_bytes("nul-invalid-utf8")
    assert article.headline == HEADLINE
    assert "routine inspection" in article.body[0]
    assert "\x00" not in " ".join(article.body)
    # Two bytes no encoding explains are marked, not guessed; the words around them stay.
    assert "industrial \ufffd\ufffdestate" in article.body[2]
    assert article.body[1] == PARAGRAPHS[1]


def test_a_page_in_a_right_to_left_script_keeps_its_language() -> None:
    article = from_bytes("right-to-left")
    assert article.language == "ar"
    assert article.word_count > 40


def test_fifty_thousand_levels_of_nesting_do_not_hit_the_recursion_limit() -> None:
    article = from_bytes("nested")
    assert article.body == list(PARAGRAPHS)


def test_megabytes_of_script_never_reach_the_body() -> None:
    article = from_bytes("inline-script")
    assert article.body == list(PARAGRAPHS)


def test_a_hundred_thousand_links_are_left_out() -> None:
    article = from_bytes("many-links")
    assert article.body == list(PARAGRAPHS)
    assert article.read_links == []


@pytest.mark.parametrize("name", FETCHED)
def test_the_same_pages_fetched(name: str, server: FixtureServer, settings: Settings) -> None:
    url = server.url(f"/hostile/{name}")
    if name in NOT_ARTICLES:
        with pytest.raises(NotAnArticle):
            fetch_article(url, settings=settings)
        return
    article = fetch_article(url, settings=settings)
    assert article.url == url
    if name == "nul-invalid-utf8":
        assert article.body[1] == PARAGRAPHS[1]
    else:
        assert_readable(article, name)
