"""What the readers report besides articles and errors.

A reader yields, in input order, `Article`s, `InputError`s (the input is not
ingested: counted as failed) and the notes below, which never stop an article:

- `InputWarning`: the article is ingested, but something in it was repaired or
  left out (bad bytes replaced, a metadata date that is no date stored as
  null); it names the input and says what was done.
- `SkippedPath`: a path the folder walker does not read on purpose (a hidden
  file, an unsupported file type, a FIFO or device, a folder already read
  through a symbolic link); counted as skipped, so nothing is skipped silently.
"""

from __future__ import annotations


class InputNote:
    """A one-line note about an input: `str(note)` is "source: message"."""

    def __init__(self, message: str, *, source: str) -> None:
        self.message = message
        self.source = source

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and str(other) == str(self)

    def __hash__(self) -> int:
        return hash((type(self).__name__, str(self)))


class InputWarning(InputNote):
    """The article was ingested after a repair the user should know about."""


class SkippedPath(InputNote):
    """A path the walker does not ingest, and why."""
