"""accord_proposals, round 3 of issue 14: plans asked of another party, and
answers told as nouns, in quotes or by a pronoun. Every passage is written
for its test."""

from __future__ import annotations

from typing import Any

from test_proposals_unseen import by, props


def test_plan_another_is_given_time_to_present_is_no_proposal(process: Any) -> None:
    assert props(process, "Officials said Nigeria had given the U.N. refugee agency 30 days "
                          "to present a plan to relocate the camps.") == []


def test_plan_a_party_will_present_stays(process: Any) -> None:
    ps = props(process, "Nigeria will present a plan to Chad to relocate the border camps.")
    assert [by(p) for p in ps] == ["Nigeria"]


def answers(p: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["actor"]["name"], r["stance"]) for r in p["responses"]]


def test_rejection_told_as_a_noun(process: Any) -> None:
    ps = props(process, "Russia proposed a ceasefire in the Black Sea on Monday. "
                        "Ukraine's rejection of the proposal came within hours.")
    assert [answers(p) for p in ps] == [[("Ukraine", "reject")]]


def test_approval_told_as_a_noun_is_no_new_plan(process: Any) -> None:
    ps = props(process, "Egypt proposed a peace plan for Gaza on Monday. "
                        "Turkey announced its approval of the plan on Tuesday.")
    assert [(by(p), answers(p)) for p in ps] == [("Egypt", [("Turkey", "accept")])]


def test_called_a_non_starter_rejects(process: Any) -> None:
    ps = props(process, "Russia proposed a ceasefire in the Black Sea on Monday. "
                        "Kyiv called it a non-starter.")
    assert [answers(p) for p in ps] == [[("Ukraine", "reject")]]
