"""A plural "those"/"these" phrase points back to the last phrase with the
same head noun and acts as the parties it names ("... blamed the leaders of
Ashanti and Volta. Those leaders said they ...": Ashanti, Volta;
events/parties.py); "the leaders of X and Y" say whose they are, not the
last two people named (common/refs.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_those_leaders_are_the_parties_named_before(process: Any) -> None:
    assert _actors(process, "Kofi Mensah met Ama Owusu on Monday. The talks failed after the "
                   "cabinet blamed the leaders of Togo and Benin. Those leaders have said they "
                   "will no longer recognize Mensah as mediator.", "REJECT") == ["Togo", "Benin"]


def test_those_leaders_with_no_party_named_stay_described(process: Any) -> None:
    assert _actors(process, "The talks failed after the cabinet blamed regional leaders. Those "
                   "leaders have said they will no longer recognize Mensah as mediator.",
                   "REJECT") == ["leaders"]
