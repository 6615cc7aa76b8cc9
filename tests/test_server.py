"""`accord serve` and the app's guard: Host names (DNS rebinding), the token
off loopback, the printed address, NUL bytes and odd keys answered with 4xx
(never 500), and keep-alive connections that survive every error."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pg_fixture
import pytest
import uvicorn
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from test_api import rich_records

from accord.api import create_app
from accord.api.app import host_names, is_loopback
from accord.api.server import check_access
from accord.errors import ConfigError
from accord.store import Store

pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
TOKEN = "s3cret-token-0123456789"


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("server") / "s.db"
    with Store.open(path) as store:
        for rec in rich_records():
            store.put_record(rec)
    return str(path)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _error(r: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert r.status_code == status, (r.request.url, r.text)
    body: dict[str, Any] = r.json()["error"]
    assert (body["status"], body["code"]) == (status, code)
    return body


# -- Host names -------------------------------------------------------------------------
def test_names_a_server_answers_to() -> None:
    assert host_names("127.0.0.1") == LOOPBACK
    assert host_names("localhost") == LOOPBACK
    assert host_names("::1") == LOOPBACK
    assert host_names("10.1.2.3") == {"10.1.2.3"}
    assert host_names("10.1.2.3", ["news.example.org."]) == {"10.1.2.3", "news.example.org"}
    assert host_names("127.0.0.1", ["*"]) is None
    every = host_names("0.0.0.0")
    assert every is not None and every >= LOOPBACK and socket.gethostname().lower() in every
    assert "0.0.0.0" not in every
    assert [is_loopback(h) for h in ("127.0.0.1", "127.8.0.1", "::1", "[::1]", "localhost",
                                     "0.0.0.0", "10.0.0.1", "example.org")] == \
        [True, True, True, True, True, False, False, False]


@pytest.mark.parametrize("host,ok", [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("LOCALHOST", True),
    ("[::1]:8000", True), ("localhost.:8000", True),
    ("evil.example:8000", False), ("127.0.0.1.evil.example", False), ("", False),
    ("localhost@evil.example", False), ("[::2]:8000", False), ("0.0.0.0:8000", False),
])
def test_host_header_checked(db: str, host: str, ok: bool) -> None:
    client = TestClient(create_app(db, hosts=LOOPBACK), raise_server_exceptions=False)
    for url in ("/api/stats", "/", "/healthz"):
        r = client.get(url, headers={"host": host})
        if ok:
            assert r.status_code == 200, (host, url)
        else:
            assert r.status_code == 400, (host, url)
            assert "does not answer to that Host" in r.text
            assert r.headers["content-security-policy"]  # still a page of ours
    if not ok:
        _error(client.get("/api/stats", headers={"host": host}), 400, "bad_host")


# -- the token --------------------------------------------------------------------------
def test_token_required_when_given(db: str) -> None:
    client = TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False)
    r = client.get("/api/stats")
    _error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"] == 'Bearer realm="accord"'
    assert client.get("/").status_code == 401 and "needs its token" in client.get("/").text
    _error(client.get("/api/stats", headers={"authorization": "Bearer wrong"}), 401,
           "unauthorized")
    _error(client.get("/api/stats", params={"token": TOKEN[:-1]}), 401, "unauthorized")
    assert client.get("/api/stats", headers={"authorization": f"Bearer {TOKEN}"}) \
        .json()["documents"] == 3
    assert client.get("/api/stats", params={"token": TOKEN}).status_code == 200
    assert client.get("/healthz").json() == {"ok": True}  # for health checks, says nothing


def test_token_url_becomes_a_cookie(db: str) -> None:
    client = TestClient(create_app(db, token=TOKEN), raise_server_exceptions=False)
    r = client.get(f"/search?q=putin&token={TOKEN}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/search?q=putin"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"accord_token={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    page = client.get("/search?q=putin")  # the cookie from now on
    assert page.status_code == 200 and "<mark>Putin</mark>" in page.text
    assert client.get("/api/search?q=putin").status_code == 200  # the UI's own fetches
    client.cookies.clear()
    assert client.get("/search?q=putin").status_code == 401


def test_serve_refuses_off_loopback_without_a_token() -> None:
    with pytest.raises(ConfigError, match="refusing to serve on 0.0.0.0 .* without --token"):
        check_access("0.0.0.0", None, False)
    with pytest.raises(ConfigError, match="refusing"):
        check_access("192.168.1.20", None, False)
    assert check_access("127.0.0.1", None, False) is None
    assert check_access("0.0.0.0", TOKEN, False) is None
    assert "no authentication" in (check_access("0.0.0.0", None, True) or "")
    with pytest.raises(ConfigError, match="too short"):
        check_access("0.0.0.0", "short", False)
    with pytest.raises(ConfigError, match="exclude each other"):
        check_access("0.0.0.0", TOKEN, True)


def _serve(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "accord.cli", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "COLUMNS": "200", **(env or {})})


def _stop(proc: subprocess.Popen[str]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_cli_serve_off_loopback(db: str) -> None:
    done = subprocess.run([sys.executable, "-m", "accord.cli", "serve", "--db", db, "--host",
                           "0.0.0.0", "--port", str(_free_port())],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert "refusing to serve on 0.0.0.0 (not loopback) without --token" in done.stderr
    port = _free_port()
    proc = _serve("--db", db, "--host", "0.0.0.0", "--port", str(port), "--no-auth")
    try:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline()
        assert f":{port}/ (API under /api" in line and "?token" not in line
        assert "warning: serving on 0.0.0.0 with no authentication" in proc.stderr.readline()
        assert httpx.get(f"http://127.0.0.1:{port}/api/stats").json()["documents"] == 3
    finally:
        _stop(proc)


def test_cli_serve_prints_its_url_and_keeps_the_connection(db: str) -> None:
    port = _free_port()
    proc = _serve("--db", db, "--port", str(port), env={"ACCORD_TOKEN": TOKEN})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        url = f"http://127.0.0.1:{port}/?token={TOKEN}"
        assert line == f"accord: serving {db} at {url} (API under /api, docs at /docs; " \
                       "Ctrl+C stops)"
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as client:
            first = client.get(url, follow_redirects=True)  # the printed URL works
            assert first.status_code == 200 and "Timeline" in first.text
            peers = {_peer(first)}
            for path, status in (("/api/groups/x-a-99999999999999999999", 404),
                                 ("/api/search?q=a%00b", 422), ("/api/documents/%00", 422),
                                 ("/api/actors/nobody", 404), ("/api/search?q=-x", 422),
                                 ("/api/documents?limit=abc", 422), ("/nowhere", 404)):
                r = client.get(path)
                assert r.status_code == status, path
                peers.add(_peer(r))
            r = client.get("/api/stats", headers={"host": "evil.example"})
            assert r.status_code == 400
            peers.add(_peer(r))
            r = client.post("/api/documents", content=b"x" * 100_000)
            assert r.status_code == 405
            peers.add(_peer(r))
            assert client.get("/api/search?q=putin").status_code == 200
            assert len(peers) == 1  # one connection, reused after every error
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            assert client.get("/api/stats").status_code == 401  # no token, no store
    finally:
        _stop(proc)
    done = subprocess.run([sys.executable, "-m", "accord.cli", "serve", "--db", db, "--port",
                           str(port), "--token", "short"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1 and "token is too short" in done.stderr


def test_cli_serve_port_in_use(db: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "accord.cli", "serve", "--db", db,
                               "--port", str(port)], capture_output=True, text=True,
                              timeout=60, check=False)
    assert done.returncode == 1 and done.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def _peer(r: httpx.Response) -> Any:
    return r.extensions["network_stream"].get_extra_info("client_addr")


# -- unexpected errors keep the connection ----------------------------------------------
@pytest.fixture
def live(db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app in a uvicorn server on a thread of this process, where a query can be
    made to fail."""
    from accord import queries

    def boom(*a: Any, **k: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(queries, "list_documents", boom)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db, hosts=LOOPBACK), host="127.0.0.1",
                                           port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline and thread.is_alive()
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_a_500_keeps_the_connection(live: str) -> None:
    with httpx.Client(base_url=live) as client:
        peers = set()
        for _ in range(3):
            r = client.get("/api/documents")
            body = _error(r, 500, "internal_error")
            assert "secret" not in r.text and "close" not in r.headers.get("connection", "")
            assert body["message"] == "internal error; the server log has the details"
            peers.add(_peer(r))
            page = client.get("/documents")
            assert page.status_code == 500 and "secret" not in page.text
            peers.add(_peer(page))
        assert client.get("/api/stats").json()["documents"] == 3
        assert len(peers) == 1


# -- no 500 for any value of any parameter ----------------------------------------------
ODD = ["\x00", "a\x00b", "x-a-99999999999999999999", "x-aaaa000000000001-²", "x--1", "x-",
       "%", "%25", "'", '"', "\\", "💥", "\ud7ff", "a" * 300, "-1", "../../etc/passwd",
       "null", "<script>", "NEAR(", "*", "-x", "e-test-offer", "p-test-ceasefire",
       "9" * 30, "2024-02-30", "t-vladimir-putin"]


def _routes() -> list[tuple[str, list[str], list[str]]]:
    """(path, path parameters, query parameters) of every GET route of the API and UI."""
    from accord.api import pages, rest

    return [(r.path, [p.name for p in r.dependant.path_params],
             [p.name for p in r.dependant.query_params])
            for r in (*rest.router.routes, *pages.router.routes)
            if isinstance(r, APIRoute) and "GET" in r.methods]


def _sweep(client: TestClient) -> int:
    """Every GET route with each odd value in each path parameter, then in each query
    parameter: answers below 500, and a JSON error body under /api."""
    seen = 0
    for path, path_params, query_params in _routes():
        for value in ODD:
            urls = []
            if path_params:
                url = path
                for p in path_params:
                    url = url.replace("{" + p + "}", quote(value, safe=""))
                urls.append(url)
            plain = path
            for p in path_params:
                plain = plain.replace("{" + p + "}", "aaaa000000000001")
            urls += [plain + "?" + urlencode({q: value}) for q in query_params]
            for u in urls:
                r = client.get(u)
                seen += 1
                assert r.status_code < 500, (u, r.status_code, r.text[:300])
                if u.startswith("/api") and r.status_code >= 400:
                    assert r.json()["error"]["status"] == r.status_code, u
    return seen


def test_no_500_for_odd_values_sqlite(db: str) -> None:
    client = TestClient(create_app(db), raise_server_exceptions=False)
    assert _sweep(client) > 1000


@pytest.mark.slow
def test_no_500_for_odd_values_postgres(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url) as store:
        for rec in rich_records():
            store.put_record(rec)
    client = TestClient(create_app(pg_url), raise_server_exceptions=False)
    assert _sweep(client) > 1000


# -- the suite itself: under CI=true a missing browser or database fails it -------------
@pytest.mark.parametrize("env,target,message", [
    ({"ACCORD_CHROMIUM": "/nonexistent/chromium"},
     "tests/test_browser.py::test_api_docs_work_offline", "the browser tests must run"),
    ({"ACCORD_PG_BINDIR": "/nonexistent"},
     "tests/test_search.py::test_postgres_store_made_before_search_gets_the_index",
     "PostgreSQL tests must run"),
])
def test_ci_fails_instead_of_skipping(env: dict[str, str], target: str, message: str) -> None:
    root = Path(__file__).resolve().parent.parent

    def run(ci: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                               target], cwd=root, capture_output=True,
                              text=True, timeout=300, check=False,
                              env={**os.environ, **env, "CI": ci})

    failed = run("true")
    assert failed.returncode == 1, failed.stdout
    assert message in failed.stdout and "1 error" in failed.stdout  # the fixture fails
    skipped = run("")
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout
