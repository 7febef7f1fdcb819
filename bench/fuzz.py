"""A long fuzz run: many generated pages through extract and decode, failures grouped.

The properties are those of tests/test_fuzz.py (extract returns an Article that
validates again or raises a ScrapeError; decode returns text), run on many more
inputs. Instead of stopping at the first failure, every input is tried and the
failures are grouped by exception type and the innermost frame in scrape, so
one run lists every distinct bug with a small example of each.

    python bench/fuzz.py                        # 20,000 inputs over the three targets
    python bench/fuzz.py --inputs 60000 --workers 2 --seed 7
    python bench/fuzz.py --slow 2.0             # also report inputs slower than 2 s

Prints a table: per target, inputs tried, Articles, ScrapeErrors by reason,
failures, distinct failures, slowest input; then each distinct failure.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tests.strategies import charset_labels, encoded_pages, html_pages, page_urls  # noqa: E402

from scrape import Article, ScrapeError, extract  # noqa: E402
from scrape.decode import decode  # noqa: E402

TARGETS = {"extract-html": 0.5, "extract-bytes": 0.25, "decode": 0.25}  # share of inputs


@dataclass
class Tally:
    tried: int = 0
    articles: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    failures: dict[str, tuple[int, str, str]] = field(default_factory=dict)  # key -> n, example, tb
    slow: list[tuple[float, str]] = field(default_factory=list)
    slowest: float = 0.0

    def merge(self, other: Tally) -> None:
        self.tried += other.tried
        self.articles += other.articles
        self.reasons.update(other.reasons)
        for key, (count, example, tb) in other.failures.items():
            mine = self.failures.get(key)
            self.failures[key] = (count + (mine[0] if mine else 0), example, tb)
        self.slow += other.slow
        self.slowest = max(self.slowest, other.slowest)


def _failure_key(exc: BaseException) -> str:
    """Exception type and the innermost frame inside scrape (or the innermost at all)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/scrape/" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


def _record(tally: Tally, target: str, run: Any, shown: str, slow_after: float) -> None:
    tally.tried += 1
    start = time.perf_counter()
    try:
        outcome = run()
    except ScrapeError as exc:
        tally.reasons[exc.reason] += 1
    except Exception as exc:  # the point of the run: anything else is a bug to list
        key = _failure_key(exc)
        count, example, tb = tally.failures.get(key, (0, shown, traceback.format_exc()))
        if len(shown) < len(example):
            example = shown
        tally.failures[key] = (count + 1, example, tb)
    else:
        if isinstance(outcome, Article):
            tally.articles += 1
    elapsed = time.perf_counter() - start
    tally.slowest = max(tally.slowest, elapsed)
    if elapsed > slow_after:
        tally.slow.append((elapsed, shown[:300]))


def _check_article(page: str | bytes, url: str | None, charset: str | None) -> Article:
    article = extract(page, url, http_charset=charset)
    if Article.model_validate(article.model_dump()) != article:
        raise AssertionError("Article does not survive model_dump -> model_validate")
    return article


def _check_decode(data: bytes, http: str | None, forced: str | None) -> None:
    result = decode(data, forced=forced, http_charset=http)
    if not isinstance(result.text, str):
        raise AssertionError("decode returned no str")


def run_target(target: str, inputs: int, run_seed: int, slow_after: float) -> Tally:
    """Generate ``inputs`` examples for one target in this process and tally the outcomes."""
    tally = Tally()
    options = settings(
        max_examples=inputs,
        deadline=None,
        database=None,
        phases=[Phase.generate],  # no shrinking: every input counts once, failures are grouped
        suppress_health_check=list(HealthCheck),
    )
    if target == "decode":

        @seed(run_seed)
        @options
        @given(encoded_pages, charset_labels, st.one_of(st.none(), charset_labels))
        def fuzz_decode(data: bytes, http: str | None, forced: str | None) -> None:
            shown = f"decode({data[:200]!r}, http={http!r}, forced={forced!r})"
            _record(tally, target, lambda: _check_decode(data, http, forced), shown, slow_after)

        fuzz_decode()
        return tally
    pages = html_pages if target == "extract-html" else encoded_pages
    charsets = st.none() if target == "extract-html" else charset_labels

    @seed(run_seed)
    @options
    @given(pages, page_urls, charsets)
    def fuzz_extract(page: str | bytes, url: str | None, charset: str | None) -> None:
        shown = f"extract({page[:400]!r}, url={url!r}, http_charset={charset!r})"
        _record(tally, target, lambda: _check_article(page, url, charset), shown, slow_after)

    fuzz_extract()
    return tally


def _job(args: tuple[str, int, int, float]) -> tuple[str, Tally]:
    target, inputs, run_seed, slow_after = args
    import logging

    logging.disable(logging.CRITICAL)  # trafilatura and htmldate log every empty tree
    return target, run_target(target, inputs, run_seed, slow_after)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=20_000, help="total inputs (default 20000)")
    parser.add_argument("--workers", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--seed", type=int, default=0, help="base seed (default 0)")
    parser.add_argument("--slow", type=float, default=5.0, help="report inputs slower than this")
    args = parser.parse_args()
    jobs = []
    for index, (target, share) in enumerate(TARGETS.items()):
        total = round(args.inputs * share)
        per = -(-total // args.workers)
        jobs += [
            (target, per, args.seed * 1000 + index * 100 + w, args.slow)
            for w in range(args.workers)
        ]
    started = time.perf_counter()
    tallies = {target: Tally() for target in TARGETS}
    with ProcessPoolExecutor(args.workers) as pool:
        for target, tally in pool.map(_job, jobs):
            tallies[target].merge(tally)
    _report(tallies, time.perf_counter() - started)
    return 1 if any(t.failures for t in tallies.values()) else 0


def _report(tallies: dict[str, Tally], seconds: float) -> None:
    print(f"{'target':<14} {'inputs':>7} {'articles':>8} {'scrape errors':>13} "
          f"{'failures':>8} {'distinct':>8} {'slowest s':>9}")  # fmt: skip
    for target, t in tallies.items():
        errors = sum(t.reasons.values())
        print(f"{target:<14} {t.tried:>7} {t.articles:>8} {errors:>13} "
              f"{sum(n for n, _, _ in t.failures.values()):>8} {len(t.failures):>8} "
              f"{t.slowest:>9.2f}")  # fmt: skip
    total = sum(t.tried for t in tallies.values())
    print(f"\n{total} inputs in {seconds:.0f} s ({total / seconds:.0f}/s)")
    for target, t in tallies.items():
        if t.reasons:
            print(f"{target} ScrapeError reasons: {dict(t.reasons.most_common())}")
    for target, t in tallies.items():
        for elapsed, shown in sorted(t.slow, reverse=True)[:5]:
            print(f"\nSLOW {target} {elapsed:.2f} s: {shown}")
        for key, (count, example, tb) in t.failures.items():
            print(f"\nFAILURE {target}: {key} ({count} inputs)\nsmallest seen: {example}\n{tb}")


if __name__ == "__main__":
    sys.exit(main())
