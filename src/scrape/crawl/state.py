"""The crawl's memory between runs: one SQLite file.

``urls`` holds every URL a site's discovery ever produced, in normal form,
with its status (``queued``, ``emitted``, ``duplicate``, ``failed``,
``skipped``), the validators of its last response (ETag, Last-Modified) and
the body_hash of the record emitted for it. ``hashes`` remembers every body
ever emitted, so the same story under another URL is recorded as a duplicate
instead of being emitted twice. ``pending`` is the write-ahead note of the
output writer (see :mod:`scrape.crawl.output`): it names the batch being
appended, so a run killed half-way can tell which lines reached the file.
``outputs`` remembers how far each output file was written, so a run can tell
when a file it wrote to was deleted or cut short since.

The database runs in WAL mode with ``synchronous=NORMAL``: a commit survives
the process being killed (it is in the OS's hands), which is the failure cron
jobs meet; every method below is one transaction. Opening takes the write lock
once, so a database held by another process (an open ``sqlite3`` shell, a
backup) stops the run before it writes anything; an SQLite error later in the
run (disk full, lock held too long) becomes a :class:`~scrape.errors.CrawlError`
that ends the run, its last transaction rolled back.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from scrape.errors import CrawlError, CrawlLocked

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
CREATE TABLE IF NOT EXISTS outputs (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL, records INTEGER NOT NULL
);
"""

STATUSES = ("queued", "emitted", "duplicate", "failed", "skipped")
_BUSY = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED"})


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
class Written:
    """How far the state last saw an output file written: its size and its record count."""

    size: int
    records: int


@dataclass(frozen=True, slots=True)
class Revisits:
    """An emitted URL is due again if fetched before ``before`` and first seen after ``since``."""

    before: float
    since: float


class State:
    """One crawl state database; open with :meth:`open`, close when the run ends."""

    def __init__(self, db: sqlite3.Connection, path: Path | None = None) -> None:
        self._db = db
        self.path = path

    @classmethod
    def open(cls, path: Path, *, readonly: bool = False) -> State:
        """Open (creating when needed) the state; ``readonly`` for reports on a live crawl."""
        if readonly:
            return cls._open_readonly(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise CrawlError(f"{path}: cannot open the crawl state: {exc}") from exc
        try:
            db.execute("PRAGMA busy_timeout=5000")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
            db.execute("BEGIN IMMEDIATE")  # another writer shows now, before the run writes
            db.execute("ROLLBACK")
        except sqlite3.Error as exc:
            db.close()
            if getattr(exc, "sqlite_errorname", None) in _BUSY:
                raise CrawlLocked(
                    f"{path}: the crawl state is locked by another process ({exc}); "
                    "exiting, nothing done"
                ) from exc
            raise CrawlError(f"{path}: cannot open the crawl state: {exc}") from exc
        return cls(db, path)

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
        return cls(db, path)

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._errors("cannot update"):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back already (disk full)
                    self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        """SQLite's errors as the run's: the state is unusable, the run stops here."""
        try:
            yield
        except sqlite3.Error as exc:
            raise CrawlError(f"{self.path or 'state'}: {doing} the crawl state: {exc}") from exc

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        with self._errors("cannot read"):
            return self._db.execute(sql, params).fetchall()

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
        rows = self._rows(
            "SELECT rowid, url, site, status, etag, last_modified FROM urls "
            "WHERE site = ? AND rowid > ? AND ("
            " status = 'queued'"
            " OR (status = 'failed' AND retry = 1 AND attempts <= ?)"
            " OR (status = 'emitted' AND (lastmod > fetched_at"
            "     OR (fetched_at < ? AND first_seen > ?))))"
            " ORDER BY rowid LIMIT ?",
            (site, after, retry_runs, revisits.before, revisits.since, limit),
        )
        return [Job(*row) for row in rows]

    def status_of(self, url: str) -> tuple[str, str | None] | None:
        """(status, body_hash) of a URL, or None when it is unknown."""
        rows = self._rows("SELECT status, body_hash FROM urls WHERE url = ?", (url,))
        return (rows[0][0], rows[0][1]) if rows else None

    def hash_owner(self, body_hash: str) -> str | None:
        """The URL whose record first carried this body, if any was emitted."""
        rows = self._rows("SELECT url FROM hashes WHERE body_hash = ?", (body_hash,))
        return str(rows[0][0]) if rows else None

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

    def finish_batch(self, batch: int, visits: Iterable[Visit], output_end: int) -> None:
        """The batch is on disk up to ``output_end``: record its visits, forget the note.

        One transaction, which also remembers how far the output file now reaches.
        """
        stored = list(visits)
        emitted = sum(v.status == "emitted" for v in stored)
        with self._transaction() as db:
            _store(db, stored)
            db.execute(
                "INSERT INTO outputs (path, size, records)"
                " SELECT output, ?, ? FROM pending WHERE id = ?"
                " ON CONFLICT (path) DO UPDATE SET size = excluded.size,"
                " records = records + excluded.records",
                (output_end, emitted, batch),
            )
            db.execute("DELETE FROM pending WHERE id = ?", (batch,))

    def written(self, output: str) -> Written | None:
        """How far the state last saw ``output`` written, or None for a file it never wrote."""
        rows = self._rows("SELECT size, records FROM outputs WHERE path = ?", (output,))
        return Written(*rows[0]) if rows else None

    def reset_output(self, output: str, written: Written) -> None:
        """The file was deleted or cut by someone else: take it as it is now."""
        with self._transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO outputs (path, size, records) VALUES (?, ?, ?)",
                (output, written.size, written.records),
            )

    def pending(self) -> list[Pending]:
        rows = self._rows(
            "SELECT id, output, output_offset, warc, warc_offset, visits FROM pending ORDER BY id"
        )
        return [
            Pending(id, output, offset, warc, warc_offset, [Visit(**v) for v in json.loads(visits)])
            for id, output, offset, warc, warc_offset, visits in rows
        ]

    def validators(self, url: str) -> tuple[str | None, str | None]:
        """(ETag, Last-Modified) last seen for a feed or sitemap."""
        rows = self._rows("SELECT etag, last_modified FROM sources WHERE url = ?", (url,))
        return (rows[0][0], rows[0][1]) if rows else (None, None)

    def children(self, url: str) -> list[str]:
        """The sitemaps a sitemap index listed when it was last read in full."""
        rows = self._rows("SELECT children FROM sources WHERE url = ?", (url,))
        return list(json.loads(rows[0][0])) if rows and rows[0][0] else []

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
        rows: list[tuple[Any, ...]] = self._rows(sql, params)
        return rows


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
