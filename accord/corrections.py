"""An analyst's corrections, applied over the extraction.

A correction confirms, rejects, edits or deletes one item (a quote, an event,
a proposal or a proposal's response) of one document. It names its item by
what the extraction said (`target`: the item's span, and for an event its
type and actor), so it finds the item again after the article is extracted
anew (`accord reprocess`, a changed `--actors` file): the text, and with it
every offset, is the same for the same document id.

Corrections live in their own table (`Store.add_correction`), each with its
time and author, and are never lost when a record is replaced. The store keeps
the extraction as it came (`documents.extracted`) and writes everything else
(the record, the item tables, hence the API, the web UI, the CLI and every
export) from `apply(extraction, corrections)`:

- `confirm`: the item stays, marked confirmed (confidence 1);
- `edit`: the item takes the new values (quote: speaker; event: type, actor,
  recipient; proposal: kind, proposer, recipient; response: stance, actor),
  marked edited with the values it had (confidence 1);
- `reject`: the extraction was wrong: the item leaves the record, and the
  document page lists it as rejected;
- `delete`: the item leaves the record.

The latest of confirm, edit, reject and delete decides whether the item stays;
edits add up in order. `annotation` writes a document's corrected items in
the corpus format (corpus/GUIDELINES.md, section 1), for `accord train`.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from accord.errors import CorrectionError
from accord.model import EVENT_TYPES, QUOTE_KINDS, STANCES

KINDS = ("quote", "event", "proposal", "response")
ACTIONS = ("confirm", "edit", "reject", "delete")
# The fields an edit may change, per kind; `actor` and `type` name a
# proposal's proposer and kind.
FIELDS: dict[str, tuple[str, ...]] = {
    "quote": ("speaker",),
    "event": ("type", "actor", "recipient"),
    "proposal": ("kind", "proposer", "recipient"),
    "response": ("stance", "actor"),
}
ALIASES = {("proposal", "actor"): "proposer", ("proposal", "type"): "kind"}
REF_FIELDS = {"speaker", "actor", "recipient", "proposer"}
MAX_TEXT = 200

__all__ = ["ACTIONS", "FIELDS", "KINDS", "Correction", "annotation", "apply", "check",
           "find_item", "item_at", "original_target", "story", "submit", "target_of"]


@dataclass(frozen=True)
class Correction:
    """One analyst's correction of one item (`changes` only for `edit`)."""

    doc_id: str
    kind: str
    target: dict[str, Any]
    action: str
    author: str
    at: str = ""
    changes: dict[str, Any] = field(default_factory=dict)
    note: str | None = None
    id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "doc_id": self.doc_id, "kind": self.kind,
                "target": self.target, "action": self.action, "changes": self.changes,
                "author": self.author, "at": self.at, "note": self.note}


# -- naming an item -----------------------------------------------------------------
def target_of(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    """What a correction keeps to find `item` again: its span (an event also its
    type and actor: one clause may tell one act of several actors)."""
    out: dict[str, Any] = {"start": item.get("start"), "end": item.get("end")}
    if kind == "event":
        out["type"] = item.get("type")
        out["actor"] = (item.get("actor") or {}).get("id") or \
            (item.get("actor") or {}).get("name")
    return out


def original_target(kind: str, item: dict[str, Any]) -> dict[str, Any]:
    """The target of an item of a corrected record: the extraction's values,
    also where an analyst has edited them since."""
    original = (item.get("correction") or {}).get("original") or {}
    return target_of(kind, {**item, **original})


def item_at(record: dict[str, Any], anchor: str) -> tuple[str, dict[str, Any]]:
    """(kind, item) of a record's item named as the report and the web pages
    name it: q3 (a quote), e1 (an event), p1 or prop-p1 (a proposal), p1-r0 or
    prop-p1-r0 (its first response). Raises CorrectionError."""
    name = anchor.strip().removeprefix("#").removeprefix("item-").removeprefix("prop-")
    m = re.fullmatch(r"([qe])(\d+)|([^\s]+?)(?:-r(\d+))?", name)
    if m and m.group(1):
        items = record.get("quotes" if m.group(1) == "q" else "events") or []
        i = int(m.group(2))
        if i < len(items):
            return ("quote" if m.group(1) == "q" else "event"), items[i]
    elif m:
        prop = next((p for p in record.get("proposals") or [] if p.get("id") == m.group(3)),
                    None)
        if prop is not None and m.group(4) is None:
            return "proposal", prop
        if prop is not None and int(m.group(4)) < len(prop.get("responses") or []):
            return "response", prop["responses"][int(m.group(4))]
    raise CorrectionError(f"no item {anchor!r} in this document: name it as the report "
                          "does (q3, e1, p1, p1-r0)", source=record.get("doc_id"))


def _items(record: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    if kind == "response":
        return [r for p in record.get("proposals") or [] for r in p.get("responses") or []]
    return list(record.get({"quote": "quotes", "event": "events",
                            "proposal": "proposals"}[kind]) or [])


def find_item(record: dict[str, Any], kind: str,
              target: dict[str, Any]) -> dict[str, Any] | None:
    """The item of `kind` that `target` names: the same span (and for an event
    the same type and actor), else the same span, else the item of that kind
    (and type) that overlaps it most, by at least half of both spans."""
    items = _items(record, kind)
    start, end = target.get("start"), target.get("end")
    if not isinstance(start, int) or not isinstance(end, int):
        return None
    same = [i for i in items if i.get("start") == start and i.get("end") == end]
    if kind == "event" and same:
        exact = [i for i in same if target_of(kind, i) == target]
        typed = [i for i in same if i.get("type") == target.get("type")]
        same = exact or typed or same
    if same:
        return same[0]
    best, best_overlap = None, 0
    for i in items:
        if kind == "event" and i.get("type") != target.get("type"):
            continue
        s, e = i.get("start") or 0, i.get("end") or 0
        overlap = min(e, end) - max(s, start)
        if overlap * 2 >= max(e - s, end - start) and overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


# -- checking a correction -------------------------------------------------------------
def check(kind: str, action: str, changes: dict[str, Any] | None) -> dict[str, Any]:
    """The changes of a correction, checked and named canonically; raises
    CorrectionError naming what is wrong."""
    if kind not in KINDS:
        raise CorrectionError(f"kind {kind!r} is not one of {', '.join(KINDS)}")
    if action not in ACTIONS:
        raise CorrectionError(f"action {action!r} is not one of {', '.join(ACTIONS)}")
    changes = dict(changes or {})
    if action != "edit":
        if changes:
            raise CorrectionError(f"only an edit changes fields; {action} takes none")
        return {}
    if not changes:
        raise CorrectionError(f"an edit needs a new value for one of: "
                              f"{', '.join(FIELDS[kind])}")
    out: dict[str, Any] = {}
    for key, value in changes.items():
        name = ALIASES.get((kind, key), key)
        if name not in FIELDS[kind]:
            raise CorrectionError(f"a {kind} has no field {key!r} to edit; "
                                  f"edit {', '.join(FIELDS[kind])}")
        out[name] = _checked(kind, name, value)
    return out


def _checked(kind: str, name: str, value: Any) -> Any:
    if name in REF_FIELDS:
        if value is None or value == "":
            return None  # nobody named: the item keeps no actor (or recipient)
        if isinstance(value, dict) and isinstance(value.get("name"), str):
            ref = {"id": value.get("id") or None, "name": value["name"].strip()}
        elif isinstance(value, str):
            ref = {"id": None, "name": value.strip()}
        else:
            raise CorrectionError(f"{name}: give an actor id or name")
        if not ref["name"] or len(ref["name"]) > MAX_TEXT:
            raise CorrectionError(f"{name}: an actor's name has 1 to {MAX_TEXT} characters")
        return ref
    if not isinstance(value, str) or not value.strip():
        raise CorrectionError(f"{name}: give a value")
    value = value.strip()
    if name == "type":
        if value.upper() not in EVENT_TYPES:
            raise CorrectionError(f"type {value!r} is not a PLOVER type; one of: "
                                  f"{', '.join(EVENT_TYPES)}")
        return value.upper()
    if name == "stance":
        if value.lower() not in STANCES:
            raise CorrectionError(f"stance {value!r} is not one of {', '.join(STANCES)}")
        return value.lower()
    if name == "kind":
        if len(value) > 60:
            raise CorrectionError("kind: a short noun phrase (at most 60 characters)")
        return re.sub(r"\s+", " ", value.lower())
    raise CorrectionError(f"{name}: cannot be edited")  # pragma: no cover - FIELDS


def submit(store: Any, doc_id: str, kind: str, target: dict[str, Any], action: str, *,
           author: str, changes: dict[str, Any] | None = None,
           note: str | None = None) -> Correction:
    """Check one correction, name its actors as the store does (an id or a name
    it knows becomes that actor), and store it (`Store.add_correction`): the
    one way in for the CLI, the API and the web form. Raises CorrectionError."""
    if not author.strip():
        raise CorrectionError("say who corrects it (an author)")
    resolved = dict(changes or {})
    for key, value in (changes or {}).items():
        if isinstance(value, dict):
            value = value.get("id") or value.get("name")
        if key in REF_FIELDS and isinstance(value, str) and value.strip():
            resolved[key] = store.find_actor(value) or known_actor(value) or \
                {"id": None, "name": value.strip()}
    checked = check(kind, action, resolved)
    added: Correction = store.add_correction(Correction(
        doc_id=doc_id, kind=kind, target=target, action=action, changes=checked,
        author=author.strip()[:100], note=note))
    return added


def known_actor(value: str) -> dict[str, Any] | None:
    """{id, name} of the actor of accord's knowledge base (accord/data/actors_*)
    with this id, name or alias, when one and only one has it."""
    from accord.kb import cached_kb

    kb = cached_kb()
    actor = kb.actors.get(value.strip())
    if actor is None:
        found = kb.lookup(value)
        named = [a for a, how in found.items() if how in ("name", "alias")]
        actor = kb.actors.get(named[0]) if len(named) == 1 else None
    return {"id": actor.id, "name": actor.name} if actor is not None else None


# -- applying corrections ---------------------------------------------------------------
def apply(record: dict[str, Any], corrections: Iterable[Correction]
          ) -> tuple[dict[str, Any], list[Correction]]:
    """The record as the analysts corrected it, and the corrections that name
    no item of it (their item is gone from the extraction). `record` is left
    as it was."""
    out = copy.deepcopy(record)
    states: dict[int, tuple[dict[str, Any], list[Correction]]] = {}
    orphans: list[Correction] = []
    for c in sorted(corrections, key=lambda c: (c.at, c.id or 0)):
        item = find_item(out, c.kind, c.target)
        if item is None:
            orphans.append(c)
            continue
        states.setdefault(id(item), (item, []))[1].append(c)
    gone: set[int] = set()
    for key, (item, history) in states.items():
        last = history[-1]
        if last.action in ("reject", "delete"):
            gone.add(key)
            continue
        _review(out["doc_id"], last.kind, item, history)
    if gone:
        out["quotes"] = [q for q in out.get("quotes") or [] if id(q) not in gone]
        out["events"] = [e for e in out.get("events") or [] if id(e) not in gone]
        out["proposals"] = [p for p in out.get("proposals") or [] if id(p) not in gone]
        for p in out["proposals"]:
            p["responses"] = [r for r in p.get("responses") or [] if id(r) not in gone]
    return out, orphans


def _review(doc_id: str, kind: str, item: dict[str, Any], history: list[Correction]) -> None:
    """Apply one item's confirms and edits in place and say so on the item."""
    original: dict[str, Any] = {}
    for c in history:
        for name, value in c.changes.items():
            original.setdefault(name, item.get(name))
            item[name] = value
    edited = {k: v for k, v in original.items() if v != item.get(k)}
    last = history[-1]
    note: dict[str, Any] = {"status": "edited" if edited else "confirmed", "by": last.author,
                            "at": last.at}
    if edited:
        note["original"] = edited
        if kind in ("event", "proposal") and item.get("group"):
            # a new type or actor: the item's group is made again (the store
            # merges it with what else tells the same, accord.merge)
            key = f"{doc_id}|{item.get('start')}|{item.get('end')}|{item.get('type')}"
            item["group"] = item["group"][:2] + hashlib.sha1(key.encode()).hexdigest()[:12]
    if item.get("confidence") is not None and item["confidence"] != 1.0:
        note["extracted_confidence"] = item["confidence"]
    item["confidence"] = 1.0
    item["correction"] = note


# -- the corpus format -------------------------------------------------------------------
def story(record: dict[str, Any], sentences: list[tuple[int, int]]) -> dict[str, Any]:
    """A corpus story (corpus/README.md) of a stored record."""
    return {"id": record["doc_id"], "url": record.get("url"), "section": None,
            "title": record.get("title"), "published": record.get("published"),
            "source": record.get("outlet") or record.get("source"), "text": record["text"],
            "sentences": [[s, e] for s, e in sentences]}


def _key(ref: dict[str, Any] | None) -> str | None:
    """A corpus key (lower case, `a|b`) for an actor reference."""
    if not ref or not ref.get("name"):
        return None
    alts = []
    for alt in (ref["name"], ref.get("id") or ""):
        alt = re.sub(r"[\s|]+", " ", alt.replace("-", " ")).strip().lower()
        if alt in ("us", "u s"):
            alt = "u.s."
        if alt in ("un", "u n"):
            alt = "u.n."
        if alt and alt not in alts:
            alts.append(alt)
    return "|".join(alts) or None


class _Placer:
    """Sentence number and occurrence of a span, as the corpus names spans."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]) -> None:
        self.text, self.sentences = text, sentences

    def place(self, start: int, end: int) -> dict[str, Any] | None:
        for n, (s, e) in enumerate(self.sentences):
            if s <= start < e:
                needle = self.text[start:end]
                if not needle.strip():
                    return None
                occurrence, pos = 1, self.text.find(needle, s)
                while 0 <= pos < start:
                    occurrence += 1
                    pos = self.text.find(needle, pos + 1)
                out: dict[str, Any] = {"sentence": n}
                if occurrence > 1:
                    out["occurrence"] = occurrence
                return out
        return None


def _reviewed(item: dict[str, Any]) -> dict[str, Any]:
    """`marginal` and `note` of an item: a reviewed item is the analyst's; any
    other is accord's own, kept as marginal (it counts when found, never as
    missed)."""
    c = item.get("correction")
    if c:
        return {"marginal": False, "note": f"{c['status']} by {c['by']} at {c['at']}"}
    return {"marginal": True, "note": "extracted by accord, not reviewed"}


def annotation(record: dict[str, Any], sentences: list[tuple[int, int]],
               annotator: str) -> dict[str, Any]:
    """A corrected record (`apply`) as a corpus annotation (GUIDELINES.md section
    1): the reviewed items as the analyst left them, the rest of accord's items
    marked marginal, rejected and deleted items left out."""
    text = record["text"]
    placer = _Placer(text, sentences)
    out: dict[str, Any] = {"id": record["doc_id"], "annotator": annotator, "done": True,
                           "events": [], "quotes": [], "proposals": []}
    for ev in record.get("events") or []:
        where = placer.place(ev["start"], ev["end"])
        if where:
            out["events"].append({
                **where, "type": ev["type"], "mode": ev.get("mode") or "",
                "evidence": text[ev["start"]:ev["end"]], "actor": _key(ev.get("actor")),
                "recipient": _key(ev.get("recipient")), "negated": bool(ev.get("negated")),
                "hypothetical": bool(ev.get("hypothetical")),
                "future": bool(ev.get("future")), **_reviewed(ev)})
    for q in record.get("quotes") or []:
        where = placer.place(q["start"], q["end"])
        if where and q.get("kind") in QUOTE_KINDS:
            speaker = q.get("speaker") or {}
            out["quotes"].append({**where, "text": text[q["start"]:q["end"]], "kind": q["kind"],
                                  "speaker": speaker.get("name"),
                                  "key": _key(speaker) if speaker.get("id") else None,
                                  "cue": q.get("cue"), **_reviewed(q)})
    for n, p in enumerate(record.get("proposals") or [], start=1):
        where = placer.place(p["start"], p["end"])
        if where is None:
            continue
        conds = [{**w, "text": text[s:e]} for s, e in p.get("condition_spans") or []
                 if (w := placer.place(s, e))]
        resps = [{**w, "actor": _key(r.get("actor")), "stance": r["stance"],
                  "evidence": text[r["start"]:r["end"]], **_reviewed(r)}
                 for r in p.get("responses") or []
                 if r.get("stance") in STANCES and (w := placer.place(r["start"], r["end"]))]
        out["proposals"].append({
            "id": f"p{n}", **where, "evidence": text[p["start"]:p["end"]], "type": "offer",
            "proposer": _key(p.get("proposer")), "recipient": _key(p.get("recipient")),
            "kind": p.get("kind") or "proposal",
            "terms": [t for t in p.get("terms") or [] if t and t in text],
            "mentions": [], "conditions": conds, "responses": resps, **_reviewed(p)})
    return out
