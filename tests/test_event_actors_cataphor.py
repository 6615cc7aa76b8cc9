"""A subject pronoun in a clause put before its main clause is the person
named as the main clause's subject ("When he congratulated Trump ..., Putin
made clear", actors/coref.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _actors(process: Any, text: str, etype: str) -> list[str | None]:
    evs = process(text, published="2025-03-12")["events"]
    return [(e["actor"] or {}).get("name") for e in evs if e["type"] == etype]


def test_a_fronted_clauses_he_is_the_main_subject(process: Any) -> None:
    text = ("Trump says he wants to end the war. When he congratulated Trump on the "
            "inauguration on January 20th, Putin made clear that the goal was not a short "
            "ceasefire.")
    assert _actors(process, text, "SUPPORT") == ["Vladimir Putin"]


def test_a_main_clause_after_its_pronoun_subject_is_unchanged(process: Any) -> None:
    # "he" is the main clause's own subject here, not in a fronted clause
    text = ("Trump met Putin in Alaska on Friday. He later congratulated Zelensky on the "
            "ceasefire.")
    assert _actors(process, text, "SUPPORT") == ["Donald Trump"]
