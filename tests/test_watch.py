"""`accord watch`: feeds followed round after round against a local site on
127.0.0.1 (tests/local_http.py): only new items fetched (conditional GETs and
the seen-items table), every failure one line and the round goes on, polite
per host, resumed after a restart, stopped cleanly by Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from local_http import ARTICLES, Server, serve
from sqlalchemy import select
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.ingest.fetch import Fetcher, Page
from accord.store import Store, seen_items
from accord.watch import RoundSummary, Watcher, parse_every, parse_feed, read_feed_list

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server() -> Iterator[Server]:
    yield from serve()


def watcher(store: Store, feeds: list[str], nlp: Any, lines: list[str] | None = None,
            **kw: Any) -> Watcher:
    fetcher = Fetcher(delay=kw.pop("delay", 0.0), timeout=kw.pop("timeout", 1.0),
                      max_bytes=kw.pop("max_bytes", 200_000))
    return Watcher(store, feeds, fetcher=fetcher, nlp=nlp,
                   note=(lines.append if lines is not None else None), **kw)


def counts(s: RoundSummary) -> tuple[int, ...]:
    return (s.feeds, s.not_modified, s.feed_errors, s.new, s.stored, s.unchanged, s.failed,
            s.retry)


def statuses(store: Store) -> dict[str, str]:
    rows = store.query(select(seen_items.c.item_key, seen_items.c.status))
    return {r.item_key: r.status for r in rows}


def page_hits(server: Server) -> list[str]:
    return [h.path for h in server.site.log if h.path not in ("/robots.txt",)]


def test_parse_every() -> None:
    assert parse_every("15m") == 900 and parse_every("30s") == 30
    assert parse_every("1h30m") == 5400 and parse_every("2d") == 172800
    for bad in ("15", "soon", "0s", "15m later"):
        with pytest.raises(ValueError, match="--every"):
            parse_every(bad)


def test_read_feed_list(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my feeds\nhttp://127.0.0.1:1/a.xml\n\nhttp://127.0.0.1:1/b.xml\n")
    assert read_feed_list([str(listing), "http://127.0.0.1:1/a.xml"]) == [
        "http://127.0.0.1:1/a.xml", "http://127.0.0.1:1/b.xml"]
    listing.write_text("http://127.0.0.1:1/a.xml\nfeeds/b.xml\n")
    with pytest.raises(InputError, match=r"feeds.txt#2: not an http\(s\) feed URL"):
        read_feed_list([str(listing)])
    with pytest.raises(InputError, match="no such file, and not an http"):
        read_feed_list([str(tmp_path / "nope.txt")])


def test_parse_feed_rss_atom_and_broken() -> None:
    rss = (b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
           b"<item><guid>g1</guid><link>/a/1.html</link><title>One</title>"
           b"<pubDate>Tue, 11 Mar 2025 10:00:00 GMT</pubDate></item></channel></rss>")
    page = Page("http://127.0.0.1:1/f.xml", "http://127.0.0.1:1/f.xml", 200,
                "application/rss+xml", None, rss)
    title, items, warning = parse_feed(page)
    assert title == "T" and warning is None
    assert [(i.key, i.link, i.title, i.published) for i in items] == [
        ("http://127.0.0.1:1/g1", "http://127.0.0.1:1/a/1.html", "One", "2025-03-11")]
    # (a guid is a permalink unless it says not: feedparser resolves it like a link)
    broken = Page(page.url, page.url, 200, "application/rss+xml", None,
                  b"<?xml version='1.0'?><rss><channel><title>Broken<item><link>")
    with pytest.raises(InputError, match=r"malformed feed \(no element found at line 1, "
                                          r"column 77\): not read"):
        parse_feed(broken)
    cut = Page(page.url, page.url, 200, "application/rss+xml", None, rss[:-40])
    assert parse_feed(cut)[2] == ("malformed feed (no element found at line 1, column 174): "
                                  "1 item before the fault read")
    html = Page(page.url, page.url, 200, "text/html", None, b"<html><body>hi</body></html>")
    with pytest.raises(InputError, match="not a feed but a web page"):
        parse_feed(html)
    # feedparser must never read a body as a path or a URL to fetch
    path_body = Page(page.url, page.url, 200, "text/plain", None, b"/etc/passwd")
    with pytest.raises(InputError):
        parse_feed(path_body)


def test_rounds_fetch_only_new_items(server: Server, store: Store, nlp: Any) -> None:
    lines: list[str] = []
    feed = server.url("/feed.xml")
    w = watcher(store, [feed], nlp, lines)
    first = w.round()
    assert counts(first) == (1, 0, 0, 3, 2, 0, 1, 0)
    assert lines == [f"error: {server.url('/missing')}: HTTP 404 Not Found: no page at this "
                     "address"]
    assert statuses(store) == {"item-1": "stored", "item-2": "stored", "item-404": "failed"}
    records = {r["source"]: r for r in store.iter_records()}
    assert set(records) == {server.url("/article/1.html"), server.url("/article/2.html")}
    assert records[server.url("/article/1.html")]["title"] == ARTICLES[1][0]
    state = store.feed_state(feed)
    assert state and state["etag"] and state["last_modified"] and state["title"] == "Test News"
    assert first.line().startswith("round 1 at ")
    assert first.line().endswith("1 feed; 3 new items: 2 stored, 0 unchanged, 1 failed, "
                                 f"0 to retry ({first.seconds:.1f} s)")

    server.site.log.clear()
    second = w.round()  # nothing changed: one conditional GET answered 304
    assert counts(second) == (1, 1, 0, 0, 0, 0, 0, 0)
    assert page_hits(server) == ["/feed.xml"]
    assert server.site.hits("/feed.xml")[0].headers["If-None-Match"] == state["etag"]
    assert "1 feed (1 not modified); 0 new items" in second.line()

    server.site.feed_items.append(("item-3", "/article/3.html", ARTICLES[3][0]))
    server.site.log.clear()
    third = w.round()  # the feed changed: only the new item is fetched
    assert counts(third) == (1, 0, 0, 1, 1, 0, 0, 0)
    assert page_hits(server) == ["/feed.xml", "/article/3.html"]
    assert store.count_documents() == 3


def test_resumes_after_a_restart(server: Server, tmp_path: Path, nlp: Any) -> None:
    db = tmp_path / "watch.db"
    feed = server.url("/feed.xml")
    with Store.open(db) as store:
        watcher(store, [feed], nlp).round()
    server.site.feed_items.append(("item-3", "/article/3.html", ARTICLES[3][0]))
    server.site.log.clear()
    with Store.open(db) as store:  # a new process: only the store remembers
        again = watcher(store, [feed], nlp).round()
        assert counts(again) == (1, 0, 0, 1, 1, 0, 0, 0)
        assert store.count_seen() == 4
    assert page_hits(server) == ["/feed.xml", "/article/3.html"]


def test_transient_failures_are_retried_then_given_up(server: Server, store: Store,
                                                       nlp: Any) -> None:
    server.site.feed_items = [("busy", "/error", "A page that fails"),
                              ("ok", "/article/1.html", ARTICLES[1][0])]
    lines: list[str] = []
    feed = server.url("/feed.xml")
    w = watcher(store, [feed], nlp, lines, retries=2)
    first = w.round()
    assert counts(first) == (1, 0, 0, 2, 1, 0, 0, 1)
    assert lines[-1].endswith("try again later (will try again next round)")
    assert store.feed_state(feed)["etag"] is None  # so the next round reads the feed whole
    server.site.log.clear()
    second = w.round()
    assert counts(second) == (1, 0, 0, 1, 0, 0, 1, 0)
    assert "If-None-Match" not in server.site.hits("/feed.xml")[0].headers
    assert page_hits(server) == ["/feed.xml", "/error"]
    assert statuses(store) == {"busy": "failed", "ok": "stored"}
    row = store.query(select(seen_items).where(seen_items.c.item_key == "busy"))[0]
    assert row.attempts == 2 and row.error.startswith("HTTP 500 Internal Server Error")
    assert w.round().not_modified == 1  # settled: validators kept again


def test_bad_feeds_and_pages_each_cost_one_line(server: Server, store: Store,
                                                nlp: Any) -> None:
    server.site.slow_seconds = 2.0
    server.site.feed_items = [
        ("slow", "/slow", "slow"), ("huge", "/huge", "huge"), ("loop", "/loop/a", "loop"),
        ("png", "/image.png", "png"), ("robots", "/private/secret.html", "disallowed"),
        ("good", "/article/2.html", ARTICLES[2][0])]
    feeds = [server.url(p) for p in ("/feed-404.xml", "/feed-500.xml", "/bad-feed.xml",
                                     "/not-a-feed.html", "/loop/a", "/slow", "/huge",
                                     "/feed.xml", "/atom.xml")]
    lines: list[str] = []
    summary = watcher(store, feeds, nlp, lines, retries=1).round()
    assert counts(summary) == (9, 0, 7, 7, 2, 0, 5, 0)
    u = server.url
    assert lines == [
        f"error: {u('/feed-404.xml')}: HTTP 404 Not Found: no page at this address",
        f"error: {u('/feed-500.xml')}: HTTP 500 Internal Server Error: the server failed or "
        "is busy; try again later",
        f"error: {u('/bad-feed.xml')}: malformed feed (no element found at line 1, column 77): "
        "not read",
        f"error: {u('/not-a-feed.html')}: not a feed but a web page (Content-Type text/html): "
        "give the address of its RSS or Atom feed",
        f"error: {u('/loop/a')}: redirect loop ({u('/loop/a')} -> {u('/loop/b')} -> "
        f"{u('/loop/a')})",
        f"error: {u('/slow')}: timed out (no answer within 1 s); try again later",
        f"error: {u('/huge')}: too large (3.1 MB > 0.2 MB limit); raise the limit with "
        "--max-bytes if this is really one article",
        f"error: {u('/slow')}: timed out (no answer within 1 s); try again later",
        f"error: {u('/huge')}: too large (3.1 MB > 0.2 MB limit); raise the limit with "
        "--max-bytes if this is really one article",
        f"error: {u('/loop/a')}: redirect loop ({u('/loop/a')} -> {u('/loop/b')} -> "
        f"{u('/loop/a')})",
        f"error: {u('/image.png')}: not a web page (Content-Type image/png): accord reads "
        "HTML and plain text",
        f"error: {u('/private/secret.html')}: robots.txt of 127.0.0.1:{u('').rsplit(':', 1)[1]}"
        f" disallows accord from fetching {u('/private/secret.html')}: not fetched",
    ]
    assert {r["source"] for r in store.iter_records()} == {u("/article/2.html"),
                                                           u("/article/3.html")}
    state = store.feed_state(u("/bad-feed.xml"))
    assert state and state["status"].startswith("error: malformed feed")


def test_polite_per_host(server: Server, store: Store, nlp: Any) -> None:
    w = watcher(store, [server.url("/feed.xml")], nlp, delay=0.3)
    w.round()
    times = [h.at for h in server.site.log]
    assert len(times) == 5  # robots.txt, the feed, three pages
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.29, gaps


def test_item_already_in_the_store_is_not_fetched(server: Server, store: Store,
                                                  nlp: Any) -> None:
    watcher(store, [server.url("/feed.xml")], nlp).round()
    server.site.log.clear()
    other = watcher(store, [server.url("/atom.xml")], nlp).round()
    assert counts(other) == (1, 0, 0, 1, 1, 0, 0, 0)
    server.site.feed_items.append(("again", "/article/3.html", "the same article"))
    server.site.log.clear()
    again = watcher(store, [server.url("/feed.xml")], nlp).round()
    assert counts(again) == (1, 0, 0, 1, 0, 1, 0, 0)
    assert "/article/3.html" not in page_hits(server)


def test_run_loop_stops_when_told(server: Server, store: Store, nlp: Any) -> None:
    import threading

    stop = threading.Event()
    seen: list[RoundSummary] = []

    def on_round(s: RoundSummary) -> None:
        seen.append(s)
        if len(seen) == 3:
            stop.set()

    started = time.monotonic()
    watcher(store, [server.url("/feed.xml")], nlp).run(every=0.2, stop=stop,
                                                        on_round=on_round)
    assert [s.number for s in seen] == [1, 2, 3]
    assert [s.not_modified for s in seen] == [0, 1, 1]
    assert time.monotonic() - started < 20


def test_cli_watch_once(server: Server, tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# test feeds\n{server.url('/feed.xml')}\n{server.url('/atom.xml')}\n")
    result = CliRunner().invoke(app, ["watch", str(listing), "--once", "--db", db,
                                      "--delay", "0"])
    assert result.exit_code == 1, result.output  # one item failed (404)
    out = result.output.splitlines()
    assert out[0] == f"watching 2 feeds once into sqlite:///{db}"
    assert out[1] == (f"error: {server.url('/missing')}: HTTP 404 Not Found: no page at "
                      "this address")
    assert out[2].startswith("round 1 at ")
    assert "2 feeds; 4 new items: 3 stored, 0 unchanged, 1 failed, 0 to retry" in out[2]
    again = CliRunner().invoke(app, ["watch", str(listing), "--once", "--db", db,
                                     "--delay", "0"])
    assert again.exit_code == 0, again.output
    assert "2 feeds (2 not modified); 0 new items" in again.output
    bad = CliRunner().invoke(app, ["watch", server.url("/feed.xml"), "--every", "soon"])
    assert bad.exit_code == 1 and "give a number and a unit" in bad.output


@pytest.mark.slow
def test_ctrl_c_stops_cleanly(server: Server, tmp_path: Path) -> None:
    db = tmp_path / "sigint.db"
    out_file, err_file = tmp_path / "out.txt", tmp_path / "err.txt"
    with out_file.open("w") as out, err_file.open("w") as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "accord.cli", "watch", server.url("/feed.xml"), "--every",
             "1h", "--delay", "0", "--db", str(db)], stdout=out, stderr=err,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True)  # its own process group, as a terminal gives it
    try:
        deadline = time.monotonic() + 120
        while "round 1 at " not in out_file.read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, err_file.read_text()
            time.sleep(0.2)
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C sends: every process of the group
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    out_lines = out_file.read_text().splitlines()
    err_text = err_file.read_text()
    assert proc.returncode == 0, err_text
    assert "Traceback" not in err_text and "KeyboardInterrupt" not in err_text
    assert out_lines[0] == f"watching 1 feed every 1h into sqlite:///{db}"
    assert out_lines[1].startswith("round 1 at ") and out_lines[1].endswith("next round in 1h")
    assert out_lines[2:] == ["stopped after 1 round; 3 items seen in all: run the same "
                             "command to go on"]
    with Store.open(db) as store:
        assert store.count_documents() == 2 and store.count_seen() == 3
