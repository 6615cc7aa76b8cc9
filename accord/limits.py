"""A wall-clock limit for a block of work (an article, an HTML page)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class _TimeLimit(BaseException):
    """Raised by the alarm; a BaseException so `except Exception` in a component
    cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise _TimeLimit in this block after `seconds` (SIGALRM, main thread only).

    Off the main thread, or without SIGALRM (Windows), the block runs unlimited.
    A component stuck inside one long C call (a regex) is interrupted when the
    call returns.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise _TimeLimit()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
