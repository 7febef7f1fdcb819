"""Crash trials and a fault-injection crawl for `scrape crawl`, with their counts.

What it does
------------
1. Crash trials. A fake news world (``tests/world.py``; 3 hosts of 60 stories by default,
   10 ms latency per answer) is crawled once cleanly by ``python -m scrape crawl`` in a
   subprocess; that run's records (URL and body_hash) are the reference, and its time from
   taking its lock to its exit is the window kill instants are drawn from. Then each trial,
   in a fresh folder, starts the same crawl, sends it SIGKILL at an instant drawn
   uniformly from that window (seeded), runs it again to the end, and reads the output as
   a user would. Odd trials write gzip output (``.jsonl.gz``), even ones plain JSONL.
2. Fault-injection crawl. A larger world (10 hosts of 60 stories) whose article answers
   fail in a seeded share (30 % by default): no answer (timeout), TCP reset, 500, a body
   cut short of its Content-Length, a gzip bomb. One crawl with the shipped retry settings
   (2 retries, backoff 0.05 s here) runs in a subprocess; the world's request log says
   which pages it served intact, the state says what became of each URL.

Reading the output
------------------
Per trial: ``kill at`` (seconds after the run took its lock), ``killed`` (no when the run
had already finished), ``batch open`` (batches the killed run had noted in its state but
not finished: the kill fell between noting a batch and marking it done; ``cut line`` when
the output then ended mid-line), the re-run's exit status, the records it ``recovered`` from the
killed run's last batch and the bytes it ``set aside`` (an incomplete tail moved to
``FILE.partial``), then against the reference: ``lost`` records, ``duplicated`` records
(URL or body emitted twice), ``unparsable`` lines, ``extra`` records, and whole records
found in ``.partial`` (and how many of those are missing from the output: must be 0).
A trial passes when lost, duplicated, unparsable, extra and missing-from-output are 0.

Fault crawl: article URLs and requests, faults injected by kind (requests), URLs served
intact at least once against URLs emitted plus recorded as duplicates of an emitted body
(must match), and failed URLs by reason as the state stores them against the reason the
world's last answer for each implies.

Run from the repository root: ``python bench/crash.py [--trials 20] [--seed 1]``.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests import crashes  # noqa: E402
from tests.world import FAULTS, World, crawl_config  # noqa: E402

REASONS = {
    "timeout": "timeout",
    "reset": "protocol",
    "500": "http_500",
    "truncated": "protocol",
    "bomb": "too_large",
}


@dataclass
class Trial:
    number: int
    output: str
    at: float
    killed: bool
    pending: int
    broken_tail: bool
    rerun: int
    recovered: int
    set_aside_bytes: int
    tally: crashes.Tally

    @property
    def passed(self) -> bool:
        return self.rerun == 0 and self.tally.passed


def write_config(folder: Path, world: World, **crawl: object) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.yaml"
    config.write_text(crawl_config(world, revisit_after=3600, host_concurrency=3, **crawl))
    return config


def crash_trials(args: argparse.Namespace, root: Path) -> list[Trial]:
    world = World(hosts=args.hosts, stories=args.stories, crawl_delay=0, latency=0.01).start()
    try:
        clean = root / "clean"
        seconds = crashes.working_seconds(write_config(clean, world), clean)
        records, bad = crashes.read_records(clean)
        assert bad == 0, "the clean run left unparsable lines"
        expected = {crashes.key(r) for r in records}
        print(f"clean run: {len(expected)} records, {seconds:.2f} s from lock to exit\n")
        rng = random.Random(args.seed)
        return [
            one_trial(n, world, root, expected, rng.uniform(0, seconds)) for n in range(args.trials)
        ]
    finally:
        world.stop()


def one_trial(
    number: int, world: World, root: Path, expected: set[crashes.Key], at: float
) -> Trial:
    gz = number % 2 == 1
    folder = root / f"trial-{number}"
    output = "out/articles-%Y-%m-%d.jsonl" + (".gz" if gz else "")
    config = write_config(folder, world, output=output)
    killed = crashes.kill_after(config, folder, at)
    pending, broken = left_behind(folder)
    rerun = crashes.run(crashes.command(config))
    kept, aside = crashes.recovered(rerun.stderr)
    tally = crashes.tally(folder, expected)
    trial = Trial(
        number,
        "gzip" if gz else "plain",
        at,
        killed,
        pending,
        broken,
        rerun.returncode,
        kept,
        aside,
        tally,
    )
    print(".", end="", flush=True, file=sys.stderr)
    return trial


def left_behind(folder: Path) -> tuple[int, bool]:
    """After a kill: batches the state notes as being written, and whether a file ends mid-line."""
    pending = 0
    state = folder / "state.sqlite"
    if state.exists():
        with closing(sqlite3.connect(f"{state.as_uri()}?mode=ro", uri=True)) as db:
            try:
                pending = db.execute("SELECT count(*) FROM pending").fetchone()[0]
            except sqlite3.OperationalError:  # killed before the tables were made
                pending = 0
    broken = any(
        f.read_bytes()[-1:] not in (b"", b"\n")
        for f in crashes.output_files(folder)
        if f.suffix == ".jsonl"
    )
    return pending, broken


def trials_table(trials: list[Trial]) -> str:
    head = [
        "trial",
        "output",
        "kill at s",
        "killed",
        "batch open",
        "rerun exit",
        "recovered",
        "set aside B",
        "lines",
        "lost",
        "duplicated",
        "unparsable",
        "extra",
        "whole in .partial (missing)",
        "result",
    ]
    rows = [head] + [
        [
            str(t.number),
            t.output,
            f"{t.at:.2f}",
            "yes" if t.killed else "no",
            f"{t.pending}{' (cut line)' if t.broken_tail else ''}",
            str(t.rerun),
            str(t.recovered),
            str(t.set_aside_bytes),
            str(t.tally.lines),
            str(t.tally.lost),
            str(t.tally.duplicated),
            str(t.tally.unparsable),
            str(t.tally.extra),
            f"{t.tally.set_aside} ({t.tally.set_aside_lost})",
            "pass" if t.passed else "FAIL",
        ]
        for t in trials
    ]
    return render(rows)


def trials_summary(trials: list[Trial]) -> str:
    total = len(trials)
    return (
        f"trials passed {sum(t.passed for t in trials)}/{total}; killed mid-run "
        f"{sum(t.killed for t in trials)}/{total}; records lost "
        f"{sum(t.tally.lost for t in trials)}, duplicated "
        f"{sum(t.tally.duplicated for t in trials)}, unparsable lines "
        f"{sum(t.tally.unparsable for t in trials)}, extra {sum(t.tally.extra for t in trials)}; "
        f"kills inside a batch {sum(t.pending > 0 for t in trials)}; re-runs that recovered "
        f"records {sum(t.recovered > 0 for t in trials)}, that set bytes aside "
        f"{sum(t.set_aside_bytes > 0 for t in trials)}"
    )


def fault_crawl(args: argparse.Namespace, root: Path) -> str:
    world = World(
        hosts=args.fault_hosts,
        stories=args.fault_stories,
        crawl_delay=0,
        faults=args.share,
        seed=args.seed,
    ).start()
    folder = root / "faults"
    try:
        config = write_config(
            folder, world, fetch={"timeout": 1.5, "max_bytes": 1_000_000}, retries=2, concurrency=16
        )
        result = crashes.run(crashes.command(config), timeout=600)
        served: dict[str, list[str]] = {}
        for request in world.requested():
            if request.path.startswith("/news/"):
                url = world.hosts[request.host].base + request.path
                served.setdefault(url, []).append(request.answer)
    finally:
        world.stop()
    with sqlite3.connect(folder / "state.sqlite") as db:
        state = {u: (s, r) for u, s, r in db.execute("SELECT url, status, reason FROM urls")}
    db.close()
    records, bad = crashes.read_records(folder)
    emitted = {r["url"] for r in records}
    duplicates = {u for u, (_, reason) in state.items() if reason == "same_body"}
    intact = {u for u, seq in served.items() if "200" in seq}
    injected = Counter(a for seq in served.values() for a in seq if a in FAULTS)
    expected = Counter(REASONS[seq[-1]] for u, seq in served.items() if u not in intact)
    stored = Counter(r for u, (s, r) in state.items() if s == "failed" and u in served)
    rows = [
        ["crawl exit status", str(result.returncode)],
        ["article URLs / requests", f"{len(served)} / {sum(map(len, served.values()))}"],
        ["faults injected (requests)", ", ".join(f"{k} {injected[k]}" for k in FAULTS)],
        ["URLs served intact", str(len(intact))],
        [
            "emitted + duplicates",
            f"{len(emitted)} + {len(duplicates)} = {len(emitted) + len(duplicates)}",
        ],
        ["intact, not emitted", str(len(intact - emitted - duplicates))],
        ["emitted, never intact", str(len(emitted - intact))],
        ["unparsable lines", str(bad)],
        ["failed URLs by reason (state)", reasons(stored)],
        ["expected from the world's log", reasons(expected)],
    ]
    return render(rows)


def reasons(counts: Counter[str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "0"


def render(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hosts", type=int, default=3)
    parser.add_argument("--stories", type=int, default=60)
    parser.add_argument("--fault-hosts", type=int, default=10)
    parser.add_argument("--fault-stories", type=int, default=60)
    parser.add_argument("--share", type=float, default=0.3, help="share of article requests")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-crash-") as tmp:
        root = Path(tmp)
        trials = crash_trials(args, root)
        print(file=sys.stderr)
        print(trials_table(trials))
        print()
        print(trials_summary(trials))
        print(
            f"\nfault-injection crawl: {args.fault_hosts} hosts x {args.fault_stories} stories,"
            f" {args.share:.0%} of article requests failing"
        )
        print(fault_crawl(args, root))
    return 0 if all(t.passed for t in trials) else 1


if __name__ == "__main__":
    sys.exit(main())
