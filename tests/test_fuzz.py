"""Property tests: no input makes extract or decode fail in an undocumented way.

A few hundred generated inputs per property keep this to about twenty seconds;
bench/fuzz.py runs the same properties on as many inputs as asked.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrape import Article, extract
from scrape.decode import decode
from scrape.errors import ScrapeError
from tests.strategies import charset_labels, encoded_pages, html_pages, page_urls

FUZZ = settings(
    max_examples=200,
    deadline=timedelta(seconds=3),  # per page: a hang or a quadratic blow-up fails the test
    derandomize=True,  # the same inputs on every run and in CI
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def extract_or_scrape_error(page: str | bytes, url: str | None, charset: str | None) -> None:
    """The property itself: an Article that validates again, or a ScrapeError; nothing else."""
    try:
        article = extract(page, url, http_charset=charset)
    except ScrapeError as exc:
        assert exc.reason and str(exc)
        return
    assert Article.model_validate(article.model_dump()) == article
    assert Article.model_validate_json(article.model_dump_json()) == article


@FUZZ
@given(page=html_pages, url=page_urls)
def test_extract_on_generated_html(page: str, url: str | None) -> None:
    extract_or_scrape_error(page, url, None)


@FUZZ
@given(page=encoded_pages, url=page_urls, charset=charset_labels)
def test_extract_on_generated_bytes(page: bytes, url: str | None, charset: str | None) -> None:
    extract_or_scrape_error(page, url, charset)


@settings(FUZZ, max_examples=500)
@given(data=encoded_pages, http=charset_labels, forced=st.one_of(st.none(), charset_labels))
def test_decode_always_returns_text(data: bytes, http: str | None, forced: str | None) -> None:
    result = decode(data, forced=forced, http_charset=http)
    assert isinstance(result.text, str)
    assert result.source in ("forced", "bom", "http", "meta", "detected")
    assert not data or result.text or result.source == "bom"
