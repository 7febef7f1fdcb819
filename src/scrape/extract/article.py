"""One page in, one Article out: the field-by-field order of extraction.

For every field the site profile is asked first, then the generic extractor;
for the body, the JSON-LD article text and then trafilatura step in when the
generic extractor finds too little. Fields that live outside the article
container (headline, tags, bylines, dates) are read before page furniture is
removed; the body is read after.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from scrape.config import Settings
from scrape.errors import InvalidRecord, NoBodyError, NotAnArticle
from scrape.extract import body as generic
from scrape.extract.authors import clean_names, find_authors
from scrape.extract.blocks import HEADINGS, Block
from scrape.extract.dates import after_publication, find_modified, find_published
from scrape.extract.dom import (
    Node,
    Tree,
    absolute_url,
    look,
    page_base,
    parse,
)
from scrape.extract.explain import Trace, describe
from scrape.extract.fallback import jsonld_paragraphs, trafilatura_paragraphs
from scrape.extract.headline import find_headline, similar
from scrape.extract.judge import judge_blocks
from scrape.extract.language import article_language
from scrape.extract.metadata import Metadata, jsonld_text, read_metadata
from scrape.extract.names import Names
from scrape.extract.profile import ProfileRules
from scrape.extract.readlinks import split_read_links
from scrape.extract.standfirst import (
    dek_text,
    described_standfirst,
    following_standfirst,
    named_standfirst,
)
from scrape.extract.tags import find_keywords, find_tags, tag_texts
from scrape.models import Article, ReadLink

# Below this many characters the DOM body is doubted and other sources consulted.
UNSURE_CHARS = 400
_MIN_HEADING_DEK = 90
# What templates give as og:image when a story has no picture: a blank, a placeholder, the
# site's icon ("s0.wp.com/i/blank.jpg", "default-user-image.png", "favicon_150x150.png").
_NO_PICTURE = re.compile(
    r"(?:^|[/_.-])(?:blank|placeholder|spacer|favicons?|apple-touch-icon|ms-icon|"
    r"default-user-image)[^/]*$|\.ico$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Body:
    blocks: list[Block] = field(default_factory=list)
    read_links: list[ReadLink] = field(default_factory=list)
    extractor: str = "generic"
    listing: bool = False
    declared: bool = False  # read from the element the page marks as its article body

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks if b.decision == "body"]


@dataclass(slots=True)
class Page:
    """A parsed page and what has been learnt about it so far."""

    html: str
    url: str | None
    tree: Tree
    meta: Metadata
    base: str | None
    rules: ProfileRules | None
    names: Names
    trace: Trace | None = None
    headline_node: Node | None = None
    authors: list[str] = field(default_factory=list)
    dek: Dek | None = None  # the standfirst candidate, until the body shows whether it is one


def extract_article(
    html: str,
    url: str | None,
    settings: Settings,
    fetched_at: datetime | None = None,
    trace: Trace | None = None,
) -> Article:
    """Extract the article in ``html``; raise an ExtractionError when there is none.

    A ``trace``, when given, is told every decision (explain mode).
    """
    page = _open(html, url, settings, trace)
    record = _read_fields(page)
    body = _read_body(page, record["headline"], record.get("standfirst"))
    if page.dek is not None:
        record["standfirst"] = _resolve_standfirst(page.dek, body)
    record["standfirst"] = record["standfirst"] or _heading_dek(body)
    if trace is not None:
        trace.standfirst, trace.tags = record["standfirst"], tuple(record["tags"])
    record.update(body=body.paragraphs, read_links=body.read_links, extractor=body.extractor)
    record["language"] = article_language(record["language"], body.paragraphs)
    if fetched_at is not None:
        record["fetched_at"] = fetched_at
    return _validate(record, page)


def _open(html: str, url: str | None, settings: Settings, trace: Trace | None) -> Page:
    tree = parse(html)
    if trace is not None:
        trace.index(tree)
    meta = read_metadata(tree, url)  # before scripts go: JSON-LD lives in them
    generic.remove_invisible(tree)
    # A saved or mirrored page still names its site in its canonical URL.
    profile = settings.profile_for(_host(url)) or settings.profile_for(_host(meta.canonical))
    rules = ProfileRules(profile, tree) if profile else None
    if rules:
        rules.drop_unwanted(trace)
    base = page_base(tree, url or meta.canonical)
    return Page(html, url, tree, meta, base, rules, Names(tree), trace)


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url else None


def _read_fields(page: Page) -> dict[str, Any]:
    """Every field but the body, each from the profile first, then generically."""
    tree, meta, rules = page.tree, page.meta, page.rules
    headline, node = (rules and rules.first_text("headline")) or find_headline(tree, meta)
    page.headline_node = node
    named = rules and rules.first_text("standfirst")
    dek = None
    if not named:
        description = meta.first("description", "og:description", "twitter:description")
        dek = (
            named_standfirst(page.names, headline, node)
            or described_standfirst(tree, description, headline)
            or following_standfirst(headline, node)
        )
    page.dek = Dek.of(dek) if dek is not None else None
    first_h1 = tree.css_first("h1")  # frames the story for tags and bylines: looked up once
    fields: dict[str, Any] = {
        "headline": headline,
        "standfirst": named[0] if named else None,
        "tags": (rules and tag_texts(rules.nodes("tags"))) or find_tags(tree, page.names, first_h1),
        "authors": (rules and clean_names(rules.link_texts("authors")))
        or find_authors(tree, meta, page.names, first_h1),
        "published": (rules and rules.date("published"))
        or find_published(tree, meta, page.html, page.names, node),
        "modified": (rules and rules.date("modified")) or find_modified(tree, meta),
    }
    fields["modified"] = after_publication(fields["modified"], fields["published"])
    page.authors = fields["authors"]
    if page.trace is not None:
        page.trace.headline = headline
    generic.remove_chrome(tree, keep=node, names=page.names, trace=page.trace)
    return fields | _metadata_fields(page)


def _metadata_fields(page: Page) -> dict[str, Any]:
    meta = page.meta
    url = page.url or meta.canonical
    return {
        "url": url,
        "canonical_url": meta.canonical,
        "site": (urlsplit(url).hostname or "") if url else "",
        "description": meta.first("description", "og:description", "twitter:description") or None,
        "keywords": find_keywords(meta),
        "language": meta.lang or None,
        "image": _image(meta, page.base),
        "is_accessible_for_free": _free(meta.jsonld),
    }


def _read_body(page: Page, headline: str, standfirst: str | None) -> Body:
    body = _profile_body(page, headline, standfirst) if page.rules else None
    if body is None or not body.paragraphs:
        body = _generic_body(page, headline, standfirst)
    if page.trace is not None:
        page.trace.body = body.blocks
    if page.meta.is_listing or (body.listing and not page.meta.is_article):
        raise NotAnArticle("the page lists stories rather than telling one", url=page.url)
    if sum(map(len, body.paragraphs)) < UNSURE_CHARS:
        body = _better_source(page, body, headline)
    if not body.paragraphs:
        kind = NoBodyError if page.meta.is_article else NotAnArticle
        raise kind("no article text found on the page", url=page.url)
    return body


def _profile_body(page: Page, headline: str, standfirst: str | None) -> Body | None:
    assert page.rules is not None
    read_links = _profile_read_links(page)
    containers = page.rules.nodes("body")
    if not containers:
        return None
    if page.trace is not None:
        page.trace.containers = [f"{page.rules.name}: {describe(c)}" for c in containers]
    body = _judged(generic.body_blocks(containers), page, headline, standfirst)
    body.read_links = read_links + body.read_links
    body.extractor = page.rules.name
    return body


def _profile_read_links(page: Page) -> list[ReadLink]:
    """Links in the profile's read_links elements; the elements leave the page."""
    assert page.rules is not None
    links = []
    for node in page.rules.nodes("read_links"):
        for anchor in [node] if node.tag == "a" else node.css("a[href]"):
            if (
                url := absolute_url(anchor.attributes.get("href") or "", page.base)
            ) and anchor.text():
                links.append(ReadLink(text=anchor.text(deep=True), url=url))
        node.decompose()
    return links


def _generic_body(page: Page, headline: str, standfirst: str | None) -> Body:
    dek = page.dek.text if page.dek is not None else ""
    containers = generic.find_containers(page.tree, page.headline_node, dek)
    if page.trace is not None:
        page.trace.containers = [describe(c) for c in containers]
    body = _judged(generic.body_blocks(containers), page, headline, standfirst)
    body.listing = generic.looks_like_listing(containers)
    body.declared = generic.declared_body(containers)
    return body


def _judged(blocks: list[Block], page: Page, headline: str, standfirst: str | None) -> Body:
    read_links = split_read_links(blocks, page.base)
    judge_blocks(blocks, headline, standfirst, page.authors)
    return Body(blocks=blocks, read_links=read_links)


def _better_source(page: Page, body: Body, headline: str) -> Body:
    """Consult JSON-LD text, then trafilatura, keeping whichever says most.

    Their text often opens with the headline; that line is not body. A short
    text read from the element the page marks as its article body is a short
    story: trafilatura would only lengthen it with the page's furniture.
    """
    have = sum(map(len, body.paragraphs))
    sources: list[tuple[str, Callable[[], list[str]]]] = [
        ("generic:jsonld", lambda: jsonld_paragraphs(page.meta.jsonld))
    ]
    if not (body.declared and body.paragraphs):
        sources.append(("fallback", lambda: trafilatura_paragraphs(page.html, page.url)))
    for extractor, paragraphs in sources:
        found = [p for p in paragraphs() if not similar(p, headline)]
        if sum(map(len, found)) > max(have, 100):
            better = Body([Block(text=p, node=None) for p in found], body.read_links, extractor)
            _superseded(page, body, better)
            return better
    return body


def _superseded(page: Page, old: Body, new: Body) -> None:
    if page.trace is None:
        return
    for block in old.blocks:
        if block.decision == "body":
            block.drop("superseded", f"too little text here; {new.extractor} used instead")
    page.trace.body = old.blocks + new.blocks


@dataclass(frozen=True, slots=True)
class Dek:
    """A standfirst candidate, kept as text and position: furniture removal may free its node."""

    text: str
    tag: str
    look: str
    parent: tuple[int, str]

    @classmethod
    def of(cls, node: Node) -> Dek:
        text = dek_text(node)
        node = _innermost(node)
        return cls(text, node.tag or "", _place(node)[1], _place(node.parent))


def _innermost(node: Node) -> Node:
    """Step down through wrappers holding a single element (div > div > p -> p)."""
    while True:
        children = [c for c in node.iter() if c.tag != "-text"]
        if len(children) != 1 or children[0].tag in ("b", "strong", "em", "i", "span", "a"):
            return node
        node = children[0]


def _place(node: Node | None) -> tuple[int, str]:
    """An element's identity and its look (tag and class), to compare paragraph wrappers."""
    if node is None:
        return (0, "")
    return (node.mem_id, look(node))


def _resolve_standfirst(dek: Dek, body: Body) -> str | None:
    """The candidate is the dek unless it is the story's first paragraph.

    A lead paragraph styled apart (``<p class="lead">``) is still one of the
    run of paragraphs: a <p> whose siblings are the body text, or any element
    with the same tag and class as the paragraph after it. A dek is set
    apart (its own wrapper, a heading, a place beside the headline); if the
    body container swallowed it, the block leaves the body.
    """
    blocks = [b for b in body.blocks if b.decision == "body"]
    own = next((i for i, b in enumerate(blocks) if b.text == dek.text), None)
    if own is None:
        return dek.text
    after = [b for b in blocks[own + 1 :] if b.node is not None]
    if not after:
        return None  # the candidate is the story's only text, or its last paragraph
    following = _place(after[0].node.parent) if after[0].node is not None else None
    # The same wrapper, or wrappers that look alike (one per paragraph on some sites).
    if (
        dek.tag == "p"
        and following is not None
        and (following[0] == dek.parent[0] or following[1] == dek.parent[1])
    ):
        return None
    if _place(after[0].node)[1] == dek.look and not dek.look.endswith("."):
        return None  # the next paragraph wears the same class ("div.paragraph" after another)
    blocks[own].drop("standfirst", "dek set apart from the body text")
    return dek.text


def _heading_dek(body: Body) -> str | None:
    """A long heading opening the body is the dek set as a heading ("<h3><strong>...").

    Subheadings are a few words; a heading of two sentences before the first
    paragraph is the summary under the headline.
    """
    first = next((b for b in body.blocks if b.decision == "body"), None)
    if first is None or first.tag not in HEADINGS or len(first.text) < _MIN_HEADING_DEK:
        return None
    first.drop("standfirst", "a long heading opening the body")
    return first.text


def _image(meta: Metadata, base: str | None) -> str | None:
    candidates = [meta.first("og:image", "og:image:url", "twitter:image", "twitter:image:src")]
    image = meta.jsonld.get("image")
    candidates.append(image if isinstance(image, str) else jsonld_text({"i": image}, "i"))
    if isinstance(image, dict | list):
        first = image[0] if isinstance(image, list) and image else image
        if isinstance(first, dict):
            candidates.append(str(first.get("url") or ""))
        elif isinstance(first, str):
            candidates.append(first)
    urls = (absolute_url(c, base) for c in candidates if c)
    return next((u for u in urls if u and not _NO_PICTURE.search(urlsplit(u).path)), None)


def _free(obj: dict[str, Any]) -> bool | None:
    value = obj.get("isAccessibleForFree")
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _validate(record: dict[str, Any], page: Page) -> Article:
    if not record.get("url"):
        raise InvalidRecord("the page has no URL and declares no canonical URL; pass url=")
    try:
        return Article.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "record"
        raise InvalidRecord(f"invalid record: {where}: {first['msg']}", url=page.url) from exc
