"""An unnamed office-holder's pronoun stands for the body they serve, named
before the role as a possessive or a compound ("Iran's U.N. ambassador ... his
mission", "The Afghan army chief said his forces", actors/coref.py
unnamed_role). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_a_chief_of_a_named_army_speaks_for_it(process: Any) -> None:
    assert _actors(process, "The Afghan army chief said on Saturday his forces had killed 40 "
                   "Taliban fighters in the past week.", "ASSAULT") == ["Afghanistan"]


def test_a_named_chief_is_himself(process: Any) -> None:
    # the name in apposition wins: "he" is Sami Dar, not the army
    assert _actors(process, "Afghan army chief Sami Dar said on Saturday he would visit "
                   "Kabul.", "CONSULT") == ["Sami Dar"]
