"""The published date: which of the dates a page shows is the story's own."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from scrape import extract
from scrape.extract.dates import parse_date, text_date

PARAGRAPHS = [
    "The harbour authority opened the new ferry terminal on the east quay after three years of "
    "building work, promising shorter queues for foot passengers and cyclists in the summer.",
    "The terminal has room for two ships at once and a waiting hall with four hundred seats, "
    "which the operators say will end the long lines that formed on the pier every August.",
    "Local traders welcomed the opening but asked for more parking near the quay, saying that "
    "visitors from inland towns still had to leave their cars on the far side of the river.",
]


def story(*, before: str = "", head: str = "", first: str = "", after: str = "") -> str:
    """A small news page: ``before`` the article, ``head`` under its header,
    ``first`` opening its first paragraph, ``after`` the article.

    The headline's header holds nothing but the headline, so every date is
    found by the rule under test, not by a look at the headline's surroundings.
    """
    paragraphs = [f"{first}{PARAGRAPHS[0]}", *PARAGRAPHS[1:]]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html lang=en><head><title>Ferry terminal opens</title></head><body>"
        f"{before}<article><header><div class=title-wrap>"
        f"<h1>New ferry terminal opens on the east quay</h1></div></header>{head}"
        f"<div class=story-body>{body}</div></article>{after}</body></html>"
    )


def published(html: str) -> date | None:
    found = extract(html, "https://news.example.org/local/ferry-terminal").published
    return found.date() if found else None


def teasers(dates: list[str], name: str = "teaser-date") -> str:
    items = "".join(
        f"<li><a href='/local/story-{n}'>Another local story number {n}</a>"
        f"<span class={name}>{shown}</span></li>"
        for n, shown in enumerate(dates)
    )
    return f"<aside><h3>Latest news</h3><ul>{items}</ul></aside>"


def test_an_rdfa_date_goes_before_a_date_shown_in_page_furniture() -> None:
    widget = "<div class=date-widget>Feb. 19 2020</div>"
    rdfa = "<span property='dc:date dc:created' content='2019-02-08T00:00:00+01:00'>8 Feb</span>"
    assert published(story(before=widget, head=rdfa)) == date(2019, 2, 8)


def test_schema_org_rdfa_lite_date_published() -> None:
    rdfa = "<span property='datePublished' content='2021-06-03T08:00:00Z'>June</span>"
    assert published(story(head=rdfa)) == date(2021, 6, 3)


def test_dates_of_a_teaser_list_before_the_story_are_not_its_date() -> None:
    sidebar = teasers(["29.11.2022", "22.11.2022", "15.11.2022"])
    byline = "<div class=post-date>21.11.2022</div>"
    assert published(story(before=sidebar, head=byline)) == date(2022, 11, 21)


def test_a_date_element_with_both_class_and_id_is_one_element_not_a_list() -> None:
    sidebar = teasers(["29.11.2022", "22.11.2022", "15.11.2022"])
    byline = "<div class=post-date id=post-date>21.11.2022</div>"
    assert published(story(before=sidebar, head=byline)) == date(2022, 11, 21)


def test_a_story_date_named_like_the_teaser_dates_after_it_is_the_first_of_them() -> None:
    byline = "<div class=meta>By Ann Lee | 30 September 2018</div>"
    related = "".join(f"<div class=meta>{d} February 2020 By Tom Fox</div>" for d in (17, 18, 21))
    assert published(story(head=byline, after=related)) == date(2018, 9, 30)


def test_dates_of_comments_are_not_the_story_date() -> None:
    comments = "".join(
        f"<div class=comment-meta>Reader {n} wrote on {n}. March 2021</div>" for n in (3, 4, 5)
    )
    page = story(head="<div class=byline-date>12 January 2021</div>", after=comments)
    assert published(page) == date(2021, 1, 12)
    assert published(story(before=comments, first="(2. Februar 2021) ")) == date(2021, 2, 2)


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("(21. November 2022) ", date(2022, 11, 21)),
        ("27.1.2022 - ", date(2022, 1, 27)),
        ("Berlin, 4. Mai 2021 – ", date(2021, 5, 4)),
        ("LONDON, March 3, 2020, 10:15 | ", date(2020, 3, 3)),
    ],
)
def test_a_dateline_opening_the_first_paragraph(opening: str, expected: date) -> None:
    assert published(story(first=opening)) == expected


def test_a_date_inside_a_sentence_is_no_dateline() -> None:
    assert published(story(first="On 4 May 2021 the council met again, and ")) is None
    assert published(story(first="4 May 2021 was the day the council met again, and ")) is None


def test_a_date_element_padded_with_whitespace_is_read() -> None:
    padded = "<div class=story-meta>" + "\n" * 80 + "Managua\n" + " " * 60 + "26, Abril, 2022</div>"
    assert published(story(head=padded)) == date(2022, 4, 26)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("26, Abril, 2022", datetime(2022, 4, 26, tzinfo=UTC)),
        ("8.Dezember 2010 um 09:43", datetime(2010, 12, 8, tzinfo=UTC)),
        ("10/05/2022 05:22 pm", datetime(2022, 5, 10, tzinfo=UTC)),
        ("Feb. 19 2020", datetime(2020, 2, 19, tzinfo=UTC)),
        ("Seite 3 von 12", None),
    ],
)
def test_written_dates(text: str, expected: datetime | None) -> None:
    assert text_date(text) == expected


def test_json_ld_of_any_type_dates_the_page_when_no_article_object_does() -> None:
    graph = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "Harbour News"}, {"@type": "WebPage", '
        '"datePublished": "2015-05-18T14:09:36+00:00", "dateModified": "2015-05-25T14:26:21+00:00"}'
        "]}</script>"
    )
    assert published(story(before=graph)) == date(2015, 5, 18)


@pytest.mark.parametrize(
    "markup",
    [
        "<span property='schema:datePublished' content='2022-01-28T12:45:46+00:00'>Jan</span>",
        "<span property='schema:dateCreated' content='2022-01-28T12:45:46+00:00'>Jan</span>",
        "<span itemprop=dateCreated content='2022-01-28'>Jan</span>",
        "<time class=updated datetime='2022-01-28T08:00:48+00:00' pubdate>28 Jan</time>",
    ],
)
def test_prefixed_rdfa_created_dates_and_pubdate_times(markup: str) -> None:
    assert published(story(head=markup)) == date(2022, 1, 28)


def test_an_updated_time_is_not_the_published_date() -> None:
    page = story(head="<time class=updated datetime='2022-03-01T08:00:00Z'>1 March</time>")
    assert published(page) is None


def test_a_malformed_time_after_a_good_date_keeps_the_date() -> None:
    assert parse_date("2021-03-04T10:00:00 CET") == datetime(2021, 3, 4, tzinfo=UTC)
    assert parse_date("2022-05-05T22:12:00 UTC") == datetime(2022, 5, 5, 22, 12, tzinfo=UTC)
    assert parse_date("2021-03-04, 10:00 Uhr") == datetime(2021, 3, 4, tzinfo=UTC)
    assert parse_date("2022-01-10T22:06:08+01:00") == datetime.fromisoformat(
        "2022-01-10T22:06:08+01:00"
    )
    assert parse_date("tomorrow at noon") is None


def dates(html: str) -> tuple[datetime | None, datetime | None]:
    found = extract(html, "https://news.example.org/local/ferry-terminal")
    return found.published, found.modified


def test_a_change_dated_before_publication_is_no_modified_date() -> None:
    meta = "<meta property='article:published_time' content='2022-03-01T08:00:00Z'>"
    teaser = "<div><time class=updated datetime='2017-07-21T10:30:58Z'>21 July 2017</time></div>"
    html = story(after=teaser).replace("<head>", f"<head>{meta}")
    assert dates(html) == (datetime(2022, 3, 1, 8, tzinfo=UTC), None)


def test_a_change_after_publication_is_the_modified_date() -> None:
    meta = (
        "<meta property='article:published_time' content='2022-03-01T08:00:00Z'>"
        "<meta property='article:modified_time' content='2022-03-02T09:30:00Z'>"
    )
    html = story().replace("<head>", f"<head>{meta}")
    assert dates(html) == (
        datetime(2022, 3, 1, 8, tzinfo=UTC),
        datetime(2022, 3, 2, 9, 30, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    "shown",
    [
        "<span itemprop=dateModified content='2022-03-02T09:30:00Z'>2 March</span>",
        "<time class=updated datetime='2022-03-02T09:30:00Z'>2 March</time>",
        "<p class=last-updated>Updated <time datetime='2022-03-02T09:30:00Z'>2 March</time></p>",
    ],
)
def test_a_visible_update_is_the_modified_date(shown: str) -> None:
    meta = "<meta property='article:published_time' content='2022-03-01T08:00:00Z'>"
    html = story(head=shown).replace("<head>", f"<head>{meta}")
    assert dates(html)[1] == datetime(2022, 3, 2, 9, 30, tzinfo=UTC)
