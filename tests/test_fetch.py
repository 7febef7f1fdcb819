"""Fetching against a real HTTP server on 127.0.0.1 (see tests/server.py)."""

from __future__ import annotations

import httpx
import pytest

from scrape import fetch_article
from scrape.config import FetchSettings, Settings
from scrape.errors import (
    BlockedURLError,
    ContentTypeError,
    FetchError,
    HTTPStatusError,
    NotAnArticle,
    ResponseTooLarge,
)
from scrape.fetch import Fetcher
from tests.server import FixtureServer

LOCAL = ("127.0.0.1",)  # the address guard lets the tests reach their own server


@pytest.fixture
def fetcher() -> Fetcher:
    settings = FetchSettings(
        timeout=1.0,
        deadline=3.0,
        max_bytes=1_000_000,
        max_redirects=3,
        allowed_private_hosts=LOCAL,
    )
    with Fetcher(settings) as client:
        yield client


def test_fetches_a_page_with_its_final_url(server: FixtureServer, fetcher: Fetcher) -> None:
    page = fetcher.fetch(server.url("/pages/memo-reference.html"))
    assert page.status == 200
    assert page.url == server.url("/pages/memo-reference.html")
    assert b"honest mistake" in page.body


def test_sends_the_configured_user_agent(server: FixtureServer) -> None:
    with Fetcher(FetchSettings(user_agent="scrape-test/9", allowed_private_hosts=LOCAL)) as client:
        client.fetch(server.url("/pages/memo-reference.html?ua"))
    headers = next(h for path, h in server.requests if path.endswith("?ua"))
    assert headers["User-Agent"] == "scrape-test/9"
    assert "gzip" in headers["Accept-Encoding"]


def test_redirects_are_followed_to_the_final_url(server: FixtureServer, fetcher: Fetcher) -> None:
    page = fetcher.fetch(server.url("/redirect/2"))
    assert page.url == server.url("/pages/memo-reference.html")


def test_too_many_redirects(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/redirect/5"))
    assert caught.value.reason == "too_many_redirects"


def test_redirect_loop(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/loop"))
    assert caught.value.reason == "redirect_loop"


def test_redirect_to_another_scheme_is_blocked(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(BlockedURLError):
        fetcher.fetch(server.url("/to-ftp"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/x", "not a url"])
def test_non_http_urls_are_refused(url: str, fetcher: Fetcher) -> None:
    with pytest.raises(BlockedURLError):
        fetcher.fetch(url)


def test_http_errors_carry_the_status(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        fetcher.fetch(server.url("/status/404"))
    assert (caught.value.status, caught.value.reason) == (404, "http_404")


def test_non_html_content_is_refused(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(ContentTypeError, match="image/png"):
        fetcher.fetch(server.url("/image.png"))


def test_slow_server_times_out(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(server.url("/slow/3"))
    assert caught.value.reason == "timeout"


def test_trickling_server_hits_the_total_deadline(server: FixtureServer) -> None:
    with (
        Fetcher(FetchSettings(timeout=2.0, deadline=1.0, allowed_private_hosts=LOCAL)) as client,
        pytest.raises(FetchError) as caught,
    ):
        client.fetch(server.url("/trickle"))
    assert caught.value.reason == "timeout"


def test_oversized_body_is_cut_off(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(ResponseTooLarge):
        fetcher.fetch(server.url("/huge"))


def test_gzip_bomb_is_capped_after_decompression(server: FixtureServer, fetcher: Fetcher) -> None:
    with pytest.raises(ResponseTooLarge):
        fetcher.fetch(server.url("/gzip-bomb"))


def test_connection_refused_is_a_fetch_error(fetcher: Fetcher) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch("http://127.0.0.1:9/")
    assert caught.value.reason == "connect"


def test_fetch_article_end_to_end(server: FixtureServer, settings: Settings) -> None:
    article = fetch_article(server.url("/pages/memo-reference.html"), settings=settings)
    assert article.url == server.url("/pages/memo-reference.html")
    assert article.site == "127.0.0.1"
    assert article.headline.startswith("US denies military pullout from Iraq")


def test_undeclared_windows_1252_download_keeps_curly_quotes(
    server: FixtureServer, settings: Settings
) -> None:
    article = fetch_article(server.url("/pages/cp1252-no-charset.html"), settings=settings)
    text = " ".join(article.body)
    assert "’" in text or "“" in text
    assert "\ufffd" not in text


def test_section_front_is_reported_as_not_an_article(
    server: FixtureServer, settings: Settings
) -> None:
    with pytest.raises(NotAnArticle):
        fetch_article(server.url("/pages/section-front.html"), settings=settings)


def test_one_client_serves_many_requests() -> None:
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(200, html="<html><h1>x</h1></html>")

    with Fetcher(transport=httpx.MockTransport(handler)) as client:
        client.fetch("http://a.example/1")
        client.fetch("http://a.example/2")
    assert seen == ["/1", "/2"]
