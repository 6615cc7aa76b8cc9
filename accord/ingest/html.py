"""HTML pages: main text and metadata by trafilatura, in a helper process.

One parse of a pathological page can spend tens of seconds inside lxml, where
no signal reaches it, so the time limit runs the parse in a helper process
and ends that process when the limit passes: the limit holds to the second
whatever the page does, and a parse that exhausts memory takes down only the
helper. The helper is started once (spawned, so it shares no locks or threads
with the caller), serves page after page, and is replaced after a kill. It
exits when its parent does.

Where no helper process can be started (inside a daemonic process) the page
is parsed in this process under `accord.limits.time_limit`.
"""

from __future__ import annotations

import atexit
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from accord.errors import InputError
from accord.limits import _TimeLimit, time_limit

HTML_SECONDS = 30.0  # wall-clock limit for extracting one HTML page
START_SECONDS = 120.0  # for the helper to start (imports), not counted per page

Extracted = dict[str, Any] | None


def extract(raw: str) -> Extracted:
    """Main text, title, outlet, date and url of one page (None: no article text)."""
    import trafilatura
    from htmldate import find_date

    extracted = trafilatura.extract(raw, output_format="json", with_metadata=True,
                                    include_comments=False, favor_precision=False)
    data = json.loads(extracted) if extracted else None
    if not data:
        return None
    published = data.get("date")
    if not published:
        try:
            published = find_date(raw, extensive_search=False, original_date=True)
        except Exception:  # no date is a normal outcome, not an error
            published = None
    return {"text": data.get("text") or data.get("raw_text") or "",
            "title": data.get("title") or None,
            "outlet": data.get("sitename") or data.get("source-hostname") or None,
            "published": published or None, "url": data.get("source") or None}


# The function the helper runs on each page (tests swap it for a slow one).
EXTRACT: Callable[[str], Extracted] = extract


class HelperDied(Exception):
    """The helper process ended while parsing a page (killed, out of memory)."""


def serve(fd: int, func: Callable[[str], Extracted]) -> None:
    """The helper's loop on socket `fd`: a page in, ("ok", result) or ("error",
    name) out, until the parent closes the socket or dies."""
    from multiprocessing.connection import Connection

    conn = Connection(fd)
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
    if func is extract:  # imports and first-call set-up before "ready": not counted per page
        extract("<html><head><title>t</title></head><body><p>Warm up, said he on Monday."
                "</p></body></html>")
    conn.send("ready")
    while True:
        try:
            raw = conn.recv()
        except (EOFError, OSError):
            return
        try:
            out: tuple[str, Any] = ("ok", func(raw))
        except Exception as exc:  # trafilatura raises many kinds on broken markup
            out = ("error", type(exc).__name__)
        conn.send(out)


class _Helper:
    """A `python -m accord.ingest.html_helper` process and a socket to it. A plain
    child process (not multiprocessing's): it never re-runs the caller's main
    script, and may be started from a daemonic process."""

    def __init__(self, func: Callable[[str], Extracted]) -> None:
        from multiprocessing.connection import Connection

        self.func = func
        ours, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "accord.ingest.html_helper", str(theirs.fileno()),
                 f"{func.__module__}:{func.__qualname__}"],
                pass_fds=(theirs.fileno(),), env=env, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL)
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        try:
            ready = self.conn.poll(START_SECONDS) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise HelperDied("the HTML helper process did not start")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def run(self, raw: str, seconds: float | None) -> tuple[str, Any]:
        try:
            self.conn.send(raw)
            done = self.conn.poll(seconds)
            answer: tuple[str, Any] = self.conn.recv() if done else ("timeout", None)
        except (EOFError, OSError):
            self.stop()
            raise HelperDied from None
        if not done:
            self.stop()
            raise TimeoutError
        return answer

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.conn.close()


_lock = threading.Lock()
_helper: _Helper | None = None
_no_helper = False  # set when no helper process can be started here


def stop_helper() -> None:
    """End the helper process (it is started again when needed)."""
    global _helper, _no_helper
    with _lock:
        if _helper is not None:
            _helper.stop()
            _helper = None
        _no_helper = False


atexit.register(stop_helper)


def _in_helper(raw: str, seconds: float | None) -> tuple[str, Any] | None:
    """The helper's answer, or None when no helper can run here."""
    global _helper, _no_helper
    with _lock:
        if _helper is not None and (_helper.func is not EXTRACT or not _helper.alive()):
            _helper.stop()
            _helper = None
        if _helper is None and not _no_helper:
            try:
                _helper = _Helper(EXTRACT)
            except (OSError, HelperDied):  # no processes here (or no POSIX)
                _no_helper = True
        if _helper is None:
            return None
        try:
            return _helper.run(raw, seconds)
        except (TimeoutError, HelperDied):
            _helper = None
            raise


def _in_process(raw: str, seconds: float | None) -> tuple[str, Any]:
    try:
        with time_limit(seconds):
            return "ok", EXTRACT(raw)
    except _TimeLimit:
        raise TimeoutError from None
    except Exception as exc:
        return "error", type(exc).__name__


def extract_page(raw: str, source: str, seconds: float | None = None) -> dict[str, Any]:
    """The extracted page; InputError when it takes longer than `seconds`
    (default HTML_SECONDS), breaks the parser or holds no article text."""
    limit = HTML_SECONDS if seconds is None else seconds
    try:
        answer = _in_helper(raw, limit or None)
        if answer is None:
            answer = _in_process(raw, limit or None)
    except TimeoutError:
        raise InputError(f"HTML took longer than {limit:g} s to parse; skipped",
                         source=source) from None
    except (HelperDied, OSError):
        raise InputError("the HTML parser process died on this page (out of memory?); "
                         "skipped", source=source) from None
    status, value = answer
    if status == "error":
        raise InputError(f"cannot parse HTML ({value})", source=source)
    if not value:
        raise InputError("no article text found in the HTML", source=source)
    return dict(value)
