"""Bad servers: every one ends in a FetchError with a reason, within the deadline.

The local server (tests/server.py) plays each part; a bare socket plays the
server that accepts and never answers.
"""

from __future__ import annotations

import asyncio
import socket
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import quote

import pytest

from scrape import fetch_article
from scrape.config import FetchSettings, Settings
from scrape.errors import FetchError, HTTPStatusError, ResponseTooLarge
from scrape.fetch import AsyncFetcher, Fetcher, Page, retry_after
from tests.hostile_pages import PARAGRAPHS
from tests.server import FixtureServer
from tests.test_cli import run

LOCAL = ("127.0.0.1",)


def quick(**changes: float) -> Fetcher:
    options = {"timeout": 2.0, "deadline": 4.0, "max_bytes": 1_000_000, **changes}
    return Fetcher(FetchSettings(allowed_private_hosts=LOCAL, **options))  # type: ignore[arg-type]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port whose listener accepts connections (the kernel does) and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield listener.getsockname()[1]
    listener.close()


def test_connection_refused() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with quick() as client, pytest.raises(FetchError) as caught:
        client.fetch(f"http://127.0.0.1:{port}/")
    assert caught.value.reason == "connect"


def test_tls_error_is_named(server: FixtureServer) -> None:
    """https:// to a server speaking plain HTTP fails the handshake."""
    with quick() as client, pytest.raises(FetchError) as caught:
        client.fetch(server.url("/pages/memo-reference.html").replace("http:", "https:"))
    assert caught.value.reason == "tls"


def test_a_server_that_never_answers_times_out(silent_port: int) -> None:
    with quick(timeout=0.5) as client, pytest.raises(FetchError) as caught:
        client.fetch(f"http://127.0.0.1:{silent_port}/story")
    assert caught.value.reason == "timeout"


def test_headers_trickled_a_byte_at_a_time_hit_the_total_deadline(server: FixtureServer) -> None:
    """Each byte arrives well within the read timeout; only a total deadline stops it."""
    with quick(timeout=2.0, deadline=1.0) as client, pytest.raises(FetchError) as caught:
        client.fetch(server.url("/trickle-headers/8"))
    assert caught.value.reason == "timeout"
    assert server.finished["trickle-headers"] is False  # given up on, not waited out


def test_a_brotli_bomb_is_capped_after_decompression(server: FixtureServer) -> None:
    with quick() as client, pytest.raises(ResponseTooLarge) as caught:
        client.fetch(server.url("/brotli-bomb"))
    assert caught.value.reason == "too_large"


def test_a_200_mb_page_is_cut_at_the_cap_without_reading_it_all(server: FixtureServer) -> None:
    server.sent.pop("endless", None)
    tracemalloc.start()
    try:
        with quick(max_bytes=2_000_000) as client, pytest.raises(ResponseTooLarge) as caught:
            client.fetch(server.url("/endless/200"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "2000000-byte cap" in str(caught.value)
    assert peak < 20_000_000  # the cap and a few buffers, not the page
    for _ in range(100):  # the server notices the hang-up at its next write
        if "endless" in server.sent:
            break
        time.sleep(0.05)
    assert server.finished["endless"] is False
    assert server.sent["endless"] < 50_000_000


def test_content_length_longer_than_the_body(server: FixtureServer) -> None:
    with quick() as client, pytest.raises(FetchError) as caught:
        client.fetch(server.url("/short-body"))
    assert caught.value.reason == "protocol"
    assert "peer closed connection without sending complete message body" in str(caught.value)


def test_content_length_shorter_than_the_body(server: FixtureServer, settings: Settings) -> None:
    """The declared bytes are the page; the junk after them is not taken for the next response."""
    with Fetcher(settings.fetch) as client:
        article = fetch_article(server.url("/lying-length"), settings=settings, fetcher=client)
        assert article.body == list(PARAGRAPHS)
        assert b"TRAILING JUNK" not in client.fetch(server.url("/lying-length")).body
        assert client.fetch(server.url("/pages/memo-reference.html")).status == 200


def test_a_reset_mid_body_is_a_fetch_error(server: FixtureServer) -> None:
    with quick() as client, pytest.raises(FetchError) as caught:
        client.fetch(server.url("/reset"))
    assert caught.value.reason == "protocol"


def test_429_carries_retry_after_in_seconds(server: FixtureServer) -> None:
    with quick() as client, pytest.raises(HTTPStatusError) as caught:
        client.fetch(server.url("/retry/429/120"))
    error = caught.value
    assert (error.status, error.reason, error.retry_after) == (429, "http_429", 120.0)
    assert str(error) == "HTTP 429, retry after 120s"


def test_503_carries_retry_after_given_as_an_http_date(server: FixtureServer) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    with quick() as client, pytest.raises(HTTPStatusError) as caught:
        client.fetch(server.url("/retry/503/" + quote(when)))
    error = caught.value
    assert (error.status, error.reason) == (503, "http_503")
    assert error.retry_after is not None and 3500 < error.retry_after <= 3600
    assert str(error).startswith("HTTP 503, retry after 3")


def test_an_error_without_retry_after_has_none(server: FixtureServer) -> None:
    with quick() as client, pytest.raises(HTTPStatusError) as caught:
        client.fetch(server.url("/status/503"))
    assert caught.value.retry_after is None
    assert str(caught.value) == "HTTP 503"


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("0", 0.0),
        (" 30 ", 30.0),
        ("Wed, 21 Oct 2026 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2026 07:27:00 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("-5", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_values(value: str | None, seconds: float | None) -> None:
    now = datetime(2026, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert retry_after(value, now) == seconds


def test_cli_reports_a_rate_limit_in_one_line(server: FixtureServer, local_config: Path) -> None:
    url = server.url("/retry/429/60")
    result = run(url, "--config", str(local_config))
    assert result.returncode == 1
    assert result.stderr == f"scrape: {url}: http_429: HTTP 429, retry after 60s\n"


def test_cli_reports_a_dns_failure_in_one_line(local_config: Path) -> None:
    url = "http://no-such-host.invalid/story"
    result = run(url, "--config", str(local_config))
    assert result.returncode == 1
    assert result.stderr.startswith(f"scrape: {url}: dns: cannot resolve no-such-host.invalid")
    assert result.stderr.count("\n") == 1


def fetch_async(url: str, **changes: float) -> Page:
    options = {"timeout": 2.0, "deadline": 4.0, "max_bytes": 1_000_000, **changes}
    settings = FetchSettings(allowed_private_hosts=LOCAL, **options)  # type: ignore[arg-type]

    async def fetch() -> Page:
        async with AsyncFetcher(settings) as client:
            return await client.fetch(url)

    return asyncio.run(fetch())


def test_async_fetcher_holds_trickled_headers_to_the_deadline(server: FixtureServer) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_async(server.url("/trickle-headers/8"), deadline=1.0)
    assert caught.value.reason == "timeout"


@pytest.mark.parametrize(
    ("path", "error", "reason"),
    [
        ("/brotli-bomb", ResponseTooLarge, "too_large"),
        ("/endless/200", ResponseTooLarge, "too_large"),
        ("/retry/429/7", HTTPStatusError, "http_429"),
        ("/reset", FetchError, "protocol"),
        ("/short-body", FetchError, "protocol"),
    ],
)
def test_async_fetcher_meets_bad_servers_the_same_way(
    server: FixtureServer, path: str, error: type[FetchError], reason: str
) -> None:
    with pytest.raises(error) as caught:
        fetch_async(server.url(path))
    assert caught.value.reason == reason
