"""scrape: download news pages and turn each one into a clean, validated record.

    >>> from scrape import extract
    >>> article = extract(open("page.html", "rb").read(), url="https://example.com/story")
    >>> article.headline, article.body[0]

See :mod:`scrape.errors` for the exceptions, :class:`Article` for the record.
"""

from scrape.config import FetchSettings, Settings, SiteProfile, load_settings
from scrape.decode import decode_html
from scrape.emit import JsonlWriter
from scrape.errors import (
    BlockedURLError,
    ConfigError,
    ContentTypeError,
    CrawlError,
    CrawlLocked,
    DiscoveryError,
    ExtractionError,
    FetchError,
    HTTPStatusError,
    InvalidRecord,
    NoBodyError,
    NotAnArticle,
    ResponseTooLarge,
    ScrapeError,
)
from scrape.fetch import AsyncFetcher, Fetcher, Page
from scrape.models import Article, ReadLink
from scrape.pipeline import Explanation, explain, extract, fetch_article

__version__ = "0.1.0"

__all__ = [
    "Article",
    "AsyncFetcher",
    "BlockedURLError",
    "ConfigError",
    "ContentTypeError",
    "CrawlError",
    "CrawlLocked",
    "DiscoveryError",
    "Explanation",
    "ExtractionError",
    "FetchError",
    "FetchSettings",
    "Fetcher",
    "HTTPStatusError",
    "InvalidRecord",
    "JsonlWriter",
    "NoBodyError",
    "NotAnArticle",
    "Page",
    "ReadLink",
    "ResponseTooLarge",
    "ScrapeError",
    "Settings",
    "SiteProfile",
    "__version__",
    "decode_html",
    "explain",
    "extract",
    "fetch_article",
    "load_settings",
]
