"""Readable views of the store for the terminal (Rich): per-document report,
the cross-document timeline, and the proposal tracker."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.queries import all_pages, group_sources, list_proposals, timeline
from accord.store import Store


def _name(ref: dict[str, Any] | None) -> str:
    return ref["name"] if ref else "?"


def _flags(ev: dict[str, Any]) -> str:
    return " ".join(f for f in ("negated", "hypothetical", "future") if ev.get(f))


def print_document(console: Console, rec: dict[str, Any]) -> None:
    head = rec.get("title") or rec["text"][:80].replace("\n", " ") + "…"
    console.rule(Text(head, style="bold"))
    console.print(Text(f"{rec.get('outlet') or 'unknown outlet'} · "
                       f"{rec.get('published') or 'undated'} · {rec.get('source')}",
                       style="dim"))
    if rec["quotes"]:
        t = Table("speaker", "kind", "quote", title="Quotes", show_lines=False, expand=True)
        for q in rec["quotes"]:
            t.add_row(_name(q.get("speaker")), q["kind"], Text(q["text"]))
        console.print(t)
    if rec["events"]:
        t = Table("date", "type", "actor", "recipient", "flags", "evidence",
                  title="Events", expand=True)
        for e in rec["events"]:
            t.add_row(e.get("date") or "", e["type"], _name(e.get("actor")),
                      _name(e.get("recipient")), _flags(e), Text(e["text"]))
        console.print(t)
    for p in rec["proposals"]:
        print_proposal(console, p, sources=None)


def print_dropped(console: Console, lines: list[str]) -> None:
    """The boilerplate lines the cleaner dropped, with their category."""
    for line in lines or ["(nothing dropped)"]:
        console.print(Text(f"  dropped {line}", style="dim"))


def print_proposal(console: Console, p: dict[str, Any], sources: list[str] | None) -> None:
    console.print(Text.assemble(("Proposal ", "bold"), (p.get("kind") or "", "cyan"),
                                f" by {_name(p.get('proposer'))} to {_name(p.get('recipient'))}"
                                f" ({p.get('date') or 'undated'})"))
    for term in p.get("terms") or []:
        console.print(Text(f"  term: {term}"))
    for cond in p.get("conditions") or []:
        console.print(Text(f"  condition: {cond}"))
    for r in p.get("responses") or []:
        console.print(Text(f"  {r['stance']:>8} {_name(r.get('actor'))} "
                           f"({r.get('date') or 'undated'}): {r.get('text', '')}"))
    for src in sources or []:
        console.print(Text(f"  source: {src}", style="dim"))


def _source_label(src: dict[str, Any]) -> str:
    name = src.get("outlet") or (src.get("source") or "?").replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name} ({src['published']})" if src.get("published") else name


def print_timeline(console: Console, store: Store) -> None:
    """Events merged across documents (`accord.queries.timeline`, the same merge
    as the API's), in date order (undated last); each source with its words."""
    t = Table("date", "type", "actor", "recipient", "flags", "what each source said",
              title="Timeline", expand=True, show_lines=True)
    for ev in all_pages(lambda page: timeline(store, kind="event", page=page)):
        words = Text()
        sources = [ev["evidence"]]
        if ev["n_sources"] > 1:
            sources = (group_sources(store, ev["group"]) or {}).get("sources") or sources
        for i, src in enumerate(sources):
            if i:
                words.append("\n")
            words.append(f"[{_source_label(src)}] ", style="dim")
            words.append(src["text"])
        t.add_row(ev.get("date") or "undated", ev["type"] or "", _name(ev.get("actor")),
                  _name(ev.get("recipient")), " ".join(ev["flags"]), words)
    console.print(t)


def print_proposals(console: Console, store: Store) -> None:
    """Each proposal merged across documents (`accord.queries.list_proposals`):
    conditions, responses over time, and every source."""
    for p in all_pages(lambda page: list_proposals(store, page=page)):
        print_proposal(console, p, None)
        for src in p["sources"]:
            console.print(Text.assemble(("  source ", "dim"), (_source_label(src), "dim"),
                                        ": ", src["text"]))
        console.print()


def print_report(console: Console, store: Store) -> None:
    for rec in store.iter_records():
        print_document(console, rec)
    console.rule("Across documents")
    print_timeline(console, store)
