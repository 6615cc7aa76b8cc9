"""A described person named in apposition ("Lai's son Sebastien") is that
person, not the description (events/roles.py). Passages written for these
tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_a_relative_named_in_apposition_is_that_person(process: Any) -> None:
    assert _actors(process, "Mensah's son, Kofi Mensah, accused the board of cutting prices "
                   "on Monday.", "ACCUSE") == ["Kofi Mensah"]


def test_a_group_with_no_name_stays_described(process: Any) -> None:
    assert _actors(process, "Ghana's cocoa farmers accused the board of cutting prices on "
                   "Monday.", "ACCUSE") == ["Ghana's cocoa farmers"]
