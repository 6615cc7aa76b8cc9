"""A joint act "among" several parties is each party's, like "between"
(GUIDELINES 2.1 rule 1; events/roles.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return sorted((e["actor"] or {}).get("name") or "" for e in evs if e["type"] == etype)


def test_an_agreement_among_parties_is_each_partys(process: Any) -> None:
    assert _actors(process, "Refugee numbers fell after a 2013 agreement among Kenya, "
                   "Somalia and the UNHCR.", "AGREE") == ["Kenya", "Somalia", "UNHCR"]


def test_between_still_pairs_two_parties(process: Any) -> None:
    assert _actors(process, "Refugee numbers fell after a 2013 agreement between Kenya and "
                   "Somalia.", "AGREE") == ["Kenya", "Somalia"]
