"""Bad pages, built on demand: what the open web sends that no fixture page shows.

Each builder returns the raw bytes and the Content-Type a careless server would
send with them. The tests feed them to ``scrape.extract`` directly and fetch
them from the local server's ``/hostile/NAME`` route.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable

URL = "https://news.example.com/2024/05/21/bridge-closes"
HEADLINE = "Bridge closes after engineers find cracks in its supports"
PARAGRAPHS = (
    "The council voted on Tuesday to close the old river bridge to all traffic after "
    "engineers found cracks in two of its stone supports during a routine inspection.",
    "“We had no choice,” said the council’s head of transport, adding that repairs would "
    "cost about €4m – more than twice the sum set aside for all of the town’s roads this year.",
    "Drivers face a detour of some twenty minutes through the industrial estate, and the bus "
    "company said it would add two extra services at peak times from next Monday.",
    "Shopkeepers on the north bank fear they will lose trade for months; the council has "
    "promised to review parking charges in the town centre while the work goes on.",
)
ARABIC_HEADLINE = "إغلاق الجسر القديم بعد اكتشاف تشققات في دعاماته"
ARABIC_PARAGRAPHS = (
    "صوّت المجلس البلدي يوم الثلاثاء على إغلاق جسر النهر القديم أمام حركة المرور بعد أن اكتشف "
    "المهندسون تشققات في اثنتين من دعاماته الحجرية خلال فحص روتيني.",
    "وقال رئيس قسم النقل في المجلس إنه لم يكن هناك خيار آخر، مضيفاً أن الإصلاحات ستكلف نحو أربعة "
    "ملايين يورو، أي أكثر من ضعف المبلغ المخصص لجميع طرق المدينة هذا العام.",
    "وسيواجه السائقون تحويلة تستغرق نحو عشرين دقيقة عبر المنطقة الصناعية، وقالت شركة الحافلات إنها "
    "ستضيف رحلتين إضافيتين في أوقات الذروة اعتباراً من يوم الاثنين المقبل.",
)

HTML = "text/html"
UTF8 = "text/html; charset=utf-8"
Page = tuple[bytes, str]


def article_html(
    *,
    head: str = "",
    body_start: str = "",
    body_end: str = "",
    headline: str = HEADLINE,
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    lang: str = "en",
    wrap: tuple[str, str] = ("", ""),
) -> str:
    """An ordinary article page; the keyword arguments add the hostile part."""
    text = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{headline} | Town News</title>{head}</head>\n"
        f"<body>{body_start}<article><h1>{headline}</h1>\n"
        f"{wrap[0]}{text}{wrap[1]}</article>{body_end}</body></html>\n"
    )


def article_bytes() -> bytes:
    return article_html().encode()


def _binary() -> Page:
    """A PNG header and pseudo-random bytes, served as HTML."""
    noise = bytes((i * 7919 + 13) % 256 for i in range(60_000))
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise, HTML


def _truncated() -> Page:
    page = article_bytes()
    cut = page.index(PARAGRAPHS[2][:20].encode()) + 30
    return page[:cut], UTF8


def _unclosed() -> Page:
    """No element after the headline is ever closed, as lazy templates and cut-offs leave it."""
    parts = [
        f"<html><head><title>{HEADLINE}</title><body><div class=page><div class=main>",
        f"<article><h1>{HEADLINE}</h1><div class=content>",
    ]
    for index, paragraph in enumerate(PARAGRAPHS):
        parts.append(f"<p><span class=s{index}><b>{paragraph}" if index else f"<p>{paragraph}")
    parts.append("<ul><li>one point<li>another point")
    return "".join(parts).encode(), UTF8


def _nested() -> Page:
    depth = 50_000
    return article_html(wrap=("<div>" * depth, "</div>" * depth)).encode(), UTF8


def _nul_and_invalid_utf8() -> Page:
    page = article_bytes()
    page = page.replace(b"routine inspection", b"routine\x00 inspection")
    page = page.replace(b"industrial estate", b"industrial \xff\xfeestate")
    return page, UTF8


def _cp1252_declared_utf8() -> Page:
    return article_html().replace('<meta charset="utf-8">', "").encode("cp1252"), UTF8


def _utf8_declared_cp1252() -> Page:
    page = article_html().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    return page.encode(), "text/html; charset=windows-1252"


def _utf16_bom() -> Page:
    page = article_html().replace('<meta charset="utf-8">', "")
    return codecs.BOM_UTF16_LE + page.encode("utf-16-le"), UTF8


def _unknown_meta_charset() -> Page:
    page = article_html().replace('<meta charset="utf-8">', '<meta charset="x-klingon-9">')
    return page.encode(), HTML


def _jsonld(data: str) -> Page:
    script = f'<script type="application/ld+json">{data}</script>'
    return article_html(head=script).encode(), UTF8


def _jsonld_huge() -> Page:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": HEADLINE,
        "articleBody": "filler words " * 400_000,
        "keywords": [f"tag{i}" for i in range(50_000)],
    }
    deep = "[" * 100_000 + "]" * 100_000  # deeper than any recursive JSON reader can go
    return _jsonld(json.dumps(data)[:-1] + f', "about": {deep}}}')


def _jsonld_wrong_type() -> Page:
    data = [
        1,
        "text",
        None,
        {"@type": 5, "headline": {"nested": True}, "author": 7, "datePublished": ["x"]},
        {"@type": ["NewsArticle"], "headline": None, "image": {"url": 12}, "author": [None]},
        {"@graph": "not a list", "isAccessibleForFree": "maybe"},
    ]
    return _jsonld(json.dumps(data))


def _inline_script() -> Page:
    script = "<script>" + "var s = '<p>not text</p>'; window.x += s;\n" * 80_000 + "</script>"
    return article_html(body_start=script, body_end=script).encode(), UTF8


def _many_links() -> Page:
    links = "".join(f'<li><a href="/news/{i}">Story number {i}</a></li>' for i in range(100_000))
    return article_html(body_end=f"<nav><ul>{links}</ul></nav>").encode(), UTF8


def _right_to_left() -> Page:
    page = article_html(headline=ARABIC_HEADLINE, paragraphs=ARABIC_PARAGRAPHS, lang="ar")
    return page.replace("<html ", '<html dir="rtl" ').encode(), UTF8


HOSTILE_PAGES: dict[str, Callable[[], Page]] = {
    "empty": lambda: (b"", UTF8),
    "whitespace": lambda: (b" \n\t\r\n  " * 200, UTF8),
    "binary": _binary,
    "truncated": _truncated,
    "unclosed": _unclosed,
    "nested": _nested,
    "nul-invalid-utf8": _nul_and_invalid_utf8,
    "cp1252-declared-utf8": _cp1252_declared_utf8,
    "utf8-declared-cp1252": _utf8_declared_cp1252,
    "utf16-bom": _utf16_bom,
    "unknown-meta-charset": _unknown_meta_charset,
    # A Python codec name that is no charset: base64 would turn the page into bytes.
    "charset-base64": lambda: (article_bytes(), "text/html; charset=base64"),
    "jsonld-malformed": lambda: _jsonld('{"@type": "NewsArticle", "headline": "x", '),
    "jsonld-huge": _jsonld_huge,
    # Small enough to be parsed, too deep for a recursive JSON reader, and never closed.
    "jsonld-deep": lambda: _jsonld('{"@type": "NewsArticle", "about": ' + "[" * 50_000),
    "jsonld-wrong-type": _jsonld_wrong_type,
    "inline-script": _inline_script,
    "many-links": _many_links,
    "right-to-left": _right_to_left,
}
