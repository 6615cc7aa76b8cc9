"""A described head named in apposition is the one named, not its possessor
("Trump's envoy, Steve Witkoff, spoke with ...": Witkoff; common/refs.py).
Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_a_named_envoy_is_the_envoy_not_the_possessor(process: Any) -> None:
    assert _actors(process, "Ghana's special envoy, Kofi Mensah, met Togolese President Faure "
                   "Gnassingbe in Lome on Monday.", "CONSULT") == ["Kofi Mensah"]


def test_a_possessor_with_no_named_apposition_still_acts(process: Any) -> None:
    assert _actors(process, "Ghana's special envoy met Togolese President Faure Gnassingbe in "
                   "Lome on Monday.", "CONSULT") == ["Ghana"]
