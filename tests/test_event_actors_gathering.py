"""A gathering "of" a body is that body meeting (events/roles.py,
gathering_nouns in actor_language.yaml). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_a_meeting_of_a_body_is_the_bodys(process: Any) -> None:
    # the council meets; the states that asked for it requested it
    text = ("Wood spoke ahead of a meeting of the U.N. Security Council requested by the "
            "United States and Japan.")
    assert _actors(process, text, "CONSULT") == ["UN Security Council"]
    assert sorted(a or "" for a in _actors(process, text, "REQUEST")) == ["Japan",
                                                                          "United States"]
