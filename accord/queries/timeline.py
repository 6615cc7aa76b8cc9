"""The timeline: events and proposals merged across documents by group, in
date order, undated last.

A group is shown by its leader (its row with the lowest id). Pages are read
in date order through the date indexes and stop after `offset + limit`
leaders, so a page costs the same on 10 or 10,000 documents; only the total
reads every row, and it is cached (see cache.py).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.sql import ColumnElement

from accord.queries.cache import aggregates
from accord.queries.lists import (
    _DOC_COLS,
    _EVENT_COLS,
    Page,
    _date_range,
    _event_filters,
    _event_item,
    _ref,
)
from accord.queries.names import actor_id
from accord.store import Store, documents, events, proposals


def _leaders(table: Any, where: list[ColumnElement[bool]]) -> list[ColumnElement[bool]]:
    other = table.alias("g")
    first = select(func.min(other.c.id)).where(other.c.grp == table.c.grp).scalar_subquery()
    return [*where, or_(table.c.grp.is_(None), table.c.id == first)]


def _stream(store: Store, kind: str, table: Any, where: list[ColumnElement[bool]],
            dated: bool, limit: int, newest: bool = False) -> list[tuple[str, str, int]]:
    cond = _leaders(table, where)
    if dated:
        order = (table.c.date.desc(), table.c.id.desc()) if newest else (table.c.date, table.c.id)
        stmt = select(table.c.id, table.c.date).where(*cond, table.c.date.is_not(None)) \
            .order_by(*order)
    else:
        stmt = select(table.c.id, table.c.date).where(*cond, table.c.date.is_(None)) \
            .order_by(table.c.id)
    return [(r.date or "", kind, r.id) for r in store.query(stmt.limit(limit))]


def _total(store: Store, table: Any, where: list[ColumnElement[bool]]) -> int:
    grouped = select(func.count(func.distinct(table.c.grp))).where(*where)
    alone = select(func.count()).select_from(table).where(*where, table.c.grp.is_(None))
    return int(store.query(grouped)[0][0]) + int(store.query(alone)[0][0])


def timeline(store: Store, *, type: str | None = None, actor: str | None = None,
             date_from: str | None = None, date_to: str | None = None,
             kind: str = "all", page: Page = Page(), order: str = "oldest") -> dict[str, Any]:
    """One page of the timeline; `order` is oldest (first) or newest (first); undated
    items come last either way; `actor` is an actor id or name (`names.actor_id`)."""
    actor, newest = actor_id(store, actor), order == "newest"
    streams: list[tuple[str, Any, list[ColumnElement[bool]]]] = []
    if kind in ("all", "event"):
        streams.append(("event", events, _event_filters(
            type=type, actor=actor, recipient=None, date_from=date_from, date_to=date_to)))
    if kind in ("all", "proposal") and not type:
        where = _date_range(proposals.c.date, date_from, date_to)
        if actor:
            where.append(proposals.c.proposer_id == actor)
        streams.append(("proposal", proposals, where))
    need = page.offset + page.limit
    dated = sorted((x for k, t, w in streams for x in _stream(store, k, t, w, True, need,
                                                              newest)), reverse=newest)
    rows = dated
    if len(dated) < need:  # every dated leader is in `dated`: go on with the undated
        for k, t, w in streams:
            rows = rows + _stream(store, k, t, w, False, need - len(rows))
    heads = rows[page.offset:need]
    total = aggregates.get(store, ("timeline", type, actor, date_from, date_to, kind),
                           lambda: sum(_total(store, t, w) for _, t, w in streams))
    items = _details(store, heads)
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


def _details(store: Store, heads: list[tuple[str, str, int]]) -> list[dict[str, Any]]:
    ev_ids = [i for _, k, i in heads if k == "event"]
    pr_ids = [i for _, k, i in heads if k == "proposal"]
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
    counts = _source_counts(store, [v["group"] for v in found.values()])
    out = []
    for date, kind, rid in heads:
        ev = found.get((kind, rid))
        if ev is None:
            continue
        out.append({
            "group": ev["group"], "kind": kind, "date": date or None,
            "n_sources": counts.get((kind, ev["group"]), 1), "type": ev.get("type"),
            "actor": ev.get("actor"), "recipient": ev.get("recipient"),
            "flags": [f for f in ("negated", "hypothetical", "future") if ev.get(f)],
            "evidence": {k: ev.get(k) for k in ("doc_id", "anchor", "text", "outlet", "title",
                                                "published", "source")}})
    return out


def _source_counts(store: Store, groups: list[str]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for kind, table in (("event", events), ("proposal", proposals)):
        if groups:
            for r in store.query(select(table.c.grp, func.count()).where(table.c.grp.in_(groups))
                                 .group_by(table.c.grp)):
                counts[(kind, r[0])] = int(r[1])
    return counts


__all__ = ["timeline"]
