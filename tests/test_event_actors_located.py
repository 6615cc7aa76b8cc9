"""State power used with no doer named is the state's where it was used
(events/roles.py, `located_types` in events.yaml). Passages written for these
tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_an_arrest_in_a_city_is_by_its_country(process: Any) -> None:
    assert _actors(process, "The journalist was arrested in Moscow on Friday.",
                   "COERCE") == ["Russia"]


def test_a_demonym_before_the_place_names_the_country(process: Any) -> None:
    assert _actors(process, "Two members of the cell were detained in the Spanish port of "
                   "Ceuta last week.", "COERCE") == ["Spain"]


def test_a_place_of_no_country_leaves_the_doer_unknown(process: Any) -> None:
    assert _actors(process, "Two sailors were arrested in the Black Sea on Friday.",
                   "COERCE") == [None]


def test_force_with_no_doer_named_keeps_no_actor(process: Any) -> None:
    # an attack is no use of state power: who attacked is not where
    assert all(a is None for a in _actors(process, "Nine soldiers were killed in Mali on "
                                          "Friday.", "ASSAULT"))
