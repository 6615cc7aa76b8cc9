"""Compound actors (GUIDELINES 2.1 rule 1: one event per actor): a party the
story names and one it only describes, or two it only describes, each act
(events/roles.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[tuple[str | None, str | None]]:
    evs = process(text, published="2025-03-12")["events"]
    return sorted(((e["actor"] or {}).get("name"), (e["actor"] or {}).get("inferred"))
                  for e in evs if e["type"] == etype)


def test_a_described_party_beside_a_named_one_acts_too(process: Any) -> None:
    found = _actors(process, "The United States and several rights groups condemned Ruvala "
                    "for the arrests of three journalists.", "ACCUSE")
    assert found == [("United States", None), ("several rights groups", "described")]


def test_two_described_parties_each_act(process: Any) -> None:
    found = _actors(process, "Village elders and army officers were meeting in Kandi on "
                    "Monday to discuss the ceasefire.", "CONSULT")
    assert found == [("Village elders", "described"), ("army officers", "described")]


def test_named_parties_stay_as_named(process: Any) -> None:
    found = _actors(process, "Brazil and Argentina condemned the arrests of three "
                    "journalists.", "ACCUSE")
    assert found == [("Argentina", None), ("Brazil", None)]
