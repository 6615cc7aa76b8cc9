"""Pages of a list in date order, newest or oldest first, undated items last,
found by seeking along an index (keyset pagination) of the store's merged view.

A list's order is (undated flag, *keys): the dated items (flag 0) by their keys,
ascending for oldest first or descending for newest first, then the undated
ones (flag 1). Each part is one walk along an index whose columns are the
filters' equalities, the flag and the keys, in either direction, so a page
costs the same near the end of the list as at its start. A cursor is the last
row's (flag, *keys); `offset` counts from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select, tuple_
from sqlalchemy.sql import ColumnElement

from accord.store import Store


def heads(store: Store, where: list[ColumnElement[bool]], *, flag: ColumnElement[Any],
          keys: Sequence[ColumnElement[Any]], extra: Sequence[ColumnElement[Any]],
          limit: int, offset: int, newest: bool, undated_newest: bool,
          after: tuple[Any, ...] | None) -> list[tuple[Any, ...]]:
    """Up to `limit` rows (flag, *keys, *extra) in the list's order, after the
    cursor `after` (flag, *keys) if any, `offset` skipped. `undated_newest`: the
    undated part descending too when newest first (else always ascending)."""

    def part(undated: int, cursor: tuple[Any, ...] | None, skip: int, n: int,
             desc: bool) -> list[tuple[Any, ...]]:
        cond = [*where, flag == undated]
        if cursor is not None:
            cond.append(_beyond(keys, cursor, desc))
        stmt = select(flag, *keys, *extra).where(*cond) \
            .order_by(*(k.desc() for k in keys) if desc else keys).offset(skip).limit(n)
        return [tuple(r) for r in store.query(stmt)]

    rows: list[tuple[Any, ...]] = []
    if after is None or after[0] == 0:
        rows = part(0, after[1:] if after else None, offset, limit, newest)
    if len(rows) < limit:  # the dated items are done: the undated follow
        skip = offset if after is not None and after[0] == 1 else 0
        if not rows and offset and skip == 0:  # offset went past the dated ones
            dated = [*where, flag == 0]
            if after is not None:
                dated.append(_beyond(keys, after[1:], newest))
            counted = store.query(select(func.count()).where(*dated))[0][0]
            skip = max(0, offset - int(counted))
        rows += part(1, after[1:] if after is not None and after[0] == 1 else None, skip,
                     limit - len(rows), newest and undated_newest)
    return rows


def _beyond(keys: Sequence[ColumnElement[Any]], cursor: tuple[Any, ...],
            desc: bool) -> ColumnElement[bool]:
    place = tuple_(*keys)
    return place < tuple_(*cursor) if desc else place > tuple_(*cursor)


__all__ = ["heads"]
