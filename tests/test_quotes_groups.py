"""Speakers: a group spoken of again by a noun for groups ("the banned
separatist outfit said ...") is the organisation named last before it
(`group_nouns` in reporting_verbs.yaml); a description named by a participle
("known by its acronym MSF", `naming_verbs`). Passages written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _speakers


def test_the_outfit_is_the_organisation_named_before(process: Any) -> None:
    got = _speakers(process, "The Kivu Liberation Front claimed responsibility for the attack on "
                             "the convoy. In a statement to media, the banned separatist outfit "
                             "said it had blown up the bridge near the border.")
    assert got == [("it had blown up the bridge near the border", "Kivu Liberation Front")]


def test_an_outfit_with_its_own_name_is_not_the_one_before(process: Any) -> None:
    got = _speakers(process, "The Kivu Liberation Front claimed responsibility for the attack on "
                             "the convoy. The outfit of Jean Mbeki said it had blown up the "
                             "bridge near the border.")
    assert [s for _, s in got] != ["Kivu Liberation Front"]


def test_a_group_known_by_a_name_is_that_organisation(process: Any) -> None:
    got = _speakers(process, "The aid group, known by its French acronym MSF, reports that the "
                             "people of the northeast are being attacked by all sides.")
    assert got == [("the people of the northeast are being attacked by all sides",
                    "Doctors Without Borders")]


def test_a_group_known_for_its_work_stays_described(process: Any) -> None:
    got = _speakers(process, "The aid group, known for its work in the camps, reports that the "
                             "people of the northeast are being attacked by all sides.")
    assert got == [("the people of the northeast are being attacked by all sides",
                    "The aid group")]
