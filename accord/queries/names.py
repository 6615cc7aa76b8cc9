"""Names, not ids: one resolution from what a person types ("Putin", "russia",
"the Kremlin", "Vladimir Putin") to an actor id, and suggestions as they type.

The CLI, the REST API, the web UI and the Python API all filter through
`actor_id` (the list and timeline queries call it on every actor filter), so
"Putin" means the same actor everywhere. A name is matched, case-insensitive,
against, in this order: the id itself; the id the name would have
(`vladimir-putin`); an actor's canonical name; an alias some article used for it
(`doc_entities.aliases`); and last, a name one of whose words starts with it
("zelensky" finds "Volodymyr Zelenskyy"). Several actors answering one step
(two Johnsons) resolve to the most mentioned; `resolve` says which others
there were.

Proposal kinds are matched by family: `kind_family("ceasefire")` is every kind
`accord/data/proposals.yaml` refines it to ("30-day ceasefire", "black sea
ceasefire", ...), and any stored kind ending in the word ("naval ceasefire").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.sql import ColumnElement

from accord.queries.cache import aggregates
from accord.store import Store, doc_entities, entities
from accord.yamlfile import safe_load

MAX_NAME = 200
_WORD = re.compile(r"[^\w]+", re.UNICODE)


@dataclass(frozen=True)
class Resolved:
    """What a typed name resolved to: `id` (None when nothing matched), how
    (`id`, `slug`, `name`, `alias`, `prefix`), and the other actors the same
    step matched, most mentioned first."""

    text: str
    id: str | None
    name: str | None = None
    how: str | None = None
    others: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "id": self.id, "name": self.name, "how": self.how,
                "others": list(self.others)}


def slug(text: str) -> str:
    """The id an unknown actor of this name gets: lower case, words joined by '-'."""
    return _WORD.sub("-", text.casefold()).strip("-")


def actor_id(store: Store, text: str | None) -> str | None:
    """The actor id `text` names, or `text` unchanged when it names none (an
    exact-id filter then finds nothing, as before); None stays None."""
    if text is None or not text.strip():
        return text
    found = resolve(store, text)
    return found.id if found.id is not None else text


def resolve(store: Store, text: str) -> Resolved:
    """Resolve a typed name (see the module's docstring); cached with the store's
    other aggregates."""
    text = text.strip()[:MAX_NAME]
    if not text:
        return Resolved(text, None)
    # An exact id is the common case (links, the API's own ids): one primary-key read.
    hit = store.query(select(entities.c.id, entities.c.name).where(entities.c.id == text))
    if hit:
        return Resolved(text, hit[0].id, hit[0].name, "id")
    found = aggregates.get(store, ("resolve", text.casefold()), lambda: _resolve(store, text))
    # cached by the folded text: the answer names the words this caller typed
    return found if found.text == text else replace(found, text=text)


def _resolve(store: Store, text: str) -> Resolved:
    folded = text.casefold()
    steps: list[tuple[str, ColumnElement[bool]]] = [
        ("id", func.lower(entities.c.id) == folded),
        ("slug", entities.c.id == slug(text)),
        ("name", func.lower(entities.c.name) == text.lower()),
    ]
    for how, cond in steps:
        ids = [r.id for r in store.query(select(entities.c.id).where(cond).limit(50))]
        if how == "name":  # lower() in SQL folds ASCII only: check in Python too
            ids = [i for i in ids if _name_of(store, i).casefold() == folded]
        if ids:
            return _pick(store, text, how, ids)
    ids = _alias_ids(store, text)
    if ids:
        return _pick(store, text, "alias", ids)
    ids = _prefix_ids(store, text)
    if ids:
        return _pick(store, text, "prefix", ids)
    return Resolved(text, None)


def _name_of(store: Store, eid: str) -> str:
    rows = store.query(select(entities.c.name).where(entities.c.id == eid))
    return str(rows[0].name) if rows else ""


def _alias_ids(store: Store, text: str) -> list[str]:
    """Actors some article called exactly `text` (any case). The aliases are a
    JSON list per document: LIKE narrows the rows, Python checks them."""
    needle = json.dumps(text, ensure_ascii=False)
    rows = store.query(select(doc_entities.c.entity_id, doc_entities.c.aliases)
                       .where(doc_entities.c.aliases.icontains(needle, autoescape=True))
                       .limit(2000))
    folded = text.casefold()
    out: list[str] = []
    for r in rows:
        if r.entity_id not in out and any(
                a.casefold() == folded for a in json.loads(r.aliases or "[]")):
            out.append(r.entity_id)
    return out


def _prefix_ids(store: Store, text: str) -> list[str]:
    """Actors one of whose name's words starts with `text` (at least 3 letters)."""
    folded = text.casefold()
    if len(folded) < 3:
        return []
    rows = store.query(select(entities.c.id, entities.c.name)
                       .where(entities.c.name.icontains(text, autoescape=True)).limit(500))
    return [r.id for r in rows
            if any(w.startswith(folded) for w in _WORD.split(r.name.casefold()))
            or r.name.casefold().startswith(folded)]


def _mentions(store: Store, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    rows = store.query(select(doc_entities.c.entity_id, func.sum(doc_entities.c.n_mentions))
                       .where(doc_entities.c.entity_id.in_(ids))
                       .group_by(doc_entities.c.entity_id))
    return {r[0]: int(r[1] or 0) for r in rows}


def _pick(store: Store, text: str, how: str, ids: list[str]) -> Resolved:
    counts = _mentions(store, ids)
    ranked = sorted(ids, key=lambda i: (-counts.get(i, 0), i))
    names = {r.id: r.name for r in store.query(
        select(entities.c.id, entities.c.name).where(entities.c.id.in_(ranked[:10])))}
    others = tuple({"id": i, "name": names.get(i, i), "n_mentions": counts.get(i, 0)}
                   for i in ranked[1:10])
    return Resolved(text, ranked[0], names.get(ranked[0], ranked[0]), how, others)


def suggest(store: Store, text: str, *, limit: int = 10) -> list[dict[str, Any]]:
    """Actors whose id, name or an alias contains `text`, for a field's
    suggestions: names starting with it first, then by mentions. Each item:
    id, name, type, n_mentions and `match` (the alias that matched, when the
    name did not)."""
    text = text.strip()[:MAX_NAME]
    if not text:
        return []
    return aggregates.get(store, ("suggest", text.casefold(), limit),
                          lambda: _suggest(store, text, limit))


def _suggest(store: Store, text: str, limit: int) -> list[dict[str, Any]]:
    folded = text.casefold()
    found: dict[str, str | None] = {}
    for r in store.query(select(entities.c.id).where(or_(
            entities.c.name.icontains(text, autoescape=True),
            entities.c.id.icontains(text, autoescape=True))).limit(200)):
        found[r.id] = None
    for r in store.query(select(doc_entities.c.entity_id, doc_entities.c.aliases)
                         .where(doc_entities.c.aliases.icontains(text, autoescape=True))
                         .limit(2000)):
        if r.entity_id in found or len(found) >= 400:
            continue
        alias = next((a for a in json.loads(r.aliases or "[]") if folded in a.casefold()), None)
        if alias is not None:
            found[r.entity_id] = alias
    if not found:
        return []
    counts = _mentions(store, list(found))
    rows = {r.id: r for r in store.query(
        select(entities.c.id, entities.c.name, entities.c.type)
        .where(entities.c.id.in_(list(found))))}

    def rank(eid: str) -> tuple[int, int, str]:
        name = rows[eid].name.casefold() if eid in rows else eid
        starts = name.startswith(folded) or any(
            w.startswith(folded) for w in _WORD.split(name))
        return (0 if starts else 1, -counts.get(eid, 0), eid)

    out = []
    for eid in sorted((e for e in found if e in rows), key=rank)[:limit]:
        out.append({"id": eid, "name": rows[eid].name, "type": rows[eid].type,
                    "n_mentions": counts.get(eid, 0), "match": found[eid]})
    return out


# -- proposal kinds ---------------------------------------------------------------
@lru_cache(maxsize=1)
def _kind_families() -> dict[str, tuple[str, ...]]:
    """kind -> the kinds it covers, from accord/data/proposals.yaml's `kinds:`
    (a kind and its qualifiers: "ceasefire" covers "30-day ceasefire")."""
    text = resources.files("accord").joinpath("data/proposals.yaml").read_text(
        encoding="utf-8")
    out: dict[str, tuple[str, ...]] = {}
    for row in safe_load(text).get("kinds") or []:
        kind = str(row["kind"])
        out[kind] = (kind, *(str(q) for q in (row.get("qualifiers") or {})))
    return out


def kind_family(kind: str) -> tuple[str, ...]:
    """The stored kinds a typed kind stands for (lower case, the kind first)."""
    kind = kind.strip().lower()
    return _kind_families().get(kind, (kind,))


def kind_filter(column: Any, kind: str) -> ColumnElement[bool]:
    """A WHERE clause: `column` holds `kind` or a kind of its family, any case;
    also any kind that ends in the word ("naval ceasefire" is a ceasefire)."""
    family = kind_family(kind)
    cond: ColumnElement[bool] = or_(func.lower(column).in_(family),
                                    func.lower(column).like("% " + _like(family[0]), "\\"))
    return cond


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["Resolved", "actor_id", "kind_family", "kind_filter", "resolve", "slug", "suggest"]
