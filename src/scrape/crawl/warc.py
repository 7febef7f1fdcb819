"""WARC archives of raw responses (warcio), so a dataset can be re-extracted later.

Each fetched page becomes one ``response`` record holding the status line,
the headers and the body as received (decompressed: httpx has undone any
Content-Encoding, so that header is dropped and Content-Length set to the
stored body). Records are gzip members, appended in batches by the crawl's
writer; ``scrape extract --warc FILE`` reads them back through
:func:`read_responses`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from scrape.decode import charset_from_content_type
from scrape.errors import CrawlError
from scrape.fetch import Page

_DROPPED = frozenset({"content-encoding", "transfer-encoding", "content-length"})


def warc_records(pages: list[Page]) -> bytes:
    """The pages as gzipped WARC response records, one gzip member each."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for page in pages:
        writer.write_record(_response(writer, page))
    return out.getvalue()


def _response(writer: WARCWriter, page: Page) -> object:
    headers = [(k, v) for k, v in page.headers.multi_items() if k.lower() not in _DROPPED]
    headers.append(("Content-Length", str(len(page.body))))
    try:
        phrase = HTTPStatus(page.status).phrase
    except ValueError:
        phrase = "Unknown"
    return writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=StatusAndHeaders(f"{page.status} {phrase}", headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": datetime_to_iso_date(page.fetched_at)},
    )


@dataclass(frozen=True, slots=True)
class ArchivedPage:
    """A response read back from a WARC file."""

    url: str
    body: bytes
    charset: str | None
    fetched_at: datetime


def read_responses(path: str | Path) -> Iterator[ArchivedPage]:
    """Every HTML ``response`` record of a WARC file, in file order."""
    try:
        with open(path, "rb") as file:
            for record in ArchiveIterator(file):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                content_type = record.http_headers.get_header("Content-Type")
                yield ArchivedPage(
                    url=record.rec_headers.get_header("WARC-Target-URI"),
                    body=record.content_stream().read(),
                    charset=charset_from_content_type(content_type),
                    fetched_at=_date(record.rec_headers.get_header("WARC-Date")),
                )
    except (OSError, ArchiveLoadFailed) as exc:
        raise CrawlError(f"{path}: cannot read WARC: {exc}") from exc


def _date(value: str) -> datetime:
    """WARC-Date as an aware datetime (warcio returns naive UTC)."""
    parsed: datetime = iso_date_to_datetime(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
