"""One error hierarchy for accord.

Every message names the input it concerns and, where there is one, the fix.
The CLI and the API translate these into exit codes and HTTP errors at their
edge only; library code raises them and never prints.
"""

from __future__ import annotations

__all__ = [
    "AccordError",
    "InputError",
    "StoreError",
    "SearchTimeout",
    "SearchQueryError",
    "ConfigError",
    "GoldError",
    "ArticleTimeout",
    "FetchError",
    "MissingDependency",
    "CorrectionError",
]


class AccordError(Exception):
    """Base class of every error accord raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.source = source
        self.message = message
        super().__init__(f"{source}: {message}" if source else message)


class InputError(AccordError):
    """An article (file, line, URL) that cannot be read or is not an article."""

    code = "E100"


class ArticleTimeout(InputError):
    """An article took longer than the per-article time limit to process."""

    code = "E101"


class FetchError(InputError):
    """A URL or feed that could not be fetched (HTTP error, timeout, robots.txt,
    size). `transient`: trying again later may work (timeouts, 5xx, 429)."""

    code = "E102"

    def __init__(self, message: str, *, source: str | None = None, transient: bool = False,
                 status: int | None = None) -> None:
        super().__init__(message, source=source)
        self.transient = transient
        self.status = status


class StoreError(AccordError):
    """The store cannot be opened or written."""

    code = "E200"


class SearchTimeout(StoreError):
    """A search ran past its time limit and was stopped: rarer words or a phrase
    make it cheaper."""

    code = "E201"


class SearchQueryError(AccordError, ValueError):
    """A search query that cannot run (e.g. one that only leaves words out)."""

    code = "E202"


class ConfigError(AccordError):
    """A data file (actors, verbs, lexicon) or setting is invalid."""

    code = "E300"


class GoldError(AccordError):
    """A gold or prediction file for `accord eval` is malformed."""

    code = "E400"


class MissingDependency(AccordError):
    """A feature needs an optional dependency (an extra) that is not installed."""

    code = "E500"


class CorrectionError(AccordError):
    """An analyst's correction that cannot apply: no such document or item, a
    field the item does not have, a value it cannot take."""

    code = "E600"
