"""One URL's visit: robots check, polite (conditional) fetch, extraction.

The result is an :class:`Outcome` for the writer, which alone decides what
is emitted and what is stored; nothing here touches the output or the state.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrape.config import SiteProfile
from scrape.crawl.politeness import is_transient
from scrape.crawl.session import Session, conditional_headers
from scrape.crawl.state import Job, Visit
from scrape.errors import FetchError, ScrapeError
from scrape.fetch import Page
from scrape.models import Article
from scrape.pipeline import extract


@dataclass(frozen=True, slots=True)
class Outcome:
    """A visit's result: an article to judge, or the final word on the URL (``visit``)."""

    job: Job
    site: str
    kind: str  # "article", "not_modified", "failed" or "skipped"
    visit: Visit | None = None
    article: Article | None = None
    page: Page | None = None


async def visit(job: Job, site: SiteProfile, session: Session) -> Outcome:
    """Fetch and extract ``job.url``; a revisit sends the last response's validators."""
    if not await session.allowed(job.url, site):
        return _final(job, site, "skipped", Visit(job.url, "skipped", reason="robots"))
    headers = conditional_headers(job.etag, job.last_modified) if job.revisit else None
    try:
        page = await session.get(job.url, headers=headers)
    except FetchError as exc:
        return _failed(job, site, exc, session.now(), retry=is_transient(exc))
    session.report.fetched(site.name)
    if page.status == 304:
        return _final(job, site, "not_modified", Visit(job.url, job.status, session.now()))
    return _extract(job, site, page, session)


def _extract(job: Job, site: SiteProfile, page: Page, session: Session) -> Outcome:
    try:
        article = extract(
            page.body,
            page.url,
            settings=session.settings,
            http_charset=page.charset,
            fetched_at=page.fetched_at,
        )
    except ScrapeError as exc:
        outcome = _failed(job, site, exc, session.now(), retry=False)
    except Exception as exc:
        # An extractor bug on one page must not end an unattended run: the page is
        # stored as failed (reason internal_error, with the exception) and the run goes on.
        error = ScrapeError(f"{type(exc).__name__}: {exc}", url=page.url)
        error.reason = "internal_error"
        outcome = _failed(job, site, error, session.now(), retry=False)
    else:
        return Outcome(job, site.name, "article", article=article, page=page)
    return Outcome(job, site.name, outcome.kind, outcome.visit, page=page)


def _failed(job: Job, site: SiteProfile, exc: ScrapeError, now: float, retry: bool) -> Outcome:
    """A failure is stored with its reason; a revisited page keeps its emitted status."""
    status = "emitted" if job.revisit else "failed"
    message = str(exc)[:500]
    visit = Visit(job.url, status, now, reason=exc.reason, message=message, retry=retry)
    return _final(job, site, "failed", visit)


def _final(job: Job, site: SiteProfile, kind: str, visit: Visit) -> Outcome:
    return Outcome(job, site.name, kind, visit)
