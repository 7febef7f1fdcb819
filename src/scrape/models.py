"""The record scrape emits: one validated :class:`Article` per page.

Validation is where the record's promises are kept, so every producer (site
profile, generic extractor, fallback) is held to the same rules: text is NFC
with folded whitespace, URLs are absolute http(s), an article has a headline
and at least one body paragraph, and ``word_count``/``body_hash`` always agree
with the body they describe.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    model_validator,
)

from scrape.text import clean

SCHEMA_VERSION: Literal[1] = 1
# Fields the model derives from the body when a record leaves them out.
_DERIVED = frozenset({"word_count", "body_hash"})


def _clean_required(value: str) -> str:
    value = clean(value)
    if not value:
        raise ValueError("must not be empty or blank")
    return value


def _clean_optional(value: str | None) -> str | None:
    return clean(value) or None if value is not None else None


def _absolute_http_url(value: str) -> str:
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an absolute http(s) URL: {value!r}")
    return value


def _optional_url(value: str | None) -> str | None:
    return _absolute_http_url(value) if value else None


def _clean_list(values: list[str]) -> list[str]:
    """Clean each item, drop blanks and exact repeats, keep order."""
    seen: dict[str, None] = {}
    for value in values:
        if text := clean(value):
            seen.setdefault(text, None)
    return list(seen)


def _paragraphs(values: list[str]) -> list[str]:
    paragraphs = [clean(v) for v in values]
    if not any(paragraphs):
        raise ValueError("an article needs at least one body paragraph")
    return [p for p in paragraphs if p]


Text = Annotated[str, AfterValidator(_clean_required)]
OptionalText = Annotated[str | None, AfterValidator(_clean_optional)]
URL = Annotated[str, AfterValidator(_absolute_http_url)]
OptionalURL = Annotated[str | None, AfterValidator(_optional_url)]
TextList = Annotated[list[str], AfterValidator(_clean_list)]


def _word_count(paragraphs: list[str]) -> int:
    """Words of cleaned ``paragraphs``, as whitespace separates them.

    Clean text separates its words by single spaces and has none at its ends,
    so counting spaces counts the words without splitting out a list of them.
    """
    return " ".join(paragraphs).count(" ") + 1 if paragraphs else 0


def _hash_of_clean(paragraphs: list[str]) -> str:
    normal = "\n".join(text.casefold() for text in paragraphs)
    return "sha256:" + hashlib.sha256(normal.encode("utf-8")).hexdigest()


def body_hash(paragraphs: list[str]) -> str:
    """Stable hash of a body: SHA-256 over its cleaned, case-folded paragraphs.

    Case folding and whitespace folding make the hash survive cosmetic edits
    (a re-capitalised word, a changed line wrap), so downstream dedup treats
    them as the same story.
    """
    return _hash_of_clean([text for text in map(clean, paragraphs) if text])


class ReadLink(BaseModel):
    """An editor's inline pointer to another story ("READ: ...")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: Text
    url: URL


class Article(BaseModel):
    """One news article, as extracted from one page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1] = SCHEMA_VERSION
    url: URL = Field(description="Final URL of the page, after redirects.")
    canonical_url: OptionalURL = Field(None, description="The page's declared canonical URL.")
    site: Text = Field(description="Host name the page was served from.")
    headline: Text
    standfirst: OptionalText = Field(None, description="The dek displayed under the headline.")
    description: OptionalText = Field(None, description="The page's meta description.")
    body: Annotated[list[str], AfterValidator(_paragraphs)] = Field(
        description="Body paragraphs in page order (subheadings and quotes included)."
    )
    read_links: list[ReadLink] = Field(
        default_factory=list, description='Inline "READ:"-style links, removed from the body.'
    )
    tags: TextList = Field(default_factory=list, description="Displayed tag/topic links.")
    keywords: TextList = Field(
        default_factory=list, description="Meta keywords and article:tag values."
    )
    authors: TextList = Field(default_factory=list)
    published: AwareDatetime | None = None
    modified: AwareDatetime | None = None
    language: OptionalText = Field(None, description="Primary language subtag, e.g. 'en'.")
    image: OptionalURL = Field(None, description="Lead image URL.")
    is_accessible_for_free: bool | None = None
    word_count: int = Field(0, ge=0)
    body_hash: str = ""
    extractor: Text = Field(
        description="Which rules produced the body: 'profile:NAME', 'generic', "
        "'generic:jsonld' or 'fallback'."
    )
    fetched_at: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))

    @model_validator(mode="wrap")
    @classmethod
    def _body_hash_matches(cls, data: Any, handler: ModelWrapValidatorHandler[Article]) -> Article:
        """Derive word_count/body_hash, or check the supplied ones against the body.

        Both come from the body as its own validator left it, cleaned once:
        cleaning it again here cost a fifth of the validation.
        """
        if not isinstance(data, dict) or not isinstance(data.get("body"), list):
            return handler(data)
        missing = {key for key in _DERIVED if data.get(key) in (None, "", 0)}
        article = handler({key: value for key, value in data.items() if key not in missing})
        derived = {
            "word_count": _word_count(article.body),
            "body_hash": _hash_of_clean(article.body),
        }
        for key in _DERIVED - missing:
            if (given := getattr(article, key)) != derived[key]:
                raise ValueError(f"{key} does not match the body ({given!r} != {derived[key]!r})")
        return article.model_copy(update={key: derived[key] for key in missing})
