"""The FastAPI application: REST API, web pages, offline API docs, error
handling and security headers."""

from __future__ import annotations

import hmac
import ipaddress
import logging
import socket
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from accord.api import pages, rest, review
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


class HttpMiddleware:
    """A plain ASGI middleware (cheap) that acts on HTTP requests in `http`; any
    other scope (lifespan, websocket) passes straight through."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class SecurityHeaders(HttpMiddleware):
    """Adds CSP and friends to every response."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        csp = DOCS_CSP if scope["path"] == "/docs" else CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = csp
                for k, v in HEADERS.items():
                    headers[k] = v
            await send(message)

        await self.app(scope, receive, send_with_headers)


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = ("0.0.0.0", "::", "")
TOKEN_COOKIE = "accord_token"


def is_loopback(host: str) -> bool:
    """Whether `host` (a --host value) only takes connections from this machine."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_names(host: str, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The names a server listening on `host` answers to in the Host header: the
    host itself, loopback names on loopback, the machine's names and addresses on
    every interface, and `extra` (None, no check, when `extra` holds '*')."""
    names = {h.strip().strip("[]").lower().rstrip(".") for h in (host, *extra)}
    if "*" in names:
        return None
    if is_loopback(host) or host in WILDCARDS:
        names |= LOOPBACK_NAMES
    if host in WILDCARDS:
        for name in {socket.gethostname(), socket.getfqdn()}:
            names.add(name.lower())
            with suppress(OSError):  # a name that does not resolve: its name alone
                names |= {str(ai[4][0]).split("%")[0] for ai in socket.getaddrinfo(name, None)}
    return frozenset(names - set(WILDCARDS))


def _host_name(value: str) -> str:
    """The name of a Host header value, without its port."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    return (value.rsplit(":", 1)[0] if value.count(":") == 1 else value).rstrip(".")


class Guard(HttpMiddleware):
    """Checks every request before any route runs: a Host header the server does
    not answer to is refused (400: DNS rebinding must not reach a local store),
    a request without the token when there is one (401), a NUL character in the
    path or a parameter (422: PostgreSQL cannot hold one).

    The token comes as `Authorization: Bearer TOKEN`, as the cookie a browser
    gets when it opens the URL `accord serve` prints (`/?token=TOKEN`, then
    redirected without it), or as `?token=` on any request."""

    def __init__(self, app: ASGIApp, *, hosts: frozenset[str] | None = None,
                 token: str | None = None) -> None:
        super().__init__(app)
        self.hosts, self.token = hosts, token

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope)
        response = self._refusal(request)
        if response is None and self.token and request.method in ("GET", "HEAD") and \
                self._matches(request.query_params.get("token")) and \
                not request.url.path.startswith("/api"):
            response = self._keep_token(request)
        if response is not None:
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _matches(self, given: str | None) -> bool:
        return bool(self.token and given and
                    hmac.compare_digest(given.encode(), self.token.encode()))

    def _refusal(self, request: Request) -> Response | None:
        headers = Headers(scope=request.scope)
        if self.hosts is not None and _host_name(headers.get("host", "")) not in self.hosts:
            return _error(request, ApiError(
                400, "bad_host", "this server does not answer to that Host name: open it by "
                "the address `accord serve` printed (or start it with --allow-host NAME)"))
        if self.token and request.url.path != "/healthz":
            auth = headers.get("authorization", "")
            bearer = auth[7:].strip() if auth[:7].lower() == "bearer " else None
            if not any(self._matches(v) for v in (bearer, request.cookies.get(TOKEN_COOKIE),
                                                   request.query_params.get("token"))):
                response = _error(request, ApiError(
                    401, "unauthorized", "this server needs its token: open the URL "
                    "`accord serve` printed, or send Authorization: Bearer TOKEN"))
                response.headers["WWW-Authenticate"] = 'Bearer realm="accord"'
                return response
        if "\x00" in request.url.path:
            return _error(request, bad_param("path", "contains a NUL character"))
        for key, value in parse_qsl(request.scope.get("query_string", b"").decode("latin-1"),
                                    keep_blank_values=True):
            if "\x00" in key or "\x00" in value:
                return _error(request, bad_param(key.replace("\x00", "") or "?",
                                                 "contains a NUL character"))
        return None

    def _keep_token(self, request: Request) -> Response:
        """A page opened with ?token=: the token goes into a cookie, and the browser
        to the same address without it (not left in the history or address bar)."""
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = request.url.path + ("?" + urlencode(rest) if rest else "")
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(TOKEN_COOKIE, self.token or "", httponly=True, samesite="strict",
                            path="/")
        return response


class CatchAll(HttpMiddleware):
    """An unexpected error becomes the JSON (or HTML) 500 here, so that it never
    reaches the server, which would log it and close the connection."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:  # too late for an answer of our own
                raise
            request = Request(scope)
            log.error("unexpected error on %s: %r", request.url.path, exc)
            response = _error(request, ApiError(
                500, "internal_error", "internal error; the server log has the details"))
            await response(scope, receive, send)


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



# Threads serving requests at once: no more than the store's connection pool
# (SQLAlchemy's default 5 + 10 overflow), so a burst waits in line instead of
# timing out for a connection.
WORKER_THREADS = 15


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield


def create_app(db: str | None = None, *, store: Store | None = None,
               hosts: Iterable[str] | None = None, token: str | None = None) -> FastAPI:
    """The app over the store at `db` (or an open `store`). `hosts`: the only Host
    names it answers to (see `host_names`; None: any); `token`: the secret every
    request must carry (None: none)."""
    app = FastAPI(lifespan=_lifespan, title="accord", version="0.1.0", docs_url=None,
                  redoc_url=None, openapi_url="/openapi.json",
                  description="Quotes, PLOVER events and proposals extracted from news "
                              "articles, each pointing at its evidence "
                              "(`text[start:end]`). Lists take `limit` and `offset`.")
    app.state.store = store or Store.open(db, create=False)
    # With a token the guard lets in only requests carrying it, so review lets any
    # of them write; without one, only local clients may write.
    app.state.token = token
    _install_errors(app)
    app.add_middleware(CatchAll)
    app.add_middleware(Guard, hosts=None if hosts is None else frozenset(hosts), token=token)
    app.add_middleware(SecurityHeaders)
    app.include_router(rest.router)
    app.include_router(review.router)
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
