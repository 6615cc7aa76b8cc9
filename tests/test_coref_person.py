"""A name the tagger took for an organisation is a person's when the sentence
says so right after it: a relative "who" or a role in apposition
(actors/linking.py `described_as_person`); then "she" can go to it. Passages
written for these tests."""

from __future__ import annotations

from typing import Any

_AFTER = " echoed their concerns. She told VOA she visited the prisoners last week."
_BEFORE = "Several rights groups raised the case on Monday. "


def _types(rec: dict[str, Any]) -> dict[str, str]:
    return {e["name"]: e["type"] for e in rec["entities"]}


def _speaker(rec: dict[str, Any]) -> str | None:
    return (rec["quotes"][-1]["speaker"] or {}).get("name")


def test_a_name_with_who_is_a_person(process: Any) -> None:
    rec = process(_BEFORE + "Chalida Tajaroensuk, who heads a local rights foundation," + _AFTER)
    assert _types(rec)["Chalida Tajaroensuk"] == "PERSON"
    assert _speaker(rec) == "Chalida Tajaroensuk"


def test_a_name_with_a_role_in_apposition_is_a_person(process: Any) -> None:
    rec = process(_BEFORE + "Chalida Tajaroensuk, a senior analyst at a local foundation,"
                  + _AFTER)
    assert _types(rec)["Chalida Tajaroensuk"] == "PERSON"
    assert _speaker(rec) == "Chalida Tajaroensuk"


def test_a_firm_stays_a_firm_and_she_unresolved(process: Any) -> None:
    rec = process(_BEFORE + "Sapphire Holdings, a Thai investment firm," + _AFTER)
    assert _types(rec)["Sapphire Holdings"] == "ORG"
    assert _speaker(rec) is None
