"""Standfirst rules that the fixture pages do not pin one by one."""

from __future__ import annotations

import pytest

from scrape import extract
from tests.story import STORY as PARAGRAPHS

DEK = (
    "Engineers found cracks in two supports during a routine inspection, and the council says "
    "the crossing will stay shut until at least the spring after next."
)


def page(between: str, description: str = "") -> str:
    meta = f'<meta name="description" content="{description}">' if description else ""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        f"<html lang=en><head><title>Bridge closes</title>{meta}</head><body><article>"
        f"<h1>Bridge closes after engineers find cracks</h1>{between}"
        f"<div class=text>{body}</div></article></body></html>"
    )


def test_a_long_heading_opening_the_body_is_the_dek() -> None:
    html = page("").replace("<div class=text>", f"<div class=text><h3><strong>{DEK}</strong></h3>")
    article = extract(html, url="https://example.com/bridge")
    assert article.standfirst == DEK
    assert DEK not in article.body
    assert article.body == PARAGRAPHS


def test_a_short_subheading_opening_the_body_stays_body() -> None:
    html = page("").replace("<div class=text>", "<div class=text><h3>What happens next</h3>")
    article = extract(html, url="https://example.com/bridge")
    assert article.standfirst is None
    assert article.body[0] == "What happens next"


def test_the_element_showing_the_meta_description_is_the_dek() -> None:
    html = page(f"<div class=box><span>{DEK}</span></div>", description=DEK)
    article = extract(html, url="https://example.com/bridge")
    assert article.standfirst == DEK
    assert article.description == DEK


@pytest.mark.parametrize(
    "shown", [DEK, DEK.upper().replace(", AND", ",\n   AND").replace(" ", "  ")]
)
def test_the_description_is_found_above_the_headline_whatever_its_case_and_spacing(
    shown: str,
) -> None:
    html = page("", description=DEK).replace(
        "<h1>", f"<div class=box><span>{shown}</span></div><h1>"
    )
    article = extract(html, url="https://example.com/bridge")
    assert article.standfirst == " ".join(shown.split())


def test_a_description_the_page_does_not_show_is_no_dek() -> None:
    unshown = DEK.replace("routine", "scheduled")
    html = page("", description=unshown).replace(
        "<h1>", f"<div class=box><span>{DEK}</span></div><h1>"
    )
    assert extract(html, url="https://example.com/bridge").standfirst is None


def test_a_date_line_under_the_headline_is_no_dek() -> None:
    html = page("<div class=x>Published: 2 February 2022, 10:15 by the news desk</div>")
    article = extract(html, url="https://example.com/bridge")
    assert article.standfirst is None


def test_a_page_wide_wrapper_named_like_a_menu_does_not_hide_the_dek() -> None:
    """Rail names count only below the wrapper that also holds the headline."""
    html = page(f"<div class=article-intro>{DEK}</div>")
    html = html.replace("<body>", "<body><div class='wsmenucontainer subnav'>").replace(
        "</body>", "</div></body>"
    )
    assert extract(html, url="https://example.com/bridge").standfirst == DEK


def test_a_dek_named_element_in_a_rail_beside_the_story_is_not_the_dek() -> None:
    rail = f"<div class=sidebar-menu><div class=teaser-summary>{DEK}</div></div>"
    html = page("").replace("</article>", f"{rail}</article>")
    assert extract(html, url="https://example.com/bridge").standfirst is None


def test_a_lead_image_credit_is_not_the_dek() -> None:
    credit = "<div class=lead-image-credit>Picture: Jane Doe for the Town Gazette agency</div>"
    assert extract(page(credit), url="https://example.com/bridge").standfirst is None


def test_a_caption_repeating_the_description_is_not_the_dek() -> None:
    figure = f"<figure><img src=/a.jpg><figcaption>{DEK}</figcaption></figure>"
    wrapped = f"<div class=image-caption><p>{DEK}</p></div>"
    for media in (figure, wrapped):
        article = extract(page(media, description=DEK), url="https://example.com/bridge")
        assert article.standfirst is None
        assert article.description == DEK


def test_a_first_paragraph_marked_up_like_the_next_is_body_not_dek() -> None:
    """Sites wrapping each paragraph in <div class="paragraph"> show no dek."""
    html = page("", description=PARAGRAPHS[0])
    for paragraph in PARAGRAPHS[:2]:
        html = html.replace(f"<p>{paragraph}</p>", f"<div class=paragraph>{paragraph}</div>")
    article = extract(html, url="https://example.com/bridge")
    assert article.standfirst is None
    assert article.body[0] == PARAGRAPHS[0]


def test_a_card_teaser_inside_a_link_is_not_the_dek() -> None:
    card = f"<a href=/other><div class=teaser-summary>{DEK}</div></a>"
    assert extract(page(card), url="https://example.com/bridge").standfirst is None


def test_a_lead_picture_named_lead_gives_its_caption_to_no_one() -> None:
    lead = (
        "<div class=article-lead><figure><img src=/b.jpg><figcaption>The bridge seen from the "
        "north bank last week. <span class=photo-credit>(Ann Lee / Ledger)</span></figcaption>"
        "</figure></div>"
    )
    assert extract(page(lead), url="https://example.com/bridge").standfirst is None


def test_a_summary_signed_with_a_photo_credit_is_a_caption() -> None:
    summary = (
        "<p class=summary>Inspectors on the bridge's north span on Monday afternoon. "
        "<span class=credit>By the county roads office</span></p>"
    )
    assert extract(page(summary), url="https://example.com/bridge").standfirst is None


def test_a_newsletter_box_description_is_no_dek() -> None:
    box = (
        "<div class=newsletter-box><p class=newsletter-description>The latest news and analysis "
        "from our reporters, in your inbox every morning.</p></div>"
    )
    assert extract(page(box), url="https://example.com/bridge").standfirst is None


def test_a_description_repeating_the_headline_is_shown_as_the_headline_not_a_dek() -> None:
    title = "Bridge closes after engineers find cracks in two of its supports"
    html = page(f"<h2 class=heading>{title}</h2>", description=title)
    assert extract(html, url="https://example.com/bridge").standfirst is None


def test_a_kicker_run_into_the_dek_is_not_part_of_it() -> None:
    html = page(f"<h3><span class=keyword>Transport</span>{DEK}</h3>")
    assert extract(html, url="https://example.com/bridge").standfirst == DEK


@pytest.mark.parametrize(
    "box",
    [
        "<div class=reactions><p id=kommentar_description>Too busy to type? Pick one of the "
        "buttons below and your reaction is posted at once.</p></div>",
        "<div class=license-description>Community content is available under CC-BY-SA unless "
        "otherwise noted.</div>",
    ],
    ids=["comment form", "licence notice"],
)
def test_a_description_in_a_box_after_the_story_is_no_dek(box: str) -> None:
    html = page("").replace("</article>", f"{box}</article>")
    assert extract(html, url="https://example.com/bridge").standfirst is None


def test_a_photo_credit_line_under_the_headline_is_stepped_over() -> None:
    credit = "<div class=row><p>Fotocredit: Ann Lee, all rights reserved by the agency</p></div>"
    html = page(f"{credit}<div>{DEK}</div>")
    assert extract(html, url="https://example.com/bridge").standfirst == DEK


def test_a_dek_wrappers_player_labels_are_not_part_of_the_dek() -> None:
    lead = f"<div class=excerpt><p>{DEK}</p><div class=player><span>Beta</span> Listen</div></div>"
    assert extract(page(lead), url="https://example.com/bridge").standfirst == DEK


def test_the_walk_after_the_headline_stays_inside_its_article() -> None:
    html = (
        "<html lang=en><body><div class=columns><article><h1>Bridge closes after engineers "
        "find cracks</h1></article><div class=right-column><div>Contact the newsroom: call "
        "0123 456 789 or write to the editors</div></div></div><div class=text>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
        + "</div></body></html>"
    )
    assert extract(html, url="https://example.com/bridge").standfirst is None


def test_a_perex_is_a_dek() -> None:
    perex = f"<div class=field-perex><p>{DEK}</p></div>"
    html = page("").replace("<div class=text>", f"<div class=text>{perex}")
    article = extract(html, url="https://example.com/bridge")
    assert article.standfirst == DEK
    assert article.body == PARAGRAPHS


@pytest.mark.parametrize(
    "box",
    [
        "<div class=description>© Karina Lee / County Roads Office</div>",
        "<span class=imageDescription>The north span seen from the river bank</span>",
        "<span class=sub-heading>County roads and bridges:</span>",
    ],
)
def test_a_credit_a_picture_description_or_a_label_is_no_dek(box: str) -> None:
    html = page(f"{box}<p class=summary>{DEK}</p>")
    assert extract(html, url="https://example.com/bridge").standfirst == DEK
