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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
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
from scrape.netguard import ResolveError, guarded_transport

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"


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


class Fetcher:
    """Downloads pages with one httpx client; use as a context manager or call close()."""

    def __init__(
        self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings or FetchSettings()
        headers = {"User-Agent": self.settings.user_agent, "Accept": _ACCEPT}
        self._client = httpx.Client(
            headers={**headers, **self.settings.headers},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=False,
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

    def fetch(self, url: str) -> Page:
        """Download ``url``, following redirects, and return the final page."""
        deadline = time.monotonic() + self.settings.deadline
        seen: set[str] = set()
        for _ in range(self.settings.max_redirects + 1):
            check_url(url)
            seen.add(url)
            page_or_location = self._get(url, deadline)
            if isinstance(page_or_location, Page):
                return page_or_location
            url = page_or_location
            if url in seen:
                raise FetchError(f"redirect loop at {url}", url=url, reason="redirect_loop")
        raise FetchError(
            f"more than {self.settings.max_redirects} redirects",
            url=url,
            reason="too_many_redirects",
        )

    def _get(self, url: str, deadline: float) -> Page | str:
        """One request: a Page, or the absolute URL a redirect points to."""
        try:
            with self._client.stream("GET", url) as response:
                return self._handle(url, response, deadline)
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

    def _handle(self, url: str, response: httpx.Response, deadline: float) -> Page | str:
        if response.status_code in _REDIRECTS and "location" in response.headers:
            return urljoin(url, response.headers["location"].strip())
        if response.status_code >= 400:
            raise HTTPStatusError(response.status_code, url=url)
        self._check_content_type(url, response.headers.get("content-type"))
        body = self._read_capped(url, response, deadline)
        return Page(
            url=str(response.url), status=response.status_code, headers=response.headers, body=body
        )

    def _check_content_type(self, url: str, content_type: str | None) -> None:
        if content_type is None:
            return  # many servers omit it; the extractor judges the bytes
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime not in self.settings.content_types:
            raise ContentTypeError(f"not HTML: content type {mime or 'empty'}", url=url)

    def _read_capped(self, url: str, response: httpx.Response, deadline: float) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise ResponseTooLarge(f"body of {declared} bytes exceeds the {cap}-byte cap", url=url)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > cap:
                raise ResponseTooLarge(f"body exceeds the {cap}-byte cap", url=url)
            if time.monotonic() > deadline:
                raise FetchError(
                    f"not finished within {self.settings.deadline:g}s", url=url, reason="timeout"
                )
            chunks.append(chunk)
        return b"".join(chunks)


def _transport_reason(exc: httpx.TransportError) -> str:
    if isinstance(exc, ResolveError):
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
