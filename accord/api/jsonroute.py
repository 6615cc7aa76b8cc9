"""Routes of the REST API: JSON rendered straight from the query results.

The queries return plain JSON data (dicts and lists of str, int, float, bool
and None). Left to itself FastAPI validates such a result against the route's
`dict[str, Any]` return type before it renders it, which copies the whole
structure item by item: on a page of merged proposals (250 KB) that took ten
times as long as `json.dumps`, and under 50 concurrent clients that copy was
most of each request. `DataRoute` hands the result to `JSONResponse` instead.
The return type still describes the route in the OpenAPI document.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from accord.queries.cache import aggregates


def _json(out: Any) -> Response:
    """The response for an endpoint's result; a cached result (a merged list, an
    actor) is serialised once while it stays in the cache."""
    if isinstance(out, Response):
        return out
    return Response(aggregates.render(out, _dumps), media_type="application/json")


def _dumps(out: Any) -> bytes:
    return bytes(JSONResponse(out).body)


def _as_response(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(endpoint):
        @functools.wraps(endpoint)  # FastAPI reads the parameters through __wrapped__
        async def render_async(*args: Any, **kwargs: Any) -> Any:
            return _json(await endpoint(*args, **kwargs))

        return render_async

    @functools.wraps(endpoint)
    def render(*args: Any, **kwargs: Any) -> Any:
        return _json(endpoint(*args, **kwargs))

    return render


class DataRoute(APIRoute):
    """An API route whose endpoint returns JSON data: rendered by `JSONResponse`,
    without a second pass over it."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, _as_response(endpoint), **kwargs)
