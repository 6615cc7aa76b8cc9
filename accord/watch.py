"""`accord watch`: follow RSS and Atom feeds, ingest each new item's page.

A round asks every feed once, with the ETag and Last-Modified of its last
answer (a 304 costs the site nothing), parses it with feedparser, and fetches
only the items the store has not seen (`seen_items`: one row per feed item,
with what became of it). Pages go through the same fetcher as `accord ingest
URL` (robots.txt, a delay between two requests to one host, time and size
limits) and the same pipeline and store. Every item is recorded as soon as it
is stored or refused, so a watch stopped at any point (Ctrl-C, a crash, a
reboot) goes on where it was when started again: nothing seen is fetched twice.

An item whose page failed for a reason that may pass (a timeout, a 5xx) is
tried again in the next rounds, `retries` times in all; while one waits, its
feed's validators are not kept, so the next round reads the feed in full.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.sax import SAXParseException

from accord.errors import FetchError, InputError, StoreError
from accord.ingest.fetch import Fetcher, Page, is_url, page_items
from accord.ingest.meta import check_meta
from accord.ingest.notes import InputNote
from accord.model import Article

__all__ = ["DEFAULT_EVERY", "RETRIES", "FeedItem", "RoundSummary", "Watcher", "parse_every",
           "parse_feed", "read_feed_list"]

DEFAULT_EVERY = 15 * 60.0
RETRIES = 3  # tries of an item whose page failed for a reason that may pass
FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/xml;q=0.9, "
               "text/xml;q=0.9, */*;q=0.1")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_every(value: str) -> float:
    """`30s`, `15m`, `1h`, `1h30m` or `1d` in seconds; ValueError otherwise."""
    text = value.strip().lower()
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", text)
    if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*([smhd])", "", text).strip():
        raise ValueError(f"--every {value!r}: give a number and a unit, as in 30s, 15m, 1h "
                         "or 1h30m")
    seconds = sum(float(n) * _UNITS[u] for n, u in parts)
    if seconds < 1:
        raise ValueError(f"--every {value!r}: at least 1s between rounds")
    return seconds


def read_feed_list(args: Iterable[str]) -> list[str]:
    """Feed URLs from the command line: URLs, or files listing one URL per line
    (blank lines and lines starting with # ignored). InputError names a bad one."""
    feeds: list[str] = []
    for arg in args:
        if is_url(arg):
            feeds.append(arg)
            continue
        path = Path(arg)
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except FileNotFoundError:
            raise InputError("no such file, and not an http(s) URL: give a feed URL or a "
                             "file listing feed URLs", source=arg) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"cannot read the feed list ({exc})", source=arg) from None
        for n, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not is_url(line):
                raise InputError(f"not an http(s) feed URL: {line!r}", source=f"{arg}#{n}")
            feeds.append(line)
    if not feeds:
        raise InputError("no feed URLs given")
    return list(dict.fromkeys(feeds))  # each feed once, in the order given


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: `key` is its id (guid), else its link."""

    key: str
    link: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD from the feed, when it gives one


def parse_feed(page: Page) -> tuple[str | None, list[FeedItem], str | None]:
    """The feed's title, its items and a warning (a feed broken after some
    items); InputError when the body is not a feed or no item can be read."""
    import feedparser

    headers = {"content-location": page.final_url}
    if page.content_type:
        headers["content-type"] = page.content_type + (
            f"; charset={page.charset}" if page.charset else "")
    # A stream, never a str: feedparser would fetch a str that looks like a URL
    # and open one that names a file.
    parsed = feedparser.parse(io.BytesIO(page.body), response_headers=headers)
    problem = _problem(parsed.get("bozo_exception")) if parsed.get("bozo") else None
    if not parsed.entries:
        head = page.body[:512].lower()
        if page.content_type in ("text/html", "application/xhtml+xml") or b"<html" in head:
            raise InputError(f"not a feed but a web page (Content-Type {page.content_type}): "
                             "give the address of its RSS or Atom feed", source=page.url)
        if problem or not parsed.get("version"):
            raise InputError(f"malformed feed ({problem or 'no RSS or Atom in it'}): not read",
                             source=page.url)
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link") or None
        if link:
            link = urljoin(page.final_url, link)
        key = entry.get("id") or link or "sha1:" + hashlib.sha1(
            f"{entry.get('title')}\n{entry.get('summary')}".encode()).hexdigest()
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}" if when else None
        items.append(FeedItem(key=str(key), link=link, title=entry.get("title") or None,
                              published=published))
    title = parsed.feed.get("title") or None
    n = len(items)
    warning = (f"malformed feed ({problem}): {n} item{'' if n == 1 else 's'} before the "
               "fault read" if problem and items else None)
    return title, items, warning


def _problem(exc: Any) -> str | None:
    """What is wrong with a feed, in one line; None for feedparser's notes that
    are no fault (a charset it had to guess)."""
    import feedparser

    if exc is None or isinstance(exc, feedparser.CharacterEncodingOverride
                                 | feedparser.NonXMLContentType):
        return None
    if isinstance(exc, SAXParseException):
        return f"{exc.getMessage()} at line {exc.getLineNumber()}, column {exc.getColumnNumber()}"
    return (str(exc) or type(exc).__name__).splitlines()[0]


@dataclass
class RoundSummary:
    """What one round did; `line()` is its progress line."""

    number: int
    started: float = 0.0  # time.time()
    feeds: int = 0
    not_modified: int = 0
    feed_errors: int = 0
    new: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    retry: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        at = datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M:%S")
        feeds = f"{self.feeds} feed{'' if self.feeds == 1 else 's'}"
        extra = [f"{n} {what}" for n, what in ((self.not_modified, "not modified"),
                                               (self.feed_errors, "failed")) if n]
        if extra:
            feeds += f" ({', '.join(extra)})"
        return (f"round {self.number} at {at}: {feeds}; {self.new} new "
                f"item{'' if self.new == 1 else 's'}: {self.stored} stored, {self.unchanged} "
                f"unchanged, {self.failed} failed, {self.retry} to retry "
                f"({self.seconds:.1f} s)")


Note = Callable[[str], None]


class Watcher:
    """Rounds over `feeds`, writing to `store` (an `accord.store.Store`).

    `note(line)` hears every error and warning ("error: URL: why"); the
    caller prints each round's `line()`. `nlp` lends a loaded pipeline (else
    it is built on the first new item)."""

    def __init__(self, store: Any, feeds: list[str], *, fetcher: Fetcher,
                 settings: Any = None, nlp: Any = None, boilerplate: str | None = None,
                 retries: int = RETRIES, note: Note | None = None) -> None:
        from accord.ingest.clean import load_boilerplate
        from accord.runner import PipelineSettings

        if retries < 1:
            raise ValueError("retries must be at least 1")
        self.store = store
        self.feeds = feeds
        self.fetcher = fetcher
        self.settings = settings or PipelineSettings()
        self.nlp = nlp
        self.bp = load_boilerplate(boilerplate)
        self.retries = retries
        self.note = note or (lambda line: None)
        self.rounds = 0

    # -- the loop ------------------------------------------------------------------
    def run(self, *, every: float = DEFAULT_EVERY, once: bool = False,
            stop: threading.Event | None = None,
            on_round: Callable[[RoundSummary], None] | None = None) -> None:
        """Rounds until `once` is done or `stop` is set (Ctrl-C: KeyboardInterrupt
        reaches the caller between two writes; each item is stored whole or not)."""
        stop = stop or threading.Event()
        while not stop.is_set():
            summary = self.round()
            if on_round is not None:
                on_round(summary)
            if once or stop.wait(every):
                return

    def round(self) -> RoundSummary:
        self.rounds += 1
        summary = RoundSummary(self.rounds, started=time.time())
        began = time.perf_counter()
        for url in self.feeds:
            summary.feeds += 1
            self._feed(url, summary)
        summary.seconds = time.perf_counter() - began
        return summary

    # -- one feed ------------------------------------------------------------------
    def _feed(self, url: str, summary: RoundSummary) -> None:
        state = self.store.feed_state(url) or {}
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        try:
            page = self.fetcher.get(url, accept=FEED_ACCEPT, headers=headers)
            if page.not_modified:
                summary.not_modified += 1
                self.store.save_feed(url, status="not modified")
                return
            title, items, warning = parse_feed(page)
        except InputError as err:
            summary.feed_errors += 1
            self.note(f"error: {err}")
            self.store.save_feed(url, status=f"error: {err.message}")
            return
        if warning:
            self.note(f"warning: {url}: {warning}")
        self.store.save_feed(url, title=title, status="reading")
        seen = self.store.seen_items(url)
        waiting = False
        for item in items:
            status, attempts = seen.get(item.key, ("", 0))
            if status and status != "retry":
                continue
            summary.new += 1
            outcome = self._item(url, item, attempts, title, summary)
            waiting = waiting or outcome == "retry"
        # Validators only once every item is settled: a 304 must not hide one to retry.
        self.store.save_feed(url, title=title, status="ok",
                             etag=None if waiting else page.etag,
                             last_modified=None if waiting else page.last_modified)

    def _item(self, feed: str, item: FeedItem, attempts: int, feed_title: str | None,
              summary: RoundSummary) -> str:
        """Fetch, extract and store one item; record and return its status."""
        if not item.link:
            return self._mark(feed, item, "failed", summary,
                              error=InputError("feed item without a link: nothing to fetch",
                                               source=f"{feed}#{item.key}"))
        known = self.store.doc_id_for_source(item.link)
        if known is not None:  # already ingested (another feed, accord ingest URL)
            return self._mark(feed, item, "unchanged", summary, doc_id=known)
        fallback = {"title": item.title, "published": item.published, "outlet": feed_title}
        try:
            page = self.fetcher.get(item.link)
            meta, _ = check_meta(fallback, item.link)
            found = page_items(page, bp=self.bp, fallback=meta)
        except FetchError as err:
            status = "retry" if err.transient and attempts + 1 < self.retries else "failed"
            return self._mark(feed, item, status, summary, error=err)
        except InputError as err:
            return self._mark(feed, item, "failed", summary, error=err)
        return self._ingest(feed, item, found, attempts, summary)

    def _ingest(self, feed: str, item: FeedItem, found: list[Article | InputError | InputNote],
                attempts: int, summary: RoundSummary) -> str:
        from accord.runner import ingest

        if self.nlp is None:
            from accord.pipeline import build_nlp

            self.nlp = build_nlp(self.settings.config, overrides=self.settings.overrides,
                                 actors=self.settings.actors)
        outcome: dict[str, Any] = {}

        def on_result(status: str, what: Any) -> None:
            if status in ("skipped", "warning"):
                self.note(f"{status}: {what}")
            else:
                outcome.update(status=status, what=what)

        ingest(found, self.store, settings=self.settings, nlp=self.nlp, on_result=on_result)
        status: str = outcome.get("status", "failed")
        what: Any = outcome.get("what")
        if status == "failed":
            transient = isinstance(what, StoreError) and attempts + 1 < self.retries
            err = what if isinstance(what, Exception) else InputError(
                "not stored", source=item.link)
            return self._mark(feed, item, "retry" if transient else "failed", summary,
                              error=err)
        record: dict[str, Any] = what
        return self._mark(feed, item, status, summary, doc_id=record["doc_id"])

    def _mark(self, feed: str, item: FeedItem, status: str, summary: RoundSummary, *,
              doc_id: str | None = None, error: Exception | None = None) -> str:
        if error is not None:
            later = " (will try again next round)" if status == "retry" else ""
            self.note(f"error: {error}{later}")
        self.store.mark_seen(feed, item.key, link=item.link, status=status, doc_id=doc_id,
                             error=getattr(error, "message", None) or (
                                 str(error) if error else None))
        if status in ("stored", "replaced"):
            summary.stored += 1
        elif status == "unchanged":
            summary.unchanged += 1
        elif status == "retry":
            summary.retry += 1
        else:
            summary.failed += 1
        return status
