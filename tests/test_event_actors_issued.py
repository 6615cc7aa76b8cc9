"""A document or warning the clause's verb makes acts for its subject
("Accra issued a series of warnings demanding ...": Ghana's demand;
`document_nouns`, events/roles.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_warnings_issued_are_the_issuers_demand(process: Any) -> None:
    assert _actors(process, "Ghana issued a series of warnings demanding that Togo reopen "
                   "the border crossings.", "REQUEST") == ["Ghana"]


def test_a_warning_no_one_is_said_to_issue_names_no_state(process: Any) -> None:
    assert "Ghana" not in _actors(process, "In Accra, a series of warnings demanding that Togo "
                                  "reopen the border crossings was read out.", "REQUEST")
