"""Crawl mode: keep a dataset of configured sites up to date, politely and exactly once.

    discovery  feeds, sitemaps (robots.txt Sitemap lines too) and start pages -> queued URLs
    state      SQLite: every URL's status, validators, body_hash; the writer's pending notes
    politeness per-host gates (concurrency, delay, Crawl-delay), a global limit, retries
    visit      one URL: robots check, conditional fetch, extraction -> an outcome
    writer     outcomes -> unchanged / duplicate / emitted; WARC + JSONL appended, then state
    output     append-only files with date patterns, gzip, and crash repair
    run        the run: lock, recover, discover and visit per site, report

Entry point: :func:`crawl` (``python -m scrape crawl``); ``python -m scrape status``
reads the state through :mod:`scrape.crawl.status`.
"""

from scrape.crawl.run import CrawlOptions, crawl

__all__ = ["CrawlOptions", "crawl"]
