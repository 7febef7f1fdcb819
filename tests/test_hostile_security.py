"""The address guard: no request reaches a non-public address or a non-http(s) scheme.

The tests' own server on 127.0.0.1 is exactly what the guard must refuse by
default, so it doubles as the forbidden destination here.
"""

from __future__ import annotations

import ast
import asyncio
import ipaddress
from urllib.parse import quote

import httpx
import pytest

from scrape import ScrapeError, extract, fetch_article
from scrape.config import FetchSettings, parse_settings
from scrape.errors import BlockedURLError, ConfigError, FetchError
from scrape.fetch import Fetcher
from scrape.netguard import async_guarded_transport, guarded_transport, non_public_kind
from tests.conftest import ROOT
from tests.server import FixtureServer
from tests.test_cli import run

SRC = ROOT / "src" / "scrape"


def fetcher(*allowed: str) -> Fetcher:
    return Fetcher(FetchSettings(timeout=2.0, deadline=4.0, allowed_private_hosts=allowed))


def test_loopback_is_refused_by_default_naming_host_and_address(server: FixtureServer) -> None:
    before = len(server.requests)
    with fetcher() as client, pytest.raises(BlockedURLError) as caught:
        client.fetch(server.url("/pages/memo-reference.html"))
    assert len(server.requests) == before  # refused before connecting
    error = caught.value
    assert (error.reason, error.host, error.address) == ("blocked", "127.0.0.1", "127.0.0.1")
    assert "127.0.0.1 is a loopback address" in str(error)
    assert "fetch.allowed_private_hosts" in str(error)


def test_fetch_article_with_default_settings_is_refused(server: FixtureServer) -> None:
    with pytest.raises(BlockedURLError):
        fetch_article(server.url("/pages/memo-reference.html"))


@pytest.mark.parametrize(
    "host",
    ["localhost", "2130706433", "0x7f.1", "127.1", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]"],
)
def test_other_spellings_of_this_machine_are_refused(server: FixtureServer, host: str) -> None:
    port = server.server_address[1]
    with fetcher() as client, pytest.raises(BlockedURLError) as caught:
        client.fetch(f"http://{host}:{port}/pages/memo-reference.html")
    assert caught.value.reason == "blocked"
    assert caught.value.address is not None
    assert non_public_kind(ipaddress.ip_address(caught.value.address)) is not None


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://100.64.0.1/",
    ],
)
def test_private_link_local_multicast_and_shared_addresses_are_refused(url: str) -> None:
    with fetcher() as client, pytest.raises(BlockedURLError, match="address"):
        client.fetch(url)


def test_an_allowed_ip_reaches_the_local_server(server: FixtureServer) -> None:
    with fetcher("127.0.0.1") as client:
        page = client.fetch(server.url("/pages/memo-reference.html"))
    assert page.status == 200


def test_an_allowed_network_reaches_the_local_server(server: FixtureServer) -> None:
    with fetcher("127.0.0.0/8") as client:
        page = client.fetch(server.url("/pages/memo-reference.html"))
    assert page.url == server.url("/pages/memo-reference.html")


def test_an_allowed_name_keeps_its_host_header(server: FixtureServer) -> None:
    port = server.server_address[1]
    with fetcher("localhost") as client:
        page = client.fetch(f"http://localhost:{port}/pages/memo-reference.html?named")
    assert page.url == f"http://localhost:{port}/pages/memo-reference.html?named"
    headers = next(h for path, h in server.requests if path.endswith("?named"))
    assert headers["Host"] == f"localhost:{port}"


def test_every_redirect_hop_is_checked_again(server: FixtureServer) -> None:
    """Allowed by name at the first hop, the same machine by IP at the second is not."""
    port = server.server_address[1]
    target = quote(server.url("/pages/memo-reference.html?second-hop"), safe="")
    with fetcher("localhost") as client, pytest.raises(BlockedURLError) as caught:
        client.fetch(f"http://localhost:{port}/goto/{target}")
    assert caught.value.host == "127.0.0.1"
    assert not any(path.endswith("?second-hop") for path, _ in server.requests)


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/html,<h1>x</h1>"]
)
def test_redirects_to_other_schemes_are_refused(server: FixtureServer, target: str) -> None:
    with fetcher("127.0.0.1") as client, pytest.raises(BlockedURLError) as caught:
        client.fetch(server.url("/goto/" + quote(target, safe="")))
    assert caught.value.reason == "blocked"
    assert "not an http(s) URL" in str(caught.value)


class _Resolver:
    """A DNS stand-in: each lookup of any name gets the next answer (the last one repeats)."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []

    def __call__(self, host: str, port: int) -> list[str]:
        self.asked.append(host)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def get_via(resolve: _Resolver, url: str, *allowed: str) -> httpx.Response:
    """One request through a fresh guarded client (so a fresh connection and lookup)."""
    settings = FetchSettings(allowed_private_hosts=allowed)
    with httpx.Client(transport=guarded_transport(settings, resolve)) as client:
        return client.get(url)


def test_the_checked_address_is_the_one_connected_to(server: FixtureServer) -> None:
    """news.example resolves nowhere but here: reaching the server proves the pinning."""
    port = server.server_address[1]
    resolve = _Resolver(["127.0.0.1"])
    url = f"http://news.example:{port}/pages/memo-reference.html?pinned"
    assert get_via(resolve, url, "127.0.0.0/8").status_code == 200
    assert resolve.asked == ["news.example"]
    headers = next(h for path, h in server.requests if path.endswith("?pinned"))
    assert headers["Host"] == f"news.example:{port}"


def test_a_rebound_answer_is_checked_again_on_the_next_connection(server: FixtureServer) -> None:
    port = server.server_address[1]
    resolve = _Resolver(["127.0.0.1"], ["10.0.0.7"])
    url = f"http://news.example:{port}/pages/memo-reference.html"
    assert get_via(resolve, url, "127.0.0.0/8").status_code == 200
    with pytest.raises(BlockedURLError, match=r"news\.example \(10\.0\.0\.7\) is a private"):
        get_via(resolve, url, "127.0.0.0/8")


def test_only_allowed_answers_are_connected_to(server: FixtureServer) -> None:
    port = server.server_address[1]
    resolve = _Resolver(["10.0.0.7", "127.0.0.1"])
    url = f"http://news.example:{port}/pages/memo-reference.html"
    assert get_via(resolve, url, "127.0.0.1").status_code == 200


def test_the_async_transport_applies_the_same_check(server: FixtureServer) -> None:
    async def get(allowed: tuple[str, ...]) -> int:
        settings = FetchSettings(allowed_private_hosts=allowed)
        async with httpx.AsyncClient(transport=async_guarded_transport(settings)) as client:
            return (await client.get(server.url("/pages/memo-reference.html"))).status_code

    with pytest.raises(BlockedURLError, match="loopback"):
        asyncio.run(get(()))
    assert asyncio.run(get(("127.0.0.1",))) == 200


def test_an_unresolvable_name_is_a_dns_failure() -> None:
    with fetcher() as client, pytest.raises(FetchError) as caught:
        client.fetch("http://no-such-host.invalid/story")
    assert caught.value.reason == "dns"
    assert "cannot resolve no-such-host.invalid" in str(caught.value)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("239.1.1.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("100.64.0.1", "shared"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 wrapping 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 wrapping 169.254.169.254
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_kinds(address: str, kind: str | None) -> None:
    assert non_public_kind(ipaddress.ip_address(address)) == kind


def test_cli_reports_a_blocked_url_in_one_line(server: FixtureServer) -> None:
    url = server.url("/pages/memo-reference.html")
    result = run(url, "--config", str(ROOT / "config.yaml"))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"scrape: {url}: blocked: 127.0.0.1 is a loopback address")


def test_a_malformed_allowed_entry_is_a_config_error() -> None:
    source = "fetch:\n  allowed_private_hosts:\n    - intranet.local\n    - 'http://x/'\n"
    with pytest.raises(ConfigError) as caught:
        parse_settings(source, "conf.yaml")
    assert str(caught.value) == (
        "conf.yaml:4: fetch.allowed_private_hosts[1]: "
        "not a host name, IP address or network: 'http://x/'"
    )


def test_the_shipped_config_allows_no_private_host() -> None:
    shipped = parse_settings((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert shipped.fetch.allowed_private_hosts == ()


_FORBIDDEN_BUILTINS = {"eval", "exec", "compile", "__import__"}
_FORBIDDEN_OS_CALLS = {"system", "popen", "execv", "execvp", "execl", "spawnv", "spawnl"}
_FORBIDDEN_MODULES = {"subprocess", "pickle", "marshal", "shelve", "pty"}


def _risky(tree: ast.AST) -> list[str]:
    """Imports of process or unpickling modules, and calls that run code or a shell."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            found += [n for n in names if n.split(".")[0] in _FORBIDDEN_MODULES]
        elif isinstance(node, ast.Call):
            found += _risky_call(node.func)
    return found


def _risky_call(func: ast.expr) -> list[str]:
    if isinstance(func, ast.Name) and func.id in _FORBIDDEN_BUILTINS:
        return [func.id]
    owner = getattr(func, "value", None)
    if (
        isinstance(owner, ast.Name)
        and owner.id == "os"
        and getattr(func, "attr", "") in (_FORBIDDEN_OS_CALLS)
    ):
        return [f"os.{getattr(func, 'attr', '')}"]
    return []


def test_no_page_data_can_reach_an_interpreter_or_a_shell() -> None:
    """The package never evaluates code, unpickles data or starts a process."""
    offenders = {
        str(path.relative_to(SRC)): risky
        for path in sorted(SRC.rglob("*.py"))
        if (risky := _risky(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert offenders == {}


def test_the_risk_scan_itself_catches_a_shell_call() -> None:
    sample = "import subprocess\nsubprocess.run(page, shell=True)\neval(page)\nos.system(page)\n"
    assert _risky(ast.parse(sample)) == ["subprocess", "eval", "os.system"]


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_a_page_that_is_only_a_url_is_never_fetched(server: FixtureServer, as_bytes: bool) -> None:
    """Extraction makes no request of its own: the page's text is data, not an address."""
    url = server.url(f"/pages/memo-reference.html?page-is-a-url-{as_bytes}")
    with pytest.raises(ScrapeError):
        extract(url.encode() if as_bytes else url)
    assert not [path for path, _ in server.requests if "page-is-a-url" in path]


def test_proxy_environment_cannot_route_around_the_guard(
    monkeypatch: pytest.MonkeyPatch, server: FixtureServer
) -> None:
    """A proxy from the environment would skip the guarded transport; it is ignored."""
    monkeypatch.setenv("HTTP_PROXY", server.url("/"))
    monkeypatch.setenv("HTTPS_PROXY", server.url("/"))
    with Fetcher(FetchSettings()) as fetcher, pytest.raises(BlockedURLError):
        fetcher.fetch(server.url("/pages/memo-reference.html?via-env-proxy"))
    assert not [path for path, _ in server.requests if "via-env-proxy" in path]
