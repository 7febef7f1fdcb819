"""A crawl on a bad day: kill -9 at random instants, a full disk, a locked state database
and a deleted output file. After each, a run without the trouble must leave the dataset as
one clean run leaves it: every record once, none lost, every line a whole record.

The real `python -m scrape crawl` runs in subprocesses against the fake news world;
bench/crash.py runs more kill trials and prints their table.
"""

from __future__ import annotations

import io
import json
import random
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from scrape.crawl.lock import RunLock
from scrape.crawl.report import Report
from tests import crashes
from tests.crashes import Key
from tests.world import World, crawl_config

SEED = 20261125
TRIALS = 5  # bench/crash.py runs 20
ERRORS = {  # what a run that cannot go on says, on its one line
    "state": "cannot update the crawl state",
    "output": "cannot write: File too large",
}
LOCKER = """
import sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()
"""


@dataclass(frozen=True)
class Reference:
    """The world every test here crawls, and what one clean run of it emits."""

    world: World
    expected: set[Key]
    seconds: float  # a clean run's time from taking its lock to its exit


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Reference]:
    world = World(hosts=3, stories=30, crawl_delay=0, latency=0.01).start()
    folder = tmp_path_factory.mktemp("clean")
    seconds = crashes.working_seconds(write_config(folder, world), folder)
    records, unparsable = crashes.read_records(folder)
    assert unparsable == 0 and len(records) > 80
    yield Reference(world, {crashes.key(r) for r in records}, seconds)
    world.stop()


def write_config(folder: Path, world: World) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "config.yaml"
    config.write_text(crawl_config(world, revisit_after=3600, host_concurrency=3))
    return config


def crawl(config: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return crashes.run(crashes.command(config, *extra))


def problems(stderr: str) -> list[str]:
    """stderr without the run's ``key=value`` log lines."""
    return [line for line in stderr.splitlines() if not line.startswith("time=")]


def test_kill_9_at_random_instants_then_a_rerun_leaves_exactly_a_clean_runs_records(
    reference: Reference, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    killed = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"trial-{trial}"
        config = write_config(folder, reference.world)
        killed += crashes.kill_after(config, folder, rng.uniform(0, reference.seconds))
        rerun = crawl(config)
        assert rerun.returncode == 0, rerun.stderr
        tally = crashes.tally(folder, reference.expected)
        # Zero lost, duplicated or unparsable; a whole record that was set aside in
        # FILE.partial (cut before its newline) was fetched and written again.
        assert tally.passed, (trial, tally)
    assert killed >= TRIALS - 1  # the instants fall inside the runs, not after them


def old_records(count: int) -> bytes:
    """Records another site left in today's file earlier: they make it the largest file."""
    lines = [
        json.dumps(
            {
                "url": f"https://old.example/news/{i}",
                "body_hash": f"sha256:old{i}",
                "body": ["Earlier news. " * 60],
            }
        )
        for i in range(count)
    ]
    return ("\n".join(lines) + "\n").encode()


def emitted_in_state(folder: Path) -> tuple[set[tuple[str, str]], set[str]]:
    """(url, body_hash) of URLs the state marks emitted, and the URLs duplicates point to."""
    with sqlite3.connect(f"{(folder / 'state.sqlite').as_uri()}?mode=ro", uri=True) as db:
        emitted = db.execute("SELECT url, body_hash FROM urls WHERE status = 'emitted'")
        owners = db.execute(
            "SELECT duplicate_of FROM urls WHERE status = 'duplicate' AND reason = 'same_body'"
        )
        found = {(u, h) for u, h in emitted}, {u for (u,) in owners}
    db.close()
    return found


@pytest.mark.parametrize("fills", ["state", "output"])
def test_disk_full_stops_the_run_with_one_line_and_a_rerun_completes(
    reference: Reference, tmp_path: Path, fills: str
) -> None:
    """The file size limit (EFBIG) stops the run wherever it bites first.

    A fresh crawl's state grows faster than its output, so there the state's
    write-ahead log hits it; a daily file already holding a day of records
    is the largest file, so there the output does.
    """
    config = write_config(tmp_path, reference.world)
    old = b""
    limit = 300_000
    if fills == "output":
        old = old_records(1500)
        (tmp_path / "out").mkdir()
        (tmp_path / "out" / crashes.today_file()).write_bytes(old)
        limit = len(old) + 40_000
    full = crashes.run(crashes.limited(crashes.command(config), limit))
    assert full.returncode == 2
    [line] = problems(full.stderr)  # one line, no traceback, no asyncio complaints
    assert line.startswith("scrape: ") and ERRORS[fills] in line, line
    records, unparsable = crashes.read_records(tmp_path)
    assert unparsable == 0  # the failed batch was cut off again, not left half-written
    written = {(r["url"], r["body_hash"]) for r in records}
    emitted, owners = emitted_in_state(tmp_path)
    assert emitted <= written and owners <= {url for url, _ in written}
    assert len(records) > len(old.splitlines()) or fills == "state"

    rerun = crawl(config)
    assert rerun.returncode == 0, rerun.stderr
    olds = {crashes.key(json.loads(line)) for line in old.splitlines()}
    tally = crashes.tally(tmp_path, reference.expected | olds)
    assert tally.passed and tally.set_aside == 0, tally


@pytest.mark.parametrize("before", ["earlier runs", "no run yet"])
def test_state_locked_by_another_process_exits_3_having_done_nothing(
    reference: Reference, tmp_path: Path, before: str
) -> None:
    config = write_config(tmp_path, reference.world)
    if before == "earlier runs":
        assert crawl(config, "--max-pages", "10").returncode == 0
    state = tmp_path / "state.sqlite"
    holder = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(state)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        files, asked = snapshot(tmp_path), len(reference.world.requested())
        locked = crawl(config)
        after = snapshot(tmp_path)
    finally:
        holder.communicate("")
    assert locked.returncode == 3
    assert problems(locked.stderr) == [
        f"scrape: {state}: the crawl state is locked by another process "
        "(database is locked); exiting, nothing done"
    ]
    assert after == files  # no byte of state or output changed
    assert len(reference.world.requested()) == asked  # and nothing was fetched
    assert crawl(config).returncode == 0
    assert crashes.tally(tmp_path, reference.expected).passed


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the run lock's (it names its holder) and SQLite's shared index."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith((".lock", "-shm"))
    }


def test_the_run_lock_held_exits_3_having_done_nothing(
    reference: Reference, tmp_path: Path
) -> None:
    config = write_config(tmp_path, reference.world)
    assert crawl(config, "--max-pages", "5").returncode == 0
    with RunLock(tmp_path / "state.sqlite"):  # as a running crawl holds it
        files, asked = snapshot(tmp_path), len(reference.world.requested())
        second = crawl(config)
    assert second.returncode == 3
    assert problems(second.stderr) == [
        f"scrape: another crawl is running on this state ({tmp_path}/state.sqlite.lock is "
        "locked); exiting"
    ]
    assert snapshot(tmp_path) == files and len(reference.world.requested()) == asked
    assert crawl(config).returncode == 0
    assert crashes.tally(tmp_path, reference.expected).passed


def test_output_deleted_between_runs_warns_and_new_records_go_to_a_fresh_file(
    reference: Reference, tmp_path: Path
) -> None:
    config = write_config(tmp_path, reference.world)
    assert crawl(config, "--max-pages", "40").returncode == 0
    [file] = crashes.output_files(tmp_path)
    first, _ = crashes.read_records(tmp_path)
    file.unlink()

    second = crawl(config)
    assert second.returncode == 0, second.stderr
    warning = [line for line in second.stderr.splitlines() if "event=output_missing" in line]
    assert len(warning) == 1 and f"records={len(first)}" in warning[0], second.stderr
    assert "was deleted" in warning[0] and "not written again" in warning[0]
    fresh, unparsable = crashes.read_records(tmp_path)
    assert unparsable == 0 and fresh
    keys = [crashes.key(r) for r in first + fresh]
    assert len(keys) == len(set(keys))  # nothing of the deleted file was emitted again
    assert set(keys) == reference.expected

    lines = file.read_bytes().splitlines(keepends=True)
    file.write_bytes(b"".join(lines[:5]))  # someone keeps only the first five records
    third = crawl(config)
    assert third.returncode == 0
    assert "event=output_shrunk" in third.stderr and "is shorter" in third.stderr
    assert len(crashes.read_records(tmp_path)[0]) == 5  # nothing new, nothing re-emitted
    fourth = crawl(config)
    assert fourth.returncode == 0 and "event=output_" not in fourth.stderr


def test_a_warning_shows_on_a_terminal_as_its_own_line() -> None:
    stream = io.StringIO()
    Report(stream, live=True).warn("output_missing", "out.jsonl was deleted", file="out.jsonl")
    assert stream.getvalue() == "\r\x1b[Kscrape: warning: out.jsonl was deleted\n"
    Report(stream := io.StringIO(), live=False).warn("output_missing", "gone", records=3)
    assert stream.getvalue().endswith("event=output_missing records=3 warning=gone\n")
