"""The exceptions scrape raises, all rooted in one class.

Callers catch :class:`ScrapeError` to handle every expected failure; anything
else escaping the package is a bug. Each stage of the pipeline has its own
branch, so a caller can tell a network problem from a page with no article::

    ScrapeError
    ├── ConfigError            config.yaml is missing, malformed or invalid
    ├── FetchError             the page could not be downloaded
    │   ├── HTTPStatusError    the server answered 4xx/5xx
    │   ├── ContentTypeError   the response is not HTML
    │   ├── ResponseTooLarge   the body passed the configured size cap
    │   └── BlockedURLError    the URL (or a redirect) is not http(s) or not public
    ├── ExtractionError        the page holds no article
    │   ├── NotAnArticle       a listing, section front or other non-article page
    │   ├── NoBodyError        an article page whose body text could not be found
    │   └── InvalidRecord      the extracted fields fail validation
    ├── DiscoveryError         a feed or sitemap cannot be read (crawl mode)
    └── CrawlError             a crawl run cannot start or go on (state, output)
        └── CrawlLocked        another crawl holds the run lock, or a process the state database

Every exception carries a short ``reason`` code (``"http_404"``,
``"not_an_article"``...) so failures can be counted and stored, and its
message is one line fit for a terminal.
"""

from __future__ import annotations


class ScrapeError(Exception):
    """Base of every error scrape raises on purpose."""

    reason = "error"

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class ConfigError(ScrapeError):
    """The configuration file is unreadable or invalid; the message names file and line."""

    reason = "config"


class FetchError(ScrapeError):
    """The page could not be downloaded (timeout, connection, protocol)."""

    reason = "fetch"

    def __init__(self, message: str, *, url: str | None = None, reason: str | None = None) -> None:
        super().__init__(message, url=url)
        if reason:
            self.reason = reason


class HTTPStatusError(FetchError):
    """The server answered with an error status.

    ``retry_after`` holds the seconds a 429 or 503 (or any error) asked the
    client to wait through its Retry-After header, or None; the message says it.
    """

    def __init__(
        self, status: int, *, url: str | None = None, retry_after: float | None = None
    ) -> None:
        wait = "" if retry_after is None else f", retry after {retry_after:g}s"
        super().__init__(f"HTTP {status}{wait}", url=url, reason=f"http_{status}")
        self.status = status
        self.retry_after = retry_after


class ContentTypeError(FetchError):
    """The response is not an HTML document."""

    reason = "content_type"


class ResponseTooLarge(FetchError):
    """The response body passed the configured size cap and was cut off."""

    reason = "too_large"


class BlockedURLError(FetchError):
    """The URL, or a redirect target, is not http(s) or leads to a non-public address.

    ``host`` and ``address`` name the destination when an address was refused.
    """

    reason = "blocked"

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        host: str | None = None,
        address: str | None = None,
    ) -> None:
        super().__init__(message, url=url)
        self.host = host
        self.address = address


class ExtractionError(ScrapeError):
    """The page was read but holds no article."""

    reason = "no_article"


class NotAnArticle(ExtractionError):
    """The page is a listing, a section front or another kind of non-article page."""

    reason = "not_an_article"


class NoBodyError(ExtractionError):
    """The page looks like an article but no body text could be found."""

    reason = "no_body"


class InvalidRecord(ExtractionError):
    """The extracted fields do not make a valid Article (e.g. no headline)."""

    reason = "invalid_record"


class DiscoveryError(ScrapeError):
    """A feed or sitemap is not well-formed, declares entities, or is too large."""

    def __init__(self, message: str, *, url: str | None = None, reason: str) -> None:
        super().__init__(message, url=url)
        self.reason = reason


class CrawlError(ScrapeError):
    """A crawl run cannot start or continue: unusable state database or output file."""

    reason = "crawl"


class CrawlLocked(CrawlError):
    """The state is busy: another crawl holds the run lock, or a process the database.

    An open ``sqlite3`` shell or a backup holding a write lock counts too; either
    way the run stops before it writes anything (exit status 3 from the CLI).
    """

    reason = "locked"
