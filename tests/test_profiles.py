"""Site profiles are hints: a selector that finds nothing falls back to the generic extractor."""

from __future__ import annotations

from scrape import extract
from scrape.config import parse_settings
from tests.conftest import golden, page_bytes

URL = golden("memo-reference")["url"]


def profile(selectors: str) -> str:
    return "sites:\n  - name: memo\n    hosts: [middleeastmonitor.com]\n    selectors:\n" + "".join(
        f"      {line}\n" for line in selectors.splitlines()
    )


def test_stale_selectors_fall_back_field_by_field() -> None:
    settings = parse_settings(profile("headline: h1.gone\nbody: div.gone\ntags: .gone a"))
    article = extract(page_bytes("memo-reference"), url=URL, settings=settings)
    expect = golden("memo-reference")["expect"]
    assert article.extractor == "generic"
    assert article.headline == expect["headline"]
    assert article.body == expect["body"]
    assert article.tags == expect["tags"]


def test_a_working_selector_wins_over_the_generic_extractor() -> None:
    settings = parse_settings(profile("headline: '.entry-content p'"))
    article = extract(page_bytes("memo-reference"), url=URL, settings=settings)
    assert article.headline == golden("memo-reference")["expect"]["body"][0]


def test_drop_selectors_remove_content() -> None:
    source = profile("body: '.entry-content'") + "    drop: ['.entry-content p:first-child']\n"
    article = extract(page_bytes("memo-reference"), url=URL, settings=parse_settings(source))
    assert golden("memo-reference")["expect"]["body"][0] not in article.body
