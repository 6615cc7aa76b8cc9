"""The FastAPI application: REST API, web pages, offline API docs, error
handling and security headers."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.api import pages, rest
from accord.api.params import ApiError, bad_param
from accord.queries.lists import CursorError
from accord.store import Store

HERE = Path(__file__).resolve().parent
log = logging.getLogger("accord.api")

# No inline scripts anywhere: every script is a file under /static or /docs-assets.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# Swagger UI sets style attributes at run time; its scripts are still files.
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """Adds CSP and friends to every response (a plain ASGI middleware: cheap)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                for k, v in HEADERS.items():
                    headers[k] = v
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _swagger_path() -> Path | None:
    try:
        import swagger_ui_bundle
    except ImportError:
        return None
    path = Path(swagger_ui_bundle.swagger_ui_path)
    return path if (path / "swagger-ui-bundle.js").is_file() else None


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path == "/openapi.json"


def _error(request: Request, err: ApiError) -> Response:
    if _wants_json(request):
        return JSONResponse(err.body(), status_code=err.status)
    return pages.error_page(request, err)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return _error(request, exc)

    @app.exception_handler(CursorError)
    async def bad_cursor(request: Request, exc: CursorError) -> Response:
        return _error(request, bad_param("after", str(exc)))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        details = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "body")]
            details.append({"param": ".".join(loc) or "?", "problem": e.get("msg", "invalid")})
        msg = "; ".join(f"{d['param']}: {d['problem']}" for d in details) or "invalid request"
        return _error(request, ApiError(422, "invalid_parameter", msg, details))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        message = "no such page" if exc.status_code == 404 else str(exc.detail)
        return _error(request, ApiError(exc.status_code, code, message))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected error on %s: %r", request.url.path, exc)
        return _error(request, ApiError(500, "internal_error",
                                        "internal error; the server log has the details"))


# Threads serving requests at once: no more than the store's connection pool
# (SQLAlchemy's default 5 + 10 overflow), so a burst waits in line instead of
# timing out for a connection.
WORKER_THREADS = 15


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def create_app(db: str | None = None, *, store: Store | None = None) -> FastAPI:
    """The app over the store at `db` (or an open `store`)."""
    app = FastAPI(lifespan=_lifespan, title="accord", version="0.1.0", docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json",
                  description="Quotes, PLOVER events and proposals extracted from news "
                              "articles, each pointing at its evidence "
                              "(`text[start:end]`). Lists take `limit` and `offset`.")
    app.state.store = store or Store.open(db, create=False)
    _install_errors(app)
    app.add_middleware(SecurityHeaders)
    app.include_router(rest.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    swagger = _swagger_path()
    if swagger is not None:
        app.mount("/docs-assets", StaticFiles(directory=swagger), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return pages.docs_page(request, swagger=swagger is not None,
                               spec=app.openapi())

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, Any]:
        return {"ok": True}

    return app
