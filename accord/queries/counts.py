"""Counts the charts and the report's summary draw: events per week by type,
who an actor acts on and who acts on it, documents per outlet, and the store's
totals. Every count is of merged items (an event told by three outlets counts
once), over the same filters as the lists.

Event types fall into PLOVER's three families, one colour each in the UI, the
terminal and the dossier: cooperation, verbal conflict, material conflict.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.sql import ColumnElement

from accord.model import EVENT_TYPES
from accord.queries.cache import aggregates
from accord.queries.lists import _date_range, _event_filters, _group_key
from accord.queries.names import actor_id
from accord.store import Store, documents, events, proposals, quotes

FAMILIES: dict[str, tuple[str, ...]] = {
    "cooperation": ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"),
    "verbal conflict": ("REQUEST", "ACCUSE", "REJECT", "THREATEN"),
    "material conflict": ("PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"),
}
FAMILY_OF: dict[str, str] = {t: fam for fam, types in FAMILIES.items() for t in types}
# The CSS class of a family (badge-coop, ...): short, stable, used by every view.
FAMILY_CSS = {"cooperation": "coop", "verbal conflict": "verbal", "material conflict": "material"}
assert set(FAMILY_OF) == set(EVENT_TYPES)

# The week chart shows this many weeks when no date range is given, and groups
# by month beyond MAX_WEEKS.
DEFAULT_WEEKS = 26
MAX_WEEKS = 110


def family(event_type: str | None) -> str | None:
    return FAMILY_OF.get((event_type or "").upper())


def family_css(event_type: str | None) -> str:
    """`coop`, `verbal` or `material` (`proposal` for a proposal kind)."""
    fam = family(event_type)
    return FAMILY_CSS[fam] if fam else "proposal"


# -- events per week ----------------------------------------------------------------
def events_by_day(store: Store, *, type: str | None = None, actor: str | None = None,
                  date_from: str | None = None, date_to: str | None = None
                  ) -> dict[str, Any]:
    """Merged events per day and type: `days` [(YYYY-MM-DD, TYPE, n)], and how many
    were left out for having no full date (`undated`, `partial`: a month or year)."""
    actor = actor_id(store, actor)
    return aggregates.get(store, ("by_day", type, actor, date_from, date_to),
                          lambda: _by_day(store, type, actor, date_from, date_to))


def _by_day(store: Store, type: str | None, actor: str | None, date_from: str | None,
            date_to: str | None) -> dict[str, Any]:
    where = _event_filters(type=type, actor=actor, recipient=None, date_from=date_from,
                           date_to=date_to)
    n = func.count(func.distinct(_group_key(events)))
    full = func.length(events.c.date) == 10
    rows = store.query(select(events.c.date, events.c.type, n).where(*where, full)
                       .group_by(events.c.date, events.c.type).order_by(events.c.date))
    partial = store.query(select(n).where(*where, events.c.date.is_not(None), ~full))[0][0]
    undated = store.query(select(n).where(*where, events.c.date.is_(None)))[0][0]
    return {"days": [(r[0], r[1], int(r[2])) for r in rows], "partial": int(partial or 0),
            "undated": int(undated or 0)}


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def events_per_week(store: Store, *, type: str | None = None, actor: str | None = None,
                    date_from: str | None = None, date_to: str | None = None,
                    weeks: int = DEFAULT_WEEKS) -> dict[str, Any]:
    """Bars for the timeline's chart. Without a date range: the `weeks` weeks up to
    the newest event; with one: every week in it (by month beyond MAX_WEEKS).
    Returns `unit` (week or month), `bars` [{start, end, counts {TYPE: n}, total}],
    `types` present, `max`, `hidden` (events of the filters outside the bars),
    `partial`/`undated` (no full date) and the bars' `from`/`to`."""
    by_day = events_by_day(store, type=type, actor=actor, date_from=date_from, date_to=date_to)
    days = [(date.fromisoformat(d), t, n) for d, t, n in by_day["days"]]
    out: dict[str, Any] = {"unit": "week", "bars": [], "types": [], "max": 0, "hidden": 0,
                           "partial": by_day["partial"], "undated": by_day["undated"],
                           "from": None, "to": None}
    if not days:
        return out
    hi = date.fromisoformat(date_to) if date_to else days[-1][0]
    lo = date.fromisoformat(date_from) if date_from else (
        _monday(hi) - timedelta(weeks=weeks - 1) if not date_to else days[0][0])
    lo, hi = _monday(lo), hi
    if (hi - lo).days // 7 + 1 > MAX_WEEKS:
        out["unit"] = "month"
        starts = _month_starts(lo, hi)
    else:
        starts = [lo + timedelta(weeks=i) for i in range((hi - lo).days // 7 + 1)]
    ends = [_bar_end(s, out["unit"]) for s in starts]
    tallies: list[dict[str, int]] = [{} for _ in starts]
    present: set[str] = set()
    for d, t, n in days:
        i = _bar_index(starts, d, out["unit"])
        if i is None or d > ends[i]:
            out["hidden"] += n
            continue
        tallies[i][t] = tallies[i].get(t, 0) + n
        present.add(t)
    bars = [{"start": s.isoformat(), "end": e.isoformat(), "counts": c,
             "total": sum(c.values())} for s, e, c in zip(starts, ends, tallies, strict=True)]
    out.update(bars=bars, types=[t for t in EVENT_TYPES if t in present],
               max=max((sum(c.values()) for c in tallies), default=0),
               **{"from": bars[0]["start"], "to": bars[-1]["end"]})
    return out


def _month_starts(lo: date, hi: date) -> list[date]:
    out, d = [], lo.replace(day=1)
    while d <= hi:
        out.append(d)
        d = (d.replace(day=28) + timedelta(days=4)).replace(day=1)
    return out


def _bar_end(start: date, unit: str) -> date:
    if unit == "week":
        return start + timedelta(days=6)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def _bar_index(starts: list[date], d: date, unit: str) -> int | None:
    if d < starts[0]:
        return None
    if unit == "week":
        i = (d - starts[0]).days // 7
    else:
        i = (d.year - starts[0].year) * 12 + d.month - starts[0].month
    return i if i < len(starts) else None


# -- who acts on whom ---------------------------------------------------------------
def relations(store: Store, actor: str, *, role: str = "actor",
              limit: int = 10) -> list[dict[str, Any]]:
    """For `role="actor"`: whom `actor` acts on (its events' recipients); for
    "recipient": who acts on it. Each counterpart once, most events first:
    {id, name, n, families {family: n}}; counterparts with no id by name."""
    actor = actor_id(store, actor) or actor
    return aggregates.get(store, ("relations", actor, role, limit),
                          lambda: _relations(store, actor, role, limit))


def _relations(store: Store, actor: str, role: str, limit: int) -> list[dict[str, Any]]:
    me, other = ("actor", "recipient") if role == "actor" else ("recipient", "actor")
    mine: ColumnElement[Any] = events.c[f"{me}_id"]
    oid, oname = events.c[f"{other}_id"], events.c[f"{other}_name"]
    n = func.count(func.distinct(_group_key(events)))
    # Grouped by name too (a counterpart with no id is known by its words only),
    # then merged per id here.
    rows = store.query(select(oid, oname, events.c.type, n)
                       .where(mine == actor, oname.is_not(None),
                              func.coalesce(oid, "") != actor)
                       .group_by(oid, oname, events.c.type).order_by(oid, oname))
    merged: dict[str, dict[str, Any]] = {}
    for rid, name, etype, count in rows:
        key = rid or f"name:{name.casefold()}"
        item = merged.setdefault(key, {"id": rid, "name": name, "n": 0, "families": {}})
        fam = family(etype) or "cooperation"
        item["families"][fam] = item["families"].get(fam, 0) + int(count)
        item["n"] += int(count)
    return sorted(merged.values(), key=lambda x: (-x["n"], x["name"] or ""))[:limit]


# -- outlets ------------------------------------------------------------------------
def outlet_counts(store: Store, *, date_from: str | None = None, date_to: str | None = None,
                  limit: int = 15) -> dict[str, Any]:
    """Documents per outlet, most first (`outlets` [{outlet, n}], None for no
    outlet), the rest summed in `other`."""
    return aggregates.get(store, ("outlets", date_from, date_to, limit),
                          lambda: _outlets(store, date_from, date_to, limit))


def _outlets(store: Store, date_from: str | None, date_to: str | None,
             limit: int) -> dict[str, Any]:
    where = _date_range(documents.c.published, date_from, date_to)
    rows = store.query(select(documents.c.outlet, func.count()).where(*where)
                       .group_by(documents.c.outlet))
    ranked = sorted(((r[0], int(r[1])) for r in rows), key=lambda x: (-x[1], x[0] or "~"))
    return {"outlets": [{"outlet": o, "n": n} for o, n in ranked[:limit]],
            "other": sum(n for _, n in ranked[limit:]),
            "n_outlets": len(ranked), "total": sum(n for _, n in ranked)}


# -- the store at a glance ------------------------------------------------------------
def overview(store: Store) -> dict[str, Any]:
    """Totals for the report's summary: items, merged events per family and type,
    the span of dates, the most active actors."""
    return aggregates.get(store, ("overview",), lambda: _overview(store))


def _overview(store: Store) -> dict[str, Any]:
    def count(table: Any) -> int:
        return int(store.query(select(func.count()).select_from(table))[0][0])

    n = func.count(func.distinct(_group_key(events)))
    per_type = {r[0]: int(r[1]) for r in store.query(
        select(events.c.type, n).group_by(events.c.type))}
    span = store.query(select(func.min(documents.c.published), func.max(documents.c.published)))
    n_prop_groups = store.query(select(func.count(func.distinct(_group_key(proposals)))))[0][0]
    acting = store.query(select(events.c.actor_id, func.min(events.c.actor_name), n)
                         .where(events.c.actor_id.is_not(None))
                         .group_by(events.c.actor_id).order_by(n.desc(), events.c.actor_id)
                         .limit(10))
    speaking = store.query(select(quotes.c.speaker_id, func.min(quotes.c.speaker_name),
                                  func.count())
                           .where(quotes.c.speaker_id.is_not(None))
                           .group_by(quotes.c.speaker_id)
                           .order_by(func.count().desc(), quotes.c.speaker_id).limit(10))
    return {
        "documents": count(documents), "quotes": count(quotes), "events": count(events),
        "event_groups": sum(per_type.values()), "proposals": count(proposals),
        "proposal_groups": int(n_prop_groups or 0),
        "published_from": span[0][0], "published_to": span[0][1],
        "families": {fam: {t: per_type.get(t, 0) for t in types}
                     for fam, types in FAMILIES.items()},
        "top_actors": [{"id": r[0], "name": r[1], "n": int(r[2])} for r in acting],
        "top_speakers": [{"id": r[0], "name": r[1], "n": int(r[2])} for r in speaking],
    }


__all__ = ["FAMILIES", "FAMILY_CSS", "FAMILY_OF", "events_by_day", "events_per_week",
           "family", "family_css", "outlet_counts", "overview", "relations"]
