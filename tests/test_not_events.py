"""What is not an event (corpus/GUIDELINES.md 2.1 rule 5 and 2.3): journalistic
acts (done by or to a news outlet, or about the press's own business) and mere
references to an act told before; passages written for these tests."""

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


@pytest.mark.parametrize("text", [
    "Militants stormed the hotel on Tuesday. Tuesday's attack was the deadliest this year.",
    "Militants stormed the hotel on Tuesday. Since the attack, the road has been closed.",
])
def test_a_mere_reference_is_no_second_event(process: Any, text: str) -> None:
    evs = [e for e in process(text, published="2025-03-12")["events"] if e["type"] == "ASSAULT"]
    assert [e["text"] for e in evs] == ["Militants stormed the hotel on Tuesday"]


@pytest.mark.parametrize("text", [
    "The single biggest attack, in 2009, killed at least 25 people.",  # its verb tells it
    "Russia's attack on Kyiv was the largest of the war.",  # someone did it
])
def test_a_definite_noun_that_tells_the_act_stays(process: Any, text: str) -> None:
    assert "ASSAULT" in {e["type"] for e in process(text, published="2025-03-12")["events"]}


@pytest.mark.parametrize("text", [
    "A preliminary assessment released Thursday by the ministry showed 12 dead.",
    "The Global Terrorism Index 2025 released last week ranks Burkina Faso first.",
])
def test_a_publication_released_is_no_release_of_people(process: Any, text: str) -> None:
    assert "RETREAT" not in {e["type"] for e in process(text, published="2025-03-12")["events"]}


def test_people_released_stay_a_release(process: Any) -> None:
    evs = process("The prisoners released by Russia arrived in Kyiv on Monday.",
                  published="2025-03-12")["events"]
    assert [e["actor"]["name"] for e in evs if e["type"] == "RETREAT"] == ["Russia"]


@pytest.mark.parametrize("text", [
    "He returned to San Francisco to get married in 1952.",
    "Officials urged civilians to return to their villages.",
])
def test_going_back_is_no_visit(process: Any, text: str) -> None:
    assert "CONSULT" not in {e["type"] for e in process(text, published="2025-03-12")["events"]}


def test_a_definite_noun_whose_verb_tells_it_stays(process: Any) -> None:
    evs = process("Russia and Ukraine held talks in May. However, the prisoner exchange, which "
                  "was presented as a step towards building trust, was nevertheless carried out.",
                  published="2025-03-12")["events"]
    assert "COOPERATE" in {e["type"] for e in evs}
