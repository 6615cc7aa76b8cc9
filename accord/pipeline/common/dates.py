"""The date expressions accord_dates found, as other components read them."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import DateMention

__all__ = ["event_date", "is_date"]


def is_date(doc: Doc, tok: Token) -> bool:
    """A token inside a resolvable time expression ("Tuesday", not "30-day")."""
    return any(d.start <= tok.idx < d.end and d.granularity for d in doc._.dates or [])


def event_date(doc: Doc, start: int, end: int, tok: Token) -> DateMention | None:
    """The date expression of an event: inside its evidence, else in its sentence;
    the nearest to the trigger wins."""
    # durations ("30-day", "for a month") are not dates: only expressions with a
    # granularity (a day, month or year, resolved or not) count
    dates: list[DateMention] = [d for d in doc._.dates or [] if d.granularity]
    if not dates:
        return None
    inside = [d for d in dates if d.start >= start and d.end <= end]
    if not inside:
        sent = tok.sent
        inside = [d for d in dates if d.start >= sent.start_char and d.end <= sent.end_char]
    if not inside:
        return None
    return min(inside, key=lambda d: abs(d.start - tok.idx))
