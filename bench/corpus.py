"""Body-extraction quality and speed of scrape against trafilatura, on the dev corpus.

What it measures
----------------
Every page of the corpus (``html/<key>.html.gz`` plus ``snippets.json``) is read,
gunzipped and decoded to ``str`` once, with the project's own ``decode_html``,
before any clock starts. Then the tools take turns page by page (in an order
that rotates), single thread, timing every page with ``time.perf_counter``:

- ``scrape``: ``scrape.extract(html, url=url)``; body = ``"\\n".join(article.body)``.
  A ``ScrapeError`` means "no article here": an empty body, counted as *no record*.
  Any other exception is a bug: an empty body, counted in *errors*.
- ``trafilatura``: ``trafilatura.extract(html, url=url)``, default settings;
  ``None`` is an empty body, counted as *no record*.
- ``selectolax-parse``: ``LexborHTMLParser(html)`` alone, the cost of parsing the
  page once; a floor no extractor built on that parser can beat. It always runs.
- ``python-walk``: the parse plus one Python pass that reads every element's tag
  and attributes and every text node's text, and nothing else. Any extractor
  whose rules run in Python and look at each element once pays at least this, so
  it shows how much of a budget stated in parses such a design has left. It
  always runs.

Each tool gets one untimed warm-up call first (lazy imports, caches).

Quality is scored per snippet: a ``with`` snippet found in the body is a true
positive (else a false negative), a ``without`` snippet found is a false
positive (else a true negative). Body and snippets are NFC-normalised and have
every whitespace run collapsed to one space before the substring test.

Reading the table
-----------------
``pages/s`` is pages divided by the summed extraction time; ``median ms`` and
``p95 ms`` are per page. ``precision`` drops when boilerplate leaks into the
body, ``recall`` when article text is lost; ``accuracy`` is (TP+TN)/snippets.
``no record`` counts pages with an empty result by design (these score as empty
bodies, so they cost recall). The lines under the table give the speed ratios
(above 1.0x, scrape is faster than trafilatura; the parse-floor ratio says how
many parses' worth of time scrape spends per page), the share of pages per
``Article.extractor`` value, and the share of scrape's time spent on pages that
ended in the ``fallback`` extractor.

``--show-misses N`` lists scrape's N worst pages (most FN+FP) with the missed and
leaked snippets, cut to 80 characters. ``--json OUT`` writes all aggregates and
per-page results.

Run from the repository root: ``python bench/corpus.py [--limit N] [--only scrape]``.
The repository's ``src/`` is put first on ``sys.path``, so the working tree is
measured, not an installed copy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "dev-corpus"
EXTRACTORS = ("scrape", "trafilatura")
PARSE_FLOOR = "selectolax-parse"
PYTHON_WALK = "python-walk"
MAX_PRINTED_ERRORS = 5
SNIPPET_WIDTH = 80

Decoder = Callable[[bytes], str]


@dataclass(frozen=True)
class Page:
    """One corpus page, decoded, with its snippets already normalised."""

    key: str
    url: str
    html: str
    wanted: tuple[str, ...]
    unwanted: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What one tool made of one page."""

    body: str
    status: str = "ok"  # "ok", "no_record" or "error"
    extractor: str = ""


@dataclass
class PageResult:
    """Score and time of one tool on one page."""

    key: str
    ms: float
    status: str
    extractor: str
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "tp": self.tp,
            "fn": self.fn,
            "fp": self.fp,
            "tn": self.tn,
            "ms": round(self.ms, 3),
            "status": self.status,
            "extractor": self.extractor,
        }


@dataclass(frozen=True)
class Tool:
    """A named callable from (html, url) to an Outcome; ``scored`` tools get quality columns."""

    name: str
    run: Callable[[str, str], Outcome]
    scored: bool = True


@dataclass
class ToolRun:
    """All page results of one tool, and the aggregates computed from them."""

    tool: Tool
    results: list[PageResult]

    def count(self, attr: str) -> int:
        return sum(getattr(r, attr) for r in self.results)

    def status_count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def total_seconds(self) -> float:
        return sum(r.ms for r in self.results) / 1000

    def aggregates(self) -> dict[str, Any]:
        times = [r.ms for r in self.results]
        total = self.total_seconds
        agg: dict[str, Any] = {
            "pages": len(self.results),
            "errors": self.status_count("error"),
            "total_s": round(total, 3),
            "pages_per_s": len(times) / total if total else None,
            "median_ms": statistics.median(times) if times else None,
            "p95_ms": percentile(times, 95),
        }
        if self.tool.scored:
            agg.update(
                quality(self.count("tp"), self.count("fn"), self.count("fp"), self.count("tn"))
            )
            agg["no_record"] = self.status_count("no_record")
        return agg


# ---------------------------------------------------------------- text and scoring


def normalise(text: str) -> str:
    """NFC, every whitespace run collapsed to one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))  # ceil without float error
    return ordered[int(rank) - 1]


def ratio(num: float, den: float) -> float | None:
    return num / den if den else None


def quality(tp: int, fn: int, fp: int, tn: int) -> dict[str, float | int | None]:
    precision = ratio(tp, tp + fp)
    recall = ratio(tp, tp + fn)
    f1 = (
        2 * precision * recall / (precision + recall)
        if precision is not None and recall is not None and precision + recall
        else None
    )
    return {
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": ratio(tp + tn, tp + fn + fp + tn),
    }


def score(page: Page, outcome: Outcome, ms: float) -> PageResult:
    body = normalise(outcome.body)
    result = PageResult(page.key, ms, outcome.status, outcome.extractor)
    result.missed = [s for s in page.wanted if s not in body]
    result.leaked = [s for s in page.unwanted if s in body]
    result.tp = len(page.wanted) - len(result.missed)
    result.fn = len(result.missed)
    result.fp = len(result.leaked)
    result.tn = len(page.unwanted) - len(result.leaked)
    return result


# ---------------------------------------------------------------- loading


def fail(message: str) -> NoReturn:
    """One-line error on stderr, exit status 2."""
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def put_src_first() -> None:
    src = REPO_ROOT / "src"
    if src.is_dir() and str(src) not in sys.path:
        sys.path.insert(0, str(src))


def load_decoder() -> Decoder:
    """The project's decode_html, or a UTF-8 stand-in (with a warning) if it won't import."""
    try:
        from scrape.decode import decode_html
    except Exception as exc:  # noqa: BLE001, RUF100 - the library is in progress; any failure falls back
        print(
            f"warning: scrape.decode.decode_html unavailable ({exc!r}); "
            "decoding pages as UTF-8 with replacement",
            file=sys.stderr,
        )
        return lambda data: data.decode("utf-8", "replace")
    return lambda data: decode_html(data)


def resolve_corpus(arg: str | None) -> Path:
    raw = arg or os.environ.get("SCRAPE_DEV_CORPUS")
    corpus = Path(raw) if raw else DEFAULT_CORPUS
    if not (corpus / "snippets.json").is_file() or not (corpus / "html").is_dir():
        fail(f"no corpus at {corpus} (snippets.json, html/); set --corpus or SCRAPE_DEV_CORPUS")
    return corpus


def load_pages(corpus: Path, limit: int | None, decode: Decoder) -> list[Page]:
    snippets: dict[str, dict[str, Any]] = json.loads(
        (corpus / "snippets.json").read_text(encoding="utf-8")
    )
    keys = sorted(snippets)[:limit] if limit else sorted(snippets)
    return [load_page(corpus, key, snippets[key], decode) for key in keys]


def load_page(corpus: Path, key: str, entry: dict[str, Any], decode: Decoder) -> Page:
    raw = gzip.decompress((corpus / "html" / f"{key}.html.gz").read_bytes())
    return Page(
        key=key,
        url=entry["url"],
        html=decode(raw),
        wanted=tuple(normalise(s) for s in entry["with"]),
        unwanted=tuple(normalise(s) for s in entry["without"]),
    )


# ---------------------------------------------------------------- tools


def scrape_tool() -> Tool:
    from scrape import ScrapeError, extract

    def run(html: str, url: str) -> Outcome:
        try:
            # Some corpus entries carry a label instead of an address; the page's
            # canonical URL stands in for those, as it would for a saved page.
            article = extract(html, url=url if url.startswith(("http://", "https://")) else None)
        except ScrapeError:
            return Outcome("", "no_record")
        # The corpus marks a page's dek as main text, and peers print it with the
        # body; scrape files it under standfirst, so both are scored together.
        text = "\n".join([article.standfirst or "", *article.body])
        return Outcome(text, extractor=article.extractor)

    return Tool("scrape", run)


def trafilatura_tool() -> Tool:
    import trafilatura

    def run(html: str, url: str) -> Outcome:
        text = trafilatura.extract(html, url=url)
        return Outcome(text) if text else Outcome("", "no_record")

    return Tool("trafilatura", run)


def parse_floor_tool() -> Tool:
    from selectolax.lexbor import LexborHTMLParser

    def run(html: str, url: str) -> Outcome:
        LexborHTMLParser(html)
        return Outcome("")

    return Tool(PARSE_FLOOR, run, scored=False)


def python_walk_tool() -> Tool:
    from selectolax.lexbor import LexborHTMLParser

    def run(html: str, url: str) -> Outcome:
        read = 0  # what the pass read, so that it is used
        for node in LexborHTMLParser(html).root.traverse(include_text=True):
            if node.tag == "-text":
                read += len(node.text_content or "")
            else:
                read += len(node.attributes)
        return Outcome("", extractor=str(read))

    return Tool(PYTHON_WALK, run, scored=False)


def build_tools(only: str | None) -> list[Tool]:
    factories = {"scrape": scrape_tool, "trafilatura": trafilatura_tool}
    names = [only] if only else list(EXTRACTORS)
    tools = []
    for name in names:
        try:
            tools.append(factories[name]())
        except Exception as exc:  # noqa: BLE001, RUF100 - report which tool failed to load
            fail(f"cannot load {name}: {exc!r}")
    return [*tools, parse_floor_tool(), python_walk_tool()]


# ---------------------------------------------------------------- running


def timed(tool: Tool, page: Page) -> tuple[Outcome, float, BaseException | None]:
    """Run the tool once on the page; errors become an empty 'error' outcome."""
    start = time.perf_counter()
    try:
        outcome = tool.run(page.html, page.url)
    except Exception as exc:  # noqa: BLE001, RUF100 - a bug in the tool is counted, not fatal
        return Outcome("", "error"), (time.perf_counter() - start) * 1000, exc
    return outcome, (time.perf_counter() - start) * 1000, None


def report_error(tool: Tool, page: Page, exc: BaseException, seen: int) -> None:
    if seen > MAX_PRINTED_ERRORS:
        return
    frames = traceback.extract_tb(exc.__traceback__)[-3:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    print(f"[{tool.name}] {page.key}: {type(exc).__name__}: {exc}", file=sys.stderr)
    print(f"    at {where}", file=sys.stderr)


def run_tools(tools: Sequence[Tool], pages: Sequence[Page]) -> list[ToolRun]:
    """Every tool on every page, the tools taking turns page by page.

    On a shared machine the load changes over a run; tools that take turns see
    the same changes, so their ratios hold where one pass per tool drifted by a
    third between runs. The order rotates so that no tool always goes first.
    """
    if pages:
        for tool in tools:
            timed(tool, pages[0])  # warm-up, untimed
    results: list[list[PageResult]] = [[] for _ in tools]
    errors = [0] * len(tools)
    for number, page in enumerate(pages):
        for turn in range(len(tools)):
            index = (number + turn) % len(tools)
            outcome, ms, exc = timed(tools[index], page)
            if exc is not None:
                errors[index] += 1
                report_error(tools[index], page, exc, errors[index])
            results[index].append(score(page, outcome, ms))
    for tool, count in zip(tools, errors, strict=True):
        if count > MAX_PRINTED_ERRORS:
            print(f"[{tool.name}] ... {count} errors in all", file=sys.stderr)
    return [ToolRun(tool, found) for tool, found in zip(tools, results, strict=True)]


# ---------------------------------------------------------------- reporting

COLUMNS = (
    ("tool", None),
    ("pages", "pages"),
    ("errors", "errors"),
    ("pages/s", "pages_per_s"),
    ("median ms", "median_ms"),
    ("p95 ms", "p95_ms"),
    ("precision", "precision"),
    ("recall", "recall"),
    ("F1", "f1"),
    ("accuracy", "accuracy"),
    ("no record", "no_record"),
)


def cell(key: str, value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    if key in ("precision", "recall", "f1", "accuracy"):
        return f"{value:.3f}"
    return f"{value:.1f}" if key == "pages_per_s" else f"{value:.2f}"


def table_rows(runs: Sequence[ToolRun]) -> list[list[str]]:
    rows = []
    for run in runs:
        agg = run.aggregates()
        rows.append([run.tool.name] + [cell(k, agg.get(k)) for _, k in COLUMNS[1:] if k])
    return rows


def plain_table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(r: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        )

    return "\n".join([line(header), "  ".join("-" * w for w in widths), *map(line, rows)])


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    aligns = ["---"] + ["---:"] * (len(header) - 1)
    return "\n".join("| " + " | ".join(r) + " |" for r in [header, aligns, *rows])


def speed_lines(by_name: dict[str, ToolRun]) -> list[str]:
    scrape = by_name.get("scrape")
    if scrape is None:
        return []
    lines = []
    traf, floor = by_name.get("trafilatura"), by_name[PARSE_FLOOR]
    if traf and (r := ratio(traf.total_seconds, scrape.total_seconds)):
        lines.append(f"scrape speed vs trafilatura: {r:.1f}x")
    if r := ratio(scrape.total_seconds, floor.total_seconds):
        lines.append(f"scrape time vs selectolax parse floor: {r:.1f}x")
    if r := ratio(by_name[PYTHON_WALK].total_seconds, floor.total_seconds):
        lines.append(f"one Python walk of every node (parse included) vs parse floor: {r:.1f}x")
    return lines


def extractor_share(run: ToolRun) -> dict[str, float]:
    labels = Counter(r.extractor or f"({r.status})" for r in run.results)
    total = len(run.results) or 1
    return {label: n / total for label, n in labels.most_common()}


def fallback_time_share(run: ToolRun) -> float | None:
    fallback_ms = sum(r.ms for r in run.results if r.extractor == "fallback")
    return ratio(fallback_ms, run.total_seconds * 1000)


def scrape_lines(run: ToolRun) -> list[str]:
    share = ", ".join(f"{k} {v:.1%}" for k, v in extractor_share(run).items())
    fallback = fallback_time_share(run)
    return [
        f"scrape extractors: {share}",
        f"scrape time in fallback pages: {fallback:.1%}" if fallback is not None else "",
    ]


def print_report(runs: Sequence[ToolRun], markdown: bool) -> None:
    header = [name for name, _ in COLUMNS]
    rows = table_rows(runs)
    print(plain_table(header, rows))
    if markdown:
        print()
        print(markdown_table(header, rows))
    by_name = {run.tool.name: run for run in runs}
    lines = speed_lines(by_name)
    if "scrape" in by_name:
        lines += scrape_lines(by_name["scrape"])
    if any(lines):
        print()
        print("\n".join(line for line in lines if line))


def clip(text: str) -> str:
    return text if len(text) <= SNIPPET_WIDTH else text[: SNIPPET_WIDTH - 1] + "…"


def print_misses(run: ToolRun, pages: Sequence[Page], n: int) -> None:
    urls = {p.key: p.url for p in pages}
    worst = sorted(run.results, key=lambda r: (-(r.fn + r.fp), r.key))[:n]
    print(f"\n{run.tool.name}: {n} pages with most misses (FN+FP)")
    for r in worst:
        if r.fn + r.fp == 0:
            break
        label = r.extractor or r.status
        print(f"\n{r.key}  fn={r.fn} fp={r.fp}  [{label}]  {urls[r.key]}")
        for kind, snippets in (("missed", r.missed), ("leaked", r.leaked)):
            for snippet in snippets:
                print(f"  {kind}: {clip(snippet)}")


def write_json(path: Path, corpus: Path, runs: Sequence[ToolRun]) -> None:
    by_name = {run.tool.name: run for run in runs}
    doc: dict[str, Any] = {
        "corpus": str(corpus),
        "pages": len(runs[0].results) if runs else 0,
        "summary": speed_lines(by_name),
        "tools": {
            run.tool.name: {**run.aggregates(), "results": [r.as_json() for r in run.results]}
            for run in runs
        },
    }
    if "scrape" in by_name:
        doc["scrape_extractor_share"] = extractor_share(by_name["scrape"])
        doc["scrape_fallback_time_share"] = fallback_time_share(by_name["scrape"])
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--corpus", help=f"corpus directory (default $SCRAPE_DEV_CORPUS or {DEFAULT_CORPUS})"
    )
    parser.add_argument("--limit", type=int, help="only the first N pages (sorted by key)")
    parser.add_argument(
        "--json", type=Path, metavar="OUT.json", help="write aggregates and per-page results"
    )
    parser.add_argument(
        "--only",
        choices=EXTRACTORS,
        help="run one extractor (the parse floor and the Python walk always run)",
    )
    parser.add_argument(
        "--show-misses", type=int, default=0, metavar="N", help="list scrape's N worst pages"
    )
    parser.add_argument("--markdown", action="store_true", help="also print the table as markdown")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    corpus = resolve_corpus(args.corpus)
    put_src_first()
    tools = build_tools(args.only)
    pages = load_pages(corpus, args.limit, load_decoder())
    print(f"{len(pages)} pages from {corpus}, {sum(len(p.html) for p in pages) / 1e6:.1f}M chars\n")
    runs = run_tools(tools, pages)
    print_report(runs, args.markdown)
    if args.show_misses and (scrape := next((r for r in runs if r.tool.name == "scrape"), None)):
        print_misses(scrape, pages, args.show_misses)
    if args.json:
        write_json(args.json, corpus, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
