"""What a run tells its operator: live progress on a terminal, log lines under cron.

On a terminal, one status line is redrawn twice a second (pages done, per-site
counts, errors, rate). Elsewhere (cron, a pipe) the run writes a few
structured ``key=value`` lines: its start, each failing discovery source, each
site's totals and the run's totals. The same counts make the end-of-run
summary and are stored with the run in the state database.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from scrape.errors import CrawlError, ScrapeError


@dataclass(slots=True)
class SiteCounts:
    """One site's numbers for one run."""

    discovered: int = 0
    fetched: int = 0
    not_modified: int = 0
    emitted: int = 0
    duplicates: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    discovery_errors: Counter[str] = field(default_factory=Counter)

    @property
    def done(self) -> int:
        return (
            self.not_modified
            + self.emitted
            + self.duplicates
            + sum(self.failed.values())
            + sum(self.skipped.values())
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "discovered": self.discovered,
            "fetched": self.fetched,
            "not_modified": self.not_modified,
            "emitted": self.emitted,
            "duplicates": self.duplicates,
            "failed": dict(sorted(self.failed.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "discovery_errors": dict(sorted(self.discovery_errors.items())),
        }


class Report:
    """Counts per site, and the display that shows them; ``live`` defaults to isatty."""

    def __init__(self, stream: TextIO, live: bool | None = None) -> None:
        self.stream = stream
        self.live = stream.isatty() if live is None else live
        self.sites: dict[str, SiteCounts] = {}
        self.started = time.monotonic()

    def site(self, name: str) -> SiteCounts:
        return self.sites.setdefault(name, SiteCounts())

    def discovered(self, site: str, count: int) -> None:
        self.site(site).discovered += count

    def fetched(self, site: str) -> None:
        self.site(site).fetched += 1

    def outcome(self, site: str, kind: str, reason: str | None = None) -> None:
        """Count one visit: emitted, not_modified, duplicate, failed or skipped (with reason)."""
        counts = self.site(site)
        if kind == "failed":
            counts.failed[reason or "error"] += 1
        elif kind == "skipped":
            counts.skipped[reason or "skipped"] += 1
        elif kind == "duplicate":
            counts.duplicates += 1
        else:
            setattr(counts, kind, getattr(counts, kind) + 1)

    def skipped(self, site: str, reason: str) -> None:
        self.site(site).skipped[reason] += 1

    @contextmanager
    def guard(self, site: str, url: str) -> Iterator[None]:
        """Count a failing discovery source and let the run go on without it."""
        try:
            yield
        except CrawlError:
            raise  # the state or output failed: the run itself cannot go on
        except ScrapeError as exc:
            self.site(site).discovery_errors[exc.reason] += 1
            self.log("source_failed", site=site, url=url, reason=exc.reason, error=str(exc))

    def warn(self, event: str, message: str, **fields: object) -> None:
        """Something the operator should know: a line on a terminal, a log line under cron."""
        if self.live:
            print(f"\r\x1b[Kscrape: warning: {message}", file=self.stream, flush=True)
        else:
            self.log(event, **fields, warning=message)

    def log(self, event: str, **fields: object) -> None:
        """One ``key=value`` line (not on a terminal, where the status line speaks)."""
        if self.live:
            return
        stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        parts = [f"time={stamp}", f"event={event}"]
        parts += [f"{key}={_value(value)}" for key, value in fields.items()]
        print(" ".join(parts), file=self.stream, flush=True)

    def totals(self) -> SiteCounts:
        total = SiteCounts()
        for counts in self.sites.values():
            for name in ("discovered", "fetched", "not_modified", "emitted", "duplicates"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
            total.failed += counts.failed
            total.skipped += counts.skipped
            total.discovery_errors += counts.discovery_errors
        return total

    def rate(self) -> float:
        return self.totals().done / max(time.monotonic() - self.started, 1e-9)

    async def ticker(self, every: float = 0.5) -> None:
        """Redraw the status line until cancelled (terminals only)."""
        while self.live:
            self.draw()
            await asyncio.sleep(every)

    def draw(self) -> None:
        total = self.totals()
        line = (
            f"{total.done} pages, {total.emitted} new, {sum(total.failed.values())} failed,"
            f" {self.rate():.1f}/s | "
            + "  ".join(f"{name} {c.done}" for name, c in sorted(self.sites.items()))
        )
        width = shutil.get_terminal_size((100, 20)).columns - 1
        print("\r\x1b[K" + line[:width], end="", file=self.stream, flush=True)

    def summary(self) -> dict[str, Any]:
        return {
            "seconds": round(time.monotonic() - self.started, 3),
            "total": self.totals().as_dict(),
            "sites": {name: c.as_dict() for name, c in sorted(self.sites.items())},
        }

    def finish(self) -> None:
        """The end-of-run summary: a table on a terminal, one line per site otherwise."""
        if not self.live:
            for name, counts in sorted(self.sites.items()):
                self.log("site_done", site=name, **_flat(counts))
            self.log(
                "crawl_done",
                seconds=round(time.monotonic() - self.started, 1),
                **_flat(self.totals()),
            )
            return
        self.draw()
        print(file=self.stream)
        print(summary_table(self.sites, self.totals()), file=self.stream, flush=True)


def summary_table(sites: dict[str, SiteCounts], total: SiteCounts) -> str:
    head = ("site", "discovered", "fetched", "not modified", "emitted", "duplicates", "failed")
    rows: list[tuple[str, ...]] = [(*head, "skipped")]
    for name, c in [*sorted(sites.items()), ("total", total)]:
        numbers = (c.discovered, c.fetched, c.not_modified, c.emitted, c.duplicates)
        rows.append((name, *map(str, numbers), _reasons(c.failed), _reasons(c.skipped)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def _reasons(counts: Counter[str]) -> str:
    return ", ".join(f"{reason} {n}" for reason, n in sorted(counts.items())) or "0"


def _flat(counts: SiteCounts) -> dict[str, object]:
    data = counts.as_dict()
    flat: dict[str, object] = {k: v for k, v in data.items() if not isinstance(v, dict)}
    for group in ("failed", "skipped", "discovery_errors"):
        flat[group] = sum(data[group].values())
        flat.update({f"{group}.{reason}": n for reason, n in data[group].items()})
    return flat


def _value(value: object) -> str:
    text = str(value)
    if not text or any(c in text for c in ' "=\n'):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
    return text
