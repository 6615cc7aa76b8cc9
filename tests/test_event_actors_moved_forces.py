"""Forces moved with no mover named are their own mobilisation: the forces'
state where a modifier names it, else the forces described
(`moved_forces_types` in events.yaml, events/roles.py). Passages written for
these tests."""

from __future__ import annotations

from typing import Any


def _roles(process: Any, text: str, etype: str) -> list[tuple[str | None, str | None]]:
    evs = process(text, published="2025-03-12")["events"]
    return [((e["actor"] or {}).get("name"), (e["recipient"] or {}).get("name"))
            for e in evs if e["type"] == etype]


def test_unnamed_forces_dispatched_are_described(process: Any) -> None:
    assert _roles(process, "A spokesman told reporters that security forces and ambulances "
                  "had been dispatched to the area.", "MOBILIZE") == [("security forces", None)]


def test_forces_of_a_named_state_are_that_state(process: Any) -> None:
    assert _roles(process, "Russian troops were deployed to the border on Monday.",
                  "MOBILIZE") == [("Russia", None)]


def test_weapons_deployed_name_no_mover(process: Any) -> None:
    assert _roles(process, "Missile batteries were deployed near the border on Monday.",
                  "MOBILIZE") == [(None, None)]
