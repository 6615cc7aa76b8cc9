"""The actor knowledge base as every component receives it: through the
pipeline config (`accord/data/pipeline.cfg`), by the registered loader
`accord.actors.v1`, the way spaCy's entity linker receives its KB.

    [components.accord_events.kb]
    @misc = "accord.actors.v1"
    extra = null          # or a user's actors YAML file (`--actors FILE`)

The loader keeps one KB per process and file, so every component that names
the same file holds the same object. `Known` is the view of it that actor
references need (lookups plus the pronoun and pair words of
actor_language.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.util import registry

from accord.kb import KB, cached_kb

__all__ = ["ACTORS_LOADER", "Known", "load_actors"]

ACTORS_LOADER = "accord.actors.v1"


def load_actors(extra: str | None = None) -> KB:
    """The built-in actors plus the user's `extra` YAML file, once per process."""
    return cached_kb(extra)


registry.misc.register(ACTORS_LOADER, func=load_actors)


@dataclass(frozen=True)
class Known:
    """What components that resolve actor references read from the KB."""

    kb: KB
    possessive_types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    first_person: frozenset[str] = frozenset()
    pair_nouns: dict[str, str] = field(default_factory=dict)
    agent_for_nouns: frozenset[str] = frozenset()
    own_behalf_nouns: frozenset[str] = frozenset()
    gathering_nouns: frozenset[str] = frozenset()
    filed_documents: frozenset[str] = frozenset()

    @classmethod
    def of(cls, kb: KB) -> Known:
        lang = kb.language
        return cls(
            kb=kb,
            possessive_types={str(k): tuple(v) for k, v in
                              (lang.get("possessive_types") or {}).items()},
            first_person=frozenset(str(w) for w in lang.get("first_person") or []),
            pair_nouns={str(k): str(v) for k, v in (lang.get("pair_nouns") or {}).items()},
            agent_for_nouns=frozenset(str(w).lower() for w in lang.get("agent_for_nouns") or []),
            own_behalf_nouns=frozenset(str(w).lower()
                                       for w in lang.get("own_behalf_nouns") or []),
            gathering_nouns=frozenset(str(w).lower()
                                      for w in lang.get("gathering_nouns") or []),
            filed_documents=frozenset(str(w).lower()
                                      for w in lang.get("filed_documents") or []),
        )
