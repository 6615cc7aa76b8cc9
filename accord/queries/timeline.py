"""The timeline: events and proposals merged across documents by group, in
date order (oldest or newest first), undated last.

A group is shown by its leader (its member with the lowest id). The store keeps
one row per leader, and per item that stands alone, in `merged_items` as it
writes (`accord.store.refresh_merged`), so no request groups the item tables:
a page is a walk along an index of that table. `offset` skips index entries;
`after` (a page's `next` cursor) seeks straight to the next page, so a deep
page costs what the first one does. The total counts the same rows, cached
(see cache.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql import ColumnElement

from accord.queries import seek
from accord.queries.cache import aggregates
from accord.queries.lists import (
    _DOC_COLS,
    _EVENT_COLS,
    Page,
    _event_item,
    _ref,
    decode_cursor,
    encode_cursor,
)
from accord.queries.names import actor_id
from accord.store import Store, documents, events, merged_items, proposals

M = merged_items
# A timeline item's place: (undated, date, kind, leader id); a cursor holds one.
Key = tuple[int, str, str, int]
KEY_SHAPE = (int, str, str, int)


def _filters(*, type: str | None, actor: str | None, date_from: str | None,
             date_to: str | None, kind: str) -> list[ColumnElement[bool]]:
    """What the leader must be: the filters of the timeline on `merged_items`."""
    where: list[ColumnElement[bool]] = []
    if type:  # only events have one
        where.append(M.c.type == type)
    elif kind in ("event", "proposal"):
        where.append(M.c.kind == kind)
    if actor:
        where.append(M.c.actor_id == actor)
    if date_from or date_to:
        where.append(M.c.undated == 0)
    if date_from:
        where.append(M.c.date >= date_from)
    if date_to:
        where.append(M.c.date <= date_to)
    return where


def _count(store: Store, where: list[ColumnElement[bool]]) -> int:
    return int(store.query(select(func.count()).select_from(M).where(*where))[0][0])


def _heads(store: Store, where: list[ColumnElement[bool]], page: Page, newest: bool,
           after: Key | None) -> list[tuple[Key, int]]:
    """One more item than the page holds (to know whether there is a next page): the
    dated by date, kind and id (descending for newest first), the undated by kind
    and id."""
    rows = seek.heads(store, where, flag=M.c.undated, keys=(M.c.date, M.c.kind, M.c.item_id),
                      extra=(M.c.n_sources,), limit=page.limit + 1, offset=page.offset,
                      newest=newest, undated_newest=False, after=after)
    return [((r[0], r[1], r[2], r[3]), r[4]) for r in rows]


def timeline(store: Store, *, type: str | None = None, actor: str | None = None,
             date_from: str | None = None, date_to: str | None = None,
             kind: str = "all", page: Page = Page(), order: str = "oldest",
             after: str | None = None) -> dict[str, Any]:
    """One page of the timeline; `order` is oldest (first) or newest (first); undated
    items come last either way; `actor` is an actor id or name (`names.actor_id`).

    `after` is the `next` of the page before (CursorError if it is not one);
    `offset` then counts from there. `next` is None on the last page."""
    actor, newest = actor_id(store, actor), order == "newest"
    cursor: Key | None = None
    if after:
        cursor = decode_cursor(after, KEY_SHAPE)
    args = (type, actor, date_from, date_to, kind)
    return aggregates.get(store, ("timeline-page", args, page, newest, cursor),
                          lambda: _page(store, args, page, newest, cursor))


def _page(store: Store, args: tuple[str | None, ...], page: Page, newest: bool,
          cursor: Key | None) -> dict[str, Any]:
    type, actor, date_from, date_to, kind = args
    where = _filters(type=type, actor=actor, date_from=date_from, date_to=date_to,
                     kind=kind or "all")
    rows = _heads(store, where, page, newest, cursor)
    more = len(rows) > page.limit
    rows = rows[:page.limit]
    total = aggregates.get(store, ("timeline", type, actor, date_from, date_to, kind),
                           lambda: _count(store, where))
    return {"total": total, "limit": page.limit, "offset": page.offset,
            "items": _details(store, rows),
            "next": encode_cursor(rows[-1][0]) if more and rows else None}


def _details(store: Store, heads: list[tuple[Key, int]]) -> list[dict[str, Any]]:
    ev_ids = [key[3] for key, _ in heads if key[2] == "event"]
    pr_ids = [key[3] for key, _ in heads if key[2] == "proposal"]
    found: dict[tuple[str, int], dict[str, Any]] = {}
    if ev_ids:
        for r in store.query(select(events.c.id, *_EVENT_COLS, *_DOC_COLS)
                             .join(documents, documents.c.doc_id == events.c.doc_id)
                             .where(events.c.id.in_(ev_ids))):
            item = _event_item(dict(r._mapping))
            item["group"] = item["group"] or f"x-{item['doc_id']}-{r.id}"
            found[("event", r.id)] = item
    if pr_ids:
        for r in store.query(
                select(proposals.c.id, proposals.c.doc_id, proposals.c.pid, proposals.c.kind,
                       proposals.c.proposer_id, proposals.c.proposer_name,
                       proposals.c.recipient_id, proposals.c.recipient_name, proposals.c.date,
                       proposals.c.text, proposals.c.grp, *_DOC_COLS)
                .join(documents, documents.c.doc_id == proposals.c.doc_id)
                .where(proposals.c.id.in_(pr_ids))):
            item = dict(r._mapping)
            item["actor"], item["recipient"] = _ref(item, "proposer"), _ref(item, "recipient")
            item["type"] = item.pop("kind")
            item["group"] = item.pop("grp") or f"x-{item['doc_id']}-{r.id}"
            item["anchor"] = f"prop-{item['pid']}"
            found[("proposal", r.id)] = item
    out = []
    for (_, date, kind, rid), n_sources in heads:
        ev = found.get((kind, rid))
        if ev is None:
            continue
        out.append({
            "group": ev["group"], "kind": kind, "date": date or None,
            "n_sources": n_sources, "type": ev.get("type"),
            "actor": ev.get("actor"), "recipient": ev.get("recipient"),
            "flags": [f for f in ("negated", "hypothetical", "future") if ev.get(f)],
            "evidence": {k: ev.get(k) for k in ("doc_id", "anchor", "text", "outlet", "title",
                                                "published", "source")}})
    return out


__all__ = ["timeline"]
