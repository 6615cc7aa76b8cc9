"""Quote boundaries: "X said A, while Y said B" is two quotes, each with its
own speaker (`contrast_marks` in reporting_verbs.yaml; quotes/boundaries.py
`_cut_conj`, reported.py `_share_subjects`), and so is 'X said “A,” suggesting B'
(`_cut_participle`). Passages written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _quotes


def test_a_report_set_against_another_is_its_own(process: Any) -> None:
    got = _quotes(process, "The first defendant’s lawyer, Anna Berg, said the evidence was "
                           "circumstantial, while the second defendant’s lawyer, Tomas Lind, "
                           "said the messages would not show that his client planned the "
                           "attack.")
    assert got == [("the evidence was circumstantial", "Anna Berg"),
                   ("the messages would not show that his client planned the attack",
                    "Tomas Lind")]


def test_while_without_a_report_stays_in_the_clause(process: Any) -> None:
    got = _quotes(process, "Anna Berg said the evidence was circumstantial while the trial "
                           "was still under way in the district court.")
    assert got == [("the evidence was circumstantial while the trial was still under way in "
                    "the district court", "Anna Berg")]


def test_a_participle_after_a_closing_quotation_is_a_statement_of_its_own(
        process: Any) -> None:
    got = _quotes(process, "Lopez added that “the ministry has reasons to think that it has "
                           "something to gain from the talks in terms of trade,” suggesting "
                           "that the government is extremely interested in reaching a deal "
                           "before the summer.")
    assert [t for t, _ in got] == [
        "the ministry has reasons to think that it has something to gain from the talks in "
        "terms of trade",
        "the government is extremely interested in reaching a deal before the summer"]


# A verb the parser joined to the report: its form tells which clause it
# continues (quotes/boundaries.py `_bare_conj`, `_next_act`); a second
# that-clause is more of the report; a clause never ends on a conjunction
# (`_trim_tokens`).

def test_a_bare_verb_after_the_clause_continues_it(process: Any) -> None:
    got = _quotes(process, "Union officials told member governments that they shouldn’t close "
                           "borders or stop the free movement of goods within the bloc without "
                           "a joint decision.")
    assert got == [("they shouldn’t close borders or stop the free movement of goods within the "
                    "bloc without a joint decision", "Union officials")]


def test_a_past_verb_after_a_modal_clause_is_the_reporters_act(process: Any) -> None:
    got = _quotes(process, "The minister said the talks would fail and left the room before "
                           "the vote.")
    assert got == [("the talks would fail", "The minister")]


def test_a_bare_verb_sharing_the_modal_stays_in_the_clause(process: Any) -> None:
    got = _quotes(process, "The minister said the talks would fail and collapse before the "
                           "vote.")
    assert got == [("the talks would fail and collapse before the vote", "The minister")]


def test_a_past_verb_after_a_passive_clause_is_the_reporters_act(process: Any) -> None:
    got = _quotes(process, "Margaret Thompson wrote on X that the vote had been rigged and "
                           "called for a recount.")
    assert got == [("the vote had been rigged", "Margaret Thompson")]


def test_a_past_verb_after_a_perfect_clause_stays_in_it(process: Any) -> None:
    got = _quotes(process, "The army chief said his forces had killed and injured hundreds of "
                           "fighters in the past week.")
    assert got == [("his forces had killed and injured hundreds of fighters in the past week",
                    "The army chief")]


def test_a_second_that_clause_is_more_of_the_report(process: Any) -> None:
    got = _quotes(process, "Kenyan officials initially claimed that no other country had "
                           "offered to take in the refugees but later acknowledged that some "
                           "had, without naming them, and that Kenya turned them down for fear "
                           "that Somalia might retaliate.")
    assert [t for t, _ in got] == [
        "no other country had offered to take in the refugees",
        "some had, without naming them, and that Kenya turned them down for fear that Somalia "
        "might retaliate"]
