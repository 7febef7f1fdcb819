"""Links on a start page (or a listing page found from one), resolved and deduplicated."""

from __future__ import annotations

from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser

from scrape.decode import decode_html


def page_links(html: bytes, url: str, charset: str | None) -> list[str]:
    """Absolute targets of the page's ``<a href>`` links, in page order, each once."""
    tree = LexborHTMLParser(decode_html(html, http_charset=charset))
    base = tree.css_first("base[href]")
    base_url = urljoin(url, base.attributes.get("href") or "") if base else url
    seen: dict[str, None] = {}
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if href and not href.startswith(("#", "javascript:", "mailto:", "tel:")):
            seen.setdefault(urljoin(base_url, href), None)
    return list(seen)
