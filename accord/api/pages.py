"""The web UI: server-rendered Jinja2 pages (autoescape on; article text is
never marked safe) over the same queries as the REST API."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from accord import queries
from accord.api import desk, highlight, review
from accord.api.params import (
    ApiError,
    DateParam,
    EventType,
    Limit,
    Offset,
    SearchKind,
    SearchLimit,
    Text,
    check_event_type,
    check_range,
    check_search_kind,
    check_words,
    clean_text,
    page,
    store_of,
)
from accord.api.searching import in_search_thread
from accord.model import EVENT_TYPES
from accord.queries.cache import aggregates
from accord.queries.counts import family_css
from accord.queries.names import resolve, suggest
from accord.queries.timeline import timeline as timeline_query

router = APIRouter(include_in_schema=False)
_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True, trim_blocks=True, lstrip_blocks=True,
    undefined=jinja2.ChainableUndefined,
)


def _qs(params: dict[str, Any], **changes: Any) -> str:
    """`?a=1&b=2` from the current parameters with some changed (None drops one)."""
    merged = {**params, **changes}
    clean = {k: v for k, v in merged.items()
             if v not in (None, "") and not (k == "offset" and v == 0)}
    return "?" + urlencode(clean) if clean else "?"


_env.globals.update(qs=_qs, event_types=EVENT_TYPES, family_css=family_css,
                    life_chart=desk.proposal_life)


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    html = _env.get_template(name).render(request=request, path=request.url.path, **ctx)
    return HTMLResponse(html, status_code=status)


def render_cached(request: Request, name: str, key: Hashable,
                  context: Callable[[], dict[str, Any]]) -> HTMLResponse:
    """A page whose HTML follows from `key` (its validated parameters) and the
    store alone: rendered once and served again while the store is unchanged,
    cached with the API's lists (cache.py: a write of this process, another
    document, or `ttl` seconds make it anew). Under many clients a page costs a
    lookup, not its queries, its charts and the template."""
    path = request.url.path

    def build() -> bytes:
        return _env.get_template(name).render(path=path, **context()).encode()

    return HTMLResponse(aggregates.get(store_of(request), ("html", name, path, key), build))


def error_page(request: Request, err: ApiError) -> HTMLResponse:
    return render(request, "error.html", status=err.status, err=err)


def docs_page(request: Request, *, swagger: bool, spec: dict[str, Any]) -> HTMLResponse:
    return render(request, "docs.html", swagger=swagger, spec=spec)


def _pager(result: dict[str, Any]) -> dict[str, Any]:
    total, limit, offset = result["total"], result["limit"], result["offset"]
    return {"total": total, "first": offset + 1 if total else 0,
            "last": min(offset + limit, total),
            "prev": max(offset - limit, 0) if offset > 0 else None,
            "next": offset + limit if offset + limit < total else None}


def _list_page(request: Request, name: str, result: dict[str, Any], params: dict[str, Any],
               **ctx: Any) -> HTMLResponse:
    """A page of a list: its rows, the parameters that chose them (its links keep
    them) and the pager."""
    return render(request, name, result=result, params=params, nav=_pager(result), **ctx)


@router.get("/", response_class=HTMLResponse)
def timeline(request: Request, type: EventType = None, actor: Text = None,
             kind: str = "all", date_from: DateParam = None, date_to: DateParam = None,
             order: str = "newest", limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
    lo, hi = check_range(date_from, date_to)
    if kind not in ("all", "event", "proposal"):
        kind = "all"
    order = order if order in desk.ORDERS else "newest"
    params: dict[str, Any] = {
              "type": check_event_type(type) or "", "actor": clean_text(actor) or "",
              "kind": kind if kind != "all" else "", "date_from": lo or "", "date_to": hi or "",
              "limit": limit if limit != 50 else "", "order": order if order != "newest" else ""}
    store = store_of(request)

    def context() -> dict[str, Any]:
        result = timeline_query(store, type=params["type"] or None,
                                actor=params["actor"] or None, kind=kind, date_from=lo,
                                date_to=hi, page=page(limit, offset), order=order)
        return {"result": result, "params": params, "nav": _pager(result),
                "stats": queries.stats(store), "chart": desk.timeline_chart(store, params),
                "ranges": desk.quick_ranges(store), "names": desk.suggestions(store),
                "resolved": desk.resolved(store, params["actor"])}

    return render_cached(request, "timeline.html", (tuple(params.items()), offset), context)


@router.get("/documents", response_class=HTMLResponse)
def documents(request: Request, q: Text = None, outlet: Text = None,
              date_from: DateParam = None, date_to: DateParam = None,
              limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
    lo, hi = check_range(date_from, date_to)
    params = {"q": check_words(q) or "", "outlet": clean_text(outlet) or "",
              "date_from": lo or "", "date_to": hi or ""}
    result = queries.list_documents(store_of(request), q=params["q"] or None,
                                    outlet=params["outlet"] or None, date_from=lo, date_to=hi,
                                    page=page(limit, offset))
    return _list_page(request, "documents.html", result, params,
                      outlets=queries.list_outlets(store_of(request)),
                      chart=desk.outlet_chart(store_of(request), params))


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document(request: Request, doc_id: str) -> HTMLResponse:
    store, doc_id = store_of(request), doc_id[:64]
    visitor = review.visitor(request)

    def context() -> dict[str, Any]:
        rec = queries.get_document(store, doc_id)
        if rec is None:
            raise ApiError(404, "not_found", "no such document in the store")
        labels = highlight.item_labels(rec)
        return {"rec": rec, "segments": highlight.segments(rec),
                "anchor": highlight.proposal_anchor,
                "labels_for": lambda ids: "; ".join(labels.get(i, "") for i in ids),
                **review.page_context(store, rec), **visitor}

    return render_cached(request, "document.html", (doc_id, tuple(visitor.items())), context)


@router.get("/actors", response_class=HTMLResponse)
def actors(request: Request, q: Text = None, limit: Limit = 50,
           offset: Offset = 0) -> HTMLResponse:
    params = {"q": clean_text(q) or ""}
    result = queries.list_actors(store_of(request), q=params["q"] or None,
                                 page=page(limit, offset))
    return _list_page(request, "actors.html", result, params)


@router.get("/actors/{actor_id}", response_class=HTMLResponse)
def actor(request: Request, actor_id: str, name: Text = None) -> Response:
    """An actor by id, or by a name or alias in any case (/actors/Putin: redirected to
    its id, with `name` kept when the name fits others too); a name that fits no
    one: 404 with the actors whose names contain it."""
    store, key = store_of(request), actor_id[:200]
    found = queries.get_actor(store, key, cap=20)
    if found is None:
        named = resolve(store, key)
        if named.id is None:
            choices = suggest(store, key, limit=8)
            err = ApiError(404, "not_found", f"No actor is named “{key}”"
                           + (": did you mean one of these?" if choices else "."))
            return render(request, "error.html", status=404, err=err, choices=choices)
        target = desk.actor_href(named.id)
        if named.others:  # the page says which others the name fits
            target += "?" + urlencode({"name": named.text})
        return RedirectResponse(target, status_code=303)
    note = desk.resolved(store, clean_text(name)) if name else None
    note = note if note and note["id"] == found["id"] else None
    return render_cached(request, "actor.html", (note and note["text"],), lambda: {
        "actor": found, "charts": desk.actor_charts(store, found["id"]), "resolved": note})


@router.get("/quotes", response_class=HTMLResponse)
def quotes(request: Request, speaker: Text = None, q: Text = None,
           date_from: DateParam = None, date_to: DateParam = None,
           limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
    lo, hi = check_range(date_from, date_to)
    params = {"speaker": clean_text(speaker) or "", "q": check_words(q) or "",
              "date_from": lo or "", "date_to": hi or ""}
    result = queries.list_quotes(store_of(request), speaker=params["speaker"] or None,
                                 q=params["q"] or None, date_from=lo, date_to=hi,
                                 page=page(limit, offset))
    return _list_page(request, "quotes.html", result, params,
                      names=desk.suggestions(store_of(request)))


@router.get("/proposals", response_class=HTMLResponse)
def proposals(request: Request, party: Text = None, kind: Text = None,
              date_from: DateParam = None, date_to: DateParam = None, order: str = "newest",
              limit: Limit = 20, offset: Offset = 0) -> HTMLResponse:
    lo, hi = check_range(date_from, date_to)
    order = order if order in desk.ORDERS else "newest"
    params: dict[str, Any] = {
        "party": clean_text(party) or "", "kind": clean_text(kind) or "",
        "date_from": lo or "", "date_to": hi or "",
        "limit": limit if limit != 20 else "", "order": order if order != "newest" else ""}
    store = store_of(request)

    def context() -> dict[str, Any]:
        result = queries.list_proposals(store, party=params["party"] or None,
                                        kind=params["kind"] or None, date_from=lo, date_to=hi,
                                        page=page(limit, offset), order=order)
        return {"result": result, "params": params, "nav": _pager(result),
                "ranges": desk.quick_ranges(store), "names": desk.suggestions(store),
                "resolved": desk.resolved(store, params["party"])}

    return render_cached(request, "proposals.html", (tuple(params.items()), offset), context)


@router.get("/compare/{group}", response_class=HTMLResponse)
def compare(request: Request, group: str) -> HTMLResponse:
    found = queries.group_sources(store_of(request), group[:200])
    if found is None:
        raise ApiError(404, "not_found", "no such event or proposal group")
    return render(request, "compare.html", g=found)


def _snippet_parts(snippet: str, spans: list[list[int]]) -> list[tuple[str, bool]]:
    """A search snippet cut at its matches into (text, is_match) pieces; the
    template escapes each one (snippets are article text)."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for start, end in spans:
        if start < pos or end > len(snippet):
            continue
        out += [(snippet[pos:start], False), (snippet[start:end], True)]
        pos = end
    out.append((snippet[pos:], False))
    return [p for p in out if p[0]]


_env.globals.update(snippet_parts=_snippet_parts)
_env.globals.update(review.TEMPLATE_GLOBALS)


@router.get("/search", response_class=HTMLResponse)
async def search(request: Request, q: Text = None, kind: SearchKind = None,
                 limit: SearchLimit = 20, offset: Offset = 0) -> HTMLResponse:
    text, chosen = clean_text(q), check_search_kind(kind)
    params = {"q": text or "", "kind": chosen or "", "limit": limit if limit != 20 else ""}
    if not text:
        return render(request, "search.html", q="", params=params, result=None)
    store = store_of(request)

    def run() -> tuple[dict[str, Any], list[dict[str, Any]]]:
        found = queries.search(store, text, kind=chosen, page=page(limit, offset))
        return found, (suggest(store, text, limit=5) if offset == 0 else [])

    result, actors = await in_search_thread(request, run)
    return _list_page(request, "search.html", result, params, q=text, actors=actors)
