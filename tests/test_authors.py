"""Authors: which byline on a page credits the story, and what in it is a person."""

from __future__ import annotations

import json

import pytest

from scrape import extract
from scrape.extract.authors import clean_names
from tests.story import STORY as STORY_TEXT

STORY = "".join(f"<p>{text}</p>" for text in STORY_TEXT)


def authors_of(header: str = "", after: str = "", head: str = "") -> list[str]:
    """Authors of a one-story page: ``header`` under the headline, ``after`` below the story."""
    page = (
        f"<html lang=en><head><title>Bridge closes</title>{head}</head><body><article>"
        f"<header><h1>Bridge closes after engineers find cracks</h1>{header}</header>"
        f"<div class=text>{STORY}</div>{after}</article></body></html>"
    )
    return extract(page, url="https://news.example.com/bridge").authors


def jsonld(author: object) -> str:
    obj = {"@context": "https://schema.org", "@type": "NewsArticle", "author": author}
    return f"<script type='application/ld+json'>{json.dumps(obj)}</script>"


def test_bylines_on_cards_of_other_stories_are_not_the_storys() -> None:
    cards = (
        "<div class='related-articles'><div class=story><h3><a href=/a>Roads</a></h3>"
        "<span class=author>By Carla Jones</span></div></div>"
        "<ul><li class='article-list__item'><article class='card'><h3>Rail</h3>"
        "<span class=byline>By Tom Reed</span></article></li></ul>"
    )
    assert authors_of(after=cards) == []
    assert authors_of("<span class=byline>By Ann Lee</span>", after=cards) == ["Ann Lee"]


def test_a_story_frame_named_like_a_card_still_holds_its_byline() -> None:
    page = (
        "<html><body><div class='story-card'><h1>Bridge closes after engineers find cracks</h1>"
        f"<span class=byline>By Ann Lee</span><div>{STORY}</div></div></body></html>"
    )
    assert extract(page, url="https://news.example.com/bridge").authors == ["Ann Lee"]


def test_a_vcard_byline_is_not_a_card() -> None:
    header = "<span class='author vcard'><a class='url fn n' href='/u/7'>Ann Lee</a></span>"
    assert authors_of(header) == ["Ann Lee"]


def test_a_person_marked_up_inside_a_paragraph_is_mentioned_not_credited() -> None:
    mention = (
        "<p>The mayor, <span itemscope itemtype='http://schema.org/Person'>Dana Cole</span>, "
        "said the council had no choice once the engineers' report arrived, and promised that "
        "a temporary footbridge would be in place before the end of the summer holidays.</p>"
    )
    assert authors_of(after=mention) == []


def test_drupal_and_joomla_credit_lines() -> None:
    drupal = "<ul><li class=submitted>Author: <a href='/team/ann-lee'>Ann Lee</a>, 3 May</li></ul>"
    assert authors_of(drupal) == ["Ann Lee"]
    joomla = "<dl><dd class=createdby>Escrito por Jose Pablo Segura Vargas</dd></dl>"
    assert authors_of(joomla) == ["Jose Pablo Segura Vargas"]


@pytest.mark.parametrize(
    ("raw", "people"),
    [
        ("Autor: Gàbor Muniér", ["Gàbor Muniér"]),
        ("Posted on September 21, 2020 by Adi Tzlil", ["Adi Tzlil"]),
        ("Text & Fotos: Ivan Valetny", ["Ivan Valetny"]),
        ("By Glen Owen And Brendan Carlin For The Mail On Sunday", ["Glen Owen", "Brendan Carlin"]),
        ("Markus M. Haefliger, London, Beat Bumbacher", ["Markus M. Haefliger", "Beat Bumbacher"]),
        ("Gustavo Y. Méndez", ["Gustavo Y. Méndez"]),
        ("Lars Per Olsson", ["Lars Per Olsson"]),  # "Per" is a name, not "for"
        ("Ana Pérez y Luis Gómez", ["Ana Pérez", "Luis Gómez"]),
        ("Juan de la Cruz", ["Juan de la Cruz"]),
        ("آسيا العتروس", ["آسيا العتروس"]),
        ("Kristen Falc'hon Kristen Falc'hon", ["Kristen Falc'hon"]),  # once for screen readers
        ("Alles von Martin Junker", ["Martin Junker"]),
        ("Erstellt von Andri Bryner", ["Andri Bryner"]),
    ],
)
def test_a_byline_cleaned_to_its_people(raw: str, people: list[str]) -> None:
    assert clean_names([raw]) == people


@pytest.mark.parametrize(
    "raw",
    [
        "selbst ist der Mann",  # a magazine's title
        "AgE",  # an agency's acronym
        "epd",
        "KNA",
        "Deutsches Rotes Kreuz e.V.",
        "Veröffentlicht am",
        "publisher",
        "anónimo",
        "Autoren",
        "LinkedIn",
        "责任编辑\uff1a孔德明",  # a label, not a name
        "Agencia EFE",  # an agency, named in full
        "Agenzia ANSA",
    ],
)
def test_credits_that_are_no_person(raw: str) -> None:
    assert clean_names([raw]) == []


def test_a_short_name_written_like_a_name_is_no_acronym() -> None:
    assert clean_names(["By Kay"]) == ["Kay"]


def test_a_handle_counts_where_the_page_shows_it_not_in_metadata() -> None:
    assert clean_names(["von gizzmo"]) == ["gizzmo"]
    assert clean_names(["gizzmo"], handles=False) == []
    assert clean_names(["maria.lopez"]) == []  # a login
    assert clean_names(["wordpressadmin"]) == []
    profile = "<div class=author><a href='/@linksc'><strong>linksc</strong></a><p>Search</p></div>"
    assert authors_of(profile) == ["linksc"]
    assert authors_of(head="<meta name=author content=jdoe>") == []


def test_an_organisation_credited_once_is_no_person_where_its_legal_form_is_left_out() -> None:
    head = "<meta name=author content='Deutsches Rotes Kreuz'>"
    footer = "<footer>Deutsches Rotes Kreuz</footer>"
    header = "<div itemprop=author>Deutsches Rotes Kreuz e.V.</div>"
    assert authors_of(header, after=footer, head=head) == []
    assert authors_of(after=footer, head=head) == ["Deutsches Rotes Kreuz"]  # alone, a name


def test_json_ld_names_given_as_a_list_of_links() -> None:
    names = ["<a href='/experts/ann-lee'>Ann Lee</a>", "<a href='/experts/tom-reed'>Tom Reed</a>"]
    shown = "<p>Ann Lee and Tom Reed report from the town hall.</p>"
    head = jsonld({"@type": "Person", "name": names})
    assert authors_of(shown, head=head) == ["Ann Lee", "Tom Reed"]
    head = jsonld({"@type": "Person", "name": "Redacci&oacute;n"})
    assert authors_of("<p>Redacción</p>", head=head) == []


def test_a_heading_is_no_byline_whatever_its_class() -> None:
    section = "<h2 class='section-name if-author'>Brasília</h2>"
    assert authors_of(section) == []
    assert authors_of(section + "<span class=author>Ana Lima</span>") == ["Ana Lima"]


def test_a_credit_line_with_a_colon() -> None:
    assert authors_of("<p><span>Por: Juan Diego</span></p>") == ["Juan Diego"]


def test_a_byline_showing_the_metadatas_author_and_co_authors_wins() -> None:
    head = jsonld({"@type": "Person", "name": "Ana Lima"})
    both = (
        "<div class=author>Publicado por <a href='/autores/alima'>Ana Lima</a><br>"
        "La información es de <a href='/autores/lruiz'>Luis Ruiz</a></div>"
    )
    assert authors_of(both, head=head) == ["Ana Lima", "Luis Ruiz"]
    other = "<div class=author><a href='/autores/lruiz'>Luis Ruiz</a></div>"
    assert authors_of(other, head=head) == ["Ana Lima"]


def test_a_link_wearing_several_byline_marks_is_one_byline_among_those_read() -> None:
    head = jsonld({"@type": "Person", "name": "Ana Lima"})
    link = "<a rel=author itemprop=author class=author-link href='/author/alima'>Ana Lima</a>"
    both = (
        "<div class=author>Publicado por <a href='/autores/alima'>Ana Lima</a><br>"
        "La información es de <a href='/autores/lruiz'>Luis Ruiz</a></div>"
    )
    assert authors_of(f"<p>{link}</p><p>{link}</p><p>{link}</p>{both}", head=head) == [
        "Ana Lima",
        "Luis Ruiz",
    ]


def test_a_credit_line_naming_the_writer_before_the_illustrator() -> None:
    line = "<p><em>Text von Christian Seiler Illustration von Markus Roost</em></p>"
    assert authors_of(line) == ["Christian Seiler"]
    assert clean_names(["Words: Rudolf Fischer, Simon Kohler Photos: Simon Kohler"]) == [
        "Rudolf Fischer",
        "Simon Kohler",
    ]


def test_an_arabic_credit_line() -> None:
    assert authors_of("<p><strong>حوار: آسيا العتروس</strong></p>") == ["آسيا العتروس"]


def test_the_author_entry_of_a_fact_box() -> None:
    box = (
        "<dl><dt>Auteur</dt> <dd><a href='/fr/staff/uriel-gadessaud/'>Uriel Gadessaud</a></dd>"
        "<dt>Cover</dt><dd>Photo agency</dd></dl>"
    )
    assert authors_of(box) == ["Uriel Gadessaud"]
    assert authors_of("<dl><dt>Cover</dt><dd>Uriel Gadessaud</dd></dl>") == []


@pytest.mark.parametrize("label", ["Zur Artikelübersicht", "Alle Artikel", "All articles"])
def test_an_author_pages_link_label_is_no_name(label: str) -> None:
    box = f"<div class=author-box><a href='/autoren/ann-lee'>{label}</a></div>"
    assert authors_of(after=box) == []


def test_links_into_a_section_whose_path_starts_like_author_pages_are_no_bylines() -> None:
    menu = "<p><a href='/auto/'>Auto News</a> <a href='/autos/tests/'>Road Tests</a></p>"
    assert authors_of(menu) == []
    assert authors_of(menu + "<a rel=author href='/auto/team/ann-lee'>Ann Lee</a>") == ["Ann Lee"]
    assert authors_of(menu + "<a href='/autoren/ann-lee'>Ann Lee</a>") == ["Ann Lee"]
