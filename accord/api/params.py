"""Query parameters shared by the REST API and the web pages, validated once.

Bad values become an `ApiError` (a 4xx with a JSON or HTML body, see app.py),
never a stack trace.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query, Request
from pydantic import BaseModel

from accord.errors import SearchQueryError
from accord.fulltext import parse
from accord.model import EVENT_TYPES
from accord.queries.lists import Page
from accord.store import Store

MAX_LIMIT = 500
MAX_OFFSET = 1_000_000
MAX_TEXT = 200


class ApiError(Exception):
    """An error the client can fix: status, stable code, message, details."""

    def __init__(self, status: int, code: str, message: str,
                 details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details = details or []

    def body(self) -> dict[str, Any]:
        return {"error": {"status": self.status, "code": self.code, "message": self.message,
                          "details": self.details}}


class ErrorDetail(BaseModel):
    param: str
    problem: str


class ErrorInfo(BaseModel):
    status: int
    code: str  # invalid_parameter, not_found, method_not_allowed, internal_error
    message: str
    details: list[ErrorDetail] = []


class ErrorBody(BaseModel):
    """The body of every 4xx and 5xx answer of the API."""

    error: ErrorInfo


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "A parameter has a bad value"},
    404: {"model": ErrorBody, "description": "No such item"},
    500: {"model": ErrorBody, "description": "Unexpected error (no internals shown)"},
}


def bad_param(param: str, problem: str) -> ApiError:
    return ApiError(422, "invalid_parameter", f"{param}: {problem}",
                    [{"param": param, "problem": problem}])


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip.")]
After = Annotated[str | None, Query(max_length=600, description=(
    "The `next` of the page before: the page after it, found by seeking, so a deep page "
    "costs what the first does (`offset` then counts from there)."))]
Text = Annotated[str | None, Query(max_length=MAX_TEXT)]
DateParam = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD")]
EventType = Annotated[str | None, Query(max_length=16, description="PLOVER event type, "
                                        "e.g. " + ", ".join(EVENT_TYPES[:4]) + ", ...")]


SearchKind = Annotated[str | None, Query(max_length=16, description="Only one kind of item: "
                                         "documents, quotes, events or proposals.")]
SearchLimit = Annotated[int, Query(ge=1, le=100, description="Results per page, 1 to 100.")]
SEARCH_KINDS = ("documents", "quotes", "events", "proposals")


def check_search_kind(value: str | None) -> str | None:
    """A kind of search result (singular accepted: `quote`), or None for all."""
    if value is None or value.strip() in ("", "all"):
        return None
    kind = value.strip().lower()
    kind = kind if kind.endswith("s") else kind + "s"
    if kind not in SEARCH_KINDS:
        raise bad_param("kind", f"{value!r} is not one of: all, {', '.join(SEARCH_KINDS)}")
    return kind


def check_words(value: str | None) -> str | None:
    """Free text searched through the full-text index (`q` of the lists), or None."""
    text = clean_text(value)
    if text is not None:
        try:
            parse(text)
        except SearchQueryError as exc:
            raise bad_param("q", exc.message) from None
    return text


def page(limit: int, offset: int) -> Page:
    return Page(limit=limit, offset=offset)


def check_date(param: str, value: str | None) -> str | None:
    """A YYYY-MM-DD calendar date, or None; anything else is a 422."""
    if value is None or value == "":
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise bad_param(param, f"{value!r} is not a date: use YYYY-MM-DD") from None


def check_range(date_from: str | None, date_to: str | None) -> tuple[str | None, str | None]:
    lo, hi = check_date("date_from", date_from), check_date("date_to", date_to)
    if lo and hi and lo > hi:
        raise bad_param("date_from", f"{lo} is after date_to {hi}")
    return lo, hi


def check_event_type(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    up = value.strip().upper()
    if up not in EVENT_TYPES:
        raise bad_param("type", f"unknown event type {value!r}; one of: {', '.join(EVENT_TYPES)}")
    return up


def check_choice(param: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise bad_param(param, f"{value!r} is not one of: {', '.join(choices)}")
    return value


def clean_text(value: str | None) -> str | None:
    """Trimmed free text, or None when blank."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def store_of(request: Request) -> Store:
    """The store the app serves (create_app puts it on app.state)."""
    store: Store = request.app.state.store
    return store
