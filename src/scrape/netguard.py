"""The address guard: scrape connects only to public addresses unless told otherwise.

A page, a redirect or a DNS answer can point a fetcher at ``127.0.0.1``, at a
cloud metadata address (``169.254.169.254``) or at a printer on the office
network. The guard stops that where it cannot be fooled: when a connection is
made, on the addresses the host name RESOLVED to. Each new connection resolves
its host here, checks every answer with :func:`check_address` and connects only
to the answers that pass (see :mod:`scrape.transport`), so a DNS answer that
changes between check and connect (rebinding) has nothing to change. Every
redirect hop is a new request through the same check.

Blocked: loopback, private, link-local, multicast, unspecified, reserved and
shared (carrier-grade NAT) addresses, IPv4 addresses hidden inside IPv6 ones,
and any scheme other than http and https. ``fetch.allowed_private_hosts``
(host names, IP addresses or networks such as ``10.0.0.0/8``) lets intranet
users, and the tests' own server on 127.0.0.1, through.

How to use it: wrap the transport of every client that fetches page-chosen URLs::

    httpx.Client(transport=guarded_transport(settings))             # sync
    httpx.AsyncClient(transport=async_guarded_transport(settings))  # async

Both variants share :class:`AddressPolicy` and :func:`allowed_addresses` and
differ only in how they resolve (blocking ``getaddrinfo`` versus
``anyio.getaddrinfo``). Beneath the guard sits httpx's own transport, also held
to ``fetch.deadline`` per request by :mod:`scrape.transport` so a server
trickling its headers cannot stall a run. Tests pass their own ``resolve``.

A blocked request raises :class:`~scrape.errors.BlockedURLError` (reason
``blocked``) naming the host and address; a name that does not resolve raises
:class:`ResolveError`, which the fetcher reports with reason ``dns``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import anyio
import httpcore
import httpx

from scrape.config import FetchSettings
from scrape.errors import BlockedURLError
from scrape.transport import (
    Addresses,
    AsyncAddresses,
    AsyncDeadlineTransport,
    DeadlineTransport,
)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
_SCHEMES = ("http", "https")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")


class ResolveError(httpcore.ConnectError):
    """The host name has no address (DNS failure).

    Raised where the connection is made; httpx reports it as an ``httpx.ConnectError``
    caused by this one, which the fetcher turns into reason ``dns``.
    """


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


def allowed_addresses(policy: AddressPolicy, host: str, addresses: Sequence[str]) -> list[str]:
    """The resolved addresses the policy allows, in order; blocked when there is none."""
    allowed: list[str] = []
    refused: BlockedURLError | None = None
    for address in dict.fromkeys(addresses):
        try:
            check_address(policy, host, address)
        except BlockedURLError as exc:
            refused = refused or exc
        else:
            allowed.append(address)
    if allowed:
        return allowed
    raise refused or ResolveError(f"cannot resolve {host}: no addresses")


def _resolve_failed(host: str, exc: Exception) -> ResolveError:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return ResolveError(f"cannot resolve {host}: {reason}")


def connect_addresses(policy: AddressPolicy, resolve: Resolve = system_resolve) -> Addresses:
    """What a new connection to host:port may use: its resolved addresses the policy allows."""

    def addresses(host: str, port: int) -> list[str]:
        try:
            resolved = resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise _resolve_failed(host, exc) from exc
        return allowed_addresses(policy, host, resolved)

    return addresses


def async_connect_addresses(
    policy: AddressPolicy, resolve: AsyncResolve = async_system_resolve
) -> AsyncAddresses:
    """The async twin of :func:`connect_addresses`."""

    async def addresses(host: str, port: int) -> list[str]:
        try:
            resolved = await resolve(host, port)
        except (OSError, UnicodeError) as exc:
            raise _resolve_failed(host, exc) from exc
        return allowed_addresses(policy, host, resolved)

    return addresses


def _check_scheme(request: httpx.Request) -> None:
    url = request.url
    if url.scheme not in _SCHEMES or not url.raw_host:
        raise BlockedURLError(f"not an http(s) URL: {url}", url=str(url))


def _check_redirect(request: httpx.Request, response: httpx.Response) -> httpx.Response:
    """Refuse a redirect to another scheme here, before httpx tries to build a request for it."""
    location = response.headers.get("location", "") if response.is_redirect else ""
    scheme = urlsplit(location.strip()).scheme.lower()
    if scheme and scheme not in _SCHEMES:
        shown = location if len(location) <= 80 else location[:77] + "..."
        raise BlockedURLError(f"redirect to {shown}: not an http(s) URL", url=str(request.url))
    return response


@contextlib.contextmanager
def _naming(request: httpx.Request) -> Iterator[None]:
    """Give an address refusal raised deep in the connection the URL it was for."""
    try:
        yield
    except BlockedURLError as exc:
        exc.url = exc.url or str(request.url)
        raise


class GuardedTransport(httpx.BaseTransport):
    """A sync transport refusing other schemes and redirects to them; ``inner`` checks addresses."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        _check_scheme(request)
        with _naming(request):
            response = self._inner.handle_request(request)
        try:
            return _check_redirect(request, response)
        except BlockedURLError:
            response.close()
            raise

    def close(self) -> None:
        self._inner.close()


class AsyncGuardedTransport(httpx.AsyncBaseTransport):
    """The async twin of :class:`GuardedTransport`."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self._inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        _check_scheme(request)
        with _naming(request):
            response = await self._inner.handle_async_request(request)
        try:
            return _check_redirect(request, response)
        except BlockedURLError:
            await response.aclose()
            raise

    async def aclose(self) -> None:
        await self._inner.aclose()


def guarded_transport(
    settings: FetchSettings, resolve: Resolve = system_resolve
) -> GuardedTransport:
    """The transport for a sync ``httpx.Client`` that fetches page-chosen URLs."""
    addresses = connect_addresses(policy_for(settings), resolve)
    return GuardedTransport(DeadlineTransport(settings.deadline, addresses))


def async_guarded_transport(
    settings: FetchSettings, resolve: AsyncResolve = async_system_resolve
) -> AsyncGuardedTransport:
    """The transport for an ``httpx.AsyncClient``: the async twin of :func:`guarded_transport`."""
    addresses = async_connect_addresses(policy_for(settings), resolve)
    return AsyncGuardedTransport(AsyncDeadlineTransport(settings.deadline, addresses))
