"""Speakers: a plural subject that singles out one named person ("Critics,
including X, suggest ..."), a name left without a verb by the parser ("In
Abidjan, X, coordinator for ..., says ..."), and a quotation followed by
"according to X" (quotes/marks.py `_according_after`). Passages written for
these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _speakers


def test_the_one_member_named_speaks_for_the_critics(process: Any) -> None:
    got = _speakers(process, "Critics, including Hungary's Viktor Orban, suggest that the "
                             "sanctions have hurt Europe more than Russia.")
    assert [s for _, s in got] == ["Viktor Orban"]


def test_two_members_named_leave_the_critics_as_speaker(process: Any) -> None:
    got = _speakers(process, "Critics, including Viktor Orban and Robert Fico, suggest that "
                             "the sanctions have hurt Europe more than Russia.")
    assert got and all(s not in ("Viktor Orban", "Robert Fico") for _, s in got)


def test_a_name_set_off_by_an_apposition_is_the_speaker(process: Any) -> None:
    got = _speakers(process, "In Abidjan, Willy Neth, coordinator for the Red Cross in the "
                             "region, says the camps can hold no more families this year.")
    assert [s for _, s in got] == ["Willy Neth"]


def test_according_to_after_a_quotation_names_its_speaker(process: Any) -> None:
    got = _speakers(process, "“The border will stay closed, and the talks will wait until "
                             "spring,” according to Foreign Minister Maria Lopez.")
    assert got == [("The border will stay closed, and the talks will wait until spring",
                    "Maria Lopez")]
