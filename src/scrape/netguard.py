"""The address guard: scrape connects only to public addresses unless told otherwise.

A page, a redirect or a DNS answer can point a fetcher at ``127.0.0.1``, at a
cloud metadata address (``169.254.169.254``) or at a printer on the office
network. The guard stops that where it cannot be fooled: at connect time, on
the address the host name RESOLVED to. It resolves the host itself, checks
every candidate with :func:`check_address`, and then connects to the checked
address (the request keeps its ``Host`` header and TLS server name), so a DNS
answer that changes between check and connect (rebinding) has nothing to
change. Every redirect hop is a new request and passes the same check.

Blocked: loopback, private, link-local, multicast, unspecified, reserved and
shared (carrier-grade NAT) addresses, IPv4 addresses hidden inside IPv6 ones,
and any scheme other than http and https. ``fetch.allowed_private_hosts``
(host names, IP addresses or networks such as ``10.0.0.0/8``) lets intranet
users, and the tests' own server on 127.0.0.1, through.

How to use it: wrap the transport of every client that fetches page-chosen URLs::

    httpx.Client(transport=guarded_transport(settings))             # sync
    httpx.AsyncClient(transport=async_guarded_transport(settings))  # async

Both variants share :class:`AddressPolicy` and differ only in how they resolve
(blocking ``getaddrinfo`` versus ``anyio.getaddrinfo``). Behind the guard sits
httpx's own transport, held to ``fetch.deadline`` per request by
:mod:`scrape.transport` so a server trickling its headers cannot stall a run.

A blocked request raises :class:`~scrape.errors.BlockedURLError` (reason
``blocked``) naming the host and address; a name that does not resolve raises
:class:`ResolveError`, an ``httpx.ConnectError`` the fetcher reports with
reason ``dns``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import anyio
import httpx

from scrape.config import FetchSettings
from scrape.errors import BlockedURLError
from scrape.transport import AsyncDeadlineTransport, DeadlineTransport

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_SCHEMES = ("http", "https")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")


class ResolveError(httpx.ConnectError):
    """The host name has no address (DNS failure); raised inside the transport."""


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    """Which non-public destinations are allowed anyway: named hosts and networks."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def from_entries(cls, entries: Iterable[str]) -> AddressPolicy:
        """Build a policy from config entries: host names, IP addresses or CIDR networks."""
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in entries:
            try:
                networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                hosts.add(_host_key(entry))
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress) -> bool:
        """True when ``host`` may be reached at ``address``."""
        if _host_key(host) in self.hosts:
            return True
        return any(address in network for network in self.networks)


def policy_for(settings: FetchSettings) -> AddressPolicy:
    """The policy a fetcher with these settings enforces."""
    return AddressPolicy.from_entries(settings.allowed_private_hosts)


def check_address(policy: AddressPolicy, host: str, address: str, url: str | None = None) -> None:
    """Raise BlockedURLError unless ``host`` resolving to ``address`` may be connected to."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone index
    kind = non_public_kind(ip)
    if kind is None or policy.allows(host, ip):
        return
    shown = host if host == str(ip) else f"{host} ({ip})"
    raise BlockedURLError(
        f"{shown} is a {kind} address; list it in fetch.allowed_private_hosts to fetch it",
        url=url,
        host=host,
        address=str(ip),
    )


def non_public_kind(ip: IPAddress) -> str | None:
    """Name the kind of a non-public address ("loopback", "private"...), or None if public."""
    if isinstance(ip, ipaddress.IPv6Address) and (inner := _embedded_ipv4(ip)) is not None:
        return non_public_kind(inner)
    for kind, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("shared", isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED),
        ("private", ip.is_private),
        ("reserved", ip.is_reserved),
        ("non-global", not ip.is_global),
    ):
        if flag:
            return kind
    return None


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4 or NAT64), which is what is reached."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _host_key(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def _target(request: httpx.Request) -> tuple[str, int]:
    """The (ASCII host, port) a request goes to; refuses non-http(s) schemes."""
    url = request.url
    if url.scheme not in _SCHEMES or not url.raw_host:
        raise BlockedURLError(f"not an http(s) URL: {url}", url=str(url))
    return url.raw_host.decode("ascii"), url.port or _DEFAULT_PORTS[url.scheme]


def system_resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the resolver's order (blocking)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def async_system_resolve(host: str, port: int) -> list[str]:
    """The async twin of :func:`system_resolve`."""
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


Resolve = Callable[[str, int], Sequence[str]]
AsyncResolve = Callable[[str, int], Awaitable[Sequence[str]]]


def allowed_addresses(
    policy: AddressPolicy, request: httpx.Request, host: str, addresses: Sequence[str]
) -> list[str]:
    """The resolved addresses the policy allows, in order; blocked when there is none."""
    allowed: list[str] = []
    refused: BlockedURLError | None = None
    for address in dict.fromkeys(addresses):
        try:
            check_address(policy, host, address, url=str(request.url))
        except BlockedURLError as exc:
            refused = refused or exc
        else:
            allowed.append(address)
    if allowed:
        return allowed
    raise refused or ResolveError(f"cannot resolve {host}: no addresses", request=request)


def _pinned(request: httpx.Request, host: str, address: str) -> httpx.Request:
    """The same request sent to ``address``: Host header and TLS name stay the host's."""
    extensions = dict(request.extensions)
    if request.url.scheme == "https":
        extensions.setdefault("sni_hostname", host)
    return httpx.Request(
        request.method,
        request.url.copy_with(host=address.split("%", 1)[0]),
        headers=request.headers,
        stream=request.stream,
        extensions=extensions,
    )


def _check_redirect(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    """Refuse a redirect to another scheme here, before httpx tries to build a request for it."""
    location = response.headers.get("location", "") if response.is_redirect else ""
    scheme = urlsplit(location.strip()).scheme.lower()
    if scheme and scheme not in _SCHEMES:
        shown = location if len(location) <= 80 else location[:77] + "..."
        raise BlockedURLError(f"redirect to {shown}: not an http(s) URL", url=str(request.url))
    return response


def _resolve_failed(host: str, exc: Exception, request: httpx.Request) -> ResolveError:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return ResolveError(f"cannot resolve {host}: {reason}", request=request)


class GuardedTransport(httpx.BaseTransport):
    """A sync transport that resolves, checks and pins the address before connecting.

    Allowed addresses are tried in the resolver's order, as a browser would, until
    one accepts the connection.
    """

    def __init__(
        self, inner: httpx.BaseTransport, policy: AddressPolicy, resolve: Resolve = system_resolve
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._resolve = resolve

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        host, port = _target(request)
        try:
            resolved = self._resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise _resolve_failed(host, exc, request) from exc
        *others, last = allowed_addresses(self._policy, request, host, resolved)
        for address in others:
            with contextlib.suppress(httpx.ConnectError):
                return self._send(request, host, address)
        return self._send(request, host, last)

    def _send(self, request: httpx.Request, host: str, address: str) -> httpx.Response:
        response = self._inner.handle_request(_pinned(request, host, address))
        try:
            return _check_redirect(request, response)
        except BlockedURLError:
            response.close()
            raise

    def close(self) -> None:
        self._inner.close()


class AsyncGuardedTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`GuardedTransport`; only the resolver call differs."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        policy: AddressPolicy,
        resolve: AsyncResolve = async_system_resolve,
    ) -> None:
        self._inner = inner
        self._policy = policy
        self._resolve = resolve

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        host, port = _target(request)
        try:
            resolved = await self._resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise _resolve_failed(host, exc, request) from exc
        *others, last = allowed_addresses(self._policy, request, host, resolved)
        for address in others:
            with contextlib.suppress(httpx.ConnectError):
                return await self._send(request, host, address)
        return await self._send(request, host, last)

    async def _send(self, request: httpx.Request, host: str, address: str) -> httpx.Response:
        response = await self._inner.handle_async_request(_pinned(request, host, address))
        try:
            return _check_redirect(request, response)
        except BlockedURLError:
            await response.aclose()
            raise

    async def aclose(self) -> None:
        await self._inner.aclose()


def guarded_transport(
    settings: FetchSettings, inner: httpx.BaseTransport | None = None
) -> GuardedTransport:
    """The transport for a sync ``httpx.Client``: ``inner`` behind the guard.

    The default ``inner`` is httpx's own transport held to ``settings.deadline``
    per request (see :mod:`scrape.transport`).
    """
    return GuardedTransport(inner or DeadlineTransport(settings.deadline), policy_for(settings))


def async_guarded_transport(
    settings: FetchSettings, inner: httpx.AsyncBaseTransport | None = None
) -> AsyncGuardedTransport:
    """The transport for an ``httpx.AsyncClient``: the async twin of :func:`guarded_transport`."""
    inner = inner or AsyncDeadlineTransport(settings.deadline)
    return AsyncGuardedTransport(inner, policy_for(settings))
