"""Speakers: the person named first, not a word of an affiliation or an aside
after the name (quotes/resolution.py `_person_aside`), and "he"/"she" kept on
the person the actors linker found rather than on an organisation quoted
before (speakers.py `_linked_person`). Passages written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _speakers


def test_affiliation_after_the_name_is_not_the_speaker(process: Any) -> None:
    got = _speakers(process, "Marta Kowalczyk of the Polish foreign affairs think tank "
                             "Osrodek said the border crossings would stay closed until May.")
    assert got == [("the border crossings would stay closed until May", "Marta Kowalczyk")]


def test_an_aside_after_the_name_is_not_the_speaker(process: Any) -> None:
    got = _speakers(process, "Trump, in a taped interview with Fox News’ “Sunday Morning "
                             "Futures” show, dodged a question about prices, but said, “There "
                             "is a period of transition.”")
    assert got == [("There is a period of transition.", "Donald Trump")]


def test_a_person_with_a_verb_of_his_own_is_not_the_speaker(process: Any) -> None:
    # "resigned" is the person's own clause: the institute speaks
    got = _speakers(process, "Maria Lopez resigned from the board and the institute Osrodek "
                             "said the border crossings would stay closed until May.")
    assert got == [("the border crossings would stay closed until May", "institute Osrodek")]


def test_he_is_the_person_the_linker_found_not_the_ministry(process: Any) -> None:
    got = _speakers(process, "“The talks have failed,” the Foreign Ministry said after Foreign "
                             "Minister Maria Lopez returned from Madrid on Monday. “We will try "
                             "again,” she said.")
    assert got == [("The talks have failed", "Foreign Ministry"),
                   ("We will try again", "Maria Lopez")]


def test_she_with_no_person_found_follows_the_quote_before(process: Any) -> None:
    # the linker finds no one for "she": the rule does not apply, the quote before decides
    got = _speakers(process, "“The talks have failed,” the Foreign Ministry said on Monday. "
                             "“We will try again,” she said.")
    assert got == [("The talks have failed", "Foreign Ministry"),
                   ("We will try again", "Foreign Ministry")]


_IDEA = ("He rejected the idea migration can lead to cultural enrichment, arguing integration "
         "fails and warned migration brings “public safety problems.”")


def test_a_participle_on_a_mentioned_clause_is_the_outer_subjects(process: Any) -> None:
    # "arguing" and "warned" hang on "can lead" in the parse: the one arguing is "he"
    got = _speakers(process, "Viktor Szabo spoke in Budapest on Tuesday. " + _IDEA)
    assert [s for _, s in got] == ["Viktor Szabo", "Viktor Szabo"]


def test_a_participle_on_a_mentioned_clause_with_no_one_named_stays_unresolved(
        process: Any) -> None:
    # "he" has no antecedent: no speaker, and never "the idea migration"
    assert [s for _, s in _speakers(process, _IDEA)] == [None, None]
