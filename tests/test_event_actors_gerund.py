"""A gerund in a phrase that modifies the clause ("after weeks of denying
...", "despite condemning ...") has the clause's subject as its actor
(events/parties.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_after_weeks_of_rejecting_is_the_subjects_act(process: Any) -> None:
    assert _actors(process, "After weeks of rejecting the proposal, Ghana agreed to talks "
                   "with Togo.", "REJECT") == ["Ghana"]


def test_a_gerund_inside_a_subject_takes_no_clause_subject(process: Any) -> None:
    assert "Ghana" not in _actors(process, "The risk of attacking Togo worried Ghana's "
                                  "officials.", "ASSAULT")
