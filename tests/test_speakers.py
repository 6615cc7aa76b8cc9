"""Speakers of quotes (quotes/subjects.py, resolution.py,
speakers.py) on passages written for each rule."""

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


def test_a_document_speaks_for_who_made_it(process: Any) -> None:
    got = _speakers(process, "Press freedom groups, including Reporters Without Borders, have "
                             "filed several complaints against the ministry. One complaint, "
                             "filed in May, alleges the ministry blocked news sites.")
    assert got == [("the ministry blocked news sites", "Reporters Without Borders",
                    "reporters-without-borders")]


def test_a_report_is_whoever_reported(process: Any) -> None:
    got = _speakers(process, "Amnesty International reported in January that the police had "
                             "detained dozens of students. The students were held for weeks "
                             "without charge, according to the report.")
    assert got[-1][1:] == ("Amnesty International", "amnesty-international")


def test_a_document_with_no_named_author_stays_described(process: Any) -> None:
    got = _speakers(process, "The border has been closed since March. A recent report said "
                             "trade between the two towns had collapsed.")
    assert got == [("trade between the two towns had collapsed", "A recent report", None)]
