"""A head that only counts or gathers people stands for the people its "of"
phrase names (`partitive_heads` in events.yaml, events/roles.py). Passages
written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_a_group_of_people_is_those_people(process: Any) -> None:
    assert _actors(process, "A group of armed prisoners exchanged gunfire with guards on "
                   "Sunday.", "ASSAULT") == ["armed prisoners"]
    assert _actors(process, "Hundreds of protesters marched through the capital on "
                   "Sunday.", "PROTEST") == ["protesters"]


def test_a_name_with_group_in_it_stays_the_name(process: Any) -> None:
    assert _actors(process, "The Group of Seven condemned the attack on Friday.",
                   "ACCUSE") == ["G7"]
