"""Command line: argument parsing and dispatch only; the work lives in the pipeline.

    python -m scrape URL [URL ...]            fetch and extract, JSONL to stdout
    python -m scrape extract FILE [--url U]   extract saved pages ('-' reads stdin)
    python -m scrape schema                   print the record's JSON Schema
    python -m scrape crawl [--dry-run]        keep a dataset of the configured sites up to date
    python -m scrape status                   what the crawl state holds, failures by reason

Exit status: 0 when every input produced a record, 1 when some failed,
2 for usage or configuration errors. ``crawl``: 0 when the run completed (even
if some pages failed), 2 when it could not run or go on (configuration, state,
output, disk full), 3 when another crawl holds the lock or another process the
state database.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from scrape.config import Settings, load_settings
from scrape.crawl import CrawlOptions, crawl
from scrape.crawl.status import status_text
from scrape.crawl.warc import read_responses
from scrape.emit import JsonlWriter
from scrape.errors import CrawlLocked, ScrapeError
from scrape.fetch import Fetcher
from scrape.models import Article
from scrape.pipeline import explain, extract, fetch_article
from scrape.report import render_explanation

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3
COMMANDS = ("fetch", "extract", "schema", "crawl", "status")
_VALUED_OPTIONS = ("--config", "-o", "--output", "--url")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(_route(list(sys.argv[1:] if argv is None else argv)))
    for option in ("config", "output"):  # suppressed defaults (see build_parser)
        if not hasattr(args, option):
            setattr(args, option, None)
    try:
        return int(args.run(args))
    except CrawlLocked as exc:  # an overlapping cron run: not an error in the configuration
        print(f"scrape: {exc}", file=sys.stderr)
        return EXIT_LOCKED
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


def _config_parent() -> argparse.ArgumentParser:
    """A parent parser holding --config, for the main parser and every command."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--config",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="config file (default: ./config.yaml if present)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: a subcommand that is not given these must not reset what was
    # given before the command name (argparse copies subcommand defaults over).
    common = _config_parent()
    common.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        default=argparse.SUPPRESS,
        help="append JSONL records to FILE instead of stdout",
    )
    parser = argparse.ArgumentParser(
        prog="scrape",
        description="Download news pages and turn each into one validated JSONL record.",
        epilog="Run 'scrape COMMAND --help' for a command's options. "
        "Exit status: 0 all inputs gave records, 1 some failed, 2 usage or config error, "
        "3 (crawl) another crawl holds the lock.",
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
    ext.add_argument(
        "--warc",
        action="store_true",
        help="the FILEs are WARC archives (as written by crawl); extract every HTML response",
    )
    ext.set_defaults(run=run_extract)
    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of a record",
        description="Print the JSON Schema of the Article record.",
    )
    schema.set_defaults(run=run_schema)
    _add_crawl_commands(sub)
    return parser


def _add_crawl_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    config = _config_parent()
    crawl_cmd = sub.add_parser(
        "crawl",
        parents=[config],
        help="discover, fetch and extract new articles of the configured sites",
        description="Discover new article URLs of the sites in the config (feeds, sitemaps, "
        "start pages), fetch them politely and append new records to the crawl output. "
        "Safe to run from cron: state is kept in SQLite, records are written exactly once.",
        epilog="Exit status: 0 the run completed (even if some pages failed; see 'scrape "
        "status'), 2 it could not run or go on (bad config; state or output not usable, disk "
        "full: what was written stays whole and the next run picks up), 3 another crawl on "
        "the same state is still running, or another process holds the state database "
        "locked (nothing was done).",
    )
    crawl_cmd.add_argument(
        "--dry-run",
        action="store_true",
        help="discover, then list the URLs a run would fetch (site, new/retry/revisit, URL) "
        "without fetching them or changing the state",
    )
    crawl_cmd.add_argument(
        "--max-pages", type=int, metavar="N", help="visit at most N article URLs in this run"
    )
    crawl_cmd.add_argument(
        "--sites", nargs="+", metavar="NAME", help="crawl only these sites (names in the config)"
    )
    crawl_cmd.set_defaults(run=run_crawl)
    status = sub.add_parser(
        "status",
        parents=[config],
        help="show the crawl state: URLs per site and status, failures by reason",
        description="Summarise the crawl state database named in the config.",
    )
    status.add_argument("--site", metavar="NAME", help="only this site")
    status.add_argument(
        "--failures", type=int, default=0, metavar="N", help="also list the N latest failures"
    )
    status.set_defaults(run=run_status)


def run_fetch(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    with Fetcher(settings.fetch) as fetcher:
        return _emit_all(
            args.urls, lambda url: fetch_article(url, settings=settings, fetcher=fetcher), args
        )


def run_crawl(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    if args.max_pages is not None and args.max_pages < 0:
        raise SystemExit("scrape crawl: --max-pages must be 0 or more")
    options = CrawlOptions(
        base=_config_folder(args.config),
        sites=tuple(args.sites or ()),
        max_pages=args.max_pages,
        dry_run=args.dry_run,
    )
    crawl(settings, options)
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    state = _config_folder(args.config) / settings.crawl.state
    print(status_text(state, failures=args.failures, site=args.site))
    return EXIT_OK


def _config_folder(config: str | None) -> Path:
    """Relative paths in the crawl settings are relative to the config file's folder."""
    return Path(config).resolve().parent if config else Path.cwd()


def run_extract(args: argparse.Namespace) -> int:
    if (args.url or args.explain) and len(args.files) > 1:
        raise SystemExit("scrape extract: --url and --explain apply to one FILE; give one per run")
    settings = load_settings(args.config)
    if args.warc:
        return _extract_archives(args.files, settings, args)
    if args.explain:
        data = sys.stdin.buffer.read() if args.files[0] == "-" else _read(args.files[0])
        found = explain(data, args.url, settings=settings, http_charset=args.encoding)
        print(render_explanation(found))
        return EXIT_OK if found.article is not None else EXIT_SOME_FAILED

    def one(name: str) -> Article:
        data = sys.stdin.buffer.read() if name == "-" else _read(name)
        return extract(data, args.url, settings=settings, http_charset=args.encoding)

    return _emit_all(args.files, one, args)


def _extract_archives(names: list[str], settings: Settings, args: argparse.Namespace) -> int:
    """Re-extract the responses stored in WARC files, without fetching anything."""
    failed = 0
    with _open_writer(args.output) as writer:
        for page in (page for name in names for page in read_responses(name)):
            try:
                article = extract(
                    page.body,
                    page.url,
                    settings=settings,
                    http_charset=page.charset,
                    fetched_at=page.fetched_at,
                )
            except ScrapeError as exc:
                failed += 1
                print(f"scrape: {page.url}: {exc.reason}: {exc}", file=sys.stderr)
            else:
                writer.write(article)
    return EXIT_SOME_FAILED if failed else EXIT_OK


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
