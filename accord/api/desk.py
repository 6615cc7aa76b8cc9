"""The analyst's desk on the web pages: the charts each page draws, the actor
names a filter field suggests, the name a filter resolved to, and the quick
date ranges. Page handlers in pages.py call these; the SVG is made in charts.py.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from accord.api import charts
from accord.queries import counts, list_actors
from accord.queries.cache import aggregates
from accord.queries.lists import Page
from accord.queries.names import resolve
from accord.store import Store

ORDERS = ("newest", "oldest")


def actor_href(actor_id: str) -> str:
    return "/actors/" + quote(actor_id, safe="")


def suggestions(store: Store, limit: int = 60) -> list[dict[str, Any]]:
    """The most mentioned actors, for a name field's <datalist> before any typing
    (desk.js asks /api/actors/suggest as one types)."""
    items: list[dict[str, Any]] = list_actors(store, page=Page(limit=limit))["items"]
    return items


def resolved(store: Store, text: str | None) -> dict[str, Any] | None:
    """What a typed actor filter matched, for the note above a list."""
    if not text:
        return None
    return resolve(store, text).as_dict()


def quick_ranges(store: Store) -> list[tuple[str, str, str]]:
    """(label, date_from, date_to) ranges ending at the newest dated event."""
    days = counts.events_by_day(store)["days"]
    if not days:
        return []
    hi = date.fromisoformat(days[-1][0])
    out = []
    for label, delta in (("last 4 weeks", timedelta(weeks=4)), ("last 3 months",
                         timedelta(days=91)), ("last year", timedelta(days=365))):
        out.append((label, (hi - delta + timedelta(days=1)).isoformat(), hi.isoformat()))
    return out


def timeline_chart(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """The events-per-week chart for the timeline's filters; a click on a bar keeps
    the other filters and sets the type and the week. Every page of one filter
    draws the same chart (hundreds of bars, a link each): drawn once, cached with
    the aggregates (cache.py) until the store changes."""
    shown = tuple((k, v) for k, v in params.items() if k != "offset")
    return aggregates.get(store, ("timeline_chart", shown),
                          lambda: _timeline_chart(store, dict(shown)))


def _timeline_chart(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    lo, hi = params.get("date_from") or None, params.get("date_to") or None
    selected = None
    if lo and hi and date.fromisoformat(hi) - date.fromisoformat(lo) < timedelta(weeks=8):
        # A short range (a clicked week): its weeks among the ones around them.
        selected = (lo, hi)
        lo = (date.fromisoformat(lo) - timedelta(weeks=12)).isoformat()
        hi = (date.fromisoformat(hi) + timedelta(weeks=12)).isoformat()
    data = counts.events_per_week(store, type=params.get("type") or None,
                                  actor=params.get("actor") or None, date_from=lo, date_to=hi)

    def link(etype: str | None, start: str, end: str) -> str:
        keep = {k: v for k, v in params.items() if v not in (None, "") and k != "offset"}
        keep.update(date_from=start, date_to=end, kind="event")
        if etype:
            keep["type"] = etype
        return "/?" + urlencode(keep)

    return {"data": data, "svg": charts.week_bars(data, link, selected=selected),
            "legend": charts.type_legend(data["types"])}


def actor_charts(store: Store, actor_id: str) -> dict[str, Markup]:
    """Whom the actor acts on, and who acts on it, with counts by family."""
    def link(row: dict[str, Any]) -> str | None:
        return actor_href(row["id"]) if row.get("id") else None

    out = {}
    for role, label, empty in (
            ("actor", "Whom they act on (events, by family)", "They act on no one named."),
            ("recipient", "Who acts on them (events, by family)", "No one named acts on them.")):
        rows = counts.relations(store, actor_id, role=role)
        out[role] = charts.hbars(rows, label=label, link=link, stacks=charts.FAMILY_STACKS,
                                 empty=empty)
    out["legend"] = charts.family_legend()
    return out


def outlet_chart(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """Documents per outlet; a click filters the list to that outlet."""
    data = counts.outlet_counts(store, date_from=params.get("date_from") or None,
                                date_to=params.get("date_to") or None)
    rows = [{"name": o["outlet"] or "no outlet given", "n": o["n"], "outlet": o["outlet"]}
            for o in data["outlets"]]

    def link(row: dict[str, Any]) -> str | None:
        if not row["outlet"]:
            return None
        keep = {k: v for k, v in params.items() if v and k not in ("offset", "outlet")}
        return "/documents?" + urlencode({**keep, "outlet": row["outlet"]})

    svg = charts.hbars(rows, label="Documents per outlet", link=link, width=560,
                       name_width=220, empty="No documents.")
    return {"data": data, "svg": svg}


def proposal_life(p: dict[str, Any]) -> Markup:
    return charts.proposal_life(p, actor_href=actor_href)


__all__ = ["ORDERS", "actor_charts", "actor_href", "outlet_chart", "proposal_life",
           "quick_ranges", "resolved", "suggestions", "timeline_chart"]
