"""Quality gate: per-field scores of the extractor over every fixture page.

test_golden names each page that is wrong; this gate says whether the
extractor as a whole got better or worse. Each field is scored over all
pages whose golden record states it, and must stay at or above its floor.
A page whose extraction raises scores zero on every field it states.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from scrape import Article, ScrapeError, extract
from scrape.config import Settings
from tests.conftest import fixture_names, golden, page_bytes

# What the extractor reaches today, rounded down. Raise a floor when the
# extractor improves; never lower one to make the gate pass.
FLOORS = {
    "headline": 1.00,
    "standfirst": 1.00,
    "body_f1": 1.00,
    "body_exact": 1.00,
    "read_links_f1": 1.00,
    "tags_f1": 1.00,
    "keywords_f1": 1.00,
    "authors_f1": 1.00,
    "published": 1.00,
    "modified": 1.00,
    "language": 1.00,
    "rejection": 1.00,
}
MIN_ARTICLE_PAGES = 30


def f1(expected: Iterable[Hashable], actual: Iterable[Hashable]) -> float:
    """F1 of two multisets; two empty ones agree perfectly."""
    want, got = Counter(expected), Counter(actual)
    if not want and not got:
        return 1.0
    hits = sum((want & got).values())
    if not hits:
        return 0.0
    precision, recall = hits / sum(got.values()), hits / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def same_moment(expected: str | None, actual: datetime | None) -> float:
    """Exact date: the same instant written with the same UTC offset."""
    if expected is None or actual is None:
        return float(expected is None and actual is None)
    want = datetime.fromisoformat(expected)
    return float(want == actual and want.utcoffset() == actual.utcoffset())


def links(values: Iterable[Any]) -> list[tuple[str, str]]:
    return [(v["text"], v["url"]) if isinstance(v, dict) else (v.text, v.url) for v in values]


Scorer = Callable[[dict[str, Any], Article], float]

# Score name -> (golden field it needs, how one page scores).
SCORERS: dict[str, tuple[str, Scorer]] = {
    "headline": ("headline", lambda exp, art: float(exp["headline"] == art.headline)),
    "standfirst": ("standfirst", lambda exp, art: float(exp["standfirst"] == art.standfirst)),
    "body_f1": ("body", lambda exp, art: f1(exp["body"], art.body)),
    "body_exact": ("body", lambda exp, art: float(exp["body"] == art.body)),
    "read_links_f1": (
        "read_links",
        lambda exp, art: f1(links(exp["read_links"]), links(art.read_links)),
    ),
    "tags_f1": ("tags", lambda exp, art: f1(exp["tags"], art.tags)),
    "keywords_f1": ("keywords", lambda exp, art: f1(exp["keywords"], art.keywords)),
    "authors_f1": ("authors", lambda exp, art: f1(exp["authors"], art.authors)),
    "published": ("published", lambda exp, art: same_moment(exp["published"], art.published)),
    "modified": ("modified", lambda exp, art: same_moment(exp["modified"], art.modified)),
    "language": ("language", lambda exp, art: float(exp["language"] == art.language)),
}


@dataclass(frozen=True)
class Score:
    """One field's mean over the pages that state it, and each page's share."""

    value: float
    pages: dict[str, float]

    def losers(self) -> str:
        lost = sorted((s, name) for name, s in self.pages.items() if s < 1.0)
        return ", ".join(f"{name} ({s:.2f})" for s, name in lost) or "none"


def mean_score(pages: dict[str, float]) -> Score:
    return Score(sum(pages.values()) / len(pages) if pages else 0.0, pages)


def article_or_none(name: str, spec: dict[str, Any], settings: Settings) -> Article | None:
    """The page's record, or None when extraction fails (every field then scores zero)."""
    try:
        return extract(page_bytes(name), url=spec["url"], settings=settings)
    except ScrapeError:
        return None


def rejected(name: str, spec: dict[str, Any], settings: Settings) -> float:
    """1.0 when a page that holds no article fails with the reason its golden record gives."""
    try:
        extract(page_bytes(name), url=spec["url"], settings=settings)
    except ScrapeError as exc:
        return float(exc.reason == spec["error"])
    return 0.0


def score_all(settings: Settings) -> dict[str, Score]:
    per_page: dict[str, dict[str, float]] = {field: {} for field in [*SCORERS, "rejection"]}
    for name in fixture_names():
        spec = golden(name)
        if "error" in spec:
            per_page["rejection"][name] = rejected(name, spec, settings)
            continue
        article, expect = article_or_none(name, spec, settings), spec["expect"]
        for field, (needs, scorer) in SCORERS.items():
            if needs in expect:
                per_page[field][name] = scorer(expect, article) if article else 0.0
    return {field: mean_score(pages) for field, pages in per_page.items()}


@pytest.fixture(scope="module")
def scores(settings: Settings) -> dict[str, Score]:
    return score_all(settings)


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_field_score_stays_at_or_above_its_floor(field: str, scores: dict[str, Score]) -> None:
    score = scores[field]
    assert score.value >= FLOORS[field], (
        f"{field} scored {score.value:.3f} over {len(score.pages)} pages, "
        f"below its floor {FLOORS[field]:.2f}; pages that lost points: {score.losers()}"
    )


def test_every_scored_field_has_a_floor(scores: dict[str, Score]) -> None:
    assert set(scores) == set(FLOORS)


def test_the_gate_covers_enough_article_pages(scores: dict[str, Score]) -> None:
    assert len(scores["body_f1"].pages) >= MIN_ARTICLE_PAGES


def test_f1_counts_partial_overlap_and_repeats() -> None:
    assert f1(["a", "b"], ["a", "c"]) == pytest.approx(0.5)
    assert f1(["a", "a"], ["a"]) == pytest.approx(2 / 3)
    assert f1([], []) == 1.0
    assert f1(["a"], []) == 0.0


def test_dates_must_keep_the_offset_the_page_gives() -> None:
    utc = datetime.fromisoformat("2024-06-12T06:30:00+00:00")
    local = datetime.fromisoformat("2024-06-12T08:30:00+02:00")
    assert same_moment("2024-06-12T08:30:00+02:00", local) == 1.0
    assert same_moment("2024-06-12T08:30:00+02:00", utc) == 0.0
    assert same_moment(None, None) == 1.0
    assert same_moment(None, local) == 0.0
