"""The stage order, in one place: fetch -> decode -> parse/extract -> validate.

These are the functions the public API exposes. Each takes the settings it
needs as an argument (defaults when omitted), never from globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scrape.config import Settings
from scrape.decode import decode_html
from scrape.errors import ScrapeError
from scrape.extract import extract_article
from scrape.extract.explain import Row, Trace
from scrape.fetch import Fetcher
from scrape.models import Article


def extract(
    html: str | bytes,
    url: str | None = None,
    *,
    settings: Settings | None = None,
    http_charset: str | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Extract the article from a page's HTML (text, or raw bytes to be decoded).

    Raises an :class:`~scrape.errors.ExtractionError` subclass when the page
    holds no article. ``url`` is the address the page came from; without it
    the page's canonical URL is used.
    """
    if isinstance(html, bytes):
        html = decode_html(html, http_charset=http_charset)
    return extract_article(html, url, settings or Settings(), fetched_at)


@dataclass(frozen=True, slots=True)
class Explanation:
    """Every block of a page with the decision taken on it, and the outcome."""

    rows: list[Row]
    article: Article | None
    error: ScrapeError | None


def explain(
    html: str | bytes,
    url: str | None = None,
    *,
    settings: Settings | None = None,
    http_charset: str | None = None,
) -> Explanation:
    """Extract as :func:`extract` does, recording why each block went where it went.

    Never raises for a page without an article: the explanation says why.
    """
    if isinstance(html, bytes):
        html = decode_html(html, http_charset=http_charset)
    trace = Trace()
    article, error = None, None
    try:
        article = extract_article(html, url, settings or Settings(), trace=trace)
    except ScrapeError as exc:
        error = exc
    return Explanation(trace.finish(), article, error)


def fetch_article(
    url: str, *, settings: Settings | None = None, fetcher: Fetcher | None = None
) -> Article:
    """Download ``url`` and extract its article.

    Pass a long-lived ``fetcher`` when fetching many pages, so that one HTTP
    client (and its connection pool) serves them all. Raises a
    :class:`~scrape.errors.FetchError` or :class:`~scrape.errors.ExtractionError`.
    """
    settings = settings or Settings()
    if fetcher is None:
        with Fetcher(settings.fetch) as own:
            return fetch_article(url, settings=settings, fetcher=own)
    page = fetcher.fetch(url)
    return extract(
        page.body,
        page.url,
        settings=settings,
        http_charset=page.charset,
        fetched_at=page.fetched_at,
    )
