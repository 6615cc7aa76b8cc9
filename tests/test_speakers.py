"""Speakers of quotes (quotes/speakers.py) on passages written for each rule."""

from __future__ import annotations

from typing import Any


def _speakers(process: Any, text: str) -> list[tuple[str, str | None, str | None]]:
    rec = process(text)
    return [(q["text"], (q["speaker"] or {}).get("name"), (q["speaker"] or {}).get("id"))
            for q in rec["quotes"]]


def test_bare_surname_takes_the_full_name_given_before(process: Any) -> None:
    # the tagger finds no person in "Oh Ei Sun": the later "Oh" is still him
    got = _speakers(process, "The navy is reviewing its claims offshore, said Oh Ei Sun, a "
                             "senior fellow with the Singapore Institute of International "
                             "Affairs. Malaysia responded too late in the past, Oh said.")
    assert got[-1] == ("Malaysia responded too late in the past", "Oh Ei Sun", None)


def test_bare_surname_of_two_people_keeps_the_surname(process: Any) -> None:
    got = _speakers(process, "Sergei Markov, a political analyst, and Pavel Markov, a retired "
                             "general, disagreed. Markov said the war would go on.")
    assert got == [("the war would go on", "Markov", None)]
