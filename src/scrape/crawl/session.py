"""What every part of one crawl run shares: settings, polite fetching, robots, state, report."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from scrape.config import Settings, SiteProfile
from scrape.crawl.politeness import Gate, Polite
from scrape.crawl.report import Report
from scrape.crawl.robots import HostRules, Robots
from scrape.crawl.state import State
from scrape.fetch import Page


@dataclass(slots=True)
class Session:
    """One run's shared tools; built by :mod:`scrape.crawl.run`, passed to every task."""

    settings: Settings
    polite: Polite
    robots: Robots
    state: State
    report: Report

    def now(self) -> float:
        return time.time()

    async def allowed(self, url: str, site: SiteProfile) -> bool:
        """Open ``url``'s host gate with the site's limits and ask its robots.txt."""
        if not self.settings.crawl.obey_robots:
            self._gate(url, site)
            return True
        return (await self.robots_of(url, site)).allows(url)

    async def robots_of(self, url: str, site: SiteProfile) -> HostRules:
        """The robots.txt rules of ``url``'s host; its Crawl-delay slows the host's gate."""
        gate = self._gate(url, site)
        rules = await self.robots.rules(url)
        if rules.crawl_delay is not None and self.settings.crawl.obey_robots:
            gate.delay = max(gate.delay, rules.crawl_delay)
        return rules

    def _gate(self, url: str, site: SiteProfile) -> Gate:
        discovery = site.discovery
        return self.polite.gate(
            url,
            discovery.delay if discovery else None,
            discovery.concurrency if discovery else None,
        )

    async def get(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] | None = None,
    ) -> Page:
        """A polite download (call :meth:`allowed` first)."""
        return await self.polite.fetch(url, headers=headers, accept=accept)


def conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators of the last response."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers
