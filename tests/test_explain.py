"""Explain mode: every block of a page in order, with the decision and the signal."""

from __future__ import annotations

from scrape import explain
from scrape.config import Settings
from tests.conftest import golden, page_bytes
from tests.test_cli import CONFIG, run


def decisions(name: str, settings: Settings | None = None) -> dict[str, str]:
    spec = golden(name)
    found = explain(page_bytes(name), spec["url"], settings=settings or Settings())
    return {row.text: row.decision for row in found.rows}


def test_every_kind_of_decision_on_the_reference_page() -> None:
    spec = golden("memo-reference")["expect"]
    seen = decisions("memo-reference")
    assert seen[spec["headline"]] == "headline"
    assert seen[spec["standfirst"]] == "standfirst"
    assert all(seen[p] == "body" for p in spec["body"])
    assert seen[" · ".join(spec["tags"])] == "tags"
    read = [text for text, decision in seen.items() if decision == "read_link"]
    assert [t.removeprefix("READ: ") for t in read] == [k["text"] for k in spec["read_links"]]
    assert seen["Middle East Near You"] == "furniture"
    assert seen["Share this:"] == "furniture"


def test_rows_follow_page_order() -> None:
    spec = golden("memo-reference")
    found = explain(page_bytes("memo-reference"), spec["url"])
    positions = [row.position for row in found.rows]
    assert positions == sorted(positions)
    texts = [row.text for row in found.rows]
    body = spec["expect"]["body"]
    assert [t for t in texts if t in body] == body


def test_profile_drops_are_named_with_the_profile(settings: Settings) -> None:
    spec = golden("memo-reference")
    found = explain(page_bytes("memo-reference"), spec["url"], settings=settings)
    signals = {row.text: row.signal for row in found.rows}
    assert signals["Share this:"].startswith("profile:middleeastmonitor drop")
    assert found.article is not None and found.article.extractor == "profile:middleeastmonitor"


def test_a_page_without_an_article_is_explained_not_raised() -> None:
    spec = golden("section-front")
    found = explain(page_bytes("section-front"), spec["url"])
    assert found.article is None
    assert found.error is not None and found.error.reason == "not_an_article"
    assert found.rows


def test_cli_explain_prints_a_table_and_the_outcome() -> None:
    page = "fixtures/pages/memo-reference.html"
    result = run("--config", CONFIG, "extract", page, "--explain")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["#", "decision", "signal"]
    assert any(" headline " in line and "US denies military pullout" in line for line in lines)
    assert lines[-1].startswith("record: extractor profile:middleeastmonitor; 9 body paragraphs")


def test_cli_explain_of_a_listing_exits_1() -> None:
    result = run("extract", "fixtures/pages/section-front.html", "--explain")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1].startswith("no record: not_an_article")
