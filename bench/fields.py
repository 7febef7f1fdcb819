"""Field extraction of scrape against trafilatura and newspaper4k, on hand-annotated corpus pages.

What it measures
----------------
``bench/annotations*.json`` hold, for some pages of the development corpus, the
fields a reader sees on the page (headline, standfirst, authors, published date,
tag links, inline "READ:" links), annotated by hand under the rules written at
the top of each file. Every annotated page is read from the corpus
(``html/<key>.html.gz``, URL from ``snippets.json``) and given to three tools:

- ``scrape``: ``scrape.extract(raw_bytes, url)`` with default settings (the URL
  only when it is an http(s) one);
- ``trafilatura``: ``trafilatura.bare_extraction(html, url=url, with_metadata=True)``:
  title, author, date, tags (categories when there are none), description;
- ``newspaper4k``: ``Article(url).download(input_html=html)`` then ``parse()``,
  in memory, no network: title, authors, publish_date, tags (meta keywords when
  there are none), meta_description.

The peers get the page decoded once by the project's ``decode_html``; scrape
gets the raw bytes and decodes them itself. Neither peer has a standfirst or
read links: their description stands in for the standfirst, and they are taken
to find no read links.

How each field is scored (per page, then averaged over pages)
-------------------------------------------------------------
Text is NFC-normalised with whitespace runs collapsed before any comparison.

- ``headline``: 1 when equal to the annotation, else 0.
- ``standfirst``: 1 when equal, or when both are absent; else 0.
- ``authors``: F1 of the casefolded name sets; 1 when both are empty.
- ``published``: 1 when the calendar dates (each in its own time zone) are at
  most one day apart, or when both are absent; else 0.
- ``tags``: F1 of the casefolded tag sets; 1 when both are empty.
- ``read_links``: F1 of the URL sets; 1 when both are empty.

A tool that raises on a page (for scrape, ``ScrapeError`` "no article here"
included) scores 0 on every field of that page; the ``failed pages`` row counts
them.

Run from the repository root: ``python bench/fields.py``; ``--show-misses
FIELD`` lists scrape's pages that lose points on one field, expected vs got.
The repository's ``src/`` is put first on ``sys.path``, so the working tree is
measured, not an installed copy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import traceback
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from corpus import (
    DEFAULT_CORPUS,
    REPO_ROOT,
    fail,
    markdown_table,
    normalise,
    plain_table,
    put_src_first,
    resolve_corpus,
)

FIELDS = ("headline", "standfirst", "authors", "published", "tags", "read_links")
MAX_PRINTED_ERRORS = 5


@dataclass(frozen=True)
class Fields:
    """One page's fields, as annotated or as a tool found them."""

    headline: str | None = None
    standfirst: str | None = None
    authors: tuple[str, ...] = ()
    published: date | None = None
    tags: tuple[str, ...] = ()
    read_links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Page:
    """An annotated corpus page: raw bytes, decoded text and the expected fields."""

    key: str
    url: str
    raw: bytes
    html: str
    expected: Fields


@dataclass
class Outcome:
    """What one tool made of one page: its fields, or the error that stopped it."""

    fields: Fields
    error: str | None = None
    scores: dict[str, float] = field(default_factory=dict)


Extractor = Callable[[Page], Fields]


# ---------------------------------------------------------------- text and dates


def clean(text: str | None) -> str | None:
    """Normalised text, None for missing or blank."""
    return normalise(text) or None if text else None


def names(values: Iterable[str | None]) -> tuple[str, ...]:
    """Cleaned, non-blank strings in order."""
    return tuple(c for v in values if (c := clean(v)))


def split_list(values: Iterable[str], sep: str) -> tuple[str, ...]:
    """Every value split on ``sep`` (peers return joined lists), cleaned."""
    return names(part for value in values for part in value.split(sep))


def to_date(value: object) -> date | None:
    """The calendar date of an ISO string, date or datetime, in its own zone."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


# ---------------------------------------------------------------- scoring


def folded(values: Iterable[str]) -> set[str]:
    return {unicodedata.normalize("NFC", v).casefold() for v in values}


def f1(expected: set[str], got: set[str]) -> float:
    """Set F1; 1.0 when both are empty, 0.0 when only one is."""
    if not expected and not got:
        return 1.0
    hits = len(expected & got)
    if not hits:
        return 0.0
    precision, recall = hits / len(got), hits / len(expected)
    return 2 * precision * recall / (precision + recall)


def within_a_day(expected: date | None, got: date | None) -> float:
    if expected is None or got is None:
        return float(expected is got)
    return float(abs((expected - got).days) <= 1)


def score(expected: Fields, got: Fields) -> dict[str, float]:
    return {
        "headline": float(expected.headline == got.headline),
        "standfirst": float(expected.standfirst == got.standfirst),
        "authors": f1(folded(expected.authors), folded(got.authors)),
        "published": within_a_day(expected.published, got.published),
        "tags": f1(folded(expected.tags), folded(got.tags)),
        "read_links": f1(set(expected.read_links), set(got.read_links)),
    }


# ---------------------------------------------------------------- loading


def annotation_files(paths: Sequence[Path] | None) -> list[Path]:
    found = list(paths) if paths else sorted((REPO_ROOT / "bench").glob("annotations*.json"))
    if not found:
        fail("no annotation files (bench/annotations*.json); pass --annotations")
    return found


def load_annotations(files: Sequence[Path]) -> dict[str, Fields]:
    """Every file's pages merged; a key annotated twice keeps the first file's entry."""
    merged: dict[str, Fields] = {}
    for path in files:
        pages: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["pages"]
        for key, entry in pages.items():
            if key in merged:
                print(f"warning: {key} annotated again in {path.name}; kept first", file=sys.stderr)
                continue
            merged[key] = expected_fields(entry)
    return merged


def expected_fields(entry: dict[str, Any]) -> Fields:
    return Fields(
        headline=clean(entry["headline"]),
        standfirst=clean(entry.get("standfirst")),
        authors=names(entry.get("authors") or []),
        published=to_date(entry.get("published")),
        tags=names(entry.get("tags") or []),
        read_links=tuple(link["url"].strip() for link in entry.get("read_links") or []),
    )


def load_pages(corpus: Path, expected: dict[str, Fields]) -> list[Page]:
    from scrape.decode import decode_html

    snippets: dict[str, dict[str, Any]] = json.loads(
        (corpus / "snippets.json").read_text(encoding="utf-8")
    )
    pages = []
    for key in sorted(expected):
        if key not in snippets:
            fail(f"annotated key {key} is not in {corpus / 'snippets.json'}")
        raw = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes())
        pages.append(Page(key, snippets[key]["url"], raw, decode_html(raw), expected[key]))
    return pages


def page_url(page: Page) -> str | None:
    return page.url if page.url.startswith("http") else None


# ---------------------------------------------------------------- tools


def scrape_tool() -> Extractor:
    from scrape import extract

    def run(page: Page) -> Fields:
        article = extract(page.raw, page_url(page))
        return Fields(
            headline=clean(article.headline),
            standfirst=clean(article.standfirst),
            authors=names(article.authors),
            published=to_date(article.published),
            tags=names(article.tags),
            read_links=tuple(str(link.url) for link in article.read_links),
        )

    return run


def trafilatura_tool() -> Extractor:
    import trafilatura

    def run(page: Page) -> Fields:
        doc = trafilatura.bare_extraction(page.html, url=page_url(page), with_metadata=True)
        if doc is None:
            return Fields()
        tags = split_list(doc.tags or [], ",") or split_list(doc.categories or [], ",")
        return Fields(
            headline=clean(doc.title),
            standfirst=clean(doc.description),
            authors=split_list([doc.author or ""], ";"),
            published=to_date(doc.date),
            tags=tags,
        )

    return run


def newspaper_tool() -> Extractor:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns at import that optional NLP extras are missing
        from newspaper import Article

    def run(page: Page) -> Fields:
        article = Article(page_url(page) or "", fetch_images=False)
        article.download(input_html=page.html)
        article.parse()
        tags = names(sorted(article.tags or [])) or split_list(article.meta_keywords or [], ",")
        return Fields(
            headline=clean(article.title),
            standfirst=clean(article.meta_description),
            authors=names(article.authors),
            published=to_date(article.publish_date),
            tags=tags,
        )

    return run


def build_tools() -> dict[str, Extractor]:
    factories = {
        "scrape": scrape_tool,
        "trafilatura": trafilatura_tool,
        "newspaper4k": newspaper_tool,
    }
    tools = {}
    for name, factory in factories.items():
        try:
            tools[name] = factory()
        except Exception as exc:  # noqa: BLE001, RUF100 - report which tool failed to load
            fail(f"cannot load {name}: {exc!r}")
    return tools


# ---------------------------------------------------------------- running


def run_one(name: str, tool: Extractor, page: Page, errors: list[str]) -> Outcome:
    """One tool on one page; any exception makes the page score 0 on every field."""
    try:
        got = tool(page)
    except Exception as exc:  # noqa: BLE001, RUF100 - a failing tool is counted, not fatal
        errors.append(page.key)
        if len(errors) <= MAX_PRINTED_ERRORS:
            where = traceback.extract_tb(exc.__traceback__)[-1]
            print(
                f"[{name}] {page.key}: {type(exc).__name__}: {exc} "
                f"(at {Path(where.filename).name}:{where.lineno})",
                file=sys.stderr,
            )
        return Outcome(Fields(), f"{type(exc).__name__}: {exc}", dict.fromkeys(FIELDS, 0.0))
    return Outcome(got, scores=score(page.expected, got))


def run_tool(name: str, tool: Extractor, pages: Sequence[Page]) -> list[Outcome]:
    errors: list[str] = []
    outcomes = [run_one(name, tool, page, errors) for page in pages]
    if len(errors) > MAX_PRINTED_ERRORS:
        print(f"[{name}] ... {len(errors)} failed pages in all", file=sys.stderr)
    return outcomes


def mean_scores(outcomes: Sequence[Outcome]) -> dict[str, float]:
    n = len(outcomes) or 1
    return {f: sum(o.scores[f] for o in outcomes) / n for f in FIELDS}


# ---------------------------------------------------------------- reporting

ROW_LABELS = {
    "headline": "headline exact",
    "standfirst": "standfirst exact",
    "authors": "authors F1",
    "published": "published +-1 day",
    "tags": "tags F1",
    "read_links": "read_links F1 (URLs)",
}


def table(results: dict[str, list[Outcome]]) -> tuple[list[str], list[list[str]]]:
    """Rows are fields, columns are tools; a last row counts failed pages."""
    header = ["field", *results]
    means = {name: mean_scores(outcomes) for name, outcomes in results.items()}
    rows = [[ROW_LABELS[f]] + [f"{means[name][f]:.3f}" for name in results] for f in FIELDS]
    rows.append(
        ["failed pages"] + [str(sum(1 for o in out if o.error)) for out in results.values()]
    )
    return header, rows


def shown(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    return "-" if value is None else str(value)


def print_misses(fieldname: str, pages: Sequence[Page], outcomes: Sequence[Outcome]) -> None:
    misses = [(p, o) for p, o in zip(pages, outcomes, strict=True) if o.scores[fieldname] < 1]
    print(f"\nscrape: {len(misses)} of {len(pages)} pages below 1.0 on {fieldname}")
    for page, outcome in misses:
        print(f"\n{page.key}  score={outcome.scores[fieldname]:.2f}  {page.url}")
        print(f"  expected: {shown(getattr(page.expected, fieldname))}")
        got = outcome.error or shown(getattr(outcome.fields, fieldname))
        print(f"  got:      {got}")


def write_json(path: Path, pages: Sequence[Page], results: dict[str, list[Outcome]]) -> None:
    doc = {
        "pages": len(pages),
        "means": {name: mean_scores(out) for name, out in results.items()},
        "failed": {name: [o.error for o in out if o.error] for name, out in results.items()},
        "per_page": {
            page.key: {
                "url": page.url,
                "expected": asdict(page.expected),
                **{name: asdict(results[name][i]) for name in results},
            }
            for i, page in enumerate(pages)
        },
    }
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str) + "\n", "utf-8")


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--corpus", help=f"corpus directory (default $SCRAPE_DEV_CORPUS or {DEFAULT_CORPUS})"
    )
    parser.add_argument(
        "--annotations",
        type=Path,
        action="append",
        metavar="FILE",
        help="annotation file (repeatable; default every bench/annotations*.json, merged)",
    )
    parser.add_argument("--markdown", action="store_true", help="also print the table as markdown")
    parser.add_argument(
        "--json", type=Path, metavar="OUT.json", help="write means and per-page fields and scores"
    )
    parser.add_argument(
        "--show-misses",
        choices=FIELDS,
        metavar="FIELD",
        help=f"list scrape's pages scoring below 1 on FIELD ({', '.join(FIELDS)})",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = resolve_corpus(args.corpus)
    put_src_first()
    files = annotation_files(args.annotations)
    pages = load_pages(corpus, load_annotations(files))
    tools = build_tools()
    print(f"{len(pages)} annotated pages from {', '.join(f.name for f in files)}\n")
    results = {name: run_tool(name, tool, pages) for name, tool in tools.items()}
    header, rows = table(results)
    print(plain_table(header, rows))
    if args.markdown:
        print()
        print(markdown_table(header, rows))
    if args.show_misses:
        print_misses(args.show_misses, pages, results["scrape"])
    if args.json:
        write_json(args.json, pages, results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
