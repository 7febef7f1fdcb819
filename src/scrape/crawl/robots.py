"""robots.txt, read with Protego: fetched once per host per run and kept for the run.

Answers follow RFC 9309: a robots.txt that is missing or refused with a 4xx
status allows everything; one that cannot be fetched (5xx, timeout, refused
connection) disallows everything for this run, since the site's wishes are
unknown. Crawl-delay and Sitemap lines are read from the same file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from protego import Protego

from scrape.crawl.urls import host_key, origin
from scrape.errors import FetchError, HTTPStatusError
from scrape.fetch import Page


@dataclass(frozen=True, slots=True)
class HostRules:
    """What one host's robots.txt says for our user agent."""

    parser: Protego | None
    agent: str
    reachable: bool = True

    def allows(self, url: str) -> bool:
        if self.parser is None:
            return self.reachable
        return bool(self.parser.can_fetch(url, self.agent))

    @property
    def crawl_delay(self) -> float | None:
        delay = self.parser.crawl_delay(self.agent) if self.parser else None
        return float(delay) if delay is not None else None

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser else []


Get = Callable[[str], Awaitable[Page]]


class Robots:
    """The robots.txt of every host a run touches; ``get`` downloads one politely."""

    def __init__(self, get: Get, user_agent: str, obey: bool) -> None:
        self._get = get
        self._agent = user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"
        self._obey = obey
        self._hosts: dict[str, asyncio.Task[HostRules]] = {}

    async def rules(self, url: str) -> HostRules:
        """The rules for ``url``'s host, fetching its robots.txt on first use."""
        key = host_key(url)
        if key not in self._hosts:
            self._hosts[key] = asyncio.ensure_future(self._load(origin(url) + "/robots.txt"))
        return await self._hosts[key]

    async def allows(self, url: str) -> bool:
        return not self._obey or (await self.rules(url)).allows(url)

    async def _load(self, robots_url: str) -> HostRules:
        try:
            page = await self._get(robots_url)
        except HTTPStatusError as exc:
            return HostRules(None, self._agent, reachable=exc.status < 500 and exc.status != 429)
        except FetchError:
            return HostRules(None, self._agent, reachable=False)
        text = page.body.decode("utf-8", errors="replace")
        return HostRules(Protego.parse(text), self._agent)
