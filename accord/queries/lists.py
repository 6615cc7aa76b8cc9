"""Read queries for the API and the web UI.

SQLAlchemy Core statements over the tables of `accord.store`, parameterised,
portable between SQLite and PostgreSQL, and bounded: every list is paginated
in SQL (`limit`/`offset`) and every detail list has a cap, so a page costs the
same on 10 documents as on 10,000.
"""

from __future__ import annotations

import base64
import copy
import functools
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import String, and_, case, cast, func, literal_column, or_, select, tuple_
from sqlalchemy.sql import ColumnElement, Select

from accord.fulltext import SEARCH_TIMEOUT, match_filter
from accord.fulltext import search as fulltext_search
from accord.queries import seek
from accord.queries.cache import aggregates
from accord.queries.names import actor_id, kind_filter
from accord.store import (
    Store,
    conditions,
    doc_entities,
    documents,
    entities,
    events,
    merged_items,
    proposals,
    quotes,
    responses,
)

# How many sources, responses or conditions one merged item shows at most.
DETAIL_CAP = 50


@dataclass(frozen=True)
class Page:
    """`limit` and `offset` of a list, already validated by the caller."""

    limit: int = 50
    offset: int = 0


class CursorError(ValueError):
    """An `after` value that is no `next` cursor of this list."""


def encode_cursor(key: tuple[Any, ...]) -> str:
    """The `next` cursor of a page: its last item's sort key, opaque to clients."""
    raw = json.dumps(list(key), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(text: str, shape: tuple[type, ...]) -> tuple[Any, ...]:
    """The sort key in a cursor made by `encode_cursor` for a list whose key has
    these types (None allowed for each); CursorError for anything else."""
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        key = json.loads(raw)
    except (ValueError, TypeError):
        key = None
    if not isinstance(key, list) or len(key) != len(shape) or not all(
            v is None or (type(v) is t) for v, t in zip(key, shape, strict=True)):
        raise CursorError(f"{text[:40]!r} is not a cursor of this list: pass the `next` "
                          "of the page before, unchanged")
    return tuple(key)


def _paged(store: Store, stmt: Select[Any], page: Page,
           count: Select[Any] | None = None) -> dict[str, Any]:
    """One page of `stmt` and the total; `count` is a cheaper statement with the same
    rows (no per-row subqueries) when there is one. A page's rows are cached like
    the totals (cache.py): many clients asking for one page (a name filter that
    scans, the first page of a list) read it once; each gets its own row dicts."""
    total = _total(store, count if count is not None else stmt)
    paged = stmt.limit(page.limit).offset(page.offset)
    rows = aggregates.get(store, _key("page", paged),
                          lambda: [dict(r._mapping) for r in store.query(paged)])
    return {"total": int(total), "limit": page.limit, "offset": page.offset,
            "items": [dict(r) for r in rows]}


F = TypeVar("F", bound=Callable[..., dict[str, Any]])


def _cached(name: str) -> Callable[[F], F]:
    """A list function whose results are cached with the aggregates (cache.py),
    by its arguments: a page many clients ask for is built once, and the API
    serialises it once (cache.AggregateCache.render). Callers never change a
    result in place."""
    def wrap(fn: F) -> F:
        @functools.wraps(fn)
        def cached(store: Store, **kwargs: Any) -> dict[str, Any]:
            return aggregates.get(store, (name, tuple(sorted(kwargs.items()))),
                                  lambda: fn(store, **kwargs))

        return typing.cast(F, cached)

    return wrap


def _key(kind: str, stmt: Select[Any]) -> tuple[Any, ...]:
    """A cache key for a statement: its SQL and its parameters."""
    compiled = stmt.compile()
    return (kind, str(compiled), tuple(sorted((k, repr(v)) for k, v in compiled.params.items())))


def _total(store: Store, stmt: Select[Any]) -> int:
    """How many rows `stmt` gives (cached: see cache.py)."""
    base = stmt.order_by(None)
    counter = select(func.count()).select_from(base.subquery())
    return int(aggregates.get(store, _key("count", base),
                              lambda: store.query(counter)[0][0]))


def _nulls_last(col: ColumnElement[Any]) -> ColumnElement[Any]:
    """1 for NULL, 0 otherwise: an ORDER BY key that puts NULLs last on any backend."""
    return case((col.is_(None), 1), else_=0)


def _ref(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    rid, name = row.pop(f"{prefix}_id", None), row.pop(f"{prefix}_name", None)
    if rid is None and name is None:
        return None
    return {"id": rid, "name": name}


def _date_range(col: ColumnElement[Any], date_from: str | None,
                date_to: str | None) -> list[ColumnElement[bool]]:
    out = []
    if date_from:
        out.append(col >= date_from)
    if date_to:
        out.append(col <= date_to)
    return out


def _equal(*pairs: tuple[ColumnElement[Any], str | None]) -> list[ColumnElement[bool]]:
    """`column == value` for each pair whose value is given (None or "": no filter)."""
    return [column == value for column, value in pairs if value]


_DOC_COLS = (documents.c.outlet, documents.c.title, documents.c.published, documents.c.source)


# -- documents ---------------------------------------------------------------
@_cached("documents")
def list_documents(store: Store, *, q: str | None = None, outlet: str | None = None,
                   date_from: str | None = None, date_to: str | None = None,
                   page: Page = Page()) -> dict[str, Any]:
    where: list[ColumnElement[bool]] = _date_range(documents.c.published, date_from, date_to)
    if q:
        where.append(match_filter(store.engine.dialect.name, q, "documents"))
    if outlet:
        where.append(documents.c.outlet == outlet)
    n_quotes = select(func.count()).where(quotes.c.doc_id == documents.c.doc_id) \
        .scalar_subquery()
    n_events = select(func.count()).where(events.c.doc_id == documents.c.doc_id) \
        .scalar_subquery()
    n_props = select(func.count()).where(proposals.c.doc_id == documents.c.doc_id) \
        .scalar_subquery()
    order = (documents.c.published.desc().nulls_last(), documents.c.doc_id.desc())
    # The page's ids first (an index walk), then its columns and counts: OFFSET
    # then skips bare ids, not rows with three counts each.
    ids = select(documents.c.doc_id).where(*where).order_by(*order) \
        .limit(page.limit).offset(page.offset).subquery()
    stmt = select(documents.c.doc_id, documents.c.source, *_DOC_COLS, documents.c.n_chars,
                  n_quotes.label("n_quotes"), n_events.label("n_events"),
                  n_props.label("n_proposals")) \
        .join(ids, ids.c.doc_id == documents.c.doc_id).order_by(*order)
    return _paged(store, stmt, Page(limit=page.limit), count=select(documents.c.doc_id)
                  .where(*where)) | {"offset": page.offset}


def list_outlets(store: Store, *, limit: int = 200) -> list[str]:
    stmt = select(documents.c.outlet).where(documents.c.outlet.is_not(None)) \
        .group_by(documents.c.outlet).order_by(documents.c.outlet).limit(limit)
    return [r.outlet for r in store.query(stmt)]


def get_document(store: Store, doc_id: str) -> dict[str, Any] | None:
    return store.get_record(doc_id)


# -- actors ------------------------------------------------------------------
def list_actors(store: Store, *, q: str | None = None, type: str | None = None,
                country: str | None = None, page: Page = Page()) -> dict[str, Any]:
    """Actors by mentions across the store (a whole-table aggregate: cached)."""
    return aggregates.get(store, ("actors", q, type, country, page),
                          lambda: _rank_actors(store, q=q, type=type, country=country,
                                               page=page))


def _rank_actors(store: Store, *, q: str | None, type: str | None, country: str | None,
                 page: Page) -> dict[str, Any]:
    agg = select(doc_entities.c.entity_id, func.count().label("n_documents"),
                 func.sum(doc_entities.c.n_mentions).label("n_mentions")) \
        .group_by(doc_entities.c.entity_id).subquery()
    where: list[ColumnElement[bool]] = []
    if q:
        where.append(or_(entities.c.name.icontains(q, autoescape=True),
                         entities.c.id.icontains(q, autoescape=True)))
    where += _equal((entities.c.type, type), (entities.c.country, country))
    stmt = select(entities.c.id, entities.c.name, entities.c.type, entities.c.country,
                  entities.c.sector, agg.c.n_documents, agg.c.n_mentions) \
        .join(agg, agg.c.entity_id == entities.c.id).where(*where) \
        .order_by(agg.c.n_mentions.desc(), entities.c.id)
    seen = select(doc_entities.c.entity_id).where(doc_entities.c.entity_id == entities.c.id)
    return _paged(store, stmt, page,
                  count=select(entities.c.id).where(*where, seen.exists()))


def get_actor(store: Store, actor_id: str, *, cap: int = 20) -> dict[str, Any] | None:
    """One actor with aliases, counts, quotes, events and proposals (cached: a
    frequent actor's counts read thousands of rows)."""
    return aggregates.get(store, ("actor", actor_id, cap), lambda: _actor(store, actor_id, cap))


def _actor(store: Store, actor_id: str, cap: int) -> dict[str, Any] | None:
    row = store.query(select(entities).where(entities.c.id == actor_id))
    if not row:
        return None
    actor = dict(row[0]._mapping)
    counts = store.query(select(func.count(), func.sum(doc_entities.c.n_mentions))
                         .where(doc_entities.c.entity_id == actor_id))[0]
    actor["n_documents"], actor["n_mentions"] = int(counts[0]), int(counts[1] or 0)
    alias_rows = store.query(select(doc_entities.c.aliases)
                             .where(doc_entities.c.entity_id == actor_id).limit(200))
    seen: dict[str, int] = {}
    for r in alias_rows:
        for alias in json.loads(r.aliases or "[]"):
            seen[alias] = seen.get(alias, 0) + 1
    actor["aliases"] = sorted(seen, key=lambda a: (-seen[a], a))[:30]
    page = Page(limit=cap)
    actor["quotes"] = list_quotes(store, speaker_id=actor_id, page=page)
    actor["events_as_actor"] = list_events(store, actor=actor_id, page=page)
    actor["events_as_recipient"] = list_events(store, recipient=actor_id, page=page)
    actor["proposals"] = list_proposals(store, party=actor_id, page=Page(limit=min(cap, 10)))
    return actor


# -- quotes ------------------------------------------------------------------
@_cached("quotes")
def list_quotes(store: Store, *, speaker: str | None = None, speaker_id: str | None = None,
                q: str | None = None, outlet: str | None = None, date_from: str | None = None,
                date_to: str | None = None, doc_id: str | None = None,
                min_confidence: float | None = None, page: Page = Page()) -> dict[str, Any]:
    where: list[ColumnElement[bool]] = _date_range(quotes.c.published, date_from, date_to)
    if min_confidence is not None:
        where.append(quotes.c.confidence >= min_confidence)
    if speaker_id:
        where.append(quotes.c.speaker_id == speaker_id)
    if speaker:
        where.append(or_(quotes.c.speaker_id == actor_id(store, speaker),
                         quotes.c.speaker_name.icontains(speaker, autoescape=True)))
    if q:
        where.append(match_filter(store.engine.dialect.name, q, "quotes"))
    if outlet:
        where.append(documents.c.outlet == outlet)
    if doc_id:
        where.append(quotes.c.doc_id == doc_id)
    stmt = select(quotes.c.doc_id, quotes.c.idx, quotes.c.text, quotes.c.kind, quotes.c.cue,
                  quotes.c.start, quotes.c.end, quotes.c.speaker_id, quotes.c.speaker_name,
                  quotes.c.confidence, quotes.c.review, *_DOC_COLS) \
        .join(documents, documents.c.doc_id == quotes.c.doc_id).where(*where) \
        .order_by(quotes.c.published.desc().nulls_last(), quotes.c.id.desc())
    count = select(quotes.c.id).where(*where)
    if outlet:
        count = count.join(documents, documents.c.doc_id == quotes.c.doc_id)
    out = _paged(store, stmt, page, count=count)
    for item in out["items"]:
        item["speaker"] = _ref(item, "speaker")
        item["anchor"] = f"q{item['idx']}"
    return out


# -- events ------------------------------------------------------------------
def _event_filters(*, type: str | None, actor: str | None, recipient: str | None,
                   date_from: str | None, date_to: str | None,
                   group: str | None = None) -> list[ColumnElement[bool]]:
    return _date_range(events.c.date, date_from, date_to) + _equal(
        (events.c.type, type), (events.c.actor_id, actor), (events.c.recipient_id, recipient),
        (events.c.grp, group))


def _event_item(item: dict[str, Any]) -> dict[str, Any]:
    item["actor"] = _ref(item, "actor")
    item["recipient"] = _ref(item, "recipient")
    item["group"] = item.pop("grp", None)
    item["anchor"] = f"e{item['idx']}"
    return item


_EVENT_COLS = (events.c.doc_id, events.c.idx, events.c.type, events.c.mode, events.c.actor_id,
               events.c.actor_name, events.c.recipient_id, events.c.recipient_name,
               events.c.date, events.c.date_text, events.c.negated, events.c.hypothetical,
               events.c.future, events.c.start, events.c.end, events.c.text, events.c.grp,
               events.c.confidence, events.c.review)


@_cached("events")
def list_events(store: Store, *, type: str | None = None, actor: str | None = None,
                recipient: str | None = None, date_from: str | None = None,
                date_to: str | None = None, group: str | None = None,
                min_confidence: float | None = None, page: Page = Page()) -> dict[str, Any]:
    where = _event_filters(type=type, actor=actor_id(store, actor),
                           recipient=actor_id(store, recipient), date_from=date_from,
                           date_to=date_to, group=group)
    if min_confidence is not None:
        where.append(events.c.confidence >= min_confidence)
    stmt = select(*_EVENT_COLS, *_DOC_COLS) \
        .join(documents, documents.c.doc_id == events.c.doc_id).where(*where) \
        .order_by(events.c.date.desc().nulls_last(), events.c.id.desc())
    out = _paged(store, stmt, page, count=select(events.c.id).where(*where))
    out["items"] = [_event_item(i) for i in out["items"]]
    return out


# -- proposals ---------------------------------------------------------------
def _in_group(table: Any, group: str) -> ColumnElement[bool]:
    """`table`'s rows of one group, through the group index (an `x-DOC-ID` key
    names an item that has no group)."""
    tail = group.rsplit("-", 1)[-1]
    # ASCII digits that fit the id column ("²".isdigit(), 20 digits overflow SQLite)
    if group.startswith("x-") and tail.isascii() and tail.isdigit() and len(tail) <= 9:
        by_id: ColumnElement[bool] = table.c.id == int(tail)
        return by_id
    by_group: ColumnElement[bool] = table.c.grp == group
    return by_group


def _group_key(table: Any) -> ColumnElement[Any]:
    """The cross-document group id; an item without one stands alone."""
    # Constants inline, not bound: PostgreSQL matches the GROUP BY expression to
    # the SELECT and ORDER BY ones by their text.
    own = literal_column("'x-'", String) + table.c.doc_id + literal_column("'-'", String) \
        + cast(table.c.id, String)
    return func.coalesce(table.c.grp, own)


def list_proposals(store: Store, *, proposer: str | None = None, recipient: str | None = None,
                   party: str | None = None, kind: str | None = None, q: str | None = None,
                   date_from: str | None = None, date_to: str | None = None,
                   group: str | None = None, page: Page = Page(),
                   after: str | None = None, order: str = "newest") -> dict[str, Any]:
    """Proposals merged across documents by group, each with its conditions, every
    response (dated, sourced) and its sources (cached). By the date first reported:
    `order` newest (first, the default) or oldest; undated proposals last.

    The whole list pages through the store's merged view (`merged_items`, kept
    at ingest); a filtered one groups the proposals that pass the filters.
    `after` is the `next` of the page before (CursorError if it is not one):
    the page after it, `offset` counted from there."""
    if order not in ORDERS:
        raise ValueError(f"order: {order!r} is not one of: {', '.join(ORDERS)}")
    proposer, recipient, party = (actor_id(store, x) for x in (proposer, recipient, party))
    cursor = decode_cursor(after, PROPOSAL_KEY) if after else None
    newest = order == "newest"
    args = dict(proposer=proposer, recipient=recipient, party=party, kind=kind, q=q,
                date_from=date_from, date_to=date_to, group=group)
    if not any(args.values()):
        return aggregates.get(store, ("proposals", page, cursor, newest),
                              lambda: _merged_proposals(store, page, cursor, newest))
    return aggregates.get(store, ("proposals", tuple(args.items()), page, cursor, newest),
                          lambda: _merge_proposals(store, page=page, after=cursor,
                                                   newest=newest, **args))


# The proposal list's order: (no date, first date or '', group id), the dated
# descending for newest first; a cursor holds one.
PROPOSAL_KEY = (int, str, str)
ORDERS = ("newest", "oldest")


def _proposal_page(store: Store, heads: list[Any], page: Page, total: int) -> dict[str, Any]:
    """The page's items from its heads (group, undated, date, n_sources), one more
    than the page holds when there is a next page."""
    rows = heads[:page.limit]
    last = rows[-1] if rows and len(heads) > page.limit else None
    return {"total": total, "limit": page.limit, "offset": page.offset,
            "items": [_proposal_group(store, r[0], {"date": r[2] or None, "n_sources": r[3]})
                      for r in rows],
            "next": encode_cursor((last[1], last[2] or "", last[0])) if last else None}


def _merged_proposals(store: Store, page: Page, after: tuple[Any, ...] | None,
                      newest: bool) -> dict[str, Any]:
    m = merged_items
    cond: list[ColumnElement[bool]] = [m.c.kind == "proposal"]
    total = int(store.query(select(func.count()).select_from(m).where(*cond))[0][0])
    rows = seek.heads(store, cond, flag=m.c.first_undated, keys=(m.c.first_date, m.c.grp),
                      extra=(m.c.n_sources,), limit=page.limit + 1, offset=page.offset,
                      newest=newest, undated_newest=True, after=after)
    return _proposal_page(store, [(r[2], r[0], r[1], r[3]) for r in rows], page, total)


def _merge_proposals(store: Store, *, proposer: str | None, recipient: str | None,
                     party: str | None, kind: str | None, q: str | None,
                     date_from: str | None, date_to: str | None, group: str | None,
                     page: Page, after: tuple[Any, ...] | None = None,
                     newest: bool = True) -> dict[str, Any]:
    key = _group_key(proposals)
    where: list[ColumnElement[bool]] = _date_range(proposals.c.date, date_from, date_to)
    where += _equal((proposals.c.proposer_id, proposer), (proposals.c.recipient_id, recipient))
    if party:
        responders = select(responses.c.proposal_id).where(responses.c.actor_id == party)
        where.append(or_(proposals.c.proposer_id == party, proposals.c.recipient_id == party,
                         proposals.c.id.in_(responders)))
    if kind:
        where.append(kind_filter(proposals.c.kind, kind))
    if q:
        where.append(match_filter(store.engine.dialect.name, q, "proposals"))
    if group:
        where.append(_in_group(proposals, group))
    first_date = func.min(proposals.c.date)
    undated = _nulls_last(first_date)
    stmt = select(key.label("group"), undated, first_date.label("date"),
                  func.count().label("n_sources")).where(*where).group_by(key)
    total = _total(store, stmt)
    place = (func.coalesce(first_date, ""), key)
    if after is not None and newest:  # undated last, the rest backwards
        stmt = stmt.having(or_(undated > after[0], and_(undated == after[0],
                                                         tuple_(*place) < tuple_(*after[1:]))))
    elif after is not None:
        stmt = stmt.having(tuple_(undated, *place) > tuple_(*after))
    order = (undated, *(c.desc() for c in place)) if newest else (undated, *place)
    heads = store.query(stmt.order_by(*order).offset(page.offset).limit(page.limit + 1))
    return _proposal_page(store, heads, page, total)


def _proposal_group(store: Store, group: str, head: dict[str, Any]) -> dict[str, Any]:
    srcs = store.query(
        select(proposals.c.id, proposals.c.doc_id, proposals.c.pid, proposals.c.kind,
               proposals.c.proposer_id, proposals.c.proposer_name, proposals.c.recipient_id,
               proposals.c.recipient_name, proposals.c.date, proposals.c.text,
               proposals.c.terms, proposals.c.confidence, proposals.c.review, *_DOC_COLS)
        .join(documents, documents.c.doc_id == proposals.c.doc_id)
        .where(_in_group(proposals, group))
        .order_by(_nulls_last(proposals.c.date), proposals.c.date, proposals.c.id)
        .limit(DETAIL_CAP))
    sources = [dict(r._mapping) for r in srcs]
    first = sources[0] if sources else {}
    terms: list[str] = []
    for s in sources:
        for t in json.loads(s.pop("terms") or "[]"):
            if t not in terms:
                terms.append(t)
    ids = [s["id"] for s in sources]
    cond_rows = store.query(select(conditions.c.text).where(conditions.c.proposal_id.in_(ids))
                            .group_by(conditions.c.text).order_by(func.min(conditions.c.id))
                            .limit(DETAIL_CAP)) if ids else []
    rank = func.row_number().over(partition_by=responses.c.proposal_id,
                                  order_by=responses.c.id) - 1
    resp_rows = store.query(
        select(responses.c.actor_id, responses.c.actor_name, responses.c.stance,
               responses.c.date, responses.c.text, responses.c.confidence, responses.c.review,
               rank.label("j"), proposals.c.doc_id,
               proposals.c.pid, *_DOC_COLS)
        .join(proposals, proposals.c.id == responses.c.proposal_id)
        .join(documents, documents.c.doc_id == proposals.c.doc_id)
        .where(responses.c.proposal_id.in_(ids))
        .order_by(_nulls_last(responses.c.date), responses.c.date, responses.c.id)
        .limit(DETAIL_CAP)) if ids else []
    resps = []
    for r in resp_rows:
        item = dict(r._mapping)
        item["actor"] = _ref(item, "actor")
        item["anchor"] = f"prop-{item['pid']}-r{item.pop('j')}"
        resps.append(item)
    for s in sources:
        s.pop("id")
        s["anchor"] = f"prop-{s['pid']}"
        s["proposer"], s["recipient"] = _ref(s, "proposer"), _ref(s, "recipient")
    return {"group": group, "kind": first.get("kind"), "proposer": first.get("proposer"),
            "recipient": first.get("recipient"), "date": head.get("date"),
            "n_sources": int(head.get("n_sources") or len(sources)), "terms": terms,
            "conditions": [r.text for r in cond_rows], "responses": resps, "sources": sources}


# -- one group across its sources ----------------------------------------------
def group_sources(store: Store, group: str) -> dict[str, Any] | None:
    """How each outlet reported one event or proposal group, in which words."""
    ev = store.query(select(*_EVENT_COLS, *_DOC_COLS)
                     .join(documents, documents.c.doc_id == events.c.doc_id)
                     .where(_in_group(events, group))
                     .order_by(_nulls_last(documents.c.published), documents.c.published,
                               events.c.doc_id, events.c.idx).limit(DETAIL_CAP))
    if ev:
        items = [_event_item(dict(r._mapping)) for r in ev]
        head = items[0]
        return {"group": group, "kind": "event", "type": head["type"], "actor": head["actor"],
                "recipient": head["recipient"], "date": head["date"],
                "sources": [_with_context(store, i) for i in items]}
    prop = list_proposals(store, group=group, page=Page(limit=1))
    if not prop["items"]:
        return None
    p = copy.deepcopy(prop["items"][0])  # the list is cached: never change it in place
    starts = {(r.doc_id, r.pid): (r.start, r.end) for r in store.query(
        select(proposals.c.doc_id, proposals.c.pid, proposals.c.start, proposals.c.end)
        .where(_in_group(proposals, group)).limit(DETAIL_CAP))}
    for s in p["sources"]:
        s["start"], s["end"] = starts.get((s["doc_id"], s["pid"]), (0, 0))
        _with_context(store, s)
    return {**p, "kind": "proposal", "type": p["kind"], "actor": p["proposer"]}


def _with_context(store: Store, item: dict[str, Any], width: int = 160) -> dict[str, Any]:
    """Add the words around the evidence span (before/after), from the article."""
    row = store.query(select(documents.c.record).where(documents.c.doc_id == item["doc_id"]))
    text = json.loads(row[0].record)["text"] if row else ""
    s, e = item.get("start") or 0, item.get("end") or 0
    item["before"] = ("…" if s > width else "") + text[max(0, s - width):s]
    item["after"] = text[e:e + width] + ("…" if e + width < len(text) else "")
    return item


# -- search --------------------------------------------------------------------
def search(store: Store, q: str, *, kind: str | tuple[str, ...] | None = None,
           page: Page = Page(limit=20),
           timeout: float = SEARCH_TIMEOUT) -> dict[str, Any]:
    """Articles, quotes, events and proposals matching `q` through the store's
    full-text index, best first (words, "phrases", prefix*, -word: see
    accord.fulltext); `kind` keeps one of documents, quotes, events, proposals
    (or those of a tuple). Raises ValueError for a bad query, SearchTimeout past
    `timeout` seconds."""
    return fulltext_search(store.engine, q, kind=kind, limit=page.limit, offset=page.offset,
                           timeout=timeout)


def stats(store: Store) -> dict[str, int]:
    """How many of each the store holds (whole-table counts: cached, see cache.py)."""
    return dict(aggregates.get(store, ("stats",), lambda: _stats(store)))


def _stats(store: Store) -> dict[str, int]:
    out = {}
    for name, table in (("documents", documents), ("actors", entities), ("quotes", quotes),
                        ("events", events), ("proposals", proposals)):
        out[name] = int(store.query(select(func.count()).select_from(table))[0][0])
    return out


__all__ = ["Page", "list_documents", "get_document", "list_actors", "get_actor", "list_quotes",
           "list_events", "list_proposals", "group_sources", "search", "stats",
           "list_outlets"]
