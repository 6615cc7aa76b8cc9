"""Searches off the request threads: at most SEARCH_THREADS run at once, on
threads of their own, so a burst of searches waits in its own line (without
holding the threads that serve every other request) and cheap pages keep their
latency. Each search also has its own time limit (accord.fulltext)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request

from accord.api.params import ApiError, bad_param
from accord.errors import SearchQueryError, SearchTimeout

SEARCH_THREADS = 2
MAX_WAITING = 32  # searches waiting for a thread; one more is answered 503 at once

T = TypeVar("T")


def _limiter(app: FastAPI) -> anyio.CapacityLimiter:
    limiter: anyio.CapacityLimiter | None = getattr(app.state, "search_limiter", None)
    if limiter is None:  # made inside the event loop, on the first search
        limiter = anyio.CapacityLimiter(SEARCH_THREADS)
        app.state.search_limiter = limiter
    return limiter


async def in_search_thread(request: Request, fn: Callable[[], T]) -> T:
    """Run `fn` (a search) on a search thread; its errors as API errors: a bad
    query 422, too many searches waiting or past the time limit 503."""
    limiter = _limiter(request.app)
    if limiter.statistics().tasks_waiting >= MAX_WAITING:
        raise ApiError(503, "busy", "too many searches at once: try again in a few seconds")
    try:
        return await anyio.to_thread.run_sync(fn, limiter=limiter)
    except SearchQueryError as exc:
        raise bad_param("q", exc.message) from None
    except SearchTimeout as exc:
        raise ApiError(503, "search_timeout", exc.message) from None
