"""A web site on 127.0.0.1 for the fetch and watch tests: pages and feeds
written for them (normal, 404, 500, slow, huge, redirect loop, not HTML,
malformed feed), served by http.server from a thread. Nothing here listens on
or talks to any other address.

`site.log` records every request (path, headers, time) so tests can check the
User-Agent, conditional GETs and the delay between two requests to one host.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ARTICLES = {
    1: ("Russia rejects ceasefire offer",
        "Russia rejected Ukraine's offer of a 30-day ceasefire on Tuesday, the Kremlin said. "
        "Dmitry Peskov, the Kremlin spokesman, told reporters that Moscow would not accept "
        "a truce while Ukrainian troops remained in the Kursk region."),
    2: ("Talks in Riyadh end without a deal",
        "Talks between American and Russian delegations in Riyadh ended on Monday without "
        "a deal, officials said. Secretary of State Marco Rubio said the United States "
        "would keep pressing both sides to agree to a ceasefire."),
    3: ("Prisoner exchange agreed",
        "Ukraine and Russia agreed on Wednesday to exchange 175 prisoners of war each, "
        "the United Arab Emirates said. President Volodymyr Zelensky thanked the mediators "
        "and said more exchanges would follow."),
}


def article_html(n: int, *, published: str = "2025-03-11") -> str:
    title, body = ARTICLES[n]
    paras = "".join(f"<p>{s.strip()}.</p>" for s in body.split(". ") if s.strip())
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{published}'></head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paras}"
            f"<p>{body}</p></article><footer>Test News</footer></body></html>")


def rss(items: list[tuple[str, str, str]], title: str = "Test News") -> str:
    """An RSS 2.0 feed of (guid, link, title) items."""
    entries = "".join(
        f"<item><guid isPermaLink='false'>{guid}</guid><link>{link}</link><title>{t}</title>"
        f"<pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate></item>" for guid, link, t in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
            f"<title>{title}</title><link>/</link><description>t</description>"
            f"{entries}</channel></rss>")


def atom(items: list[tuple[str, str, str]]) -> str:
    entries = "".join(
        f"<entry><id>{guid}</id><link href='{link}'/><title>{t}</title>"
        f"<updated>2025-03-12T09:00:00Z</updated></entry>" for guid, link, t in items)
    return ("<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
            "<title>Atom Test</title><id>urn:test</id><updated>2025-03-12T09:00:00Z</updated>"
            f"{entries}</feed>")


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float
    status: int = 0


@dataclass
class Site:
    """What the server serves; tests change it between requests."""

    robots: str | None = "User-agent: *\nDisallow: /private/\n"
    robots_status: int = 200
    slow_seconds: float = 3.0
    huge_bytes: int = 3 * 1024 * 1024
    feed_items: list[tuple[str, str, str]] = field(default_factory=lambda: [
        ("item-1", "/article/1.html", ARTICLES[1][0]),
        ("item-2", "/article/2.html", ARTICLES[2][0]),
        ("item-404", "/missing", "A story that is gone"),
    ])
    extra: dict[str, Callable[[BaseHTTPRequestHandler], None]] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hits(self, path: str) -> list[Hit]:
        with self.lock:
            return [h for h in self.log if h.path == path]


def _send(h: BaseHTTPRequestHandler, status: int, body: bytes | str,
          ctype: str = "text/html; charset=utf-8", headers: dict[str, str] | None = None) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(data)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(data)


def _feed(h: BaseHTTPRequestHandler, site: Site, body: str, ctype: str) -> None:
    etag = '"' + hashlib.sha1(body.encode()).hexdigest()[:16] + '"'
    modified = formatdate(1741680000 + len(site.feed_items), usegmt=True)
    if h.headers.get("If-None-Match") == etag:
        h.send_response(304)
        h.send_header("ETag", etag)
        h.end_headers()
        return
    _send(h, 200, body, ctype, {"ETag": etag, "Last-Modified": modified})


def _route(h: BaseHTTPRequestHandler, site: Site) -> None:
    path = h.path.split("?", 1)[0]
    port = h.server.server_address[1]
    if path in site.extra:
        site.extra[path](h)
    elif path == "/robots.txt":
        if site.robots is None:
            _send(h, 404, "no robots here", "text/plain")
        else:
            _send(h, site.robots_status, site.robots, "text/plain")
    elif path.startswith("/article/") and path.endswith(".html"):
        n = int(path.removeprefix("/article/").removesuffix(".html"))
        _send(h, 200, article_html(n)) if n in ARTICLES else _send(h, 404, "gone")
    elif path == "/private/secret.html":
        _send(h, 200, article_html(1))
    elif path == "/plain.txt":
        _send(h, 200, ARTICLES[3][1] + "\n", "text/plain; charset=utf-8")
    elif path == "/latin1.html":
        _send(h, 200, article_html(2).replace("Riyadh", "Riyadh café").encode("latin-1"),
              "text/html; charset=iso-8859-1")
    elif path == "/missing":
        _send(h, 404, "<h1>Not Found</h1>")
    elif path == "/error":
        _send(h, 500, "<h1>Internal Server Error</h1>")
    elif path == "/busy":
        _send(h, 503, "busy", "text/plain", {"Retry-After": "120"})
    elif path == "/slow":
        site.stop.wait(site.slow_seconds)
        _send(h, 200, article_html(1))
    elif path == "/trickle":  # headers at once, then a byte every 0.2 s
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        for _ in range(100):
            if site.stop.wait(0.2):
                break
            h.wfile.write(b" ")
            h.wfile.flush()
    elif path == "/huge":
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(site.huge_bytes))
        h.end_headers()
        _write_chunks(h, site.huge_bytes)
    elif path == "/huge-unsized":  # no Content-Length: the body ends when the server closes
        h.protocol_version = "HTTP/1.0"
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        _write_chunks(h, site.huge_bytes)
        h.close_connection = True
    elif path.startswith("/loop/"):
        nxt = "/loop/b" if path == "/loop/a" else "/loop/a"
        _send(h, 302, "", headers={"Location": nxt})
    elif path.startswith("/hops/"):  # /hops/N redirects N times, then to article 2
        n = int(path.removeprefix("/hops/"))
        target = f"/hops/{n - 1}" if n > 1 else "/article/2.html"
        _send(h, 301, "", headers={"Location": target})
    elif path == "/to-file":
        _send(h, 302, "", headers={"Location": "file:///etc/passwd"})
    elif path == "/to-private":
        _send(h, 302, "", headers={"Location": "/private/secret.html"})
    elif path == "/image.png":
        _send(h, 200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
    elif path == "/feed.xml":
        items = [(g, f"http://127.0.0.1:{port}{link}", t) for g, link, t in site.feed_items]
        _feed(h, site, rss(items), "application/rss+xml")
    elif path == "/atom.xml":
        items = [("urn:a3", f"http://127.0.0.1:{port}/article/3.html", ARTICLES[3][0])]
        _feed(h, site, atom(items), "application/atom+xml")
    elif path == "/bad-feed.xml":
        _send(h, 200, "<?xml version='1.0'?><rss><channel><title>Broken<item><link>",
              "application/rss+xml")
    elif path == "/feed-404.xml":
        _send(h, 404, "no feed")
    elif path == "/feed-500.xml":
        _send(h, 500, "oops")
    elif path == "/not-a-feed.html":
        _send(h, 200, "<html><body><p>Just a page, not a feed.</p></body></html>")
    else:
        _send(h, 404, "<h1>Not Found</h1>")


def _write_chunks(h: BaseHTTPRequestHandler, size: int) -> None:
    chunk = b"<p>" + b"x" * 65_530 + b"</p>"
    sent = 0
    try:
        while sent < size:
            part = chunk[: size - sent]
            h.wfile.write(part)
            sent += len(part)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client stopped reading at its limit: expected


def make_handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            with site.lock:
                site.log.append(Hit(self.path.split("?", 1)[0], dict(self.headers.items()),
                                    time.monotonic()))
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                _route(self, site)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler


class _Quiet(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return None  # a client that hung up at its limit is what the tests want


@dataclass
class Server:
    site: Site
    base: str
    httpd: ThreadingHTTPServer

    def url(self, path: str) -> str:
        return self.base + path


def serve() -> Iterator[Server]:
    """Start the site on a free port of 127.0.0.1; stop it when the generator ends."""
    site = Site()
    httpd = _Quiet(("127.0.0.1", 0), make_handler(site))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield Server(site, f"http://127.0.0.1:{httpd.server_address[1]}", httpd)
    finally:
        site.stop.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
