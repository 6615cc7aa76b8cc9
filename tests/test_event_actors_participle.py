"""A participle that modifies a noun ("a journalist arrested over ...") is a
passive of its own: the noun is acted on, never the actor (events/roles.py).
Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _roles(process: Any, text: str, etype: str) -> list[tuple[str | None, str | None]]:
    evs = process(text, published="2025-03-12")["events"]
    return [((e["actor"] or {}).get("name"), (e["recipient"] or {}).get("name"))
            for e in evs if e["type"] == etype]


def test_the_noun_a_participle_modifies_is_acted_on(process: Any) -> None:
    assert _roles(process, "A judge adjourned the case of a journalist arrested over his "
                  "interviews with a retired general.", "COERCE") == [(None, "journalist")]


def test_a_participle_act_of_state_power_is_the_places_state(process: Any) -> None:
    assert _roles(process, "Three activists detained in Moscow last week went on hunger "
                  "strike.", "COERCE") == [("Russia", "Three activists")]


def test_a_participle_with_an_agent_keeps_it(process: Any) -> None:
    assert _roles(process, "Kenya criticized the tariffs imposed by the United States on "
                  "its tea exports.", "SANCTION") == [("United States", "Kenya")]
