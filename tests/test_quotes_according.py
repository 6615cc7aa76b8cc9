"""Quote boundaries for "according to X": when the parser hangs the phrase
on a participle after it ("..., according to a recent report, The Survey ...,
released this month by ..."), the statement is the finite clause before it
(quotes/attribution.py `according`); a clause joined to a report that has its own
"according to" source ends the report (boundaries.py `_cut_conj`). Passages written for
these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _quotes


def test_the_clause_before_a_source_with_a_participle_is_the_statement(process: Any) -> None:
    got = _quotes(process, "Kenyan pupils are among the lowest performers in East Africa, "
                           "according to a recent report, The Survey of Regional Reading Skills "
                           "(SRRS) , released this month by the African Education Council "
                           "(AEC).")
    assert [t for t, _ in got] == ["Kenyan pupils are among the lowest performers in East Africa"]


def test_according_to_before_its_clause_is_unchanged(process: Any) -> None:
    got = _quotes(process, "According to the ministry, the talks in Geneva will resume next "
                           "week after a pause of two months.")
    assert [t for t, _ in got] == ["the talks in Geneva will resume next week after a pause of "
                                   "two months"]


def test_a_second_clause_with_its_own_source_is_not_the_first_speakers(process: Any) -> None:
    got = _quotes(process, "The military says it controls the border but according to MSF, the "
                           "situation in the camps is still dire.")
    assert [t for t, _ in got] == ["it controls the border",
                                   "the situation in the camps is still dire"]
