"""config.yaml -> typed settings, loaded once and passed down explicitly.

The file has two sections: ``fetch`` (how pages are downloaded) and ``sites``
(site profiles: CSS selectors that pin fields on sites a user cares about).
Every mistake is reported as ``FILE:LINE: where: what is wrong``; nothing in
the package reads configuration from globals or at import time.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from selectolax.lexbor import LexborHTMLParser

from scrape.errors import ConfigError

DEFAULT_CONFIG = Path("config.yaml")
DEFAULT_USER_AGENT = "scrape/0.1 (news article extractor; +https://pypi.org/project/scrape/)"
_PROBE = LexborHTMLParser("<p></p>")


def _css_selector(value: str) -> str:
    """Reject selectors lexbor cannot parse now, not at the first page that needs them."""
    try:
        _PROBE.css(value)
    except Exception as exc:  # selectolax raises its own untyped error for bad CSS
        raise ValueError(f"invalid CSS selector {value!r}") from exc
    return value


Selector = Annotated[str, AfterValidator(_css_selector)]


def _host_or_network(value: str) -> str:
    """Accept a host name, an IP address or a CIDR network, as the address guard reads them."""
    if re.fullmatch(r"[A-Za-z0-9.-]+", value):
        return value
    try:
        ipaddress.ip_network(value.strip("[]"), strict=False)
    except ValueError:
        raise ValueError(f"not a host name, IP address or network: {value!r}") from None
    return value


HostOrNetwork = Annotated[str, AfterValidator(_host_or_network)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FetchSettings(_Strict):
    """How pages are downloaded."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = Field(15.0, gt=0, description="Seconds allowed for connect and each read.")
    deadline: float = Field(60.0, gt=0, description="Seconds allowed for a whole request.")
    max_redirects: int = Field(5, ge=0, le=30)
    max_bytes: int = Field(10_000_000, gt=0, description="Cap on a decompressed body.")
    content_types: tuple[str, ...] = ("text/html", "application/xhtml+xml")
    headers: dict[str, str] = Field(default_factory=dict)
    allowed_private_hosts: tuple[HostOrNetwork, ...] = Field(
        (), description="Hosts, IPs or networks fetched although not public (see netguard)."
    )


class Selectors(_Strict):
    """CSS selectors for one site; a field left out is found by the generic extractor."""

    headline: Selector | None = None
    standfirst: Selector | None = None
    body: Selector | None = None
    read_links: Selector | None = None
    tags: Selector | None = None
    authors: Selector | None = None
    published: Selector | None = None
    modified: Selector | None = None


def _regex(value: str) -> str:
    """Reject a pattern Python cannot compile now, not when the first URL is tested."""
    try:
        re.compile(value)
    except re.error as exc:
        raise ValueError(f"invalid regular expression {value!r}: {exc}") from exc
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    return value


Pattern = Annotated[str, AfterValidator(_regex)]
HttpURL = Annotated[str, AfterValidator(_http_url)]


class Discovery(_Strict):
    """Where crawl mode finds a site's new articles; a site without it is not crawled."""

    feeds: tuple[HttpURL, ...] = ()
    sitemaps: tuple[HttpURL, ...] = ()
    sitemaps_from_robots: bool = True
    start_pages: tuple[HttpURL, ...] = ()
    depth: int = Field(0, ge=0, le=5, description="Link hops followed from start pages.")
    article_patterns: tuple[Pattern, ...] = ()
    exclude_patterns: tuple[Pattern, ...] = ()
    max_age_days: float | None = Field(None, gt=0)
    delay: float | None = Field(None, ge=0, description="Overrides crawl.delay for this site.")
    concurrency: int | None = Field(None, ge=1, le=64)

    @model_validator(mode="after")
    def _has_a_source(self) -> Discovery:
        if not (self.feeds or self.sitemaps or self.start_pages):
            raise ValueError("give at least one of feeds, sitemaps or start_pages")
        return self


class SiteProfile(_Strict):
    """Rules for one site, chosen by the page's host name."""

    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+$")]
    hosts: tuple[str, ...] = Field(min_length=1)
    selectors: Selectors = Selectors()
    drop: tuple[Selector, ...] = ()
    discovery: Discovery | None = None

    @field_validator("hosts")
    @classmethod
    def _lower_hosts(cls, hosts: tuple[str, ...]) -> tuple[str, ...]:
        for host in hosts:
            if not re.fullmatch(r"[A-Za-z0-9.-]+", host):
                raise ValueError(f"not a host name: {host!r}")
        return tuple(h.lower().removeprefix("www.") for h in hosts)

    def matches(self, host: str) -> bool:
        """True for the profile's hosts and their subdomains."""
        host = host.lower().removeprefix("www.")
        return any(host == h or host.endswith("." + h) for h in self.hosts)


class CrawlSettings(_Strict):
    """How ``scrape crawl`` keeps a dataset up to date; relative paths follow the config file."""

    state: str = "crawl/state.sqlite"
    output: str = "crawl/articles-%Y-%m-%d.jsonl"
    warc: str | None = None
    concurrency: int = Field(16, ge=1, le=512)
    host_concurrency: int = Field(2, ge=1, le=64)
    delay: float = Field(1.0, ge=0)
    obey_robots: bool = True
    retries: int = Field(2, ge=0, le=10)
    backoff: float = Field(1.0, ge=0)
    max_retry_after: float = Field(120.0, ge=0)
    retry_runs: int = Field(3, ge=0)
    revisit_after: float = Field(3600.0, ge=0)
    revisit_days: float = Field(3.0, ge=0)
    strip_params: tuple[str, ...] = (
        "utm_*",
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "mc_cid",
        "mc_eid",
        "igshid",
        "yclid",
    )
    trailing_slash: Literal["keep", "strip", "add"] = "keep"


class Settings(_Strict):
    """Everything config.yaml can say; defaults serve when there is no file."""

    fetch: FetchSettings = FetchSettings()
    crawl: CrawlSettings = CrawlSettings()
    sites: tuple[SiteProfile, ...] = ()

    @field_validator("sites")
    @classmethod
    def _unique_names(cls, sites: tuple[SiteProfile, ...]) -> tuple[SiteProfile, ...]:
        names = [s.name for s in sites]
        if dupes := sorted({n for n in names if names.count(n) > 1}):
            raise ValueError(f"site names must be unique; repeated: {', '.join(dupes)}")
        return sites

    def profile_for(self, host: str | None) -> SiteProfile | None:
        """The first site profile whose hosts cover ``host``."""
        if not host:
            return None
        return next((site for site in self.sites if site.matches(host)), None)


def load_settings(path: str | Path | None = None) -> Settings:
    """Load settings from ``path``; with no path, from ./config.yaml if present, else defaults."""
    if path is None:
        if not DEFAULT_CONFIG.is_file():
            return Settings()
        path = DEFAULT_CONFIG
    path = Path(path)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from exc
    return parse_settings(source, str(path))


def parse_settings(source: str, filename: str = "<config>") -> Settings:
    """Parse YAML text into Settings, naming file and line for every mistake."""
    try:
        node = yaml.compose(source, Loader=yaml.SafeLoader)
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise ConfigError(_yaml_message(exc, filename)) from exc
    _reject_duplicate_keys(node, (), filename)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{filename}:1: the top level must be a mapping of sections")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_validation_message(exc, _line_index(node), filename)) from exc


def _yaml_message(exc: yaml.YAMLError, filename: str) -> str:
    mark = getattr(exc, "problem_mark", None)
    line = f":{mark.line + 1}" if mark is not None else ""
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{filename}{line}: invalid YAML: {problem}"


def _reject_duplicate_keys(node: Any, path: tuple[Any, ...], filename: str) -> None:
    """YAML lets a repeated key silently replace the first; in a config that hides a mistake."""
    if isinstance(node, yaml.MappingNode):
        first: dict[Any, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in first:
                where = _dotted((*path, key.value))
                raise ConfigError(
                    f"{filename}:{line}: {where}: duplicate key (first given on line "
                    f"{first[key.value]})"
                )
            first[key.value] = line
            _reject_duplicate_keys(value, (*path, key.value), filename)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _reject_duplicate_keys(item, (*path, index), filename)


def _line_index(node: Any) -> dict[tuple[Any, ...], int]:
    """Path -> line; a key's own line wins over the line its value starts on."""
    lines: dict[tuple[Any, ...], int] = {}
    for path, line in _key_lines(node, ()):
        lines.setdefault(path, line)
    return lines


def _key_lines(node: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], int]]:
    """Yield (path, line) for every key and list item in a composed YAML tree."""
    if node is None:
        return
    yield path, node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield (*path, key.value), key.start_mark.line + 1
            yield from _key_lines(value, (*path, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _key_lines(item, (*path, index))


def _validation_message(
    exc: ValidationError, lines: dict[tuple[Any, ...], int], filename: str
) -> str:
    messages = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        while loc and loc not in lines:
            loc = loc[:-1]
        where = _dotted(error["loc"])
        messages.append(f"{filename}:{lines.get(loc, 1)}: {where}: {_explain(error)}")
    return "\n".join(messages)


def _explain(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    return str(error["msg"]).removeprefix("Value error, ")


def _dotted(loc: tuple[Any, ...]) -> str:
    """Render a pydantic location as a YAML path: ``sites[0].selectors.body``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out.lstrip(".") or "top level"
