from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest
from pydantic import ValidationError

from scrape import Article
from scrape.models import body_hash


def record(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "url": "https://news.example.com/2024/story",
        "site": "news.example.com",
        "headline": "Council approves new bridge",
        "body": ["The council voted on Tuesday.", "Work starts in May."],
        "extractor": "generic",
    }
    return base | changes


def test_text_is_normalised_to_nfc_with_single_spaces() -> None:
    decomposed = unicodedata.normalize("NFD", "Café  opens\u00a0 again ")
    article = Article.model_validate(record(headline=decomposed, body=["  a \n b  ", "", "c"]))
    assert article.headline == "Café opens again"
    assert unicodedata.is_normalized("NFC", article.headline)
    assert article.body == ["a b", "c"]


@pytest.mark.parametrize(
    "changes",
    [
        {"headline": "   "},
        {"body": []},
        {"body": ["", "  "]},
        {"url": "/relative/path"},
        {"url": "ftp://example.com/file"},
        {"image": "javascript:alert(1)"},
        {"published": datetime(2024, 1, 1, 12, 0)},  # naive: timezone unknown
        {"unknown_field": 1},
    ],
)
def test_invalid_records_are_rejected(changes: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Article.model_validate(record(**changes))


def test_word_count_and_hash_are_derived_from_the_body() -> None:
    article = Article.model_validate(record())
    assert article.word_count == 9
    assert article.body_hash == body_hash(article.body)
    assert article.body_hash.startswith("sha256:")


def test_word_count_counts_words_however_the_page_spaced_them() -> None:
    body = ["Un\u00a0deux\t trois\u200bquatre", "  cinq\n\nsix\u00ad  ", "sept"]
    article = Article.model_validate(record(body=body))
    assert article.body == ["Un deux trois quatre", "cinq six", "sept"]
    assert article.word_count == 7 == sum(len(p.split()) for p in article.body)


def test_hash_ignores_case_and_spacing_but_not_words() -> None:
    assert body_hash(["The  council voted."]) == body_hash(["the council Voted."])
    assert body_hash(["The council voted."]) != body_hash(["The council refused."])


def test_a_record_whose_hash_disagrees_with_its_body_is_rejected() -> None:
    with pytest.raises(ValidationError, match="body_hash does not match"):
        Article.model_validate(record(body_hash="sha256:" + "0" * 64))


def test_json_round_trip_is_lossless_and_one_line() -> None:
    article = Article.model_validate(
        record(body=["Line one\nstill line one"], published="2020-01-07T15:03:00+03:00")
    )
    line = article.model_dump_json()
    assert "\n" not in line
    again = Article.model_validate_json(line)
    assert again == article
    assert again.published is not None and again.published.utcoffset() is not None


def test_duplicate_tags_are_dropped_in_order() -> None:
    article = Article.model_validate(record(tags=["Iran", "Iraq", "Iran", " "]))
    assert article.tags == ["Iran", "Iraq"]


def test_left_out_counts_are_derived_and_kept_in_the_record() -> None:
    article = Article.model_validate(record(word_count=None, body_hash=""))
    assert (article.word_count, article.body_hash) == (9, body_hash(article.body))
    assert {"word_count", "body_hash"} <= set(article.model_dump(exclude_unset=True))
    spaced = record(word_count=9, body=[" The council  voted on Tuesday. ", "Work starts in May."])
    assert Article.model_validate(spaced).body_hash == article.body_hash  # counted once cleaned
    with pytest.raises(ValidationError, match="word_count does not match"):
        Article.model_validate(record(word_count=8))
