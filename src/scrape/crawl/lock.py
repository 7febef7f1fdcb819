"""One crawl at a time per state database: an OS file lock next to it.

The lock is ``fcntl.flock`` on ``STATE.lock``, so the kernel releases it
when the process ends however it ends (kill -9 included): there is no stale
lock file to clean up. A second run started while the first still works
raises :class:`~scrape.errors.CrawlLocked` at once (exit status 3 from the CLI).
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType

from scrape.errors import CrawlError, CrawlLocked


class RunLock:
    """Held for the whole run; use as a context manager."""

    def __init__(self, state_path: Path) -> None:
        self.path = state_path.with_name(state_path.name + ".lock")
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise CrawlError(f"{self.path}: cannot create the lock file: {exc.strerror}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise CrawlLocked(
                f"another crawl is running on this state ({self.path} is locked); exiting"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
