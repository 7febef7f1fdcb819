"""Tag rules: which link lists on a page are the story's displayed tags."""

from __future__ import annotations

import pytest

from scrape import extract
from tests.story import STORY as PARAGRAPHS

URL = "https://example.com/news/bridge"


def page(inside: str = "", before: str = "", after: str = "") -> str:
    """A story in an <article>; ``inside`` follows its text, the others sit around it."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html lang=en><head><title>Bridge closes</title></head><body>"
        f"{before}<article><h1>Bridge closes after engineers find cracks</h1>"
        f"<div class=text>{body}</div>{inside}</article>{after}</body></html>"
    )


def tags_of(html: str) -> list[str]:
    return extract(html, url=URL).tags


def links(*names: str, path: str = "/tag/") -> str:
    return "".join(f'<a href="{path}{n.lower()}/">{n}</a>' for n in names)


def test_a_tag_list_in_the_story_wins_over_a_topics_menu_before_it() -> None:
    menu = f"<div class=top-topics>{links('Weather', 'Traffic', 'Sport')}</div>"
    tags = f"<div class=article-tags>{links('Bridges', 'Council')}</div>"
    assert tags_of(page(tags, before=menu)) == ["Bridges", "Council"]


def test_a_container_of_prose_is_no_tag_list() -> None:
    prose = (
        '<div class="story heading-tag"><p>Read the <a href="/a">report</a> and the '
        f'<a href="/b">council minutes</a> online. {PARAGRAPHS[0]}</p></div>'
    )
    assert tags_of(page(prose)) == []


def test_a_teaser_card_of_another_story_is_no_tag_list() -> None:
    """WordPress marks every post with "tag-..." classes, teasers of other stories too."""
    card = (
        '<article class="post tag-roads"><h3><a href="/news/flood">River floods the old town '
        'square after a week of rain</a></h3><a href="/section/news/">News</a></article>'
    )
    assert tags_of(page(after=f"<div class=more>{card}</div>")) == []


def test_a_menu_inside_a_topics_box_is_not_read_as_tags() -> None:
    box = f"<div class=topic-list><nav class=overlay-menu>{links('Energy', 'Climate')}</nav></div>"
    assert tags_of(page(box)) == []


def test_author_links_in_a_tag_named_line_are_no_tags() -> None:
    line = '<h4 class=tagStyle_x1>By <a href="/authors/ann-lee">Ann Lee</a></h4>'
    assert tags_of(page(line)) == []


def test_tag_path_links_are_grouped_by_their_list() -> None:
    """One link per list item: the list is the group, other links in it are tags too."""
    items = "".join(
        f'<li><a href="{href}">{text}</a></li>'
        for href, text in (
            ("/place/harris-county/", "HARRIS COUNTY"),
            ("/tag/lewdness/", "LEWDNESS"),
            ("/tag/caught-on-video/", "CAUGHT ON VIDEO"),
        )
    )
    assert tags_of(page(f"<div><ul>{items}</ul></div>")) == [
        "HARRIS COUNTY",
        "LEWDNESS",
        "CAUGHT ON VIDEO",
    ]


def test_topic_links_in_running_text_are_no_tags() -> None:
    paragraph = (
        '<p>Source of this report: <strong><em><a href="/thema/police/">Police</a>'
        "</em></strong></p>"
    )
    assert tags_of(page(paragraph)) == []


def test_a_share_link_carrying_a_tag_url_is_no_tag() -> None:
    share = (
        '<div class=share><a href="https://social.example/share?u=https://example.com/tag/x/">'
        "Share</a></div>"
    )
    assert tags_of(page(share)) == []


def test_a_label_finds_the_links_in_a_wrapper_beside_it() -> None:
    box = f"<div class=more><b>Thema:</b> <div class=links>{links('NASA', path='/special/')}</div>"
    assert tags_of(page(box + "</div>")) == ["NASA"]


@pytest.mark.parametrize(
    "label",
    ["TAGS:", "Etiquetas", "MOTS-CLÉS :", "Argomenti", "  related topics", "Verwandte Themen"],
)
def test_a_label_is_read_in_any_case_and_language(label: str) -> None:
    box = f"<div class=more><b>{label}</b> <div>{links('NASA', 'ESA', path='/special/')}</div>"
    assert tags_of(page(box + "</div>")) == ["NASA", "ESA"]


def test_a_labelled_topic_box_in_the_story_aside_counts() -> None:
    aside = (
        "<aside><div class=title><h3>Verwandte Themen</h3></div>"
        f"<div>{links('Bundesliga', 'SC Freiburg', path='/teams/')}</div></aside>"
    )
    assert tags_of(page(aside)) == ["Bundesliga", "SC Freiburg"]


def test_plain_text_tags_marked_as_keywords_are_read() -> None:
    box = (
        "<div class=news-topics><span>Themen:</span>"
        '<span itemprop="keywords">Ehrenamt</span> <span itemprop="keywords">Jugend</span></div>'
    )
    assert tags_of(page(box)) == ["Ehrenamt", "Jugend"]


def test_a_tag_list_inside_the_page_header_is_navigation() -> None:
    header = f"<header><div class=nav-topics>{links('Weather', 'Traffic')}</div></header>"
    assert tags_of(page(before=header)) == []


def _story_without_frames(inside: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html lang=en><head><title>Bridge closes</title></head><body>"
        f"<div class=editions>{inside}</div><div class=content>"
        f"<h1>Bridge closes after engineers find cracks</h1>{body}</div></body></html>"
    )


def test_a_language_switcher_leading_to_topic_pages_is_no_tag_list() -> None:
    editions = "".join(
        f'<li><a href="/{code}/{path}/s-{n}" data-lang="{code}">{name}</a></li>'
        for n, (code, path, name) in enumerate(
            [("de", "themen", "Deutsch"), ("es", "temas", "Español"), ("fr", "tag", "Français")]
        )
    )
    assert tags_of(_story_without_frames(f"<ul>{editions}</ul>")) == []


def test_tag_links_all_marked_in_the_pages_own_language_are_tags() -> None:
    tags = "".join(
        f'<li><a href="/tag/{n.lower()}" hreflang="en">{n}</a></li>' for n in ("Bridges", "Council")
    )
    assert tags_of(page(f"<ul class=tags>{tags}</ul>")) == ["Bridges", "Council"]


def test_share_buttons_in_the_tag_box_are_no_tags() -> None:
    share = (
        "<ul class=share-networks><li><a href='https://wa.me/?text=x'>whatsapp</a></li>"
        "<li><a href='mailto:?subject=x'>mail</a></li></ul>"
    )
    box = f"<div class=tags-sharing>{links('Bridges', 'Council')}{share}</div>"
    assert tags_of(page(box)) == ["Bridges", "Council"]
