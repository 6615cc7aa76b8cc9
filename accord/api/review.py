"""Analysts' corrections over the web: the JSON API (`POST /api/corrections`,
`GET /api/corrections`) and the small form on each item of a document page
(`POST /documents/{doc_id}/corrections`), both over `Store.add_correction`.

Who may write: any client of a server that has a token (every request carries
it, `accord serve --token`); else only a client on this machine. So a store
served beyond loopback with `--no-auth` is read-only to the world. A form post
from another site is refused (its Origin is not this server's), and the JSON
API takes JSON only, which no cross-site form can send.
"""

from __future__ import annotations

import ipaddress
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

from accord import corrections
from accord.api.params import ERROR_RESPONSES, ApiError, store_of
from accord.confidence import LOW_CONFIDENCE
from accord.corrections import Correction, original_target
from accord.errors import CorrectionError
from accord.model import STANCES
from accord.store import Store

router = APIRouter(responses=ERROR_RESPONSES)
MinConfidence = Annotated[float | None, Query(ge=0.0, le=1.0, description=(
    "Only items at least this confident (0 to 1: the share of such items that were "
    "right on the corpus' dev split; README, \"Confidence\")."))]
MAX_BODY = 16_384
DEFAULT_AUTHOR = "analyst"


class Target(BaseModel):
    """Which item: its span in the document's text (an event: its type and
    actor as extracted too, when one clause tells the acts of several)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    type: str | None = Field(default=None, max_length=16)
    actor: str | None = Field(default=None, max_length=200)


class CorrectionIn(BaseModel):
    doc_id: str = Field(max_length=64)
    kind: Literal["quote", "event", "proposal", "response"]
    target: Target
    action: Literal["confirm", "edit", "reject", "delete"]
    changes: dict[str, Any] = Field(default_factory=dict, description=(
        "For an edit, the new values: quote speaker; event type, actor, recipient; "
        "proposal kind, proposer, recipient; response stance, actor. An actor is an "
        "actor id or a name; null or \"\" clears it."))
    author: str = Field(min_length=1, max_length=100)
    note: str | None = Field(default=None, max_length=1000)


def _loopback(address: str) -> bool:
    if address in ("localhost", "testclient"):
        return True
    try:
        return ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def _may_write(request: Request) -> None:
    if getattr(request.app.state, "token", None):
        return  # the guard let the request in with the token
    if not _loopback(request.client.host if request.client else ""):
        raise ApiError(403, "read_only", "corrections need a token on a server reached from "
                       "another machine: start it with accord serve --token TOKEN")


def _same_origin(request: Request) -> None:
    """Refuse a form posted by a page of another site (CSRF)."""
    origin = request.headers.get("origin")
    if origin and origin != "null":
        if (urlsplit(origin).netloc or "").lower() != request.headers.get("host", "").lower():
            raise ApiError(403, "cross_site", "a correction must come from this server's pages")
    elif request.headers.get("sec-fetch-site") in ("cross-site", "same-site"):
        raise ApiError(403, "cross_site", "a correction must come from this server's pages")


def submit(store: Store, body: CorrectionIn) -> Correction:
    """Check and store one correction (ApiError 422/404 when it cannot apply)."""
    try:
        return corrections.submit(store, body.doc_id, body.kind,
                                  body.target.model_dump(exclude_none=True), body.action,
                                  author=body.author, changes=body.changes, note=body.note)
    except CorrectionError as exc:
        missing = exc.message.startswith("no ")
        raise ApiError(404 if missing else 422, "not_found" if missing else
                       "invalid_correction", exc.message) from None


@router.post("/api/corrections", status_code=201, tags=["corrections"])
def add(request: Request, body: CorrectionIn) -> dict[str, Any]:
    """Confirm, reject, edit or delete one item of a document. The correction is
    kept with its time and author and applied over the extraction everywhere
    (API, web pages, CLI, exports), also after the article is extracted again.
    Needs the server's token when it is reached from another machine."""
    _may_write(request)
    if "json" not in request.headers.get("content-type", ""):
        raise ApiError(415, "unsupported_media_type", "send the correction as JSON")
    return submit(store_of(request), body).as_dict()


@router.get("/api/corrections", tags=["corrections"])
def listing(request: Request, doc_id: Annotated[str | None, Query(max_length=64)] = None,
            limit: Annotated[int, Query(ge=1, le=10_000)] = 500) -> dict[str, Any]:
    """Corrections, oldest first (of one document with `doc_id`)."""
    items = store_of(request).corrections(doc_id, limit=limit)
    return {"total": len(items), "items": [c.as_dict() for c in items]}


_FORM_FIELDS = ("speaker", "type", "kind", "actor", "proposer", "recipient", "stance")


@router.post("/documents/{doc_id}/corrections", include_in_schema=False)
async def form(request: Request, doc_id: str) -> RedirectResponse:
    """The form under each item of a document page; back to the item after."""
    _may_write(request)
    _same_origin(request)
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ApiError(413, "too_large", "the form is too large")
    fields = {k: v[-1] for k, v in parse_qs(raw.decode("utf-8", "replace"),
                                           keep_blank_values=True).items()}
    action = fields.get("action", "")
    kind = fields.get("item_kind", "")
    try:
        target = Target(start=int(fields.get("start", "")), end=int(fields.get("end", "")),
                        type=fields.get("target_type") or None,
                        actor=fields.get("target_actor") or None)
    except ValueError:
        raise ApiError(422, "invalid_correction", "the form names no item") from None
    changes: dict[str, Any] = {}
    if action == "edit":
        for name in _FORM_FIELDS:
            if name in fields and fields[name].strip() != fields.get(f"was_{name}", "").strip():
                changes[name] = fields[name]
        if not changes:
            action = "confirm"  # saved unchanged: the analyst agrees with it
    try:
        body = CorrectionIn(doc_id=doc_id[:64], kind=kind, target=target,  # type: ignore[arg-type]
                            action=action, changes=changes,  # type: ignore[arg-type]
                            author=(fields.get("author") or DEFAULT_AUTHOR)[:100],
                            note=fields.get("note") or None)
    except ValueError as exc:
        raise ApiError(422, "invalid_correction", f"the form is not a correction ({exc})"
                       ) from None
    submit(store_of(request), body)
    anchor = fields.get("anchor") or ""
    response = RedirectResponse(f"/documents/{doc_id[:64]}#{anchor}" if anchor
                                else f"/documents/{doc_id[:64]}", status_code=303)
    response.set_cookie("accord_author", body.author, samesite="strict", path="/")
    return response


TEMPLATE_GLOBALS: dict[str, Any] = {"low_confidence": LOW_CONFIDENCE,
                                    "item_target": original_target, "stances": STANCES}


def page_context(store: Store, rec: dict[str, Any]) -> dict[str, Any]:
    """What a document page shows of its corrections: every one, with the words
    of its item."""
    text = rec.get("text") or ""
    history = [{**c.as_dict(), "words": text[c.target.get("start", 0):c.target.get("end", 0)]}
               for c in store.corrections(rec["doc_id"])]
    return {"corrections": history}


def visitor(request: Request) -> dict[str, Any]:
    """What a document page shows of its visitor: whether they may add a
    correction, and the author name their last one gave (a cookie)."""
    try:
        _may_write(request)
        writable = True
    except ApiError:
        writable = False
    return {"can_correct": writable, "author": request.cookies.get("accord_author") or ""}
