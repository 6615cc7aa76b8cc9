"""Reporting verbs added to reporting_verbs.yaml: each reports a clause; a
question put to the speaker ("Asked whether ..., X said") is not theirs.
Passages written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _quotes


def test_worry_reports_a_clause(process: Any) -> None:
    got = _quotes(process, "Maria Lopez, however, worries that the government will be seen as "
                           "taking sides in the dispute over the northern border.")
    assert got == [("the government will be seen as taking sides in the dispute over the "
                    "northern border", "Maria Lopez")]


def test_worry_without_a_clause_reports_nothing(process: Any) -> None:
    got = _quotes(process, "Maria Lopez worries about the dispute over the northern border.")
    assert got == []


def test_the_question_put_to_a_speaker_is_not_their_quote(process: Any) -> None:
    got = _quotes(process, "Asked whether the talks would resume, Ana Ruiz said: “We are ready "
                           "to talk to anyone who wants peace.”")
    assert got == [("We are ready to talk to anyone who wants peace.", "Ana Ruiz")]


def test_a_question_the_speaker_asks_is_theirs(process: Any) -> None:
    got = _quotes(process, "Ana Ruiz asked whether the talks would resume before the summer.")
    assert got == [("whether the talks would resume before the summer", "Ana Ruiz")]
