"""`python -m accord.ingest.html_helper FD MODULE:FUNCTION`: the HTML helper
process (see `accord.ingest.html`), serving pages on socket FD."""

from __future__ import annotations

import importlib
import signal
import sys


def main(argv: list[str]) -> None:
    from accord.ingest.html import serve

    # Ctrl-C reaches every process of the terminal's group: the parent decides
    # (and ends this helper at exit); a traceback from here would only confuse.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    fd, target = int(argv[0]), argv[1]
    module, _, name = target.partition(":")
    func = importlib.import_module(module)
    for part in name.split("."):
        func = getattr(func, part)
    serve(fd, func)  # type: ignore[arg-type]


if __name__ == "__main__":
    main(sys.argv[1:])
