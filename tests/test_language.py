"""Language: declared by the page, confirmed or corrected by its words."""

from __future__ import annotations

import pytest

from scrape import extract
from scrape.extract.language import article_language, detect

GERMAN = (
    "Die Stadt hat am Montag beschlossen, dass die Brücke für den Verkehr gesperrt wird. "
    "Der Bürgermeister sagte, es sei nicht mehr sicher, und die Arbeiten an der Brücke "
    "würden mit dem Frühjahr beginnen. Für die Pendler ist das eine schlechte Nachricht, "
    "denn die Umleitung ist lang und auf den Straßen im Zentrum staut sich der Verkehr."
)
ENGLISH = (
    "The council voted on Monday to close the bridge to traffic. The mayor said that it was "
    "no longer safe, and that work on the bridge would begin in the spring. For commuters "
    "this is bad news, as the detour is long and the roads in the centre are already busy."
)


@pytest.mark.parametrize(("text", "lang"), [(GERMAN, "de"), (ENGLISH, "en")])
def test_detects_the_language_of_a_paragraph(text: str, lang: str) -> None:
    assert detect(text) == lang


def test_too_little_text_is_not_guessed() -> None:
    assert detect("Bridge closed.") is None
    assert article_language("fr", ["Bridge closed."]) == "fr"


def test_a_wrong_declaration_is_corrected_and_a_missing_one_filled() -> None:
    assert article_language("en", [GERMAN]) == "de"
    assert article_language(None, [GERMAN]) == "de"
    assert article_language("de", [GERMAN]) == "de"


def test_a_page_with_an_english_template_and_german_text() -> None:
    page = (
        "<html lang='en'><head><title>Brücke gesperrt</title></head><body><article>"
        f"<h1>Brücke gesperrt</h1><p>{GERMAN}</p><p>{GERMAN}</p></article></body></html>"
    )
    article = extract(page, url="https://example.com/bruecke")
    assert article.language == "de"


def test_a_short_post_fills_a_missing_declaration_but_does_not_override_one() -> None:
    short = "Es ist schon einige Zeit her, dass die Brücke zu ist, und der Verkehr staut sich."
    assert detect(short) is None
    assert article_language(None, [short]) == "de"
    assert article_language("en", [short]) == "en"
