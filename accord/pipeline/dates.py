"""accord_dates: the publication date and the time expressions of an article."""

from __future__ import annotations

from datetime import date

from dateutil import parser as dateutil_parser
from spacy.language import Language
from spacy.tokens import Doc


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata date string, or None."""
    if not value:
        return None
    try:
        parsed = dateutil_parser.parse(str(value), default=None)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date().isoformat() if hasattr(parsed, "date") else None


@Language.factory("accord_dates", assigns=["doc._.published", "doc._.dates"])
def make_dates(nlp: Language, name: str) -> "DateResolver":
    return DateResolver(nlp, name)


class DateResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.meta or {}
        doc._.published = normalise_date(meta.get("published"))
        doc._.dates = []
        return doc


def parse_iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
