"""The transport beneath the fetchers: httpx's own, pinned to checked addresses, on a deadline.

Three things httpx leaves open are closed here.

**Where a connection goes.** Given ``addresses`` (a function from host and port
to the addresses that may be connected to, :mod:`scrape.netguard` supplies it),
every new connection resolves its host through it and connects to those
addresses only, in order, so what was checked is what is reached. Pools stay
keyed by host name, so a TLS connection is never reused for another name that
happens to share its address.

**A total deadline.** httpx's timeouts bound each read, so a server that sends one byte at a time,
headers included, keeps a request alive as long as it likes. Here every
connect, read and write of a request gets at most the time left before the
request's deadline; once it has passed the next operation times out and httpx
raises ``ReadTimeout`` (or ``ConnectTimeout``/``WriteTimeout``) as for any slow
server.

The deadline travels in a context variable set around each step of the request
(sending it and reading each body chunk), which is how the network streams deep
inside httpcore learn it. A request may carry its own absolute deadline
(``time.monotonic()`` based) in ``request.extensions["deadline"]``, so that a
fetcher can give all the hops of a redirect chain one budget; otherwise each
request gets ``seconds`` from its start.

httpx gives no way to hand its default transport a network backend, so the
transports here swap the backend of their httpcore pool.

**One retry on a spoilt connection.** A server whose Content-Length stops short
of what it sends leaves junk on a kept-alive connection, and the next request
to that host reads the junk as its status line; a server may also drop an idle
connection just as it is reused. A GET or HEAD that fails that way before any
response arrives is sent once more, on a fresh connection, within the same
deadline.
"""

from __future__ import annotations

import contextlib
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import httpcore
import httpx

_DEADLINE: ContextVar[float | None] = ContextVar("scrape_request_deadline", default=None)
_IDEMPOTENT = frozenset({"GET", "HEAD"})
Addresses = Callable[[str, int], Sequence[str]]
AsyncAddresses = Callable[[str, int], Awaitable[Sequence[str]]]
_SPOILT = (httpx.RemoteProtocolError, httpx.ReadError)


def time_left(timeout: float | None) -> float | None:
    """``timeout`` shortened to the time left before the current deadline; raise once it passed."""
    deadline = _DEADLINE.get()
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the request's total deadline has passed")
    return left if timeout is None else min(timeout, left)


@contextmanager
def _until(deadline: float) -> Iterator[None]:
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _deadline_of(request: httpx.Request, seconds: float) -> float:
    given = request.extensions.get("deadline")
    return float(given) if given is not None else time.monotonic() + seconds


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, time_left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, time_left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, time_left(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, inner: httpcore.NetworkBackend, addresses: Addresses | None) -> None:
        self._inner = inner
        self._addresses = addresses

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        *others, last = self._addresses(host, port) if self._addresses else [host]
        for address in others:  # the next address when one refuses, as browsers do
            with contextlib.suppress(httpcore.ConnectError):
                return self._connect(address, port, timeout, local_address, socket_options)
        return self._connect(last, port, timeout, local_address, socket_options)

    def _connect(
        self,
        address: str,
        port: int,
        timeout: float | None,
        local_address: str | None,
        socket_options: Iterable[Any] | None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            address, port, time_left(timeout), local_address, socket_options
        )
        return _Stream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        return _Stream(self._inner.connect_unix_socket(path, time_left(timeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _AsyncStream(httpcore.AsyncNetworkStream):
    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return await self._inner.read(max_bytes, time_left(timeout))

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        await self._inner.write(buffer, time_left(timeout))

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        inner = await self._inner.start_tls(ssl_context, server_hostname, time_left(timeout))
        return _AsyncStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _AsyncBackend(httpcore.AsyncNetworkBackend):
    def __init__(
        self, inner: httpcore.AsyncNetworkBackend, addresses: AsyncAddresses | None
    ) -> None:
        self._inner = inner
        self._addresses = addresses

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        *others, last = await self._addresses(host, port) if self._addresses else [host]
        for address in others:
            with contextlib.suppress(httpcore.ConnectError):
                return await self._connect(address, port, timeout, local_address, socket_options)
        return await self._connect(last, port, timeout, local_address, socket_options)

    async def _connect(
        self,
        address: str,
        port: int,
        timeout: float | None,
        local_address: str | None,
        socket_options: Iterable[Any] | None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(
            address, port, time_left(timeout), local_address, socket_options
        )
        return _AsyncStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(path, time_left(timeout), socket_options)
        return _AsyncStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _Body(httpx.SyncByteStream):
    """A response body whose every read runs under the request's deadline."""

    def __init__(self, inner: httpx.SyncByteStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def __iter__(self) -> Iterator[bytes]:
        chunks = iter(self._inner)
        while True:
            with _until(self._deadline):
                chunk = next(chunks, None)
            if chunk is None:
                return
            yield chunk

    def close(self) -> None:
        self._inner.close()


class _AsyncBody(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = aiter(self._inner)
        while True:
            with _until(self._deadline):
                chunk = await anext(chunks, None)
            if chunk is None:
                return
            yield chunk

    async def aclose(self) -> None:
        await self._inner.aclose()


class DeadlineTransport(httpx.BaseTransport):
    """An HTTPTransport whose requests each finish within ``seconds``, body included.

    With ``addresses``, connections go only to the addresses it gives for a host.
    """

    def __init__(
        self,
        seconds: float,
        addresses: Addresses | None = None,
        inner: httpx.HTTPTransport | None = None,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport()
        pool = self._inner._pool  # no public way to give httpx's pool a network backend
        pool._network_backend = _Backend(pool._network_backend, addresses)
        self._seconds = seconds

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = _deadline_of(request, self._seconds)
        with _until(deadline):
            try:
                response = self._inner.handle_request(request)
            except _SPOILT:
                if request.method not in _IDEMPOTENT:
                    raise
                response = self._inner.handle_request(request)
        assert isinstance(response.stream, httpx.SyncByteStream)
        response.stream = _Body(response.stream, deadline)
        return response

    def close(self) -> None:
        self._inner.close()


class AsyncDeadlineTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`DeadlineTransport`."""

    def __init__(
        self,
        seconds: float,
        addresses: AsyncAddresses | None = None,
        inner: httpx.AsyncHTTPTransport | None = None,
    ) -> None:
        self._inner = inner or httpx.AsyncHTTPTransport()
        pool = self._inner._pool  # no public way to give httpx's pool a network backend
        pool._network_backend = _AsyncBackend(pool._network_backend, addresses)
        self._seconds = seconds

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        deadline = _deadline_of(request, self._seconds)
        with _until(deadline):
            try:
                response = await self._inner.handle_async_request(request)
            except _SPOILT:
                if request.method not in _IDEMPOTENT:
                    raise
                response = await self._inner.handle_async_request(request)
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _AsyncBody(response.stream, deadline)
        return response

    async def aclose(self) -> None:
        await self._inner.aclose()
