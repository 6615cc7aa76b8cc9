"""Readable views of the store for the terminal (Rich): per-document report,
the cross-document timeline, and the proposal tracker."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text


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


def merged_events(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events merged across documents by group id, each with all its sources."""
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for rec in records:
        for ev in rec["events"]:
            g = groups.setdefault(ev["group"], {**ev, "sources": []})
            g["sources"].append({"doc_id": rec["doc_id"], "source": rec["source"],
                                 "outlet": rec.get("outlet"), "text": ev["text"],
                                 "published": rec.get("published")})
    return sorted(groups.values(), key=lambda e: (e.get("date") or "9999", e["type"]))


def merged_proposals(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Proposals merged across documents by group id, with every response."""
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for rec in records:
        for p in rec["proposals"]:
            g = groups.setdefault(p["group"], {**p, "conditions": [], "responses": [],
                                               "sources": []})
            for cond in p.get("conditions") or []:
                if cond not in g["conditions"]:
                    g["conditions"].append(cond)
            for r in p.get("responses") or []:
                key = ((r.get("actor") or {}).get("id"), r.get("stance"), r.get("text"))
                if key not in {((x.get("actor") or {}).get("id"), x.get("stance"), x.get("text"))
                               for x in g["responses"]}:
                    g["responses"].append(r)
            g["sources"].append({"doc_id": rec["doc_id"], "source": rec["source"],
                                 "outlet": rec.get("outlet"), "text": p["text"],
                                 "published": rec.get("published")})
    for g in groups.values():
        g["responses"].sort(key=lambda r: r.get("date") or "9999")
    return sorted(groups.values(), key=lambda p: p.get("date") or "9999")


def _source_label(src: dict[str, Any]) -> str:
    name = src.get("outlet") or (src.get("source") or "?").replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name} ({src['published']})" if src.get("published") else name


def print_timeline(console: Console, records: Iterable[dict[str, Any]]) -> None:
    """Merged events in date order (undated last); each source with its words."""
    t = Table("date", "type", "actor", "recipient", "flags", "what each source said",
              title="Timeline", expand=True, show_lines=True)
    for ev in merged_events(records):
        words = Text()
        for i, src in enumerate(ev["sources"]):
            if i:
                words.append("\n")
            words.append(f"[{_source_label(src)}] ", style="dim")
            words.append(src["text"])
        date = ev.get("date") or "undated"
        if ev.get("date_text"):
            date += f"\n({ev['date_text']})"
        t.add_row(date, ev["type"] + (f"\n{ev['mode']}" if ev.get("mode") else ""),
                  _name(ev.get("actor")), _name(ev.get("recipient")), _flags(ev), words)
    console.print(t)


def print_proposals(console: Console, records: Iterable[dict[str, Any]]) -> None:
    """Each merged proposal: conditions, responses over time, and every source."""
    for p in merged_proposals(records):
        print_proposal(console, p, None)
        for src in p["sources"]:
            console.print(Text.assemble(("  source ", "dim"), (_source_label(src), "dim"),
                                        ": ", src["text"]))
        console.print()


def print_report(console: Console, records: list[dict[str, Any]]) -> None:
    for rec in records:
        print_document(console, rec)
    console.rule("Across documents")
    print_timeline(console, records)
