"""A name the parser makes the object of "said", before a reported clause
with no subject of its own, is that clause's subject ("a source said Accra
in recent years imposed controls": Ghana; `unaddressed_say_verbs`,
events/parties.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_a_name_after_said_is_the_clause_subject(process: Any) -> None:
    assert _actors(process, "A Western diplomatic source said Ghana in the last few years "
                   "imposed onerous controls on Togolese imports at the border.",
                   "SANCTION") == ["Ghana"]


def test_an_addressee_of_told_is_not_the_subject(process: Any) -> None:
    assert "Reuters" not in _actors(process, "A Western diplomatic source told Reuters in the "
                                    "last few years imposed onerous controls on Togolese "
                                    "imports at the border.", "SANCTION")
