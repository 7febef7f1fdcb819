"""A site's discovery: feeds, sitemaps (also those robots.txt names) and start pages.

Every source is fetched politely and obeys robots.txt; feeds and sitemaps are
fetched with the validators of their last response, so an unchanged one
costs a 304. Links found are normalised, filtered by the site's article
patterns and age limit, and stored in the state as queued; a source that
fails is counted in the report and the others go on.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from scrape.config import Discovery, SiteProfile
from scrape.crawl.feeds import feed_links
from scrape.crawl.links import page_links
from scrape.crawl.session import Session, conditional_headers
from scrape.crawl.sitemaps import Found, parse_sitemap
from scrape.crawl.state import Source
from scrape.crawl.tasks import together
from scrape.crawl.urls import ArticleRule, host_key, normalise, origin
from scrape.fetch import ANY_TYPE, Page

# Bounds on one site's discovery in one run, so a sitemap index or a link maze stays finite.
MAX_SITEMAPS = 200
MAX_LISTING_PAGES = 200


class SiteDiscovery:
    """Finds one site's article URLs and stores the new ones as queued."""

    def __init__(self, site: SiteProfile, session: Session) -> None:
        assert site.discovery is not None
        self.site = site
        self.rules: Discovery = site.discovery
        self.session = session
        self.article = ArticleRule.of(site.discovery)
        sources = (*self.rules.feeds, *self.rules.sitemaps, *self.rules.start_pages)
        self.origins = frozenset(origin(u) for u in sources)
        self._read: list[Source] = []

    async def run(self) -> None:
        """Discover and store; validators are saved last, so a killed run reads all again."""
        await together(
            *(self._feed(url) for url in self.rules.feeds),
            self._sitemaps(),
            self._start_pages(),
        )
        self.session.state.save_sources(self._read, self.session.now())

    async def _feed(self, url: str) -> None:
        page = await self._fetch_source(url)
        if page is not None and page.status != 304:
            with self.session.report.guard(self.site.name, url):
                self._store(feed_links(page.body, page.url))
                self._read.append(_source(page, url, []))

    async def _sitemaps(self) -> None:
        queue = list(self.rules.sitemaps)
        if self.rules.sitemaps_from_robots:
            for site_origin in sorted(self.origins):
                queue += (await self.session.robots_of(site_origin + "/", self.site)).sitemaps
        seen: set[str] = set()
        while queue and len(seen) < MAX_SITEMAPS:
            url = queue.pop(0)
            if url not in seen:
                seen.add(url)
                queue += await self._sitemap(url)

    async def _sitemap(self, url: str) -> list[str]:
        """Store one sitemap's links; return the child sitemaps an index lists."""
        page = await self._fetch_source(url)
        if page is None:
            return []
        if page.status == 304:  # an unchanged index still leads to sitemaps that may change
            return self.session.state.children(url)
        with self.session.report.guard(self.site.name, url):
            sitemap = parse_sitemap(page.body, page.url, self.session.settings.fetch.max_bytes)
            # The sitemap protocol lets a sitemap speak only for its own host.
            home = host_key(url)
            self._store(found for found in sitemap.urls if host_key(found.url) == home)
            children = [
                u for u, date in sitemap.children if self._fresh(date) and host_key(u) == home
            ]
            self._read.append(_source(page, url, children))
            return children
        return []

    async def _start_pages(self) -> None:
        level = list(self.rules.start_pages)
        scanned: set[str] = set()
        for depth in range(self.rules.depth + 1):
            found: list[str] = []
            for url in level:
                if url not in scanned and len(scanned) < MAX_LISTING_PAGES:
                    scanned.add(url)
                    found += await self._scan(url, follow=depth < self.rules.depth)
            level = list(dict.fromkeys(found))

    async def _scan(self, url: str, follow: bool) -> list[str]:
        """Store the article links of a listing page; return the listing links to follow."""
        if not await self.session.allowed(url, self.site):
            self.session.report.skipped(self.site.name, "robots")
            return []
        with self.session.report.guard(self.site.name, url):
            page = await self.session.get(url)
            links = [
                n
                for n in (self._normal(u) for u in page_links(page.body, page.url, page.charset))
                if n and self._in_scope(n)
            ]
            self._store(Found(u, None) for u in links if self.article.is_article(u))
            if follow:
                return [
                    u
                    for u in links
                    if not self.article.is_article(u) and not self.article.excluded(u)
                ]
        return []

    async def _fetch_source(self, url: str) -> Page | None:
        """A feed or sitemap (a 304 page when unchanged), or None: forbidden or failed."""
        if not await self.session.allowed(url, self.site):
            self.session.report.skipped(self.site.name, "robots")
            return None
        validators = self.session.state.validators(url)
        with self.session.report.guard(self.site.name, url):
            return await self.session.get(
                url, headers=conditional_headers(*validators), accept=(ANY_TYPE,)
            )
        return None

    def _store(self, found: Iterable[Found]) -> None:
        keep = []
        for url, date in found:
            normal = self._normal(url)
            if normal and self.article.is_article(normal) and self._fresh(date):
                keep.append((normal, date))
        new = self.session.state.add_discovered(self.site.name, keep, self.session.now())
        self.session.report.discovered(self.site.name, new)

    def _normal(self, url: str) -> str | None:
        return normalise(url, self.session.settings.crawl)

    def _in_scope(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return origin(url) in self.origins or self.site.matches(host)

    def _fresh(self, date: float | None) -> bool:
        limit = self.rules.max_age_days
        return date is None or limit is None or date >= self.session.now() - limit * 86400


def _source(page: Page, url: str, children: list[str]) -> Source:
    return Source(url, page.headers.get("etag"), page.headers.get("last-modified"), children)
