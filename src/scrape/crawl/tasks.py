"""Side-by-side work where one failure ends all of it.

``asyncio.gather`` hands back the first exception but leaves the other
awaitables running as orphans, which keep fetching (and writing to a state
that just failed) until the event loop is torn down under them.
:func:`together` cancels them instead and waits until they have ended, then
raises the first failure as it was (no exception group, so a
:class:`~scrape.errors.CrawlError` still reads as one line).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any


async def together(*work: Awaitable[Any]) -> None:
    """Run ``work`` concurrently; on the first failure cancel the rest, wait, and re-raise."""
    tasks = [asyncio.ensure_future(w) for w in work]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in tasks:
            if task in done and not task.cancelled() and (failure := task.exception()):
                raise failure
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
