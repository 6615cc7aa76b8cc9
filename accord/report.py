"""Readable views of the store for the terminal (Rich): the report (a summary
first, every document with --full), the cross-document timeline, the proposal
tracker, and the rows of the listing commands.

Every listing fits the console's width, 80 columns included, and uses what it
has: one head line per item (date, type, who; cut with an ellipsis, never
wrapped into a column a word wide), then its evidence wrapped under it,
indented. Event types are coloured by family (cooperation green, verbal
conflict yellow, material conflict red). Article text is always printed as
text, never read as markup.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.confidence import LOW_CONFIDENCE
from accord.queries import all_pages, group_sources, list_proposals, timeline
from accord.queries.counts import family, overview
from accord.queries.lists import Page, list_documents
from accord.store import Store

FAMILY_STYLES = {"cooperation": "green", "verbal conflict": "yellow",
                 "material conflict": "red"}
STANCE_STYLES = {"accept": "green", "reject": "red", "consider": "yellow", "counter": "magenta"}
INDENT = 4


def _name(ref: dict[str, Any] | None) -> str:
    return ref["name"] if ref and ref.get("name") else "?"


def _flags(ev: dict[str, Any]) -> list[str]:
    if "flags" in ev:
        return list(ev["flags"])
    return [f for f in ("negated", "hypothetical", "future") if ev.get(f)]


def type_text(event_type: str | None, *, proposal: bool = False) -> Text:
    """An event type in its family's colour (a proposal kind in cyan)."""
    if proposal:
        return Text(event_type or "proposal", style="cyan")
    return Text(event_type or "?", style=f"bold {FAMILY_STYLES.get(family(event_type) or '', '')}")


def head(console: Console, *cells: str | Text) -> None:
    """One line of cells, cut to the console's width with an ellipsis."""
    line = Text(" ").join(c if isinstance(c, Text) else Text(c) for c in cells if c)
    line.no_wrap, line.overflow = True, "ellipsis"
    line.truncate(console.width, overflow="ellipsis")
    console.print(line, soft_wrap=False)


def under(console: Console, text: str | Text, *, indent: int = INDENT,
          style: str = "") -> None:
    """Text wrapped to the width, indented under its row."""
    body = text if isinstance(text, Text) else Text(text, style=style)
    for line in body.wrap(console, max(console.width - indent, 20), overflow="fold"):
        line.rstrip()
        console.print(Text(" " * indent) + line if line.plain else "", soft_wrap=True)


def _source_label(src: dict[str, Any]) -> str:
    name = src.get("outlet") or (src.get("source") or "?").replace("\\", "/").rsplit("/", 1)[-1]
    return f"{name} ({src['published']})" if src.get("published") else name


def _who(actor: dict[str, Any] | None, recipient: dict[str, Any] | None) -> Text:
    out = Text(_name(actor), style="bold")
    if recipient:
        out.append(" → ")
        out.append(_name(recipient), style="bold")
    return out


# -- rows of the listing commands -----------------------------------------------------
def quote_words(q: dict[str, Any]) -> Text:
    """A quote's words: a direct quote in quotation marks; an indirect or mixed
    one is the reporter's paraphrase, labelled so and never in quotation marks."""
    if (q.get("kind") or q.get("quote_kind")) == "direct":
        return Text(f"“{q['text']}”")
    return Text.assemble(("paraphrase: ", "italic yellow"), q["text"])


def review_text(item: dict[str, Any]) -> Text:
    """'0.83', dim below LOW_CONFIDENCE, and an analyst's review ('edited by jane')."""
    out = Text()
    if item.get("confidence") is not None:
        low = item["confidence"] < LOW_CONFIDENCE
        out.append(f"{item['confidence']:.2f}", style="dim strike" if low else "dim")
    review = item.get("correction") or ({"status": item["review"]} if item.get("review")
                                        else None)
    if review:
        out.append(f" {review['status']}" + (f" by {review['by']}" if review.get("by") else ""),
                   style="green")
    return out


def quote_row(console: Console, q: dict[str, Any], *, with_date: bool = True,
              label: str = "") -> None:
    meta = f"{q['kind']}" + (f", {q['cue']}" if q.get("cue") else "")
    where = q.get("outlet") or ""
    head(console, Text(label, style="cyan"),
         Text(q.get("published") or "undated", style="dim") if with_date else "",
         Text(_name(q.get("speaker")), style="bold"), Text(f"({meta})", style="dim"),
         Text(where, style="dim"), review_text(q))
    words = quote_words(q)
    if _low(q):
        words.stylize("dim")
    under(console, words)


def _low(item: dict[str, Any]) -> bool:
    return item.get("confidence") is not None and item["confidence"] < LOW_CONFIDENCE


def event_row(console: Console, ev: dict[str, Any], *, sources: list[dict[str, Any]]
              | None = None) -> None:
    """A merged timeline item or a stored event: date, type, who, flags; its
    evidence (each source's words when `sources` is given) under it."""
    proposal = ev.get("kind") == "proposal"
    n = ev.get("n_sources") or 1
    head(console, Text(ev.get("date") or "undated", style="dim"),
         type_text(ev.get("type"), proposal=proposal), _who(ev.get("actor"), ev.get("recipient")),
         Text(" ".join(_flags(ev)), style="italic dim"),
         Text(f"· {n} sources" if n > 1 else "", style="dim"))
    evidence = ev.get("evidence") or ev
    for src in sources or [evidence]:
        words = Text(f"[{_source_label(src)}] ", style="dim") if sources or src.get(
            "outlet") or src.get("published") else Text()
        words.append(src.get("text") or "")
        under(console, words)


def print_actors(console: Console, items: list[dict[str, Any]]) -> None:
    """Actors as a borderless table that fits the width; the id column is never
    cut (to copy into `accord actor ID`), the name wraps instead."""
    t = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold dim")
    t.add_column("name", ratio=1, overflow="fold")
    t.add_column("type")
    t.add_column("ctry")
    t.add_column("mentions", justify="right")
    t.add_column("docs", justify="right")
    t.add_column("id", no_wrap=True, style="cyan",
                 min_width=max((len(a["id"]) for a in items), default=2))
    for a in items:
        t.add_row(Text(a["name"]), a.get("type") or "", a.get("country") or "",
                  str(a["n_mentions"]), str(a["n_documents"]), a["id"])
    console.print(t)


def print_proposal(console: Console, p: dict[str, Any], sources: list[str] | None = None,
                   *, with_sources: bool = True) -> None:
    """A proposal (merged or one document's): head line, terms, conditions, every
    response in date order, and its sources' words, each wrapped under it."""
    n = p.get("n_sources") or 1
    head(console, Text(p.get("date") or "undated", style="dim"),
         type_text(p.get("kind"), proposal=True), _who(p.get("proposer"), p.get("recipient")),
         Text(f"· {n} sources" if n > 1 else "", style="dim"),
         Text(f"· {p['group']}" if p.get("group") else "", style="dim"))
    for term in p.get("terms") or []:
        under(console, Text.assemble(("term: ", "dim"), term))
    for cond in p.get("conditions") or []:
        under(console, Text.assemble(("if: ", "dim"), cond))
    for j, r in enumerate(p.get("responses") or []):
        line = Text.assemble((f"{p['id']}-r{j} " if p.get("id") else "", "cyan"),
                             (f"{r.get('date') or 'undated'} ", "dim"),
                             (r["stance"], STANCE_STYLES.get(r["stance"], "")), " ",
                             (_name(r.get("actor")), "bold"))
        if r.get("text"):
            line.append(": " + r["text"])
        under(console, line)
    for src in sources or []:
        under(console, Text(f"source: {src}", style="dim"))
    if with_sources:
        for src in p.get("sources") or []:
            under(console, Text.assemble((f"[{_source_label(src)}] ", "dim"), src["text"]))


# -- one document ---------------------------------------------------------------------------
def print_document(console: Console, rec: dict[str, Any]) -> None:
    title = rec.get("title") or rec["text"][:80].replace("\n", " ") + "…"
    console.rule(Text(title, style="bold"))
    head(console, Text(f"{rec.get('outlet') or 'unknown outlet'} · "
                       f"{rec.get('published') or 'undated'} · {rec.get('source')}",
                       style="dim"))
    if rec["quotes"]:
        console.print(Text(f"Quotes ({len(rec['quotes'])})", style="bold underline"))
        for i, q in enumerate(rec["quotes"]):
            quote_row(console, q, with_date=False, label=f"q{i}")
    if rec["events"]:
        console.print(Text(f"Events ({len(rec['events'])})", style="bold underline"))
        for i, e in enumerate(rec["events"]):
            head(console, Text(f"e{i}", style="cyan"), review_text(e))
            event_row(console, {**e, "evidence": {"text": e["text"]}})
    if rec["proposals"]:
        console.print(Text(f"Proposals ({len(rec['proposals'])})", style="bold underline"))
    for p in rec["proposals"]:
        head(console, Text(p.get("id") or "", style="cyan"), review_text(p))
        print_proposal(console, p, with_sources=False)


def print_dropped(console: Console, lines: list[str]) -> None:
    """The boilerplate lines the cleaner dropped, with their category."""
    for line in lines or ["(nothing dropped)"]:
        console.print(Text(f"  dropped {line}", style="dim"))


# -- across documents -------------------------------------------------------------------------
def print_timeline(console: Console, store: Store, *, items: list[dict[str, Any]] | None = None,
                   all_sources: bool = True, **filters: Any) -> None:
    """Events and proposals merged across documents (`accord.queries.timeline`, the
    API's merge), newest first unless `order="oldest"`; under each, what each
    source said. `items`: a page already read (the `timeline` command)."""
    if items is None:
        filters.setdefault("order", "newest")
        filters.setdefault("kind", "event")
        items = list(all_pages(lambda page: timeline(store, page=page, **filters)))
    for ev in items:
        sources = None
        if all_sources and ev["n_sources"] > 1:
            sources = (group_sources(store, ev["group"]) or {}).get("sources")
        event_row(console, ev, sources=sources)


def print_proposals(console: Console, store: Store, *, items: list[dict[str, Any]] | None = None,
                    **filters: Any) -> None:
    """Each proposal merged across documents (`accord.queries.list_proposals`):
    conditions, responses over time, and every source."""
    if items is None:
        items = list(all_pages(lambda page: list_proposals(store, page=page, **filters)))
    for p in items:
        print_proposal(console, p)
        console.print()


# -- the report --------------------------------------------------------------------------------
SUMMARY_ROWS = 10


def summary(store: Store, **doc_filters: Any) -> dict[str, Any]:
    """What the report's summary shows, as data (`accord report --json`)."""
    over = overview(store)
    latest = timeline(store, kind="event", order="newest", page=Page(SUMMARY_ROWS))["items"]
    props = list_proposals(store, page=Page(500))
    docs = list_documents(store, page=Page(SUMMARY_ROWS), **doc_filters)
    newest_props = sorted(props["items"], key=lambda p: p.get("date") or "", reverse=True)
    return {**over, "latest_events": latest, "n_listed_documents": docs["total"],
            "latest_proposals": newest_props[:SUMMARY_ROWS], "latest_documents": docs["items"]}


def print_summary(console: Console, data: dict[str, Any], *, db: str = "") -> None:
    span = (f", published {data['published_from']} to {data['published_to']}"
            if data.get("published_from") else "")
    under(console, Text(f"accord report: {data['documents']} documents{span}"
                        + (f" ({db})" if db else ""), style="bold"), indent=0)
    under(console, f"{data['quotes']:,} quotes · {data['events']:,} events "
                   f"({data['event_groups']:,} merged) · {data['proposals']:,} proposals "
                   f"({data['proposal_groups']:,} merged)", indent=0)
    console.print(Text("\nEvents by family (merged)", style="bold underline"))
    for fam, types in data["families"].items():
        head(console, Text(f"{fam:<18}", style=FAMILY_STYLES[fam]),
             f"{sum(types.values()):>6,}")
        under(console, Text(" · ".join(f"{t} {n}" for t, n in types.items() if n),
                            style="dim"))
    for key, label in (("top_actors", "Most active (events)"),
                       ("top_speakers", "Most quoted (quotes)")):
        console.print(Text(f"\n{label}", style="bold underline"))
        under(console, " · ".join(f"{a['name']} {a['n']}" for a in data[key]) or "none",
              indent=0)
    console.print(Text(f"\nLatest events (of {data['event_groups']:,})", style="bold underline"))
    for ev in data["latest_events"]:
        event_row(console, ev)
    console.print(Text(f"\nLatest proposals (of {data['proposal_groups']:,})",
                       style="bold underline"))
    for p in data["latest_proposals"]:
        stances = ", ".join(f"{_name(r.get('actor'))} {r['stance']}" for r in p["responses"])
        head(console, Text(p.get("date") or "undated", style="dim"),
             type_text(p.get("kind"), proposal=True), _who(p.get("proposer"), p.get("recipient")),
             Text(f"· {stances}" if stances else "· no answer", style="dim"))
    console.print(Text(f"\nLatest documents (of {data['n_listed_documents']:,})",
                       style="bold underline"))
    for d in data["latest_documents"]:
        head(console, Text(d.get("published") or "undated", style="dim"),
             Text(d["doc_id"], style="cyan"),
             Text(f"{d['n_quotes']}q {d['n_events']}e {d['n_proposals']}p", style="dim"),
             d.get("title") or d["source"])
    console.print()
    under(console, Text("More: accord report --full (every document, then the timeline) · "
                        "--doc ID (one document) · accord timeline · accord proposals · "
                        "accord actor NAME · accord search WORDS · --json", style="dim"),
          indent=0)


def print_report(console: Console, store: Store, *, records: list[dict[str, Any]] | None = None
                 ) -> None:
    """The full report: every document (or `records`), then the timeline."""
    for rec in records if records is not None else store.iter_records():
        print_document(console, rec)
    console.rule("Across documents")
    print_timeline(console, store)
