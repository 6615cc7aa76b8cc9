"""A person named in full and then by surname alone where the tagger missed
it is that person (actors/linking.py sweep_surnames). Passages written for
these tests."""

from __future__ import annotations

from typing import Any


def test_a_lone_surname_is_the_person_named_in_full(process: Any) -> None:
    rec = process("Tendai Makore and Farai Chuma founded the movement in 2019. Chuma "
                  "resigned in October after a dispute with Makore.", published="2025-03-12")
    chuma = next(e for e in rec["entities"] if e["name"] == "Farai Chuma")
    assert [60, 65] in [list(m) for m in chuma["mentions"]]  # the lone "Chuma"
    actors = [(e["actor"] or {}).get("name") for e in rec["events"] if e["type"] == "RETREAT"]
    assert actors == ["Farai Chuma"]


def test_a_common_word_spelt_like_a_surname_stays_a_word(process: Any) -> None:
    rec = process("Opposition leader Bobi Wine addressed supporters in Kampala. The guests "
                  "later drank wine at the hotel.", published="2025-03-12")
    wine = next(e for e in rec["entities"] if e["name"] == "Bobi Wine")
    assert len(wine["mentions"]) == 1
