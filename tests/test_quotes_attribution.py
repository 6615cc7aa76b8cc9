"""Direct quotes: the reporting verb after a quotation found past a long
apposition of the speaker ('"...," X, an opposition lawmaker and deputy chair
of ..., told VOA'), and not past another clause (quotes/marks.py
`_attribution`); a quotation signed with a dash and a name ('“...” — Maria
Lopez, foreign minister', `_signed`); the named subject of a colon lead-in
(`_lead_in`); a next sentence that only names the speaker ("“...?” Ana Ruiz
asked.", `_bare_attribution`). Passages written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _speakers


def test_the_verb_after_a_long_apposition_attributes_the_quote(process: Any) -> None:
    got = _speakers(process, "Rights groups say the prisoners face the greatest risk. “Once "
                             "they finish their sentences, they will be sent back to the "
                             "camps,” Maria Lopez, an opposition lawmaker and deputy chair of "
                             "the parliamentary committee on justice and human rights, told "
                             "reporters.")
    assert got[-1] == ("Once they finish their sentences, they will be sent back to the camps",
                       "Maria Lopez")


def test_a_verb_past_another_clause_attributes_nothing(process: Any) -> None:
    got = _speakers(process, "Rights groups say the prisoners face the greatest risk. “Once "
                             "they finish their sentences, they will be sent back to the "
                             "camps.” The committee, which Maria Lopez has chaired since the "
                             "election of the new parliament in the spring, told reporters.")
    assert ("Once they finish their sentences, they will be sent back to the camps.",
            "Maria Lopez") not in got


def test_a_quotation_signed_with_a_dash_is_the_signers(process: Any) -> None:
    got = _speakers(process, "The talks collapsed on Friday.\n“We will not give up on the "
                             "people of the north, whatever the cost.” — Maria Lopez, foreign "
                             "minister")
    assert got == [("We will not give up on the people of the north, whatever the cost.",
                    "Maria Lopez")]


def test_a_dash_before_no_person_signs_nothing(process: Any) -> None:
    got = _speakers(process, "The talks collapsed on Friday.\n“A new chapter for the north” — "
                             "the slogan of the campaign")
    assert got == []


def test_a_colon_lead_in_names_the_speaker(process: Any) -> None:
    got = _speakers(process, "The talks collapsed on Friday. Maria Lopez was blunt about the "
                             "offer: “We will not sign this agreement under any pressure.”")
    assert got == [("We will not sign this agreement under any pressure.", "Maria Lopez")]


def test_a_colon_lead_in_without_a_name_stays_unresolved(process: Any) -> None:
    got = _speakers(process, "The talks collapsed on Friday. The mood was grim: “We will not "
                             "sign this agreement under any pressure.”")
    assert got == [("We will not sign this agreement under any pressure.", None)]


def test_a_sentence_that_only_names_the_speaker_attributes_the_quote(process: Any) -> None:
    got = _speakers(process, "The rebels signed the truce on Monday. “Will they keep their "
                             "word?” Ana Ruiz asked.")
    assert got == [("Will they keep their word?", "Ana Ruiz")]


def test_a_next_sentence_with_its_own_statement_does_not(process: Any) -> None:
    got = _speakers(process, "The rebels signed the truce on Monday. “Nobody in the valley "
                             "believes they will keep their word.” Ana Ruiz said the talks would "
                             "resume in May.")
    assert ("Nobody in the valley believes they will keep their word.", "Ana Ruiz") not in got
    assert ("the talks would resume in May", "Ana Ruiz") in got
