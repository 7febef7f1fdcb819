"""Polite fetching: per-host concurrency and delay, a global limit, retries with backoff.

Every request of a crawl goes through :class:`Polite`. A host (``host:port``)
gets a :class:`Gate`: at most ``host_concurrency`` requests in flight and at
least ``delay`` seconds between the starts of two requests (the larger of the
site's delay and the robots.txt Crawl-delay). A global semaphore caps the
requests in flight over all hosts; it is taken only once a host's turn has
come, so a slow or failing host holds its own gate, never the others' slots.

Timeouts, connection errors, 429 and 5xx are retried with exponential
backoff and jitter; a Retry-After the server sends is honoured (and pushes
back the whole host), unless it asks for more than ``max_retry_after``
seconds, in which case the URL fails for this run and is retried next run.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from scrape.config import CrawlSettings
from scrape.crawl.urls import host_key
from scrape.errors import FetchError, HTTPStatusError
from scrape.fetch import AsyncFetcher, Page

_TRANSIENT = frozenset({"timeout", "connect", "protocol", "transport"})


@dataclass(slots=True)
class Gate:
    """One host's turn-taking: a semaphore for concurrency, a clock for the delay.

    The delay counts from the start of the host's last request, so raising it
    (a Crawl-delay learnt from robots.txt) applies to the very next request.
    """

    slots: asyncio.Semaphore
    delay: float
    turn: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_start: float = float("-inf")
    resume_at: float = 0.0

    def push_back(self, seconds: float) -> None:
        """No request to this host before ``seconds`` from now (a Retry-After)."""
        self.resume_at = max(self.resume_at, time.monotonic() + seconds)

    def wait(self) -> float:
        """Seconds until this host's next request may start."""
        return max(self.last_start + self.delay, self.resume_at) - time.monotonic()


def is_transient(exc: FetchError) -> bool:
    """True for failures worth retrying: timeouts, connection trouble, 429 and 5xx."""
    if isinstance(exc, HTTPStatusError):
        return exc.status == 429 or exc.status >= 500
    return exc.reason in _TRANSIENT


def retry_after(exc: FetchError) -> float | None:
    """The delay the server asked for in a Retry-After header, if it sent one."""
    return exc.retry_after if isinstance(exc, HTTPStatusError) else None


class Polite:
    """Fetches through per-host gates and one global limit, retrying what may pass."""

    def __init__(self, fetcher: AsyncFetcher, settings: CrawlSettings, seed: int | None = None):
        self.fetcher = fetcher
        self.settings = settings
        self._slots = asyncio.Semaphore(settings.concurrency)
        self._gates: dict[str, Gate] = {}
        self._random = random.Random(seed)

    def gate(self, url: str, delay: float | None = None, concurrency: int | None = None) -> Gate:
        """The gate of ``url``'s host, made on first use with the given (or default) limits."""
        key = host_key(url)
        if key not in self._gates:
            self._gates[key] = Gate(
                asyncio.Semaphore(concurrency or self.settings.host_concurrency),
                self.settings.delay if delay is None else delay,
            )
        return self._gates[key]

    async def fetch(
        self,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        accept: tuple[str, ...] | None = None,
    ) -> Page:
        """One polite request, retried with backoff while the failure is transient."""
        gate = self.gate(url)
        for attempt in range(self.settings.retries + 1):
            try:
                return await self._once(gate, url, headers, accept)
            except FetchError as exc:
                wait = self._retry_wait(exc, attempt)
                if wait is None:
                    raise
                if retry_after(exc) is not None:
                    gate.push_back(wait)
                await asyncio.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _once(
        self,
        gate: Gate,
        url: str,
        headers: Mapping[str, str] | None,
        accept: tuple[str, ...] | None,
    ) -> Page:
        async with gate.slots:
            async with gate.turn:
                while (wait := gate.wait()) > 0:
                    await asyncio.sleep(wait)
                await self._slots.acquire()
                gate.last_start = time.monotonic()
            try:
                return await self.fetcher.fetch(url, headers=headers, accept=accept)
            finally:
                self._slots.release()

    def _retry_wait(self, exc: FetchError, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or None to give up now."""
        if not is_transient(exc) or attempt >= self.settings.retries:
            return None
        asked = retry_after(exc)
        if asked is not None:
            return asked if asked <= self.settings.max_retry_after else None
        base = self.settings.backoff * (1 << attempt)
        return base + self._random.uniform(0, base)
