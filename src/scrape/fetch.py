"""Downloading pages: one reused httpx client, bounded in time, size and redirects.

Redirects are followed here rather than by httpx so that every hop is checked
(only http and https are fetched) and counted against ``max_redirects``. The
body is streamed and cut off at ``max_bytes`` after decompression, and the
whole request, including a server that trickles bytes, must finish within
``deadline`` seconds. httpx errors are wrapped into :mod:`scrape.errors` at
this boundary, each with a short reason code.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from scrape.config import FetchSettings
from scrape.decode import charset_from_content_type
from scrape.errors import (
    BlockedURLError,
    ContentTypeError,
    FetchError,
    HTTPStatusError,
    ResponseTooLarge,
)
from scrape.netguard import ResolveError, async_guarded_transport, guarded_transport

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
# Pass as ``accept`` to take any content type (robots.txt, feeds and sitemaps come as many).
ANY_TYPE = "*/*"


@dataclass(frozen=True, slots=True)
class Page:
    """A downloaded page: final URL, status, headers and raw body bytes."""

    url: str
    status: int
    headers: httpx.Headers
    body: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def content_type(self) -> str | None:
        value: str | None = self.headers.get("content-type")
        return value

    @property
    def charset(self) -> str | None:
        """The charset named by the Content-Type header, if any."""
        return charset_from_content_type(self.content_type)


def check_url(url: str) -> str:
    """Return ``url`` if scrape may fetch it (absolute http or https), else raise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise BlockedURLError(f"not an http(s) URL: {url}", url=url)
    return url


def _client_options(settings: FetchSettings) -> dict[str, Any]:
    """What both clients are built with: identity, timeouts, redirects left to :class:`_Trip`."""
    headers = {"User-Agent": settings.user_agent, "Accept": _ACCEPT}
    return {
        "headers": {**headers, **settings.headers},
        "timeout": httpx.Timeout(settings.timeout),
        "follow_redirects": False,
        # Proxies from HTTP(S)_PROXY would carry requests past the address guard,
        # which sits in the direct transport; the environment is not consulted.
        "trust_env": False,
    }


class _Trip:
    """One download of one URL through its redirects: every check the two fetchers share.

    :class:`Fetcher` and :class:`AsyncFetcher` differ only in how they send a
    request and read the body; what is allowed (scheme, hops, loops, status,
    content type, size, time) is decided here, once.
    """

    def __init__(self, settings: FetchSettings, url: str, accept: tuple[str, ...] | None) -> None:
        self.settings = settings
        self.url = check_url(url)
        self.accept = accept or settings.content_types
        self.deadline = time.monotonic() + settings.deadline
        # The transport holds every socket operation of every hop to this one deadline.
        self.extensions = {"deadline": self.deadline}
        self._seen = {url}
        self._size = 0

    def redirected(self, response: httpx.Response) -> bool:
        """Point at a redirect's target and say so, or check the response as the final page."""
        if response.status_code not in _REDIRECTS or "location" not in response.headers:
            self._check_final(response)
            return False
        target = urljoin(self.url, response.headers["location"].strip())
        if target in self._seen:
            raise FetchError(f"redirect loop at {target}", url=target, reason="redirect_loop")
        if len(self._seen) > self.settings.max_redirects:
            raise FetchError(
                f"more than {self.settings.max_redirects} redirects",
                url=target,
                reason="too_many_redirects",
            )
        self._seen.add(target)
        self.url = check_url(target)
        return True

    def take(self, chunk: bytes) -> bytes:
        """Count one chunk of body against the size cap and the deadline."""
        self._size += len(chunk)
        if self._size > self.settings.max_bytes:
            raise ResponseTooLarge(
                f"body exceeds the {self.settings.max_bytes}-byte cap", url=self.url
            )
        if time.monotonic() > self.deadline:
            raise FetchError(
                f"not finished within {self.settings.deadline:g}s", url=self.url, reason="timeout"
            )
        return chunk

    def page(self, response: httpx.Response, chunks: list[bytes]) -> Page:
        return Page(
            url=str(response.url),
            status=response.status_code,
            headers=response.headers,
            body=b"".join(chunks),
        )

    def _check_final(self, response: httpx.Response) -> None:
        if response.status_code >= 400:
            wait = retry_after(response.headers.get("retry-after"))
            raise HTTPStatusError(response.status_code, url=self.url, retry_after=wait)
        if response.status_code == 304:
            return  # not modified: no body to judge
        self._check_content_type(response.headers.get("content-type"))
        cap = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise ResponseTooLarge(
                f"body of {declared} bytes exceeds the {cap}-byte cap", url=self.url
            )

    def _check_content_type(self, content_type: str | None) -> None:
        if content_type is None or ANY_TYPE in self.accept:
            return  # many servers omit it; the extractor judges the bytes
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime not in self.accept:
            raise ContentTypeError(f"not HTML: content type {mime or 'empty'}", url=self.url)


@contextmanager
def _wrapped_errors(url: str) -> Iterator[None]:
    """Turn httpx's exceptions into scrape's, each with a reason code."""
    try:
        yield
    except httpx.TimeoutException as exc:
        raise FetchError(
            f"timed out: {exc or type(exc).__name__}", url=url, reason="timeout"
        ) from exc
    except httpx.DecodingError as exc:
        raise FetchError(f"cannot decompress body: {exc}", url=url, reason="decoding") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise BlockedURLError(f"bad URL: {exc}", url=url) from exc
    except httpx.TransportError as exc:
        raise FetchError(_describe(exc), url=url, reason=_transport_reason(exc)) from exc


class Fetcher:
    """Downloads pages with one httpx client; use as a context manager or call close()."""

    def __init__(
        self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings or FetchSettings()
        self._client = httpx.Client(
            **_client_options(self.settings),
            # A caller's own transport is trusted as given; the default one is guarded.
            transport=transport or guarded_transport(self.settings),
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] | None = None,
    ) -> Page:
        """Download ``url``, following redirects, and return the final page.

        ``headers`` are added to every hop (conditional requests send
        If-None-Match here; a 304 comes back as a Page with an empty body);
        ``accept`` replaces the configured content types (``ANY_TYPE`` for all).
        """
        trip = _Trip(self.settings, url, accept)
        while True:
            with (
                _wrapped_errors(trip.url),
                self._client.stream(
                    "GET", trip.url, headers=headers, extensions=trip.extensions
                ) as response,
            ):
                if not trip.redirected(response):
                    return trip.page(response, [trip.take(c) for c in response.iter_bytes()])


class AsyncFetcher:
    """The asyncio twin of :class:`Fetcher`: one shared ``httpx.AsyncClient``, same checks."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        max_connections: int = 100,
    ) -> None:
        self.settings = settings or FetchSettings()
        self._client = httpx.AsyncClient(
            **_client_options(self.settings),
            transport=transport or async_guarded_transport(self.settings),
            limits=httpx.Limits(max_connections=max_connections),
        )

    async def __aenter__(self) -> AsyncFetcher:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] | None = None,
    ) -> Page:
        """Download ``url`` as :meth:`Fetcher.fetch` does, without blocking the event loop."""
        trip = _Trip(self.settings, url, accept)
        while True:
            with _wrapped_errors(trip.url):
                async with self._client.stream(
                    "GET", trip.url, headers=headers, extensions=trip.extensions
                ) as response:
                    if not trip.redirected(response):
                        chunks = [trip.take(c) async for c in response.aiter_bytes()]
                        return trip.page(response, chunks)


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (given in seconds or as an HTTP date)."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _transport_reason(exc: httpx.TransportError) -> str:
    if _caused_by(exc, ResolveError):
        return "dns"
    if isinstance(exc, httpx.ConnectError):
        return "tls" if _caused_by(exc, ssl.SSLError) else "connect"
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError):
        return "protocol"
    return "transport"


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """True when ``kind`` is anywhere in the chain of causes (httpx wraps httpcore wraps ssl)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, kind):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _describe(exc: httpx.TransportError) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]
