"""A crawl run from start to end: lock, recover, discover, visit, write, report.

Per site, discovery runs first and stores what it finds; then the site's
due URLs (new, failed with a reason worth retrying, emitted and due for a
revisit) are read from the state in chunks into a small bounded queue that
the site's workers drain. Visits flow through one bounded queue to the single
writer. Sites run side by side, each held back only by its own hosts' gates,
so memory stays flat however many URLs a site lists and a slow site never
stalls the others.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import httpx

from scrape.config import Settings, SiteProfile
from scrape.crawl.discovery import SiteDiscovery
from scrape.crawl.lock import RunLock
from scrape.crawl.output import AppendLog
from scrape.crawl.politeness import Polite
from scrape.crawl.report import Report
from scrape.crawl.robots import Robots
from scrape.crawl.session import Session
from scrape.crawl.state import Job, Revisits, State
from scrape.crawl.tasks import together
from scrape.crawl.visit import Outcome, visit
from scrape.crawl.writer import Writer, check_output, recover
from scrape.errors import ConfigError
from scrape.fetch import ANY_TYPE, AsyncFetcher

_CHUNK = 256
_KIND = {"queued": "new", "failed": "retry", "emitted": "revisit"}


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    """One run's choices from the command line; ``base`` anchors relative paths."""

    base: Path = Path()
    sites: tuple[str, ...] = ()
    max_pages: int | None = None
    dry_run: bool = False


def crawl(
    settings: Settings,
    options: CrawlOptions = CrawlOptions(),
    *,
    log: TextIO | None = None,
    out: TextIO | None = None,
    live: bool | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, Any]:
    """Run one crawl and return its summary; ``--dry-run`` lists URLs on ``out`` instead.

    Raises :class:`~scrape.errors.CrawlLocked` when another run holds the
    lock and :class:`~scrape.errors.ScrapeError` subclasses when the run
    cannot start (configuration, state, output).
    """
    sites = chosen_sites(settings, options.sites)
    report = Report(log or sys.stderr, live)
    state_path = options.base / settings.crawl.state
    if options.dry_run:
        return _dry_run(settings, sites, options, state_path, report, out or sys.stdout, transport)
    with RunLock(state_path):
        state = State.open(state_path)
        try:
            return _locked_run(settings, sites, options, state, report, transport)
        finally:
            state.close()


def chosen_sites(settings: Settings, names: tuple[str, ...]) -> list[SiteProfile]:
    """The sites to crawl: those named (all with discovery settings when none are)."""
    crawlable = [s for s in settings.sites if s.discovery is not None]
    if not crawlable:
        raise ConfigError("no site has discovery settings (feeds, sitemaps, start_pages)")
    if not names:
        return crawlable
    unknown = sorted(set(names) - {s.name for s in crawlable})
    if unknown:
        choices = ", ".join(s.name for s in crawlable)
        raise ConfigError(f"unknown or uncrawlable site: {', '.join(unknown)} (sites: {choices})")
    return [s for s in crawlable if s.name in names]


def _locked_run(
    settings: Settings,
    sites: list[SiteProfile],
    options: CrawlOptions,
    state: State,
    report: Report,
    transport: httpx.AsyncBaseTransport | None,
) -> dict[str, Any]:
    kept, cut = recover(state)
    output = AppendLog(
        Path(settings.crawl.output),
        lambda path: check_output(path, state, report),
        base=options.base,
    )
    warc = AppendLog(Path(settings.crawl.warc), base=options.base) if settings.crawl.warc else None
    try:
        output.target(datetime.now(UTC))  # an unwritable output stops the run before any fetch
        run = state.start_run(time.time())
        report.log(
            "crawl_start",
            sites=",".join(s.name for s in sites),
            recovered=kept,
            set_aside_bytes=cut,
        )
        session = _Run(settings, sites, options, state, report)
        asyncio.run(session.crawl(output, warc, transport))
        report.finish()
        summary = report.summary()
        state.finish_run(run, time.time(), summary)
        return summary
    finally:
        output.close()
        if warc:
            warc.close()


class _Run:
    """The asynchronous part of a run: sites side by side, one writer."""

    def __init__(
        self,
        settings: Settings,
        sites: list[SiteProfile],
        options: CrawlOptions,
        state: State,
        report: Report,
    ) -> None:
        self.settings = settings
        self.sites = sites
        self.options = options
        self.state = state
        self.report = report
        self.budget = options.max_pages

    async def crawl(
        self,
        output: AppendLog | None,
        warc: AppendLog | None,
        transport: httpx.AsyncBaseTransport | None,
    ) -> None:
        crawl = self.settings.crawl
        async with AsyncFetcher(
            self.settings.fetch, transport=transport, max_connections=crawl.concurrency
        ) as fetcher:
            polite = Polite(fetcher, crawl)
            robots = Robots(
                lambda url: polite.fetch(url, accept=(ANY_TYPE,)),
                self.settings.fetch.user_agent,
                crawl.obey_robots,
            )
            session = Session(self.settings, polite, robots, self.state, self.report)
            if output is None:
                await together(*(self._discover(site, session) for site in self.sites))
                return
            await self._visit_all(session, output, warc)

    async def _visit_all(self, session: Session, output: AppendLog, warc: AppendLog | None) -> None:
        results: asyncio.Queue[Outcome | None] = asyncio.Queue(maxsize=_CHUNK)
        writer = asyncio.create_task(Writer(session, output, warc).run(results))
        ticker = asyncio.create_task(self.report.ticker())
        sites = asyncio.ensure_future(
            together(*(self._site(site, session, results) for site in self.sites))
        )
        both: set[asyncio.Future[Any]] = {sites, writer}
        try:
            await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
            if writer.done():  # the writer only stops early when writing failed
                writer.result()
            await sites
            await results.put(None)
            await writer
        finally:
            # A failure (disk full, state locked) ends the run: stop the other side and
            # wait for it, so every task ends here and nothing is left to complain later.
            for task in (*both, ticker):
                task.cancel()
            await asyncio.gather(*both, ticker, return_exceptions=True)

    async def _discover(self, site: SiteProfile, session: Session) -> None:
        await SiteDiscovery(site, session).run()
        self.report.log("discovered", site=site.name, new=self.report.site(site.name).discovered)

    async def _site(
        self, site: SiteProfile, session: Session, results: asyncio.Queue[Outcome | None]
    ) -> None:
        await self._discover(site, session)
        assert site.discovery is not None
        workers = site.discovery.concurrency or self.settings.crawl.host_concurrency
        jobs: asyncio.Queue[Job | None] = asyncio.Queue(maxsize=2 * workers)

        async def work() -> None:
            while (job := await jobs.get()) is not None:
                await results.put(await visit(job, site, session))

        async def produce() -> None:
            for job in self.due(site):
                await jobs.put(job)
            for _ in range(workers):
                await jobs.put(None)

        await together(produce(), *(work() for _ in range(workers)))

    def due(self, site: SiteProfile) -> Iterator[Job]:
        """The site's due jobs, read from the state a chunk at a time, within the page budget."""
        crawl, now = self.settings.crawl, time.time()
        revisits = Revisits(now - crawl.revisit_after, now - crawl.revisit_days * 86400)
        after = 0
        while chunk := self.state.due(site.name, after, _CHUNK, crawl.retry_runs, revisits):
            for job in chunk:
                if self.budget is not None:
                    if self.budget <= 0:
                        return
                    self.budget -= 1
                yield job
            after = chunk[-1].rowid


def _dry_run(
    settings: Settings,
    sites: list[SiteProfile],
    options: CrawlOptions,
    state_path: Path,
    report: Report,
    out: TextIO,
    transport: httpx.AsyncBaseTransport | None,
) -> dict[str, Any]:
    """Discover on a copy of the state and list what a run would fetch; change nothing."""
    with tempfile.TemporaryDirectory(prefix="scrape-dry-run-") as folder:
        copy = Path(folder) / "state.sqlite"
        if state_path.exists():
            with sqlite3.connect(state_path) as source, sqlite3.connect(copy) as target:
                source.backup(target)
            source.close()
            target.close()
        state = State.open(copy)
        try:
            run = _Run(settings, sites, options, state, report)
            asyncio.run(run.crawl(None, None, transport))
            for site in sites:
                for job in run.due(site):
                    print(f"{site.name}\t{_KIND.get(job.status, job.status)}\t{job.url}", file=out)
        finally:
            state.close()
    return report.summary()
