"""The async fetcher the crawl uses behaves exactly as the sync one: same checks, same errors."""

from __future__ import annotations

import asyncio

import pytest

from scrape.config import FetchSettings
from scrape.errors import FetchError
from scrape.fetch import ANY_TYPE, AsyncFetcher, Fetcher, Page
from tests.server import FixtureServer

SETTINGS = FetchSettings(
    allowed_private_hosts=("127.0.0.1",), max_bytes=2_000_000, timeout=0.5, deadline=2
)


def outcome(result: Page | FetchError) -> tuple[object, ...]:
    if isinstance(result, FetchError):
        return (type(result).__name__, result.reason)
    return (result.status, result.url, len(result.body), result.headers.get("content-type"))


def sync_fetch(url: str, **kwargs: object) -> Page | FetchError:
    with Fetcher(SETTINGS) as fetcher:
        try:
            return fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]
        except FetchError as exc:
            return exc


def async_fetch(url: str, **kwargs: object) -> Page | FetchError:
    async def go() -> Page | FetchError:
        async with AsyncFetcher(SETTINGS) as fetcher:
            try:
                return await fetcher.fetch(url, **kwargs)  # type: ignore[arg-type]
            except FetchError as exc:
                return exc

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/pages/memo-reference.html", 200),
        ("/redirect/2", 200),
        ("/loop", "redirect_loop"),
        ("/redirect/9", "too_many_redirects"),
        ("/to-ftp", "blocked"),
        ("/image.png", "content_type"),
        ("/status/404", "http_404"),
        ("/status/503", "http_503"),
        ("/huge", "too_large"),
        ("/gzip-bomb", "too_large"),
        ("/slow/2", "timeout"),
    ],
)
def test_async_and_sync_fetchers_agree(server: FixtureServer, path: str, expected: object) -> None:
    sync, async_ = sync_fetch(server.url(path)), async_fetch(server.url(path))
    assert outcome(sync) == outcome(async_)
    got = sync.status if isinstance(sync, Page) else sync.reason
    assert got == expected


def test_conditional_headers_and_accept_override(server: FixtureServer) -> None:
    url = server.url("/image.png")
    assert isinstance(async_fetch(url), FetchError)
    page = async_fetch(url, accept=(ANY_TYPE,), headers={"If-None-Match": '"x"'})
    assert isinstance(page, Page) and page.status == 200
    path, headers = server.requests[-1]
    assert path == "/image.png" and headers.get("If-None-Match") == '"x"'
