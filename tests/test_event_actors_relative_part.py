"""A part "of whom" acts as part of the noun before it ("... at the
protesters, some of whom threw stones": the protesters; events/parties.py),
never a place the phrase ends on. Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_some_of_whom_are_the_people_before(process: Any) -> None:
    assert _actors(process, "Police fired tear gas at the crowd of farmers, some of whom "
                   "threw stones at officers.", "ASSAULT") == ["Police", "farmers"]


def test_a_place_before_the_relative_is_no_actor(process: Any) -> None:
    assert _actors(process, "Ghana sent envoys to the talks in Accra, several of whom later "
                   "accused Togo of stalling.", "ACCUSE") == [None]
