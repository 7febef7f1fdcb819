"""``scrape status``: what the crawl state holds, per site, and why URLs failed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from scrape.crawl.state import STATUSES, State


def status_text(state_path: Path, *, failures: int = 0, site: str | None = None) -> str:
    """A plain-text report: URLs per site and status, failures by reason, the last run."""
    state = State.open(state_path, readonly=True)
    try:
        parts = [_per_site(state, site), _reasons(state, site), _last_run(state)]
        if failures:
            parts.append(_recent_failures(state, site, failures))
    finally:
        state.close()
    return "\n\n".join(p for p in parts if p)


def _where(site: str | None) -> tuple[str, tuple[str, ...]]:
    return ("WHERE site = ?", (site,)) if site else ("", ())


def _per_site(state: State, site: str | None) -> str:
    where, params = _where(site)
    rows = state.query(
        f"SELECT site, status, count(*), max(fetched_at) FROM urls {where} GROUP BY site, status",
        params,
    )
    table: dict[str, dict[str, int]] = {}
    last: dict[str, float] = {}
    for name, status, count, fetched in rows:
        table.setdefault(name, {})[status] = count
        last[name] = max(last.get(name, 0.0), fetched or 0.0)
    head = ("site", "urls", *STATUSES, "last fetch")
    lines: list[tuple[str, ...]] = [head]
    for name in sorted(table):
        counts = table[name]
        cells = [str(counts.get(s, 0)) for s in STATUSES]
        lines.append((name, str(sum(counts.values())), *cells, _when(last[name])))
    return _table(lines) if table else "no URLs discovered yet"


def _reasons(state: State, site: str | None) -> str:
    where, params = _where(site)
    clause = f"{where} AND" if where else "WHERE"
    rows = state.query(
        f"SELECT site, reason, count(*) FROM urls {clause} status IN ('failed', 'skipped') "
        "GROUP BY site, reason ORDER BY site, count(*) DESC",
        params,
    )
    if not rows:
        return ""
    return "failed or skipped, by reason:\n" + "\n".join(
        f"  {name}  {reason or 'unknown'}  {count}" for name, reason, count in rows
    )


def _last_run(state: State) -> str:
    rows = state.query("SELECT started, finished, summary FROM runs ORDER BY id DESC LIMIT 1")
    if not rows:
        return "no run recorded yet"
    started, finished, summary = rows[0]
    if finished is None:
        return f"last run: started {_when(started)}, not finished (running, or it was killed)"
    total = json.loads(summary)["total"]
    counts = ", ".join(f"{k} {v}" for k, v in total.items() if not isinstance(v, dict))
    failed = sum(total["failed"].values())
    return f"last run: {_when(started)} to {_when(finished)}: {counts}, failed {failed}"


def _recent_failures(state: State, site: str | None, limit: int) -> str:
    where, params = _where(site)
    clause = f"{where} AND" if where else "WHERE"
    rows = state.query(
        f"SELECT url, reason, message FROM urls {clause} status = 'failed' "
        "ORDER BY fetched_at DESC LIMIT ?",
        (*params, limit),
    )
    return (
        "recent failures:\n"
        + "\n".join(f"  {url}  {reason}: {message}" for url, reason, message in rows)
        if rows
        else "recent failures: none"
    )


def _when(timestamp: float | None) -> str:
    if not timestamp:
        return "-"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _table(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )
