"""`accord ingest https://...`: fetched with limits and manners, against a local
site on 127.0.0.1 (tests/local_http.py) and nothing else. Every failure is one
line naming the URL; nothing raises past the reader."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_http import ARTICLES, Server, serve
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import FetchError, InputError
from accord.ingest.fetch import USER_AGENT, Fetcher, is_url, read_url
from accord.ingest.readers import read_articles
from accord.ingest.walk import expand_paths
from accord.model import Article


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve()


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(timeout=1.0, delay=0.0, max_bytes=200_000) as f:
        yield f


def one(server: Server, fetcher: Fetcher, path: str) -> Article | InputError:
    items = [i for i in read_url(server.url(path), fetcher=fetcher)]
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Article | InputError)
    return item


def error(server: Server, fetcher: Fetcher, path: str) -> FetchError:
    item = one(server, fetcher, path)
    assert isinstance(item, FetchError), item
    assert "\n" not in str(item)
    assert str(item).startswith(server.url(path) + ": ")
    return item


def test_is_url() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://x")
    assert not is_url("examples/") and not is_url("-") and not is_url("ftp://x/y")
    assert list(expand_paths(["http://127.0.0.1:9/a"])) == ["http://127.0.0.1:9/a"]


def test_html_page_becomes_an_article(server: Server, fetcher: Fetcher) -> None:
    art = one(server, fetcher, "/article/1.html")
    assert isinstance(art, Article)
    assert art.source == server.url("/article/1.html")
    assert art.url == server.url("/article/1.html")
    assert art.title == ARTICLES[1][0]
    assert art.published == "2025-03-11"
    assert "Russia rejected Ukraine's offer of a 30-day ceasefire" in art.text
    assert "Home" not in art.text and "Test News" not in art.text  # navigation and footer
    page_hit = server.site.hits("/article/1.html")[0]
    assert page_hit.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith("accord/") and "(+http" in USER_AGENT


def test_plain_text_and_declared_charset(server: Server, fetcher: Fetcher) -> None:
    art = one(server, fetcher, "/plain.txt")
    assert isinstance(art, Article) and art.text.startswith("Ukraine and Russia agreed")
    latin = one(server, fetcher, "/latin1.html")
    assert isinstance(latin, Article) and "Riyadh café" in latin.text


def test_http_errors_are_one_line(server: Server, fetcher: Fetcher) -> None:
    gone = error(server, fetcher, "/missing")
    assert gone.message == "HTTP 404 Not Found: no page at this address"
    assert not gone.transient and gone.status == 404
    failed = error(server, fetcher, "/error")
    assert failed.message.startswith("HTTP 500 Internal Server Error: the server failed")
    assert failed.transient
    busy = error(server, fetcher, "/busy")
    assert busy.message.endswith("try again later (Retry-After: 120)") and busy.transient


def test_slow_server_times_out(server: Server, fetcher: Fetcher) -> None:
    started = time.monotonic()
    err = error(server, fetcher, "/slow")
    assert err.message.startswith("timed out (no answer within 1 s)") and err.transient
    assert time.monotonic() - started < 2.5


def test_trickling_body_hits_the_total_limit(server: Server, fetcher: Fetcher) -> None:
    started = time.monotonic()
    err = error(server, fetcher, "/trickle")  # a byte every 0.2 s: each read is in time
    assert err.message.startswith("timed out (the page took more than 1 s to arrive)")
    assert time.monotonic() - started < 2.5


def test_huge_pages_are_refused(server: Server, fetcher: Fetcher) -> None:
    sized = error(server, fetcher, "/huge")  # Content-Length says so: not read at all
    assert sized.message.startswith("too large (3.1 MB > 0.2 MB limit)")
    unsized = error(server, fetcher, "/huge-unsized")  # read up to the limit, then dropped
    assert unsized.message.startswith("too large (more than 0.2 MB)")


def test_redirects_are_bounded_and_loops_named(server: Server, fetcher: Fetcher) -> None:
    loop = error(server, fetcher, "/loop/a")
    assert loop.message == (f"redirect loop ({server.url('/loop/a')} -> {server.url('/loop/b')}"
                            f" -> {server.url('/loop/a')})")
    assert len(server.site.hits("/loop/a")) == 1
    page = fetcher.get(server.url("/hops/3"))
    assert page.final_url == server.url("/article/2.html") and page.status == 200
    art = one(server, fetcher, "/hops/3")
    assert isinstance(art, Article) and art.source == server.url("/hops/3")
    too_many = error(server, fetcher, "/hops/9")
    assert too_many.message.startswith("too many redirects (more than 5")
    assert len([h for h in server.site.log if h.path.startswith("/hops/")]) == 3 + 3 + 6
    scheme = error(server, fetcher, "/to-file")
    assert scheme.message == "cannot fetch 'file:///etc/passwd': only http and https URLs are read"


def test_not_html_is_refused(server: Server, fetcher: Fetcher) -> None:
    err = error(server, fetcher, "/image.png")
    assert err.message == ("not a web page (Content-Type image/png): accord reads HTML and "
                           "plain text")


def test_robots_txt_is_respected(server: Server, fetcher: Fetcher) -> None:
    err = error(server, fetcher, "/private/secret.html")
    assert err.message.startswith("robots.txt of 127.0.0.1:") and "disallows accord" in err.message
    assert not err.transient
    hop = error(server, fetcher, "/to-private")  # a redirect into a disallowed path
    assert "disallows accord" in hop.message
    assert server.site.hits("/private/secret.html") == []
    assert isinstance(one(server, fetcher, "/article/1.html"), Article)
    assert len(server.site.hits("/robots.txt")) == 1  # read once per site
    robots_hit = server.site.hits("/robots.txt")[0]
    assert robots_hit.headers["User-Agent"] == USER_AGENT


def test_robots_groups_for_accord(server: Server) -> None:
    server.site.robots = "User-agent: accord\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    with Fetcher(delay=0.0) as f:
        assert not f.allowed(server.url("/article/1.html"))
    server.site.robots = None  # 404: everything allowed
    with Fetcher(delay=0.0) as f:
        assert f.allowed(server.url("/article/1.html"))


def test_robots_txt_server_error_disallows_everything(server: Server) -> None:
    server.site.robots_status = 503
    with Fetcher(delay=0.0) as f:
        items = list(read_url(server.url("/article/1.html"), fetcher=f))
    assert len(items) == 1 and isinstance(items[0], FetchError)
    assert items[0].message.startswith("robots.txt of 127.0.0.1:")
    assert "answered HTTP 503, so nothing there is fetched" in items[0].message
    assert items[0].transient
    assert server.site.hits("/article/1.html") == []


def test_delay_between_requests_to_one_host(server: Server) -> None:
    with Fetcher(delay=0.4) as f:
        for n in (1, 2, 3):
            f.get(server.url(f"/article/{n}.html"))
    times = [h.at for h in server.site.log]  # robots.txt, then the three pages
    assert [h.path for h in server.site.log][0] == "/robots.txt"
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.38, gaps


def test_crawl_delay_is_honoured(server: Server) -> None:
    server.site.robots = "User-agent: *\nCrawl-delay: 1\n"  # whole seconds only
    with Fetcher(delay=0.0) as f:
        f.get(server.url("/article/1.html"))
        f.get(server.url("/article/2.html"))
    pages = [h.at for h in server.site.log if h.path.startswith("/article/")]
    assert pages[1] - pages[0] >= 0.98


def test_connection_refused(fetcher: Fetcher) -> None:
    with socket.socket() as s:  # a free port of 127.0.0.1 that nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a.html"
    items = list(read_url(url, fetcher=fetcher))
    assert len(items) == 1 and isinstance(items[0], FetchError)
    assert str(items[0]).startswith(f"{url}: cannot connect to 127.0.0.1:{port} (")
    assert items[0].transient


def test_conditional_get(server: Server, fetcher: Fetcher) -> None:
    first = fetcher.get(server.url("/feed.xml"), accept="application/rss+xml")
    assert first.status == 200 and first.etag and first.last_modified
    again = fetcher.get(server.url("/feed.xml"), headers={"If-None-Match": first.etag})
    assert again.not_modified and again.body == b""


def test_read_articles_mixes_files_and_urls(server: Server, tmp_path: Path) -> None:
    local = tmp_path / "a.txt"
    local.write_text("Talks in Doha ended on Monday without a deal, officials said.")
    items = list(read_articles([str(local), server.url("/article/2.html"),
                                server.url("/missing")]))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "FetchError"]
    assert isinstance(items[1], Article) and items[1].title == ARTICLES[2][0]


def test_cli_ingest_urls(server: Server, tmp_path: Path) -> None:
    db = str(tmp_path / "web.db")
    result = CliRunner().invoke(app, ["ingest", server.url("/article/1.html"),
                                      server.url("/missing"), "--db", db, "--quiet"])
    assert result.exit_code == 1, result.output
    assert "stored 1, unchanged 0, replaced 0, failed 1" in result.output
    assert (f"error: {server.url('/missing')}: HTTP 404 Not Found: no page at this address"
            in result.output)
    assert "Traceback" not in result.output
    from accord.store import Store

    with Store.open(db) as store:
        (rec,) = list(store.iter_records())
    assert rec["source"] == server.url("/article/1.html")
    assert rec["url"] == server.url("/article/1.html")
    assert any(q["speaker"] and "Peskov" in q["speaker"]["name"] for q in rec["quotes"])
