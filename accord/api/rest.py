"""The REST API under /api: JSON over `accord.queries`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.routing import APIRoute

from accord import queries
from accord.api.jsonroute import DataRoute
from accord.api.params import (
    ERROR_RESPONSES,
    MAX_TEXT,
    After,
    ApiError,
    DateParam,
    EventType,
    Limit,
    Offset,
    SearchKind,
    SearchLimit,
    Text,
    check_choice,
    check_event_type,
    check_range,
    check_search_kind,
    check_words,
    clean_text,
    page,
    store_of,
)
from accord.api.review import MinConfidence
from accord.api.searching import in_search_thread
from accord.queries.names import resolve, suggest
from accord.queries.timeline import timeline as timeline_query

router = APIRouter(prefix="/api", responses=ERROR_RESPONSES, route_class=DataRoute)
DocId = Annotated[str, Path(max_length=64, description="Document id")]
ActorId = Annotated[str, Path(max_length=200, description="Actor id, e.g. vladimir-putin")]
GroupId = Annotated[str, Path(max_length=MAX_TEXT, description="Event or proposal group id")]


def _found(item: dict[str, Any] | None, what: str, key: str) -> dict[str, Any]:
    """`item`, or a 404 naming the `what` that has no `key`."""
    if item is None:
        raise ApiError(404, "not_found", f"no {what} {key!r} in the store")
    return item


@router.get("/documents", tags=["documents"])
def documents(request: Request, q: Text = None, outlet: Text = None,
              date_from: DateParam = None, date_to: DateParam = None,
              limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Documents, newest first; `q` searches title and text, dates filter `published`."""
    lo, hi = check_range(date_from, date_to)
    return queries.list_documents(store_of(request), q=check_words(q), outlet=clean_text(outlet),
                                  date_from=lo, date_to=hi, page=page(limit, offset))


@router.get("/documents/{doc_id}", tags=["documents"])
def document(request: Request, doc_id: DocId) -> dict[str, Any]:
    """One document's full SPEC record (text, entities, quotes, events, proposals)."""
    return _found(queries.get_document(store_of(request), doc_id), "document", doc_id)


@router.get("/actors", tags=["actors"])
def actors(request: Request, q: Text = None, type: Text = None, country: Text = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Actors with mention and document counts, most mentioned first."""
    return queries.list_actors(store_of(request), q=clean_text(q), type=clean_text(type),
                               country=clean_text(country), page=page(limit, offset))


@router.get("/actors/suggest", tags=["actors"])
def actors_suggest(request: Request, q: Text = None,
                   limit: Annotated[int, Query(ge=1, le=50)] = 10) -> dict[str, Any]:
    """Actors whose name, id or an alias an article used contains `q` (any case), for
    suggestions as one types: names starting with `q` first, then by mentions. Each
    item: id, name, type, n_mentions, and `match` (the alias matched, if not the name).
    Every actor filter of the API takes such a name: `/api/events?actor=Putin`."""
    text = clean_text(q) or ""
    return {"q": text, "items": suggest(store_of(request), text, limit=limit)}


@router.get("/actors/{actor_id}", tags=["actors"])
def actor(request: Request, actor_id: ActorId, limit: Limit = 20) -> dict[str, Any]:
    """One actor: aliases, counts, and (up to `limit` each) their quotes, events as actor
    and as recipient, and the proposals they made, received or answered. `actor_id` may
    be a name or alias in any case (`/api/actors/Putin`), resolved as every actor filter
    is: the answer then holds `resolved` (how it matched, and `others` the name fits
    too). A name that fits no one: 404, with the actors whose names contain it."""
    store = store_of(request)
    found = queries.get_actor(store, actor_id, cap=limit)
    if found is not None:
        return found
    named = resolve(store, actor_id)
    found = queries.get_actor(store, named.id, cap=limit) if named.id else None
    if found is None:
        near = suggest(store, actor_id, limit=5)
        hint = "; ".join(f"{a['name']} ({a['id']})" for a in near)
        raise ApiError(404, "not_found", f"no actor {actor_id!r} in the store" + (
            f": did you mean {hint}?" if hint else "") + " (see /api/actors/suggest?q=)",
            [{"param": "actor_id", "problem": f"may be {a['id']}"} for a in near])
    return {**found, "resolved": named.as_dict()}


@router.get("/quotes", tags=["quotes"])
def quotes(request: Request, speaker: Text = None, q: Text = None, outlet: Text = None,
           date_from: DateParam = None, date_to: DateParam = None,
           min_confidence: MinConfidence = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Quotes, newest first; `speaker` is an actor id or part of the speaker's name.
    A quote of kind `indirect` or `mixed` is the reporter's paraphrase, not the
    speaker's own words."""
    lo, hi = check_range(date_from, date_to)
    return queries.list_quotes(store_of(request), speaker=clean_text(speaker), q=check_words(q),
                               outlet=clean_text(outlet), date_from=lo, date_to=hi,
                               min_confidence=min_confidence, page=page(limit, offset))


@router.get("/events", tags=["events"])
def events(request: Request, type: EventType = None, actor: Text = None,
           recipient: Text = None, group: Text = None, date_from: DateParam = None,
           date_to: DateParam = None, min_confidence: MinConfidence = None,
           limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Events, newest first (undated last); `actor`/`recipient` are actor ids or names
    ("Putin", "the Kremlin": see /api/actors/suggest)."""
    lo, hi = check_range(date_from, date_to)
    return queries.list_events(store_of(request), type=check_event_type(type),
                               actor=clean_text(actor), recipient=clean_text(recipient),
                               group=clean_text(group), date_from=lo, date_to=hi,
                               min_confidence=min_confidence, page=page(limit, offset))


@router.get("/proposals", tags=["proposals"])
def proposals(request: Request, proposer: Text = None, recipient: Text = None,
              party: Text = None, kind: Text = None, q: Text = None,
              date_from: DateParam = None, date_to: DateParam = None, order: str = "newest",
              limit: Limit = 20, offset: Offset = 0, after: After = None) -> dict[str, Any]:
    """Proposals merged across documents, each with its terms, conditions, dated
    responses (with their sources) and the documents that reported it; by the date
    first reported (`order`: newest, the default, or oldest first; undated last);
    `next` (null on the last page) is the `after` of the next page."""
    lo, hi = check_range(date_from, date_to)
    return queries.list_proposals(store_of(request), proposer=clean_text(proposer),
                                  recipient=clean_text(recipient), party=clean_text(party),
                                  kind=clean_text(kind), q=check_words(q), date_from=lo,
                                  date_to=hi, page=page(limit, offset), after=after,
                                  order=check_choice("order", order, ("newest", "oldest")))


@router.get("/timeline", tags=["timeline"])
def timeline(request: Request, type: EventType = None, actor: Text = None,
             kind: str = "all", date_from: DateParam = None, date_to: DateParam = None,
             order: str = "newest", limit: Limit = 50,
             offset: Offset = 0, after: After = None) -> dict[str, Any]:
    """Events and proposals merged across documents by group, in date order (`order`:
    newest, the default, or oldest first; undated last); `kind` is all, event or
    proposal; `next` (null on the last page) is the `after` of the next page."""
    lo, hi = check_range(date_from, date_to)
    return timeline_query(store_of(request), type=check_event_type(type),
                            actor=clean_text(actor),
                            kind=check_choice("kind", kind, ("all", "event", "proposal")),
                            date_from=lo, date_to=hi, page=page(limit, offset),
                            order=check_choice("order", order, ("newest", "oldest")),
                            after=after)


@router.get("/groups/{group}", tags=["timeline"])
def group(request: Request, group: GroupId) -> dict[str, Any]:
    """One event or proposal group: how each source reported it, with the words around."""
    return _found(queries.group_sources(store_of(request), group), "group", group)


async def search(request: Request, q: Text = None, kind: SearchKind = None,
                 limit: SearchLimit = 20, offset: Offset = 0) -> dict[str, Any]:
    """Articles (title and text), quotes, events and proposals matching `q` through the
    store's full-text index, best first. Every word must match, in any form ("talks"
    finds "talk"); `"a phrase"` in quotes, `ceasef*` for a prefix, `-word` leaves one
    out. `kind` keeps documents, quotes, events or proposals. Each item has its `kind`,
    `doc_id`, `anchor` (the item in its article: /documents/DOC#ANCHOR), a `snippet` of
    plain text and `highlights`, the [start, end) of each match in it; `counts` holds
    the number found of each kind. A search stops after a few seconds (503)."""
    text = clean_text(q)
    if not text:
        raise ApiError(422, "invalid_parameter", "q: give some words to search for",
                       [{"param": "q", "problem": "missing"}])
    store, chosen, where = store_of(request), check_search_kind(kind), page(limit, offset)
    return await in_search_thread(
        request, lambda: queries.search(store, text, kind=chosen, page=where))


# A plain APIRoute: the endpoint is a coroutine (it waits for a search thread).
router.add_api_route("/search", search, methods=["GET"], tags=["search"],
                     route_class_override=APIRoute)


@router.get("/stats", tags=["search"])
def stats(request: Request) -> dict[str, int]:
    """How many documents, actors, quotes, events and proposals the store holds."""
    return queries.stats(store_of(request))
