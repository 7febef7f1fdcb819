"""JSONL output: one record, one line, written whole.

Each record is serialised completely before it is written, then written with
a single call and flushed, so a reader never sees half a record from a run
that is interrupted between records.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType
from typing import IO

from scrape.models import Article


def to_line(article: Article) -> str:
    """The record as one line of JSON (newlines inside strings are escaped)."""
    return article.model_dump_json() + "\n"


class JsonlWriter:
    """Appends records to a file (or writes them to stdout when no path is given)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path else None
        self._stream: IO[str] = (
            open(self.path, "a", encoding="utf-8") if self.path else sys.stdout  # noqa: SIM115
        )
        self.count = 0

    def write(self, article: Article) -> None:
        self._stream.write(to_line(article))
        self._stream.flush()
        self.count += 1

    def close(self) -> None:
        if self.path is None:
            return
        os.fsync(self._stream.fileno())
        self._stream.close()

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
