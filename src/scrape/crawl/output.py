"""Append-only output files that a crash cannot leave half-written.

Records (JSONL, or JSONL in gzip members when the name ends in ``.gz``) and
WARC records are appended in batches: each batch is written with one call,
flushed and fsynced before the state marks its URLs done. Before a batch is
written, the state notes the file and the offset it starts at (the *pending*
note); after a crash, :func:`complete_prefix` tells how many whole records
follow that offset and :func:`set_aside` moves any incomplete tail to
``FILE.partial`` and cuts the file there, so readers never meet a broken line
and the URLs whose records were cut are fetched again.

A batch that cannot be written whole (disk full, file size limit) is cut off
again at once, so the file keeps only whole records, and the run stops.

File names may hold ``strftime`` fields (``articles-%Y-%m-%d.jsonl``): a run
writes each batch to the file named by the current UTC date. Names come from
the configuration alone, never from a URL or a page, and the fields may only
expand inside the folder the pattern names before its first field.
"""

from __future__ import annotations

import errno
import gzip
import os
import zlib
from collections.abc import Callable
from datetime import datetime
from io import FileIO
from pathlib import Path

from scrape.errors import CrawlError

_CHUNK = 1 << 20


def is_gzip(path: str | Path) -> bool:
    return str(path).endswith(".gz")


class AppendLog:
    """One output stream whose file name follows the date; writes whole batches only.

    A relative ``pattern`` is taken from ``base`` (which holds no date fields,
    whatever ``%`` its folder names contain). ``on_open`` is called with each
    file's name before the file is opened (and created), so a caller can
    compare it with what it last wrote there.
    """

    def __init__(
        self,
        pattern: Path,
        on_open: Callable[[Path], None] | None = None,
        *,
        base: Path = Path(),
    ) -> None:
        self.pattern = pattern
        self.base = base
        self.on_open = on_open
        self._path: Path | None = None
        self._file: FileIO | None = None

    def target(self, now: datetime) -> tuple[Path, int]:
        """The file a batch written ``now`` goes to, and the offset it would start at."""
        path = self.base / dated_path(self.pattern, now)
        if path != self._path:
            if self.on_open is not None:
                self.on_open(path)
            self._open(path)
        assert self._file is not None
        return path, self._file.tell()

    def append(self, data: bytes) -> int:
        """Write ``data`` whole, flush and fsync it; return the file's new size.

        The file is unbuffered, so a failed write leaves nothing behind to be
        flushed later; what part of the batch did reach the file is cut off.
        """
        assert self._file is not None
        start = self._file.tell()
        try:
            view = memoryview(data)
            while view:
                written = self._file.write(view)
                if not written:
                    raise OSError(errno.ENOSPC, "no byte could be written")
                view = view[written:]
            os.fsync(self._file.fileno())
        except OSError as exc:
            self._cut(start)
            raise CrawlError(f"{self._path}: cannot write: {exc.strerror or exc}") from exc
        return self._file.tell()

    def _cut(self, size: int) -> None:
        """Back to ``size`` bytes after a failed write (truncating needs no free space)."""
        assert self._file is not None
        try:
            self._file.truncate(size)
            self._file.seek(size)
            os.fsync(self._file.fileno())
        except OSError:
            pass  # the next run's recovery sets the broken tail aside instead

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def _open(self, path: Path) -> None:
        self.close()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not is_gzip(path):
                repair_tail(path)
            self._file = FileIO(path, "ab")
        except OSError as exc:
            raise CrawlError(f"{path}: cannot open for writing: {exc.strerror or exc}") from exc
        self._path = path


def dated_path(pattern: Path, now: datetime) -> Path:
    """The file name ``pattern`` gives at ``now``; its fields cannot lead out of its folder.

    The folder is the part of the pattern before its first ``%`` field, so
    ``crawl/%Y/articles-%m-%d.jsonl`` may make ``crawl/2026/...`` but no
    field, nor a ``..`` after one, may lead outside ``crawl``.
    """
    text = str(pattern)
    if "\x00" in text:
        raise CrawlError(f"{text!r}: a file name cannot hold a NUL character")
    fixed = text.split("%", 1)[0]
    root = os.path.normpath(fixed if fixed.endswith(os.sep) else os.path.dirname(fixed) or ".")
    path = os.path.normpath(now.strftime(text))
    inside = os.path.relpath(path, root) if os.path.isabs(path) == os.path.isabs(root) else ".."
    if inside == os.curdir or inside.split(os.sep, 1)[0] == os.pardir:
        raise CrawlError(f"{text}: the date fields lead outside {root} ({path})")
    return Path(path)


def encode_lines(lines: list[str], gz: bool) -> bytes:
    """A batch of lines as bytes; gzip files get one member per batch."""
    data = "".join(lines).encode("utf-8")
    return gzip.compress(data, compresslevel=6, mtime=0) if gz else data


def complete_prefix(path: Path, offset: int, gz: bool) -> tuple[int, int]:
    """(whole records after ``offset``, the offset where the whole part ends).

    Plain files count lines ending in a newline; gzip files count the lines
    of gzip members that end properly (a cut member counts for nothing).
    """
    if not path.exists():
        return 0, offset
    with open(path, "rb") as file:
        file.seek(offset)
        data = file.read()
    if not gz:
        end = data.rfind(b"\n") + 1
        return data.count(b"\n", 0, end), offset + end
    return _whole_members(data, offset)


def _whole_members(data: bytes, offset: int) -> tuple[int, int]:
    count, end = 0, 0
    while end < len(data):
        unzip = zlib.decompressobj(wbits=31)
        try:
            text = unzip.decompress(data[end:])
        except zlib.error:
            break
        if not unzip.eof:
            break
        count += text.count(b"\n")
        end = len(data) - len(unzip.unused_data)
    return count, offset + end


def whole_members(path: Path, offset: int) -> int:
    """The offset after the last complete gzip member that follows ``offset``."""
    return complete_prefix(path, offset, gz=True)[1]


def set_aside(path: Path, end: int) -> int:
    """Move the bytes after ``end`` to ``PATH.partial`` and cut the file; return their count.

    In ``.partial`` each tail of a plain file ends with a newline, so the tails
    of several crashes stay apart and a record cut just before its newline
    can still be read there (it is fetched and written again all the same).
    """
    if not path.exists() or path.stat().st_size <= end:
        return 0
    with open(path, "r+b") as file:
        file.seek(end)
        tail = file.read()
        with open(f"{path}.partial", "ab") as aside:
            aside.write(tail if is_gzip(path) or tail.endswith(b"\n") else tail + b"\n")
            aside.flush()
            os.fsync(aside.fileno())
        file.truncate(end)
        file.flush()
        os.fsync(file.fileno())
    return len(tail)


def repair_tail(path: Path) -> int:
    """Set aside a last line without its newline (a file another writer left broken)."""
    if not path.exists():
        return 0
    with open(path, "rb") as file:
        end = file.seek(0, os.SEEK_END)
        file.seek(end - 1 if end else 0)
        if not end or file.read(1) == b"\n":
            return 0
        while end > 0:
            start = max(0, end - _CHUNK)
            file.seek(start)
            cut = file.read(end - start).rfind(b"\n")
            if cut >= 0:
                return set_aside(path, start + cut + 1)
            end = start
    return set_aside(path, 0)
