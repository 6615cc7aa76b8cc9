"""Speakers: "he"/"she" is the person last named as the subject of a main
clause before it, when there is one, rather than the speaker of the quote
before (quotes/speakers.py `_subject_person`); a topic phrase ("As for X, she
...", `topic_phrases` in reporting_verbs.yaml) names the person. Passages
written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _speakers


def test_a_person_named_as_subject_between_takes_the_pronoun(process: Any) -> None:
    got = _speakers(process, "Ana Ruiz, the trade minister, said the talks in Geneva would "
                             "fail. Maria Lopez works at the ministry of finance in Madrid, and "
                             "she said the deal would survive the winter.")
    assert got == [("the talks in Geneva would fail", "Ana Ruiz"),
                   ("the deal would survive the winter", "Maria Lopez")]


def test_a_pronoun_after_the_speaker_keeps_the_speaker(process: Any) -> None:
    got = _speakers(process, "“We will not sign the agreement this year,” Ana Ruiz said. "
                             "“The talks in Geneva are over for now,” she added.")
    assert [s for _, s in got] == ["Ana Ruiz", "Ana Ruiz"]


def test_an_office_as_the_subject_between_names_no_one(process: Any) -> None:
    got = _speakers(process, "Ana Ruiz, the trade minister, said the talks in Geneva would "
                             "fail. The ministry of finance issued a long statement on Monday, "
                             "and she said the deal would survive the winter.")
    assert "Maria Lopez" not in [s for _, s in got]


def test_as_for_names_the_person_the_pronoun_is(process: Any) -> None:
    got = _speakers(process, "“We keep the old songs alive for our children,” Tomas Lind said. "
                             "As for Margaret Thompson, she hopes the project will teach young "
                             "people about the kingdoms that she says are too often neglected "
                             "in school.")
    assert got[-1] == ("are too often neglected in school", "Margaret Thompson")
