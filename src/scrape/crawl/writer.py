"""The one place records are judged, written and marked done, in that order.

Visits arrive from the workers; the writer takes them in batches and, for
each article, decides: unchanged (the URL's last record had the same
body_hash), duplicate (another URL's record had it), or emitted (new, or
changed since its last record, which then carries ``modified``). A batch is
written as: pending note in the state -> WARC records -> JSONL lines, each
flushed and fsynced -> state updated and note removed, in one transaction.
:func:`recover` reads the notes a killed run left and keeps exactly the
records that reached the files.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from scrape.crawl.output import (
    AppendLog,
    complete_prefix,
    encode_lines,
    is_gzip,
    set_aside,
    whole_members,
)
from scrape.crawl.report import Report
from scrape.crawl.session import Session
from scrape.crawl.state import State, Visit, Written
from scrape.crawl.urls import normalise
from scrape.crawl.visit import Outcome
from scrape.crawl.warc import warc_records
from scrape.emit import to_line
from scrape.fetch import Page
from scrape.models import Article

BATCH = 128


class Writer:
    """Consumes outcomes from a queue until it receives ``None``."""

    def __init__(self, session: Session, output: AppendLog, warc: AppendLog | None) -> None:
        self.session = session
        self.output = output
        self.warc = warc

    async def run(self, results: asyncio.Queue[Outcome | None]) -> None:
        while True:
            batch = [await results.get()]
            while len(batch) < BATCH and not results.empty():
                batch.append(results.get_nowait())
            self.write([o for o in batch if o is not None])
            if None in batch:
                return

    def write(self, outcomes: list[Outcome]) -> None:
        visits: list[Visit] = []
        emitted: list[tuple[Visit, str]] = []
        claimed: dict[str, str] = {}
        for outcome in outcomes:
            if outcome.article is None:
                assert outcome.visit is not None
                visits.append(outcome.visit)
                self.session.report.outcome(outcome.site, outcome.kind, outcome.visit.reason)
                continue
            visit, line = self._judge(outcome, outcome.article, claimed)
            if line is None:
                visits.append(visit)
            else:
                emitted.append((visit, line))
        pages = [o.page for o in outcomes if o.page is not None and o.page.status == 200]
        if emitted or (self.warc and pages):
            self._append(emitted, visits, pages if self.warc else [])
        else:
            self.session.state.record(visits)
        for visit, _ in emitted:
            if visit.canonical_url and visit.canonical_url != visit.url:
                site = next(o.site for o in outcomes if o.job.url == visit.url)
                self.session.state.add_alias(
                    visit.canonical_url, site, visit.url, self.session.now()
                )

    def _judge(
        self, outcome: Outcome, article: Article, claimed: dict[str, str]
    ) -> tuple[Visit, str | None]:
        """The stored visit, and the line to write when the record is emitted."""
        url, digest, report = outcome.job.url, article.body_hash, self.session.report
        known = self.session.state.status_of(url)
        stored = _emitted_visit(outcome, article, self.session)
        if known == ("emitted", digest):
            report.outcome(outcome.site, "not_modified")
            return stored, None
        owner = claimed.get(digest) or self.session.state.hash_owner(digest)
        if owner is not None and owner != url:
            report.outcome(outcome.site, "duplicate")
            return Visit(
                url,
                "duplicate",
                stored.fetched_at,
                reason="same_body",
                etag=stored.etag,
                last_modified=stored.last_modified,
                body_hash=digest,
                duplicate_of=owner,
                canonical_url=stored.canonical_url,
                final_url=article.url,
            ), None
        claimed[digest] = url
        if known is not None and known[0] == "emitted":
            changed = article.modified or article.fetched_at
            article = article.model_copy(update={"modified": changed})
        report.outcome(outcome.site, "emitted")
        return stored, to_line(article)

    def _append(
        self, emitted: list[tuple[Visit, str]], others: list[Visit], pages: list[Page]
    ) -> None:
        now = datetime.now(UTC)
        path, offset = self.output.target(now)
        warc_at = self.warc.target(now) if self.warc and pages else None
        state = self.session.state
        batch = state.begin_batch(
            str(path),
            offset,
            (str(warc_at[0]), warc_at[1]) if warc_at else None,
            [v for v, _ in emitted],
        )
        if self.warc and warc_at:
            self.warc.append(warc_records(pages))
        end = offset
        if emitted:
            end = self.output.append(encode_lines([line for _, line in emitted], is_gzip(path)))
        state.finish_batch(batch, [*(v for v, _ in emitted), *others], end)


def _emitted_visit(outcome: Outcome, article: Article, session: Session) -> Visit:
    page = outcome.page
    headers = page.headers if page is not None else {}
    canonical = article.canonical_url and normalise(article.canonical_url, session.settings.crawl)
    return Visit(
        outcome.job.url,
        "emitted",
        session.now(),
        etag=headers.get("etag"),
        last_modified=headers.get("last-modified"),
        body_hash=article.body_hash,
        canonical_url=canonical or None,
        final_url=article.url,
    )


def recover(state: State) -> tuple[int, int]:
    """Settle the batches a killed run left half-done: (records kept, bytes set aside)."""
    kept = cut = 0
    for note in state.pending():
        output = Path(note.output)
        whole, end = complete_prefix(output, note.output_offset, is_gzip(output))
        whole = min(whole, len(note.visits))
        cut += set_aside(output, end)
        if note.warc is not None and note.warc_offset is not None:
            warc = Path(note.warc)
            complete = whole == len(note.visits)
            cut += set_aside(
                warc, whole_members(warc, note.warc_offset) if complete else note.warc_offset
            )
        state.finish_batch(note.id, note.visits[:whole], end)
        kept += whole
    return kept, cut


def check_output(path: Path, state: State, report: Report) -> None:
    """Warn when an output file the state wrote to was deleted or cut short since.

    Its records stay counted as emitted and are not written again (deleting
    the file was the user's choice); the run appends new records to a fresh
    file (or to what is left), and the state takes the file as it is now.
    """
    written = state.written(str(path))
    if written is None:
        return
    size = path.stat().st_size if path.exists() else None
    if size is not None and size >= written.size:
        return
    what = "was deleted" if size is None else f"is shorter ({size} of {written.size} bytes)"
    report.warn(
        "output_missing" if size is None else "output_shrunk",
        f"{path} {what} since the crawl wrote it: the {written.records} records written "
        "there stay emitted in the crawl state and are not written again; new records "
        "are appended",
        file=path,
        records=written.records,
    )
    left = complete_prefix(path, 0, is_gzip(path))[0] if size else 0
    state.reset_output(str(path), Written(size or 0, left))
