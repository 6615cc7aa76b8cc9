"""Who died in an attack is acted on, never its doer: the doer is the "by"
agent of the act, named or described, else unresolved (`undergoing_verbs`,
events/roles.py). Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _roles(process: Any, text: str, etype: str) -> list[tuple[str | None, str | None]]:
    evs = process(text, published="2025-03-12")["events"]
    return [((e["actor"] or {}).get("name"), (e["recipient"] or {}).get("name"))
            for e in evs if e["type"] == etype]


def test_the_dead_are_acted_on_and_the_agent_acts(process: Any) -> None:
    assert _roles(process, "Eleven soldiers died in an ambush by Boko Haram fighters near "
                  "Maiduguri.", "ASSAULT") == [("Boko Haram", "Eleven soldiers")]


def test_an_unnamed_agent_of_the_act_is_described(process: Any) -> None:
    assert _roles(process, "Twelve villagers lost their lives in an attack by armed bandits "
                  "in the district on Sunday.", "ASSAULT") == [
        ("armed bandits", "Twelve villagers")]


def test_an_act_by_unnamed_doers_is_theirs(process: Any) -> None:
    assert _roles(process, "Attacks by armed bandits forced villagers to flee.",
                  "ASSAULT") == [("armed bandits", None)]


def test_no_agent_named_leaves_the_doer_unresolved(process: Any) -> None:
    assert _roles(process, "Eleven soldiers died in the attack.", "ASSAULT") == [
        (None, "Eleven soldiers")]


def test_who_stands_accused_is_acted_on_not_the_accuser(process: Any) -> None:
    assert _roles(process, "Mensah, a businessman, stands accused of collusion with foreign "
                  "forces.", "ACCUSE") == [(None, "Mensah")]


def test_standing_firm_while_accusing_still_acts(process: Any) -> None:
    assert _roles(process, "Kenya stood firm and accused Uganda of lying.", "ACCUSE") == [
        ("Kenya", "Uganda")]
