"""Read links: labelled pointers to other stories leave the body as {text, url} records."""

from __future__ import annotations

import pytest

from scrape import extract
from tests.story import STORY

URL = "https://example.com/news/bridge"


def page(inserted: str) -> str:
    """A story with ``inserted`` between its first and second paragraph."""
    first, *rest = (f"<p>{p}</p>" for p in STORY)
    return (
        "<html lang=en><head><title>Bridge closes</title></head><body><article>"
        f"<h1>Bridge closes after engineers find cracks</h1><div class=text>{first}{inserted}"
        f"{''.join(rest)}</div></article></body></html>"
    )


def pairs(html: str) -> list[tuple[str, str]]:
    article = extract(html, url=URL)
    assert article.body == STORY  # the read link left the body, and nothing else did
    return [(link.text, str(link.url)) for link in article.read_links]


@pytest.mark.parametrize(
    "label",
    [
        "Lesetipp:",
        "Weiterlesen:",
        "Mehr lesen:",
        "Auch lesen:",
        "Lea:",
        "Nota relacionada:",
        "Le puede interesar:",
        "MIRA |",
        "Lee también...",
        "Leia também:",
        "À lire aussi :",
        "Per approfondire:",
        "Related coverage:",
        "ICYMI:",
        "Te recomendamos:",
        "Zum Thema:",
        "Lees ook:",
        "Articoli correlati:",
    ],
)
def test_labels_in_several_languages(label: str) -> None:
    inline = f"<p>{label} <a href='/news/ferry'>Ferry timetable extended for the closure</a></p>"
    assert pairs(page(inline)) == [
        ("Ferry timetable extended for the closure", "https://example.com/news/ferry")
    ]


def test_a_label_on_its_own_line_takes_the_link_lines_under_it() -> None:
    box = (
        "<p><strong>Das könnte Sie auch interessieren</strong></p>"
        "<p><a href='/a'>Brückenprüfung findet Rost</a></p>"
        "<p><a href='/b'>Fähre fährt länger</a></p>"
    )
    assert pairs(page(box)) == [
        ("Brückenprüfung findet Rost", "https://example.com/a"),
        ("Fähre fährt länger", "https://example.com/b"),
    ]


def test_the_first_line_under_a_label_may_carry_a_date() -> None:
    box = (
        "<p>Lee también...</p>"
        "<div><a href='/a'>Puente cerrado por grietas en sus pilares</a> Lunes 02 Mayo</div>"
    )
    assert pairs(page(box)) == [
        ("Puente cerrado por grietas en sus pilares", "https://example.com/a")
    ]


def test_a_labelled_row_of_tags_under_the_links_stays_out() -> None:
    box = (
        "<p>Related:</p><p><a href='/a'>Bridge inspection finds rust</a></p>"
        "<p>Topics <a href='/t/roads'>Roads</a> <a href='/t/town'>Town</a></p>"
    )
    article = extract(page(box), url=URL)
    assert [str(link.url) for link in article.read_links] == ["https://example.com/a"]


def test_a_label_written_inside_the_anchor_is_not_link_text() -> None:
    inline = (
        "<p><a href='/a'>» Lea más: Puente cerrado por grietas</a></p>"
        "<p><a href='/b'><span>Mehr zum Thema</span><br>Brücke bleibt gesperrt</a></p>"
    )
    assert pairs(page(inline)) == [
        ("Puente cerrado por grietas", "https://example.com/a"),
        ("Brücke bleibt gesperrt", "https://example.com/b"),
    ]


def test_a_card_split_over_lines_is_one_link_named_by_its_whole_text() -> None:
    card = (
        "<p>Lesetipp</p><p><a href='/a'><span class=kicker>Verkehr</span>"
        "<span class=title>Fähre fährt länger</span></a></p>"
        "<div><a href='/b'><div>Brücke</div><div>Prüfer finden Rost</div></a></div>"
    )
    assert pairs(page(card)) == [
        ("Verkehr Fähre fährt länger", "https://example.com/a"),
        ("Brücke Prüfer finden Rost", "https://example.com/b"),
    ]


def test_a_story_linked_by_kicker_and_title_is_one_link_with_the_longer_text() -> None:
    card = (
        "<p>Related:</p><p><a href='/a'>Roads</a></p>"
        "<p><a href='/a'>Ferry timetable extended for the closure</a></p>"
    )
    assert pairs(page(card)) == [
        ("Ferry timetable extended for the closure", "https://example.com/a")
    ]


def test_a_continue_link_is_not_a_read_link() -> None:
    inline = "<p><a href='/news/bridge?p=2'>Weiterlesen &gt;&gt;</a></p>"
    article = extract(page(inline), url=URL)
    assert article.read_links == []


def test_a_word_that_starts_a_title_is_no_label() -> None:
    inline = "<p><a href='/a'>More than forty bridges need repairs</a></p>"
    article = extract(page("<p>Related:</p>" + inline), url=URL)
    assert [link.text for link in article.read_links] == ["More than forty bridges need repairs"]


def test_cards_with_a_kicker_line_over_each_title() -> None:
    box = (
        "<div class=box><p>Lesen Sie auch:</p>"
        "<div class=card><span>Energie</span><h3><a href='/a'>Brücke bekommt Solardach</a></h3>"
        "</div><div class=card><span>Verkehr</span><h3><a href='/b'>Fähre fährt länger</a></h3>"
        "</div></div>"
    )
    assert pairs(page(box)) == [
        ("Brücke bekommt Solardach", "https://example.com/a"),
        ("Fähre fährt länger", "https://example.com/b"),
    ]


def test_a_heading_over_later_links_ends_a_box_of_plain_links() -> None:
    box = (
        "<div><p>Related:</p><p><a href='/a'>Bridge inspection finds rust</a></p>"
        "<h4>Partner offers</h4><p><a href='/shop'>Buy a bridge model kit</a></p></div>"
    )
    article = extract(page(box), url=URL)
    assert [str(link.url) for link in article.read_links] == ["https://example.com/a"]
    assert "Partner offers" in article.body


def test_links_after_the_labels_box_are_not_its_links() -> None:
    box = (
        "<div class=more><p>Mehr zum Thema</p><p><a href='/a'>Brückenprüfung findet Rost</a></p>"
        "</div><div class=chips><a href='/tag/holz'>Holz</a></div>"
    )
    article = extract(page(box), url=URL)
    assert [str(link.url) for link in article.read_links] == ["https://example.com/a"]


def test_a_label_whose_links_are_gone_leaves_the_body() -> None:
    box = "<p>See also</p><div class=related-cards><a href='/a'><img src='/a.jpg'>Rust</a></div>"
    article = extract(page(box), url=URL)
    assert article.read_links == []
    assert "See also" not in article.body


def test_more_on_a_topic_labels_the_links_under_it_but_heads_text_as_usual() -> None:
    box = (
        "<ul><li>MORE BRIDGES</li><li><a href='/a'>Bridge inspection finds rust</a></li>"
        "<li><a href='/b'>Ferry timetable extended</a></li></ul>"
    )
    assert pairs(page(box)) == [
        ("Bridge inspection finds rust", "https://example.com/a"),
        ("Ferry timetable extended", "https://example.com/b"),
    ]
    section = "<h3>More information</h3>"
    article = extract(page(section), url=URL)
    assert "More information" in article.body


def test_a_cards_date_and_summary_go_with_it() -> None:
    card = (
        "<div class=teaser><h3><a href='/{0}'>{1}</a></h3><div>vor 2 Tagen von "
        "<a href='/autor/jo'>Jo Berg</a></div><p>Die Gemeinde hat die Prüfung vorgezogen, "
        "nachdem Anwohner Risse gemeldet hatten.</p></div>"
    )
    box = (
        "<p><strong>Lesen Sie mehr</strong></p>"
        + card.format("a", "Brückenprüfung findet Rost")
        + card.format("b", "Fähre fährt länger")
    )
    assert pairs(page(box)) == [
        ("Brückenprüfung findet Rost", "https://example.com/a"),
        ("Fähre fährt länger", "https://example.com/b"),
    ]


def test_a_label_running_into_a_citation_of_one_story() -> None:
    cited = (
        "<p>Lire aussi Anne Roe, « <a href='/a'>Le pont qui ne tenait plus</a> », "
        "<i>Le Journal</i>, juin 2018.</p>"
    )
    assert pairs(page(cited)) == [("Le pont qui ne tenait plus", "https://example.com/a")]


def test_a_label_running_into_a_sections_name_is_no_read_link() -> None:
    section = "<p>Read more in <a href='/photography'>Photography</a></p>"
    article = extract(page(section), url=URL)
    assert article.read_links == []


def test_a_row_of_topic_links_in_the_labels_box_is_no_read_link() -> None:
    box = (
        "<div class=more><p>Mehr zum Thema:</p><p><a href='/2019/a'>Brückenprüfung findet Rost</a>"
        "</p><p><a href='/tag/holz/'>Holz</a> <a href='/tag/verkehr/'>Verkehr</a></p></div>"
    )
    article = extract(page(box), url=URL)
    assert [str(link.url) for link in article.read_links] == ["https://example.com/2019/a"]


def test_an_article_filed_under_a_topic_path_is_a_read_link() -> None:
    box = (
        "<div class=more><p>Mehr zum Thema:</p><p><a href='/themen/radon/messen.html'>"
        "Wie kann ich Radon messen lassen?</a></p></div>"
    )
    assert pairs(page(box)) == [
        ("Wie kann ich Radon messen lassen?", "https://example.com/themen/radon/messen.html")
    ]
