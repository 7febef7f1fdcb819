"""The article's language: declared by the page, confirmed by its words.

Pages declare a language in ``<html lang>`` or ``og:locale``, and templates
often declare it wrongly (a German article in an English theme). Counting
the commonest function words of a few languages in the body is cheap and
reliable on a paragraph or more: it fills in a missing declaration and
overrides a declaration the text clearly contradicts.
"""

from __future__ import annotations

import re

_STOPWORDS = {
    "en": "the and of to in is that for it with as was on are be by this have from",
    "de": "der die und das ist nicht ein eine zu den von mit sich des auf für im dem",
    "fr": "le la les et des est une pour dans que qui pas sur du au avec ce sont",
    "es": "el la los las que del en por con una para es se lo como más pero",
    "pt": "o os que não uma para com do da em um por se dos das mais foi ao",
    "it": "il di che è la per non una sono del della con gli anche le nel alla",
    "nl": "de het een van en is dat niet op te zijn voor met die er ook aan",
    "pl": "i w nie na się z do jest to że o jak ale po co tak od za",
}
_WORDS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
# word -> the languages it is a function word of: one lookup per word of the text
_LANGUAGES_OF: dict[str, tuple[str, ...]] = {
    word: tuple(lang for lang, vocab in _WORDS.items() if word in vocab)
    for word in set().union(*_WORDS.values())
}
_TOKEN = re.compile(r"[^\W\d_]+")
_MIN_HITS = 12  # to override a declaration
_MIN_FILL = 5  # to fill in a missing one: a short post is better named than left unnamed
_MARGIN = 2.0
_SAMPLE_CHARS = 3000


def detect(text: str, min_hits: int = _MIN_HITS) -> str | None:
    """The language whose function words dominate ``text``, or None if unsure."""
    hits = dict.fromkeys(_WORDS, 0)
    words = _TOKEN.findall(text[:_SAMPLE_CHARS].lower())
    # Three words in four are no function word: map() looks them all up without a Python loop.
    for languages in filter(None, map(_LANGUAGES_OF.get, words)):
        for lang in languages:
            hits[lang] += 1
    scores = sorted((count, lang) for lang, count in hits.items())
    (second, _), (best, lang) = scores[-2], scores[-1]
    if best >= min_hits and best >= _MARGIN * max(second, 1):
        return lang
    return None


def article_language(declared: str | None, paragraphs: list[str]) -> str | None:
    """The declared language unless the text clearly says otherwise."""
    sample, size = [], 0
    for paragraph in paragraphs:  # the opening paragraphs are sample enough
        sample.append(paragraph)
        size += len(paragraph) + 1
        if size >= _SAMPLE_CHARS:
            break
    detected = detect(" ".join(sample), _MIN_HITS if declared else _MIN_FILL)
    if detected is None or (declared and declared.split("-")[0] == detected):
        return declared or detected
    return detected
