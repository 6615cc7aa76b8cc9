"""A small cache for whole-store aggregates (actor ranking, timeline totals).

Those queries read every row of a large table, so under many clients they are
computed once and reused while the store has the same number of documents and
this process has committed nothing to a store, for at most `ttl` seconds (an
article another process replaced shows within that time). One thread computes a
missing value while the others wait for it. The pages of the lists are cached
the same way (lists._paged).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select

from accord.store import Store, commits, documents

T = TypeVar("T")


class AggregateCache:
    def __init__(self, ttl: float = 30.0, size: int = 512) -> None:
        self.ttl, self.size = ttl, size
        self._values: dict[Hashable, tuple[tuple[int, int], float, Any]] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()
        # id of a cached value -> (the value, what `render` made of it)
        self._rendered: dict[int, tuple[Any, bytes]] = {}

    def get(self, store: Store, key: Hashable, compute: Callable[[], T]) -> T:
        version = (commits(), int(store.query(select(func.count()).select_from(documents))[0][0]))
        full = (store.url, key)
        hit = self._fresh(full, version)
        if hit is not None:
            return hit[0]  # type: ignore[no-any-return]
        with self._guard:
            lock = self._locks.setdefault(full, threading.Lock())
        with lock:
            hit = self._fresh(full, version)
            if hit is not None:
                return hit[0]  # type: ignore[no-any-return]
            value = compute()
            with self._guard:
                if len(self._values) >= self.size:
                    self._values.clear()
                    self._rendered.clear()
                    self._locks = {full: lock}
                self._values[full] = (version, time.monotonic(), value)
            return value

    def _fresh(self, key: Hashable, version: tuple[int, int]) -> tuple[Any] | None:
        entry = self._values.get(key)
        if entry and entry[0] == version and time.monotonic() - entry[1] < self.ttl:
            return (entry[2],)
        return None

    def render(self, value: Any, fn: Callable[[Any], bytes]) -> bytes:
        """`fn(value)` (the API's JSON of a result), made once while `value` is one
        of the cached values: a cached page is serialised once, not per request."""
        hit = self._rendered.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        body = fn(value)
        with self._guard:
            if any(entry[2] is value for entry in self._values.values()):
                if len(self._rendered) >= self.size:
                    self._rendered.clear()
                self._rendered[id(value)] = (value, body)
        return body

    def clear(self) -> None:
        with self._guard:
            self._values.clear()
            self._rendered.clear()


aggregates = AggregateCache()
