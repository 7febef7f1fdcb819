"""The crawl's memory between runs: one SQLite file.

``urls`` holds every URL a site's discovery ever produced, in normal form,
with its status (``queued``, ``emitted``, ``duplicate``, ``failed``,
``skipped``), the validators of its last response (ETag, Last-Modified) and
the body_hash of the record emitted for it. ``hashes`` remembers every body
ever emitted, so the same story under another URL is recorded as a duplicate
instead of being emitted twice. ``pending`` is the write-ahead note of the
output writer (see :mod:`scrape.crawl.output`): it names the batch being
appended, so a run killed half-way can tell which lines reached the file.

The database runs in WAL mode with ``synchronous=NORMAL``: a commit survives
the process being killed (it is in the OS's hands), which is the failure cron
jobs meet; every method below is one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scrape.errors import CrawlError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    message TEXT,
    retry INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    first_seen REAL NOT NULL,
    fetched_at REAL,
    lastmod REAL,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    duplicate_of TEXT,
    canonical_url TEXT,
    final_url TEXT
);
CREATE INDEX IF NOT EXISTS urls_site_status ON urls (site, status);
CREATE TABLE IF NOT EXISTS hashes (body_hash TEXT PRIMARY KEY, url TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources (
    url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, fetched_at REAL, children TEXT
);
CREATE TABLE IF NOT EXISTS pending (
    id INTEGER PRIMARY KEY,
    output TEXT NOT NULL,
    output_offset INTEGER NOT NULL,
    warc TEXT,
    warc_offset INTEGER,
    visits TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started REAL NOT NULL, finished REAL, summary TEXT
);
"""

STATUSES = ("queued", "emitted", "duplicate", "failed", "skipped")


@dataclass(frozen=True, slots=True)
class Job:
    """A URL due for a visit this run, with what the last visit left behind."""

    rowid: int
    url: str
    site: str
    status: str
    etag: str | None
    last_modified: str | None

    @property
    def revisit(self) -> bool:
        return self.status == "emitted"


@dataclass(frozen=True, slots=True)
class Visit:
    """What became of one URL in this run, as it is stored."""

    url: str
    status: str
    fetched_at: float | None = None
    reason: str | None = None
    message: str | None = None
    retry: bool = False
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    duplicate_of: str | None = None
    canonical_url: str | None = None
    final_url: str | None = None


@dataclass(frozen=True, slots=True)
class Pending:
    """A batch of records that was being appended when a run stopped."""

    id: int
    output: str
    output_offset: int
    warc: str | None
    warc_offset: int | None
    visits: list[Visit]


@dataclass(frozen=True, slots=True)
class Source:
    """A feed or sitemap read in full: its validators, and the sitemaps an index lists."""

    url: str
    etag: str | None
    last_modified: str | None
    children: list[str]


@dataclass(frozen=True, slots=True)
class Revisits:
    """An emitted URL is due again if fetched before ``before`` and first seen after ``since``."""

    before: float
    since: float


class State:
    """One crawl state database; open with :meth:`open`, close when the run ends."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> State:
        """Open (creating when needed) the state; ``readonly`` for reports on a live crawl."""
        if readonly:
            return cls._open_readonly(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA busy_timeout=5000")
            db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise CrawlError(f"{path}: cannot open the crawl state: {exc}") from exc
        return cls(db)

    @classmethod
    def _open_readonly(cls, path: Path) -> State:
        if not path.is_file():
            raise CrawlError(f"{path}: no crawl state yet; run 'scrape crawl' first")
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            db.execute("PRAGMA busy_timeout=5000")
            db.execute("SELECT count(*) FROM urls").fetchone()
        except sqlite3.Error as exc:
            raise CrawlError(f"{path}: cannot read the crawl state: {exc}") from exc
        return cls(db)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add_discovered(
        self, site: str, found: Iterable[tuple[str, float | None]], now: float
    ) -> int:
        """Store newly discovered URLs as queued; return how many were new.

        A known URL whose sitemap or feed date is later than its last fetch is
        due for a revisit; its date is kept for that.
        """
        rows = list(found)
        with self._transaction() as db:
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO urls (url, site, status, first_seen, lastmod) "
                "VALUES (?, ?, 'queued', ?, ?)",
                [(url, site, now, lastmod) for url, lastmod in rows],
            )
            new = db.total_changes - before
            db.executemany(
                "UPDATE urls SET lastmod = ? WHERE url = ? AND ? > coalesce(lastmod, 0)",
                [(lastmod, url, lastmod) for url, lastmod in rows if lastmod is not None],
            )
        return new

    def due(
        self, site: str, after: int, limit: int, retry_runs: int, revisits: Revisits
    ) -> list[Job]:
        """The next ``limit`` jobs of a site after rowid ``after``: new, retried, revisited."""
        rows = self._db.execute(
            "SELECT rowid, url, site, status, etag, last_modified FROM urls "
            "WHERE site = ? AND rowid > ? AND ("
            " status = 'queued'"
            " OR (status = 'failed' AND retry = 1 AND attempts <= ?)"
            " OR (status = 'emitted' AND (lastmod > fetched_at"
            "     OR (fetched_at < ? AND first_seen > ?))))"
            " ORDER BY rowid LIMIT ?",
            (site, after, retry_runs, revisits.before, revisits.since, limit),
        ).fetchall()
        return [Job(*row) for row in rows]

    def status_of(self, url: str) -> tuple[str, str | None] | None:
        """(status, body_hash) of a URL, or None when it is unknown."""
        row = self._db.execute(
            "SELECT status, body_hash FROM urls WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def hash_owner(self, body_hash: str) -> str | None:
        """The URL whose record first carried this body, if any was emitted."""
        row = self._db.execute(
            "SELECT url FROM hashes WHERE body_hash = ?", (body_hash,)
        ).fetchone()
        return str(row[0]) if row else None

    def record(self, visits: Iterable[Visit]) -> None:
        """Store the outcome of visits in one transaction."""
        with self._transaction() as db:
            _store(db, visits)

    def begin_batch(
        self, output: str, offset: int, warc: tuple[str, int] | None, visits: list[Visit]
    ) -> int:
        """Note, before a byte is written, which records are about to be appended where."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO pending (output, output_offset, warc, warc_offset, visits) "
                "VALUES (?, ?, ?, ?, ?)",
                (output, offset, *(warc or (None, None)), json.dumps([asdict(v) for v in visits])),
            )
        return int(cursor.lastrowid or 0)

    def finish_batch(self, batch: int, visits: Iterable[Visit]) -> None:
        """The batch is on disk: record its visits and forget the note, atomically."""
        with self._transaction() as db:
            _store(db, visits)
            db.execute("DELETE FROM pending WHERE id = ?", (batch,))

    def pending(self) -> list[Pending]:
        rows = self._db.execute(
            "SELECT id, output, output_offset, warc, warc_offset, visits FROM pending ORDER BY id"
        ).fetchall()
        return [
            Pending(id, output, offset, warc, warc_offset, [Visit(**v) for v in json.loads(visits)])
            for id, output, offset, warc, warc_offset, visits in rows
        ]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) last seen for a feed or sitemap."""
        row = self._db.execute(
            "SELECT etag, last_modified FROM sources WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def children(self, url: str) -> list[str]:
        """The sitemaps a sitemap index listed when it was last read in full."""
        row = self._db.execute("SELECT children FROM sources WHERE url = ?", (url,)).fetchone()
        return list(json.loads(row[0])) if row and row[0] else []

    def save_sources(self, sources: Iterable[Source], now: float) -> None:
        """Remember validators (and an index's children) once what they led to is stored."""
        with self._transaction() as db:
            db.executemany(
                "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
                [(s.url, s.etag, s.last_modified, now, json.dumps(s.children)) for s in sources],
            )

    def add_alias(self, url: str, site: str, of: str, now: float) -> None:
        """Record a page's canonical URL as seen, so discovering it later costs no fetch."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO urls (url, site, status, reason, first_seen, duplicate_of)"
                " VALUES (?, ?, 'duplicate', 'canonical', ?, ?)",
                (url, site, now, of),
            )

    def start_run(self, now: float) -> int:
        with self._transaction() as db:
            cursor = db.execute("INSERT INTO runs (started) VALUES (?)", (now,))
        return int(cursor.lastrowid or 0)

    def finish_run(self, run: int, now: float, summary: dict[str, Any]) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                (now, json.dumps(summary), run),
            )

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Read-only access for reports (``scrape status``)."""
        return self._db.execute(sql, params).fetchall()


def _store(db: sqlite3.Connection, visits: Iterable[Visit]) -> None:
    for visit in visits:
        db.execute(
            "UPDATE urls SET status = ?, reason = ?, message = ?, retry = ?,"
            " attempts = CASE WHEN ? = 'failed' THEN attempts + 1 ELSE 0 END,"
            " fetched_at = coalesce(?, fetched_at), etag = coalesce(?, etag),"
            " last_modified = coalesce(?, last_modified), body_hash = coalesce(?, body_hash),"
            " duplicate_of = ?, canonical_url = coalesce(?, canonical_url),"
            " final_url = coalesce(?, final_url) WHERE url = ?",
            (
                visit.status,
                visit.reason,
                visit.message,
                int(visit.retry),
                visit.status,
                visit.fetched_at,
                visit.etag,
                visit.last_modified,
                visit.body_hash,
                visit.duplicate_of,
                visit.canonical_url,
                visit.final_url,
                visit.url,
            ),
        )
        if visit.status == "emitted" and visit.body_hash:
            db.execute("INSERT OR IGNORE INTO hashes VALUES (?, ?)", (visit.body_hash, visit.url))
