"""Web pages and feeds over HTTP(S): polite, bounded fetches.

`accord ingest https://...` and `accord watch` fetch through one `Fetcher`:

- an honest User-Agent (`accord/<version> (+<project URL>)`);
- robots.txt respected (RFC 9309, read with `urllib.robotparser`): a 4xx
  robots.txt allows everything, a 5xx or unreachable one disallows everything
  until it answers; each is cached per site for a day; its Crawl-delay is
  honoured;
- a delay between two requests to the same host (`delay`, at least);
- a time limit on each request (`timeout`: to connect, between bytes and for
  the whole body), a size limit on the body (`max_bytes`, after
  decompression), at most `max_redirects` redirects, a loop named as such;
- only http and https, before and after redirects.

Every failure is a `FetchError` (an `InputError`): one line naming the URL and
the reason, with `transient` set when trying again later may succeed (timeouts,
5xx, 429, a connection refused), so a batch reports it and goes on.
"""

from __future__ import annotations

import time
import urllib.robotparser
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from email.message import Message
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _dist_version
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from accord.errors import FetchError, InputError

if TYPE_CHECKING:  # httpx is imported on first use: the file readers never need it
    import httpx

    from accord.ingest.clean import Boilerplate
    from accord.ingest.decode import Decoded
    from accord.ingest.readers import Item

__all__ = ["DEFAULT_DELAY", "DEFAULT_TIMEOUT", "MAX_REDIRECTS", "PROJECT_URL", "USER_AGENT",
           "Fetcher", "Page", "is_url", "page_items", "read_url"]

# Placeholder until the repository has a public address: a site owner who sees
# accord in their logs should find who runs it and why.
PROJECT_URL = "https://example.org/accord"


def _version() -> str:
    try:
        return _dist_version("accord")
    except PackageNotFoundError:
        return "0+unknown"


USER_AGENT = f"accord/{_version()} (+{PROJECT_URL})"
ROBOTS_TOKEN = "accord"  # the product token robots.txt groups are matched against
DEFAULT_TIMEOUT = 20.0  # seconds per request, body included
DEFAULT_DELAY = 1.0  # seconds between two requests to one host
MAX_REDIRECTS = 5
ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_TTL = 24 * 3600.0  # how long a robots.txt is trusted
ROBOTS_RETRY = 60.0  # how long a robots.txt that could not be read is, before asking again
HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {"text/plain"}
PAGE_ACCEPT = "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5"
_REDIRECTS = {301, 302, 303, 307, 308}


def is_url(value: str) -> bool:
    """An http(s) URL given where a path could be (`accord ingest https://...`)."""
    return value[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Page:
    """A fetched resource: `url` as asked, `final_url` after redirects."""

    url: str
    final_url: str
    status: int
    content_type: str  # the media type, lower case, without parameters ("" if none)
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _host(url: str) -> str:
    parts = urlsplit(url)
    return (parts.hostname or "").lower() + (f":{parts.port}" if parts.port else "")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _check_scheme(url: str, source: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"cannot fetch {url!r}: only http and https URLs are read",
                         source=source)
    if not parts.hostname:
        raise FetchError("not a URL: no host name in it", source=source)


def _media_type(value: str | None) -> tuple[str, str | None]:
    if not value:
        return "", None
    msg = Message()
    msg["content-type"] = value
    charset = msg.get_param("charset")
    return msg.get_content_type().lower(), charset if isinstance(charset, str) else None


class Fetcher:
    """HTTP(S) GETs with the limits above; one per run, so robots.txt files and
    the per-host clock are shared (`with Fetcher() as f: f.get(url)`)."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = 2 * 1024 * 1024,
                 max_redirects: int = MAX_REDIRECTS, delay: float = DEFAULT_DELAY,
                 user_agent: str = USER_AGENT, robots: bool = True,
                 transport: httpx.BaseTransport | None = None) -> None:
        if timeout <= 0 or max_bytes <= 0 or max_redirects < 0 or delay < 0:
            raise ValueError("timeout and max_bytes must be positive, max_redirects and "
                             "delay not negative")
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.delay = delay
        self.user_agent = user_agent
        self.robots = robots
        self._transport = transport
        self._client: httpx.Client | None = None
        self._last: dict[str, float] = {}  # host -> monotonic time of its last request
        self._robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None,
                                      FetchError | None]] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            import httpx

            self._client = httpx.Client(
                headers={"User-Agent": self.user_agent}, follow_redirects=False,
                timeout=httpx.Timeout(self.timeout), transport=self._transport,
                trust_env=False)  # no proxy or netrc picked up from the environment
        return self._client

    # -- the public calls ------------------------------------------------------
    def get(self, url: str, *, accept: str = PAGE_ACCEPT,
            headers: Mapping[str, str] | None = None, max_bytes: int | None = None) -> Page:
        """GET `url`, following redirects (each checked against robots.txt);
        a 304 comes back as a Page with `not_modified`. Raises FetchError."""
        _check_scheme(url, url)
        seen = [url]
        current = url
        for _ in range(self.max_redirects + 1):
            self._check_robots(current, source=url)
            answer = self._request(current, source=url, accept=accept, headers=headers,
                                   max_bytes=max_bytes or self.max_bytes)
            if isinstance(answer, Page):
                return Page(url=url, final_url=current, status=answer.status,
                            content_type=answer.content_type, charset=answer.charset,
                            body=answer.body, etag=answer.etag,
                            last_modified=answer.last_modified)
            target = urljoin(current, answer)
            _check_scheme(target, url)
            if target in seen:
                raise FetchError(f"redirect loop ({' -> '.join([*seen, target])})",
                                 source=url)
            seen.append(target)
            current = target
        raise FetchError(f"too many redirects (more than {self.max_redirects}; last to "
                         f"{current})", source=url)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets accord fetch `url` (fetching robots.txt if needed)."""
        try:
            self._check_robots(url, source=url)
        except FetchError:
            return False
        return True

    # -- one request -------------------------------------------------------------
    def _wait_turn(self, url: str, extra: float = 0.0) -> None:
        """Sleep until `delay` (or the site's Crawl-delay) has passed since the
        last request to this host ended."""
        last = self._last.get(_host(url))
        if last is not None:
            wait = last + max(self.delay, extra) - time.monotonic()
            if wait > 0:
                time.sleep(wait)

    def _request(self, url: str, *, source: str, accept: str,
                 headers: Mapping[str, str] | None, max_bytes: int) -> Page | str:
        """A Page, or the Location of a redirect."""
        self._wait_turn(url, self._crawl_delay(url))
        deadline = time.monotonic() + self.timeout
        try:
            return self._send(url, source=source, accept=accept, headers=headers,
                              max_bytes=max_bytes, deadline=deadline)
        finally:
            self._last[_host(url)] = time.monotonic()

    def _send(self, url: str, *, source: str, accept: str, headers: Mapping[str, str] | None,
              max_bytes: int, deadline: float) -> Page | str:
        import httpx

        try:
            with self.client.stream("GET", url, headers={"Accept": accept, **(headers or {})}
                                    ) as resp:
                if resp.status_code in _REDIRECTS:
                    location: str = resp.headers.get("location") or ""
                    if not location:
                        raise FetchError(f"HTTP {resp.status_code} redirect without a "
                                         "Location", source=source)
                    return location
                if resp.status_code == 304:
                    body = b""
                else:
                    _check_status(resp.status_code, resp.reason_phrase, resp.headers, source)
                    body = _read_body(resp, source, max_bytes, deadline, self.timeout)
                ctype, charset = _media_type(resp.headers.get("content-type"))
                return Page(url=url, final_url=url, status=resp.status_code,
                            content_type=ctype, charset=charset, body=body,
                            etag=resp.headers.get("etag"),
                            last_modified=resp.headers.get("last-modified"))
        except httpx.TimeoutException:
            raise FetchError(f"timed out (no answer within {self.timeout:g} s); try again "
                             "later", source=source, transient=True) from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect to {_host(url)} ({_transport_reason(exc)})",
                             source=source, transient=True) from None
        except httpx.TransportError as exc:
            raise FetchError(f"the connection to {_host(url)} broke "
                             f"({_transport_reason(exc)}); try again later", source=source,
                             transient=True) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"HTTP error ({type(exc).__name__}: {exc})", source=source,
                             transient=True) from None

    # -- robots.txt ----------------------------------------------------------------
    def _robots_for(self, url: str
                    ) -> tuple[urllib.robotparser.RobotFileParser | None, FetchError | None]:
        origin = _origin(url)
        cached = self._robots.get(origin)
        if cached is not None and time.monotonic() - cached[0] < ROBOTS_TTL:
            return cached[1], cached[2]
        parser: urllib.robotparser.RobotFileParser | None = None
        error: FetchError | None = None
        robots_url = origin + "/robots.txt"
        try:
            page = self._fetch_robots(robots_url)
            if page is not None:
                parser = urllib.robotparser.RobotFileParser(robots_url)
                parser.parse(page.body.decode("utf-8", "replace").splitlines())
        except FetchError as exc:
            # RFC 9309 2.3.1.4: an unreachable robots.txt means "disallow all".
            if exc.status is None:  # the site itself is unreachable: say that
                error = FetchError(exc.message, transient=True)
            else:
                error = FetchError(f"robots.txt of {_host(url)} answered HTTP {exc.status}, "
                                   "so nothing there is fetched until it answers; try again "
                                   "later", transient=True)
        # A failure is remembered briefly (not for a day): the site may come back.
        self._robots[origin] = (time.monotonic() - (ROBOTS_TTL - ROBOTS_RETRY if error else 0),
                                parser, error)
        return parser, error

    def _fetch_robots(self, robots_url: str) -> Page | None:
        """robots.txt, or None when it does not exist (4xx: everything allowed)."""
        current, seen = robots_url, [robots_url]
        for _ in range(self.max_redirects + 1):
            try:
                answer = self._request(current, source=robots_url, accept="text/plain",
                                       headers=None, max_bytes=ROBOTS_MAX_BYTES)
            except FetchError as exc:
                if exc.status is not None and 400 <= exc.status < 500:
                    return None
                if exc.status is None and exc.message.startswith("too large"):
                    return None  # larger than any robots.txt should be: RFC 9309 lets us ignore it
                raise
            if isinstance(answer, Page):
                return answer
            current = urljoin(current, answer)
            if current in seen or urlsplit(current).scheme not in ("http", "https"):
                return None  # RFC 9309: unfollowable redirects mean "no robots.txt"
            seen.append(current)
        return None

    def _check_robots(self, url: str, *, source: str) -> None:
        if not self.robots:
            return
        parser, error = self._robots_for(url)
        if error is not None:
            raise FetchError(error.message, source=source, transient=True)
        if parser is not None and not parser.can_fetch(ROBOTS_TOKEN, url):
            raise FetchError(f"robots.txt of {_host(url)} disallows accord from fetching "
                             f"{url}: not fetched", source=source)

    def _crawl_delay(self, url: str) -> float:
        if not self.robots or urlsplit(url).path == "/robots.txt":
            return 0.0
        cached = self._robots.get(_origin(url))
        parser = cached[1] if cached else None
        delay = parser.crawl_delay(ROBOTS_TOKEN) if parser is not None else None
        return min(float(delay), 60.0) if delay else 0.0  # a site asking for hours is capped


def _check_status(status: int, reason: str, headers: Mapping[str, str], source: str) -> None:
    if status < 400:
        return
    text = f"HTTP {status} {reason}".rstrip()
    if status in (408, 425, 429) or status >= 500:
        retry = headers.get("retry-after")
        later = f" (Retry-After: {retry})" if retry else ""
        raise FetchError(f"{text}: the server failed or is busy; try again later{later}",
                         source=source, transient=True, status=status)
    if status in (401, 403):
        raise FetchError(f"{text}: the page needs a login or refuses accord", source=source,
                         status=status)
    if status in (404, 410):
        raise FetchError(f"{text}: no page at this address", source=source, status=status)
    raise FetchError(text, source=source, status=status)


def _read_body(resp: httpx.Response, source: str, max_bytes: int, deadline: float,
               timeout: float) -> bytes:
    length = resp.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"too large ({_size(int(length))} > {_size(max_bytes)} limit); "
                         "raise the limit with --max-bytes if this is really one article",
                         source=source)
    chunks: list[bytes] = []
    size = 0
    for chunk in resp.iter_bytes():  # decompressed: a gzip bomb stops at the limit too
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"too large (more than {_size(max_bytes)}); raise the limit "
                             "with --max-bytes if this is really one article", source=source)
        chunks.append(chunk)
        if time.monotonic() > deadline:
            raise FetchError(f"timed out (the page took more than {timeout:g} s to arrive); "
                             "try again later", source=source, transient=True)
    return b"".join(chunks)


def _transport_reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    low = text.lower()
    if "name or service not known" in low or "nodename nor servname" in low \
            or "name resolution" in low:
        return "unknown host name"
    if "connection refused" in low:
        return "connection refused"
    if "certificate" in low or "ssl" in low:
        return f"TLS error: {text.splitlines()[0]}"
    return text.splitlines()[0]


# -- pages to articles -----------------------------------------------------------
def page_items(page: Page, *, bp: Boilerplate | None = None, max_bytes: int | None = None,
               fallback: Mapping[str, Any] | None = None) -> list[Item]:
    """The article of a fetched page (HTML or plain text), after its warnings;
    `fallback` metadata (a feed item's title, date, outlet) fills what the page
    lacks. Raises InputError when the page holds no article."""
    from accord.ingest.readers import _html_items, _with_meta
    from accord.model import Article

    source = page.url
    ctype = page.content_type
    head = page.body[:1024].lstrip().lower()
    sniffed_html = head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
    if ctype in HTML_TYPES or (not ctype and sniffed_html):
        kind = "html"
    elif ctype in TEXT_TYPES or (not ctype and not sniffed_html):
        kind = "text"
    else:
        raise FetchError(f"not a web page (Content-Type {ctype}): accord reads HTML and "
                         "plain text", source=source)
    if max_bytes is not None and len(page.body) > max_bytes:
        raise FetchError(f"too large ({_size(len(page.body))} > {_size(max_bytes)} limit)",
                         source=source)
    decoded = _decode(page)
    items: list[Item] = [] if decoded.warning is None else [decoded.warning]
    if kind == "html":
        found = _html_items(decoded.text, source, bp)
    else:
        found = _with_meta(decoded.text, source, {"url": page.final_url}, bp)
    article = found[-1]
    assert isinstance(article, Article)
    if article.url is None:
        article.url = page.final_url
    for key in ("title", "outlet", "published"):
        value = (fallback or {}).get(key)
        if value and getattr(article, key) is None:
            setattr(article, key, value)
    return [*items, *found]


def _decode(page: Page) -> Decoded:
    """The body as text: the charset the server declared when the bytes are
    valid in it, else accord's own detection (`accord.ingest.decode`)."""
    from accord.ingest.decode import Decoded, decode_bytes_checked

    if page.charset:
        try:
            text = page.body.decode(page.charset)
        except (LookupError, UnicodeDecodeError):
            pass
        else:
            if text.strip() and "\x00" not in text:
                return Decoded(text, page.charset)
    return decode_bytes_checked(page.body, page.url)


def read_url(url: str, *, fetcher: Fetcher | None = None, bp: Boilerplate | None = None,
             max_bytes: int | None = None) -> Iterator[Item]:
    """The article at `url` (its warnings first), or one InputError; never raises."""
    own = fetcher is None
    fetcher = fetcher or Fetcher(max_bytes=max_bytes or 2 * 1024 * 1024)
    try:
        page = fetcher.get(url, max_bytes=max_bytes)
        yield from page_items(page, bp=bp)
    except InputError as err:
        yield err
    finally:
        if own:
            fetcher.close()
