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
from scrape.decode import charset_from_content_type, decode
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


TEXT = "Officials said “the river’s level” rose – costs €5m… "


@pytest.mark.parametrize(
    "label",
    ["base64", "zlib", "rot13", "undefined", "unicode_escape", "utf-7", "idna", "x\x00y", "é"],
)
def test_a_label_that_is_no_charset_is_ignored_wherever_it_comes_from(label: str) -> None:
    data = ("<p>" + TEXT).encode()
    for result in (decode(data, http_charset=label), decode(data, forced=label)):
        assert (result.encoding, result.source) == ("utf-8", "detected")
        assert TEXT in result.text


@pytest.mark.parametrize(
    ("data", "header", "encoding"),
    [
        (("<p>" + TEXT).encode("cp1252"), "utf-8", "windows-1252"),
        (("<p>" + TEXT).encode(), "windows-1252", "utf-8"),
        (("<p>" + TEXT).encode(), "koi8-r", "utf-8"),
        (("<p>" + TEXT).encode("utf-16-le"), "utf-16", "utf-16-le"),
        (("<p>" + TEXT).encode("utf-16-be"), None, "utf-16-be"),
    ],
    ids=["utf8-label-on-cp1252", "cp1252-label-on-utf8", "koi8-label-on-utf8",
         "utf16-without-bom", "utf16-be-without-bom"],
)  # fmt: skip
def test_a_declaration_the_bytes_contradict_gives_way(
    data: bytes, header: str | None, encoding: str
) -> None:
    result = decode(data, http_charset=header)
    assert (result.encoding, result.source) == (encoding, "detected")
    assert TEXT in result.text


def test_a_utf8_page_with_one_stray_byte_stays_utf8() -> None:
    data = ("<p>" + TEXT * 3).encode() + b"\x96 end"
    result = decode(data, http_charset="utf-8")
    assert (result.encoding, result.source) == ("utf-8", "http")
    assert TEXT * 3 + "\ufffd end" in result.text


def test_a_utf8_page_cut_mid_character_stays_utf8() -> None:
    data = ("<p>" + TEXT).encode()[:-3]  # the ellipsis loses its last byte
    result = decode(data, http_charset="utf-8")
    assert result.encoding == "utf-8"
    assert result.text.endswith("€5m\ufffd")
