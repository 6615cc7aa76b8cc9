"""What the browser tests share (tests/test_browser.py, tests/test_browser_desk.py):
Debian's headless Chromium through Playwright, `accord serve` as a subprocess on
a free loopback port, and pages whose requests outside one address are refused
and recorded (the `browser` and `page` fixtures in conftest.py use them; each
browser test module has its own `server`). Screenshots go to tests/artifacts/
(git-ignored)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = os.environ.get("ACCORD_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage"]


def need_a_browser() -> None:
    """Skip without Chromium or Playwright, except under CI=true: there the suite
    fails, since a run that skipped the browser tests never ran the UI."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM}: run `make browser-deps` (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "playwright is not installed: pip install -r requirements.lock"
    if reason is None:
        return
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (CI=true: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """`accord serve --db db` on a free loopback port until the block ends; yields
    its base URL once /healthz answers, and checks that serve printed it."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "accord.cli", "serve", "--db", str(db),
                             "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("accord serve did not start: "
                                   + (proc.stderr.read().decode() if proc.stderr else ""))
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        out = proc.communicate(timeout=10)[0].decode()
    assert f"at {base}/" in out  # serve printed its URL


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium (skipped without one, failed under CI=true)."""
    need_a_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


def guarded(browser: Any, allowed: str, **options: Any) -> tuple[Any, Any, list[str],
                                                                 list[str]]:
    """A page whose requests outside `allowed` are refused and recorded, with the
    lists of those requests and of the page's errors (a dialog is one)."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, **options)
    outside: list[str] = []

    def only(route: Any) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only)
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("dialog", lambda d: (errors.append("dialog: " + d.message), d.dismiss()))
    return context, pg, outside, errors


@contextmanager
def loopback_page(browser: Any, server: str) -> Iterator[Any]:
    """A page on `server` that may request nothing else and must raise no error."""
    ARTIFACTS.mkdir(exist_ok=True)
    context, pg, outside, errors = guarded(browser, server, base_url=server)
    yield pg
    context.close()
    assert outside == [], f"requests outside loopback: {outside}"
    assert errors == [], errors
