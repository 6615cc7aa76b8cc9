"""accord_actors: recognise actors and places and link them to canonical ids.

First version: spaCy's NER entities, one entity per distinct normalised name.
(The actors issue replaces this with the knowledge-base linker.)
"""

from __future__ import annotations

import re
import unicodedata

from spacy.language import Language
from spacy.tokens import Doc

from accord.model import Entity, Mention, Ref

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP",
          "EVENT": "EVENT", "LAW": "LAW", "FAC": "LOC"}


def slugify(name: str) -> str:
    """A stable id from a name: same normalised name, same id."""
    norm = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    norm = re.sub(r"^(the)\s+", "", norm.strip(), flags=re.I)
    norm = re.sub(r"['’]s\b", "", norm)
    return re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-") or "unknown"


@Language.factory("accord_actors", default_config={"extra_actors": None},
                  assigns=["doc._.entities", "doc._.mentions"])
def make_actors(nlp: Language, name: str, extra_actors: str | None) -> "ActorLinker":
    return ActorLinker(nlp, name, extra_actors=extra_actors)


class ActorLinker:
    def __init__(self, nlp: Language, name: str, *, extra_actors: str | None = None) -> None:
        self.name = name
        self.extra_actors = extra_actors

    def __call__(self, doc: Doc) -> Doc:
        entities: dict[str, Entity] = {}
        mentions: list[Mention] = []
        for ent in doc.ents:
            etype = LABELS.get(ent.label_)
            if etype is None:
                continue
            eid = slugify(ent.text)
            entity = entities.setdefault(eid, Entity(id=eid, name=ent.text, type=etype))
            if ent.text not in entity.aliases:
                entity.aliases.append(ent.text)
            entity.mentions.append((ent.start_char, ent.end_char))
            mentions.append(Mention(ent.start_char, ent.end_char, eid, "ner"))
        doc._.entities = entities
        doc._.mentions = mentions
        return doc


def ref_at(doc: Doc, start: int, end: int) -> Ref | None:
    """The actor mentioned within [start, end), as a Ref (first mention wins)."""
    for m in doc._.mentions or []:
        if m.start >= start and m.end <= end:
            ent = doc._.entities[m.entity_id]
            return Ref(name=ent.name, id=ent.id, start=m.start, end=m.end,
                       inferred=None if m.via in ("name", "alias", "ner") else m.via)
    return None
