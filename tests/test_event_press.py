"""Journalistic acts are no events (corpus/GUIDELINES.md 2.3): acts done by or
to a news outlet, and acts about the press's own business; passages written
for these tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("text", [
    "The White House did not reply to VOA's email requesting comment on the plan.",
    "Asked by VOA while en route to Jeddah, Rubio said the talks went well.",
    "A student in Beijing, who spoke with VOA on condition of anonymity, said the rules "
    "were strict.",
    "A U.S. defense official, who spoke to the Associated Press on condition of anonymity, "
    "said the prison was full.",
    "The ministry declined to comment on the report.",
])
def test_journalistic_acts_are_no_events(process: Any, text: str) -> None:
    assert process(text, published="2025-03-12")["events"] == []


@pytest.mark.parametrize("text,etype", [
    ("The minister spoke with Chinese officials in Beijing on Monday.", "CONSULT"),
    ("Russia rejected the ceasefire proposal on Tuesday.", "REJECT"),
    ("Ukraine asked the United States for air defense systems.", "REQUEST"),
])
def test_the_same_acts_between_parties_stay_events(process: Any, text: str,
                                                   etype: str) -> None:
    assert etype in {e["type"] for e in process(text, published="2025-03-12")["events"]}


def test_outlet_names_are_data() -> None:
    from accord.outlets import is_outlet

    assert is_outlet("VOA") and is_outlet("the Associated Press") and is_outlet("Reuters")
    assert not is_outlet("the Pentagon") and not is_outlet(None)


@pytest.mark.parametrize("text,etype", [
    ("Police arrested a journalist over his interviews with an opposition leader.", "COERCE"),
    ("Trump met with Kim for the first time at the Singapore summit in June 2018.", "CONSULT"),
])
def test_press_words_elsewhere_leave_the_event(process: Any, text: str, etype: str) -> None:
    assert etype in {e["type"] for e in process(text, published="2025-03-12")["events"]}


def test_an_outlet_name_is_written_as_a_name() -> None:
    from accord.outlets import is_outlet

    assert is_outlet("Time") and not is_outlet("time") and not is_outlet("dawn")
