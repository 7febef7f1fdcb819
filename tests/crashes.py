"""Crash trials on `scrape crawl`, shared by tests/test_crash.py and bench/crash.py.

A trial runs the real command in a subprocess against the fake news world, kills it
with SIGKILL at a chosen instant, runs it again to the end, and then reads the output
folder the way a downstream user would: every line must parse as a record, and the
records must be exactly those of one clean run (by URL and body_hash), none twice.

Which host's copy of a syndicated ``wire-*`` story is emitted first depends on the order
pages are fetched in, so for those the story's path stands in for the URL.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Key = tuple[str, str]
_CLEAN_EXIT = 0


def command(config: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "scrape", "crawl", "--config", str(config), *extra]


def limited(argv: list[str], file_size: int) -> list[str]:
    """``argv`` run under a file size limit, SIGXFSZ ignored, so writes past it fail (EFBIG).

    The limit is set in a small launcher that then execs ``argv`` (limits and ignored
    signals survive exec), which is safe in a test process running server threads,
    unlike ``preexec_fn``.
    """
    launcher = (
        "import os, resource, signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({file_size}, {file_size})); "
        "os.execv(sys.argv[1], sys.argv[1:])"
    )
    return [sys.executable, "-c", launcher, *argv]


def run(argv: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)


def started(folder: Path, process: subprocess.Popen[bytes], timeout: float = 30) -> float:
    """Wait until the run holds its lock (imports done, the run begun); the time it did."""
    lock = folder / "state.sqlite.lock"
    deadline = time.monotonic() + timeout
    while not lock.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    return time.monotonic()


def spawn(config: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command(config), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def working_seconds(config: Path, folder: Path) -> float:
    """A whole run's time from taking its lock to its exit (the window kills are drawn from)."""
    process = spawn(config)
    begun = started(folder, process)
    code = process.wait(timeout=120)
    assert code == _CLEAN_EXIT, f"clean run exited {code}"
    return time.monotonic() - begun


def kill_after(config: Path, folder: Path, seconds: float) -> bool:
    """Start a run, SIGKILL it ``seconds`` after it took its lock; True if it was still running."""
    process = spawn(config)
    begun = started(folder, process)
    while process.poll() is None and time.monotonic() < begun + seconds:
        time.sleep(min(0.005, max(0.0, begun + seconds - time.monotonic())))
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    return process.wait(timeout=60) == -signal.SIGKILL


def today_file() -> str:
    """The name the crawl configs here give today's output file (``articles-%Y-%m-%d.jsonl``)."""
    return datetime.now(UTC).strftime("articles-%Y-%m-%d.jsonl")


def key(record: dict[str, Any]) -> Key:
    url = str(record["url"])
    path = urlsplit(url).path
    return (path if path.startswith("/news/wire-") else url, str(record["body_hash"]))


def output_files(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "out").glob("*.jsonl*") if p.suffix in (".jsonl", ".gz"))


def lines_of(file: Path) -> list[bytes]:
    """A plain or gzipped JSONL file's lines; a gzip file cut short is one bad line."""
    data = file.read_bytes()
    if file.suffix == ".gz":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error):
            return [b"(a gzip member cut short)"]
    return data.splitlines(keepends=True)


def read_records(folder: Path) -> tuple[list[dict[str, Any]], int]:
    """Every record in the output files, and how many lines a reader could not parse."""
    records, bad = [], 0
    for file in output_files(folder):
        for line in lines_of(file):
            try:
                assert line.endswith(b"\n")
                records.append(json.loads(line))
            except (AssertionError, ValueError):
                bad += 1
    return records, bad


def set_aside_records(folder: Path) -> list[dict[str, Any]]:
    """Lines of ``FILE.partial`` that parse as a whole record (one cut before its newline)."""
    found = []
    for file in sorted((folder / "out").glob("*.partial")):
        for piece in file.read_bytes().split(b"\n"):
            try:
                record = json.loads(piece)
            except ValueError:
                continue
            if isinstance(record, dict) and "body_hash" in record:
                found.append(record)
    return found


@dataclass(frozen=True, slots=True)
class Tally:
    """What a reader finds in a crawled folder, against the records of a clean run."""

    lines: int
    lost: int  # clean-run records missing
    duplicated: int  # records whose URL or body was already emitted
    unparsable: int  # lines that are not a whole JSON record
    extra: int  # records a clean run does not have
    set_aside: int  # whole records found in FILE.partial
    set_aside_lost: int  # of those, missing from the output

    @property
    def clean(self) -> bool:
        return not (self.lost or self.duplicated or self.unparsable or self.extra)

    @property
    def passed(self) -> bool:
        return self.clean and not self.set_aside_lost


def tally(folder: Path, expected: set[Key]) -> Tally:
    records, bad = read_records(folder)
    keys = [key(r) for r in records]
    urls: set[str] = set()
    hashes: set[str] = set()
    repeated = 0
    for record in records:
        repeated += record["url"] in urls or record["body_hash"] in hashes
        urls.add(record["url"])
        hashes.add(record["body_hash"])
    aside = [key(r) for r in set_aside_records(folder)]
    return Tally(
        lines=len(records) + bad,
        lost=len(expected - set(keys)),
        duplicated=repeated,
        unparsable=bad,
        extra=len(set(keys) - expected),
        set_aside=len(aside),
        set_aside_lost=sum(k not in set(keys) for k in aside),
    )


def recovered(stderr: str) -> tuple[int, int]:
    """(records kept, bytes set aside) from a run's crawl_start log line."""
    for line in stderr.splitlines():
        if "event=crawl_start" in line:
            fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
            return int(fields["recovered"]), int(fields["set_aside_bytes"])
    return 0, 0
