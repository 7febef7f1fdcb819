"""Every fixture page against its golden record (fixtures/pages/NAME.json)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from scrape import Article, ScrapeError, extract
from scrape.config import Settings
from tests.conftest import fixture_names, golden, page_bytes


def comparable(article: Article, field: str) -> Any:
    value = getattr(article, field)
    if field == "read_links":
        return [link.model_dump() for link in value]
    return value


def expected_value(field: str, value: Any) -> Any:
    if field in ("published", "modified") and value is not None:
        return datetime.fromisoformat(value)
    return value


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_matches_its_golden_record(name: str, settings: Settings) -> None:
    spec = golden(name)
    if "error" in spec:
        with pytest.raises(ScrapeError) as caught:
            extract(page_bytes(name), url=spec["url"], settings=settings)
        assert caught.value.reason == spec["error"]
        return
    article = extract(page_bytes(name), url=spec["url"], settings=settings)
    for field, value in spec["expect"].items():
        assert comparable(article, field) == expected_value(field, value), field


def test_reference_page_is_perfect_without_its_profile() -> None:
    """The profile is a hint: the generic extractor alone gets the reference page right too."""
    spec = golden("memo-reference")
    article = extract(page_bytes("memo-reference"), url=spec["url"], settings=Settings())
    assert not article.extractor.startswith("profile:")
    for field, value in spec["expect"].items():
        assert comparable(article, field) == expected_value(field, value), field


def test_reference_page_uses_its_site_profile(settings: Settings) -> None:
    spec = golden("memo-reference")
    article = extract(page_bytes("memo-reference"), url=spec["url"], settings=settings)
    assert article.extractor == "profile:middleeastmonitor"


def test_no_chrome_reaches_any_field(settings: Settings) -> None:
    spec = golden("memo-reference")
    record = extract(page_bytes("memo-reference"), url=spec["url"], settings=settings)
    text = record.model_dump_json()
    for chrome in ("Near You", "Show Comments", "Portuguese", "Most read", "Newsletter", "READ:"):
        assert chrome.casefold() not in text.casefold(), chrome
