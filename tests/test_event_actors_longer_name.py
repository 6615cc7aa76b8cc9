"""A body named by a longer name that ends in a KB alias's word ("the
National People's Congress", not the US Congress; "standing committee of
the ..." before it is a description, not the name) is its own actor
(actors/candidates.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _entities(process: Any, text: str) -> list[str]:
    return [e["name"] for e in process(text, published="2025-03-12")["entities"]]


def test_a_possessive_inside_a_longer_name_keeps_the_name(process: Any) -> None:
    names = _entities(process, "A standing committee of the National People's Congress voted "
                      "on Friday to amend the shipping law.")
    assert "National People's Congress" in names and "US Congress" not in names


def test_the_kb_congress_is_still_found_by_itself(process: Any) -> None:
    assert "US Congress" in _entities(process, "The U.S. Congress voted on Friday to amend "
                                      "the shipping law.")
