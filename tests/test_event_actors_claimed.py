"""Who claims responsibility for an act did it (`claim_nouns`, `claim_verbs`
in events.yaml, events/roles.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_who_claims_an_attack_made_it(process: Any) -> None:
    assert _actors(process, "The Ruvala Freedom Front claimed responsibility for the hotel "
                   "attack on Tuesday.", "ASSAULT") == ["Ruvala Freedom Front"]


def test_who_denies_an_attack_is_not_its_actor(process: Any) -> None:
    assert "Ruvala Freedom Front" not in _actors(
        process, "The Ruvala Freedom Front denied responsibility for the hotel attack on "
        "Tuesday.", "ASSAULT")
