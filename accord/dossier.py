"""A dossier to share: one proposal or one actor as a single HTML file that an
editor opens from disk with nothing installed and no network.

Everything is inside the file: the CSS in a <style>, the charts as inline SVG
(`accord.api.charts`), no script at all, and a Content-Security-Policy that
forbids any request. Every text from an article is escaped (Jinja2 with
autoescape; the SVG escapes its own text).

    from accord.dossier import proposal_dossier
    with Store.open("accord.db") as store:
        Path("ceasefire.html").write_text(proposal_dossier(store, "p-40e5b01637c6"))
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jinja2
from sqlalchemy import select

from accord import __version__
from accord.api import charts
from accord.errors import AccordError
from accord.queries import counts
from accord.queries.lists import Page, get_actor, group_sources, list_proposals
from accord.queries.names import resolve, slug
from accord.store import Store, documents, quotes

TEMPLATES = Path(__file__).resolve().parent / "api" / "templates"
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                          trim_blocks=True, lstrip_blocks=True,
                          undefined=jinja2.StrictUndefined)
_env.globals.update(family_css=counts.family_css, type_colours=charts.TYPE_COLOURS,
                    family_colours=charts.FAMILY_COLOURS, stance_colours=charts.STANCE_COLOURS)
QUOTE_CAP = 40


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _render(**ctx: Any) -> str:
    return _env.get_template("dossier.html").render(version=__version__, made=_now(), **ctx)


def proposal_dossier(store: Store, group: str) -> str:
    """The proposal `group` (as `accord proposals` and the tracker show it): terms,
    conditions, its life (chart), every answer, each source's words in context,
    and what the parties said in those articles."""
    found = list_proposals(store, group=group, page=Page(limit=1))["items"]
    if not found:
        raise AccordError(f"no proposal group {group!r} in the store: see `accord proposals` "
                         "(each proposal's group ends its first line)")
    p = found[0]
    compared = group_sources(store, group) or {"sources": []}
    parties = {x["id"] for x in [p.get("proposer"), p.get("recipient"),
                                 *(r.get("actor") for r in p["responses"])] if x and x.get("id")}
    doc_ids = sorted({s["doc_id"] for s in p["sources"]} | {r["doc_id"] for r in p["responses"]})
    said = _quotes(store, doc_ids, parties)
    return _render(kind="proposal", p=p, sources=compared["sources"], quotes=said,
                   life=charts.proposal_life(p), title=_proposal_title(p))


def _proposal_title(p: dict[str, Any]) -> str:
    who = (p.get("proposer") or {}).get("name") or "?"
    to = (p.get("recipient") or {}).get("name")
    return f"{p.get('kind') or 'proposal'}: {who}" + (f" to {to}" if to else "")


def _quotes(store: Store, doc_ids: list[str], speakers: set[str]) -> list[dict[str, Any]]:
    """What the parties said in the proposal's articles, in date order."""
    if not doc_ids or not speakers:
        return []
    rows = store.query(
        select(quotes.c.doc_id, quotes.c.idx, quotes.c.text, quotes.c.kind, quotes.c.cue,
               quotes.c.speaker_id, quotes.c.speaker_name, documents.c.outlet,
               documents.c.published, documents.c.title, documents.c.source)
        .join(documents, documents.c.doc_id == quotes.c.doc_id)
        .where(quotes.c.doc_id.in_(doc_ids), quotes.c.speaker_id.in_(sorted(speakers)))
        .order_by(documents.c.published, quotes.c.doc_id, quotes.c.idx).limit(QUOTE_CAP))
    return [dict(r._mapping) for r in rows]


def actor_dossier(store: Store, actor: str, *, cap: int = 50) -> str:
    """One actor's record: names, counts, whom it acts on and who acts on it
    (charts), what it said, did and had done to it, and its proposals."""
    found = get_actor(store, actor, cap=cap)
    if found is None:
        named = resolve(store, actor)
        found = get_actor(store, named.id, cap=cap) if named.id else None
    if found is None:
        raise AccordError(f"no actor {actor!r} in the store: see `accord actors`")
    rel = {}
    for role, label in (("actor", "Whom they act on"), ("recipient", "Who acts on them")):
        rows = counts.relations(store, found["id"], role=role, limit=12)
        rel[role] = {"rows": rows, "svg": charts.hbars(
            rows, label=label, link=lambda r: None, stacks=charts.FAMILY_STACKS,
            empty="No one named.")}
    lives = [charts.proposal_life(p) for p in found["proposals"]["items"]]
    return _render(kind="actor", a=found, rel=rel, lives=lives,
                   legend=charts.family_legend(), title=found["name"])


def default_path(kind: str, key: str) -> Path:
    return Path(f"dossier-{kind}-{slug(key)[:60] or 'item'}.html")


def write_dossier(html: str, path: Path) -> Path:
    path.write_text(html, encoding="utf-8")
    return path


__all__ = ["actor_dossier", "default_path", "proposal_dossier", "write_dossier"]
