"""Read queries over a store, shared by the CLI, the API, the web UI and the
Python API: lists of documents, actors, quotes, events and proposals, the
timeline, and the cross-document merge of events and proposals (one group id
per event or proposal reported by several documents, computed in
`accord.record`; merged here from the store, in one place).

    from accord.store import Store
    from accord.queries import Page, list_proposals
    with Store.open("accord.db") as store:
        page = list_proposals(store, kind="ceasefire", page=Page(limit=20))
"""

from accord.queries.cache import aggregates
from accord.queries.lists import (
    DETAIL_CAP,
    Page,
    get_actor,
    get_document,
    group_sources,
    list_actors,
    list_documents,
    list_events,
    list_outlets,
    list_proposals,
    list_quotes,
    search,
    stats,
)
from accord.queries.timeline import timeline

__all__ = [
    "DETAIL_CAP", "Page", "aggregates", "all_pages", "get_actor", "get_document",
    "group_sources", "list_actors", "list_documents", "list_events", "list_outlets",
    "list_proposals", "list_quotes", "search", "stats", "timeline",
]


def all_pages(fetch, *, size: int = 500):  # type: ignore[no-untyped-def]
    """Every item of a paged query: `all_pages(lambda page: list_proposals(store, page=page))`."""
    offset = 0
    while True:
        got = fetch(Page(limit=size, offset=offset))
        yield from got["items"]
        offset += len(got["items"])
        if not got["items"] or offset >= got["total"]:
            return
