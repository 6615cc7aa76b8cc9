"""A set a relative clause describes acts through the members the copula's
subject names ("Canada and Belgium are among countries that have banned
...": Canada, Belgium; events/parties.py), and a light verb's subject that
only counts people is the people counted (events/roles.py). Passages
written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_members_among_a_set_act(process: Any) -> None:
    assert _actors(process, "Ghana and Togo are among the parties who accused the board of "
                   "delays.", "ACCUSE") == ["Ghana", "Togo"]


def test_one_of_a_set_acts(process: Any) -> None:
    assert _actors(process, "Kenya is one of the states that have imposed sanctions on the "
                   "junta.", "SANCTION") == ["Kenya"]


def test_a_set_with_no_member_named_stays_described(process: Any) -> None:
    assert _actors(process, "Among countries that imposed sanctions on the junta were several "
                   "in Europe.", "SANCTION") == ["countries"]


def test_a_counted_group_holding_an_event_is_the_people(process: Any) -> None:
    assert _actors(process, "A group of farmers held a rally in the capital.",
                   "PROTEST") == ["farmers"]
