"""Hypothesis strategies for hostile input: HTML-ish text, JSON-LD, and bytes in any charset.

Shared by tests/test_fuzz.py (a few hundred examples, in the suite) and
bench/fuzz.py (as many as you like). The pages look enough like news pages
(headlines, paragraphs, bylines, JSON-LD, dates) to reach deep into the
extractor, and break enough (unclosed and stray tags, bad entities, comments
that never end, deep nesting) to try its edges.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from scrape.decode import decode_html
from tests.hostile_pages import ARABIC_HEADLINE, ARABIC_PARAGRAPHS, article_html

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"

TAGS = (
    "p", "div", "article", "main", "section", "span", "a", "h1", "h2", "h3", "ul", "ol", "li",
    "table", "tr", "td", "br", "img", "figure", "figcaption", "time", "header", "footer", "nav",
    "aside", "script", "style", "noscript", "template", "svg", "iframe", "form", "button", "b",
    "i", "em", "strong", "blockquote", "pre", "code", "meta", "link", "title", "head", "body",
    "html", "select", "option", "textarea", "math", "object", "frameset", "plaintext", "xmp",
)  # fmt: skip
ATTRIBUTES = (
    "class", "id", "href", "src", "rel", "itemprop", "property", "name", "content", "datetime",
    "lang", "dir", "role", "hidden", "aria-hidden", "data-component", "charset", "http-equiv",
)  # fmt: skip
WORDS = (
    "Read:", "READ MORE", "By", "Updated", "Tags:", "Share", "Advertisement", "Related",
    "news", "the", "minister", "said", "2024-05-21", "Tuesday", "الجسر", "переговоры", "記者",
    "\u200b", "\u202e", "\ufeff", "&amp;", "&nbsp;", "&#0;", "&#x110000;", "&bogus;", "]]>", "\x00",
)  # fmt: skip
URLS = (
    "https://news.example.com/2024/05/story",
    "/relative/path",
    "//cdn.example.net/x.jpg",
    "javascript:alert(1)",
    "data:text/html,<p>x</p>",
    "mailto:a@b.c",
    "http://[::1]:99999/",
    "http://exa mple.com/",
    "",
    "#top",
    "?q=1",
)
CHARSETS = (
    "utf-8", "windows-1252", "iso-8859-1", "utf-16", "utf-16-le", "utf-16-be", "utf-32",
    "shift_jis", "euc-jp", "gb18030", "big5", "koi8-r", "windows-1251", "iso-8859-2", "ascii",
)  # fmt: skip
LABELS = (
    *CHARSETS, "x-klingon", "utf8", "UTF-8 ", "'latin1'", "", "unicode-1-1-utf-7", "x" * 80,
    "base64", "zlib", "rot13", "utf-7", "unicode_escape", "idna", "undefined", "x\x00y",
)  # fmt: skip

text_runs = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200),
)


def _attributes() -> st.SearchStrategy[str]:
    value = st.one_of(st.sampled_from(URLS), text_runs)
    pair = st.tuples(st.sampled_from(ATTRIBUTES), value).map(
        lambda kv: f' {kv[0]}="{kv[1].replace(chr(34), "&quot;")}"'
    )
    return st.lists(pair, max_size=3).map("".join)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """One element around its children; sometimes the end tag is missing or wrong."""
    return st.builds(
        lambda tag, attrs, inner, end: f"<{tag}{attrs}>{inner}{end.format(tag=tag)}",
        st.sampled_from(TAGS),
        _attributes(),
        st.lists(children, max_size=4).map("".join),
        st.sampled_from(("</{tag}>", "</{tag}>", "</{tag}>", "", "</div>", "</{tag}")),
    )


BROKEN = st.sampled_from(
    ("<", ">", "</", "<div", "<p class='x", "<!--", "-->", "<![CDATA[", "<!DOCTYPE", "<?xml ?>",
     "</html>", "<body>", "<head>", "&", "<script>", "</script>", "<a href=", "<<p>>", "<h1>")
)  # fmt: skip


def json_values() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text_runs
    )
    return st.recursive(
        scalars,
        lambda inner: st.one_of(
            st.lists(inner, max_size=4),
            st.dictionaries(
                st.sampled_from(
                    (
                        "@type",
                        "@graph",
                        "headline",
                        "author",
                        "name",
                        "datePublished",
                        "dateModified",
                        "articleBody",
                        "description",
                        "image",
                        "url",
                        "keywords",
                        "isAccessibleForFree",
                        "inLanguage",
                        "@context",
                        "mainEntityOfPage",
                    )
                ),
                inner,
                max_size=6,
            ),
        ),
        max_leaves=20,
    )


def _jsonld() -> st.SearchStrategy[str]:
    article_like = st.fixed_dictionaries(
        {"@type": st.sampled_from(("NewsArticle", "Article", "WebPage", 5, None, ["NewsArticle"]))},
        optional={"headline": json_values(), "articleBody": json_values(), "author": json_values()},
    )
    body = st.one_of(
        article_like.map(json.dumps),
        json_values().map(json.dumps),
        st.text(max_size=80),  # not JSON at all
        st.integers(1, 3000).map(lambda n: "[" * n),  # unclosed and deep
    )
    return body.map(lambda text: f'<script type="application/ld+json">{text}</script>')


html_fragments = st.recursive(
    st.one_of(text_runs, BROKEN, _jsonld()),
    _element,
    max_leaves=40,
)


def _nested(fragment: str, depth: int, tag: str) -> str:
    return f"<{tag}>" * depth + fragment + f"</{tag}>" * (depth // 2)


def _mutate(base: str, edits: list[tuple[int, int, str]]) -> str:
    """Cut ``length`` characters at each position and put a fragment there instead."""
    for position, length, fragment in edits:
        at = position % (len(base) + 1)
        base = base[:at] + fragment + base[at + length :]
    return base


# Real article pages with random damage: these reach the body, JSON-LD and field extractors.
mutated_articles = st.builds(
    _mutate,
    st.sampled_from(
        [
            article_html(),
            article_html(headline=ARABIC_HEADLINE, paragraphs=ARABIC_PARAGRAPHS, lang="ar"),
            *(decode_html(page.read_bytes()) for page in sorted(PAGES.glob("*.html"))[:12]),
        ]
    ),
    st.lists(
        st.tuples(
            st.integers(0, 10**6),
            st.integers(0, 400),
            st.one_of(html_fragments, BROKEN, _jsonld(), st.just("")),
        ),
        max_size=6,
    ),
)


html_pages = st.one_of(
    mutated_articles,
    mutated_articles,
    html_fragments,
    st.builds(
        lambda head, body: f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>",
        html_fragments,
        st.lists(html_fragments, max_size=6).map("".join),
    ),
    st.builds(
        _nested,
        html_fragments,
        st.integers(0, 3000),
        st.sampled_from(("div", "span", "b", "li", "table", "a")),
    ),
)


def _encode(text: str, charset: str, bom: bool) -> bytes:
    data = text.encode(charset, "replace")
    if bom and charset.startswith("utf-16"):
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le", "replace")
    return codecs.BOM_UTF8 + data if bom else data


encoded_pages = st.one_of(
    st.binary(max_size=3000),
    st.builds(_encode, html_pages, st.sampled_from(CHARSETS), st.booleans()),
    st.builds(
        lambda data, junk, at: data[:at] + junk + data[at:],
        st.builds(_encode, html_pages, st.sampled_from(CHARSETS), st.booleans()),
        st.binary(min_size=1, max_size=40),
        st.integers(0, 2000),
    ),
)
charset_labels = st.one_of(st.none(), st.sampled_from(LABELS), st.text(max_size=20))
page_urls = st.one_of(
    st.none(), st.just(URLS[0]), st.just(URLS[0]), st.sampled_from(URLS), st.text(max_size=30)
)
