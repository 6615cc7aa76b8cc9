"""accord_events: first version emits nothing; the events issue fills it in."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.factory("accord_events", assigns=["doc._.events"])
def make_events(nlp: Language, name: str) -> "Component":
    return Component(nlp, name)


class Component:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        doc._.events = []
        return doc
