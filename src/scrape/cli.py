"""Command line: argument parsing and dispatch only; the work lives in the pipeline.

    python -m scrape URL [URL ...]            fetch and extract, JSONL to stdout
    python -m scrape extract FILE [--url U]   extract saved pages ('-' reads stdin)
    python -m scrape schema                   print the record's JSON Schema

Exit status: 0 when every input produced a record, 1 when some failed,
2 for usage or configuration errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from scrape.config import load_settings
from scrape.emit import JsonlWriter
from scrape.errors import ScrapeError
from scrape.fetch import Fetcher
from scrape.models import Article
from scrape.pipeline import explain, extract, fetch_article
from scrape.report import render_explanation

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2
COMMANDS = ("fetch", "extract", "schema")
_VALUED_OPTIONS = ("--config", "-o", "--output", "--url")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(_route(list(sys.argv[1:] if argv is None else argv)))
    try:
        return int(args.run(args))
    except ScrapeError as exc:  # configuration and output problems: the run cannot start
        for line in str(exc).splitlines():  # a config file can hold several mistakes
            print(f"scrape: {line}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _route(argv: list[str]) -> list[str]:
    """Insert the default command 'fetch' when the first positional is a URL."""
    index = 0
    while index < len(argv):
        token = argv[index]
        if token in COMMANDS or token in ("-h", "--help", "--version"):
            return argv
        if token.startswith("-"):
            index += 1 if "=" in token or token not in _VALUED_OPTIONS else 2
            continue
        return [*argv[:index], "fetch", *argv[index:]]
    return argv


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--config", metavar="FILE", help="config file (default: ./config.yaml if present)"
    )
    common.add_argument(
        "-o", "--output", metavar="FILE", help="append JSONL records to FILE instead of stdout"
    )
    parser = argparse.ArgumentParser(
        prog="scrape",
        description="Download news pages and turn each into one validated JSONL record.",
        epilog="Run 'scrape COMMAND --help' for a command's options. "
        "Exit status: 0 all inputs gave records, 1 some failed, 2 usage or config error.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version="scrape 0.1.0")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    fetch = sub.add_parser(
        "fetch",
        parents=[common],
        help="fetch URLs and extract (the default command)",
        description="Fetch each URL and print one JSONL record per article.",
    )
    fetch.add_argument("urls", nargs="+", metavar="URL")
    fetch.set_defaults(run=run_fetch)
    ext = sub.add_parser(
        "extract",
        parents=[common],
        help="extract saved HTML files",
        description="Extract articles from saved HTML files ('-' reads stdin).",
    )
    ext.add_argument("files", nargs="+", metavar="FILE")
    ext.add_argument("--url", help="the address the page was saved from (one FILE only)")
    ext.add_argument("--encoding", help="force the page's character encoding")
    ext.add_argument(
        "--explain",
        action="store_true",
        help="print every block of the page with the decision taken on it and why, "
        "instead of the record (one FILE only)",
    )
    ext.set_defaults(run=run_extract)
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a record",
        description="Print the JSON Schema of the Article record.",
    )
    schema.set_defaults(run=run_schema)
    return parser


def run_fetch(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    with Fetcher(settings.fetch) as fetcher:
        return _emit_all(
            args.urls, lambda url: fetch_article(url, settings=settings, fetcher=fetcher), args
        )


def run_extract(args: argparse.Namespace) -> int:
    if (args.url or args.explain) and len(args.files) > 1:
        raise SystemExit("scrape extract: --url and --explain apply to one FILE; give one per run")
    settings = load_settings(args.config)
    if args.explain:
        data = sys.stdin.buffer.read() if args.files[0] == "-" else _read(args.files[0])
        found = explain(data, args.url, settings=settings, http_charset=args.encoding)
        print(render_explanation(found))
        return EXIT_OK if found.article is not None else EXIT_SOME_FAILED

    def one(name: str) -> Article:
        data = sys.stdin.buffer.read() if name == "-" else _read(name)
        return extract(data, args.url, settings=settings, http_charset=args.encoding)

    return _emit_all(args.files, one, args)


def run_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Article.model_json_schema(), indent=2, ensure_ascii=False))
    return EXIT_OK


def _read(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except OSError as exc:
        raise _InputError(f"cannot read file: {exc.strerror or exc}") from exc


class _InputError(ScrapeError):
    reason = "input"


def _emit_all(
    inputs: Iterable[str], produce: Callable[[str], Article], args: argparse.Namespace
) -> int:
    """Run ``produce`` on each input, writing records and reporting failures one line each."""
    inputs = list(inputs)
    failed = 0
    writer = _open_writer(args.output)
    with writer:
        for done, item in enumerate(inputs, 1):
            try:
                writer.write(produce(item))
            except ScrapeError as exc:
                failed += 1
                print(f"scrape: {item}: {exc.reason}: {exc}", file=sys.stderr)
            _progress(done, len(inputs), failed)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _open_writer(path: str | None) -> JsonlWriter:
    try:
        return JsonlWriter(path)
    except OSError as exc:
        raise _InputError(f"cannot open output {path}: {exc.strerror or exc}") from exc


def _progress(done: int, total: int, failed: int) -> None:
    """A one-line counter on an interactive terminal; silent for cron and pipes."""
    if total < 2 or not sys.stderr.isatty():
        return
    end = "\n" if done == total else ""
    print(f"\r{done}/{total} pages, {failed} failed", end=end, file=sys.stderr, flush=True)
