"""Who did it: the actors accord_events gives its events (events/roles.py),
on passages written for these tests."""

from __future__ import annotations

from typing import Any


def _events(process: Any, text: str, etype: str) -> list[tuple[str | None, str | None]]:
    evs = process(text, published="2025-03-12")["events"]
    return [((e["actor"] or {}).get("name"), (e["actor"] or {}).get("inferred"))
            for e in evs if e["type"] == etype]


def test_an_act_done_by_someone_is_done_by_its_agent(process: Any) -> None:
    # "EU-funded patrols by the Libyan coast guard detained": the coast
    # guard's state acted, not the EU that modifies the patrols
    found = _events(process, "EU-funded patrols by the Libyan coast guard detained 300 "
                    "migrants on Monday, officials said.", "COERCE")
    assert found and all(name == "Libya" for name, _ in found)


def test_an_act_with_no_agent_keeps_no_actor(process: Any) -> None:
    # nothing says whose airstrikes: no actor, not the modifier
    found = _events(process, "Renewed airstrikes killed 20 militants near Maiduguri on "
                    "Monday, officials said.", "ASSAULT")
    assert all(name in (None, "officials") for name, _ in found)


def test_people_acting_for_themselves_are_not_their_possessor(process: Any) -> None:
    # the farmers protest, not Ghana; the opponents accuse, not Mensah
    found = _events(process, "Ghana's cocoa farmers accused the board of cutting prices "
                    "on Monday.", "ACCUSE")
    assert found and all(name is not None and "farmers" in name and inferred == "described"
                         for name, inferred in found)
    found = _events(process, "Mensah's opponents, however, accused him of undermining "
                    "democracy.", "ACCUSE")
    assert found and all(name == "Mensah's opponents" for name, _ in found)


def test_an_envoy_acts_for_the_possessor(process: Any) -> None:
    found = _events(process, "Ghana's ambassador accused the board of cutting prices on "
                    "Monday.", "ACCUSE")
    assert found and all(name == "Ghana" for name, _ in found)


def test_a_pronoun_alone_does_not_make_a_noun_an_event(process: Any) -> None:
    # "his ongoing talks" names a kind of thing he does; nothing says talks took place
    text = ("Mayor Tomas Vela spoke about the budget on Monday. He said his ongoing talks "
            "were private.")
    assert _events(process, text, "CONSULT") == []


def test_a_pronoun_with_a_counterpart_keeps_the_event(process: Any) -> None:
    text = ("Mayor Tomas Vela spoke about the budget on Monday. He said his talks with "
            "Vladimir Putin were private.")
    assert _events(process, text, "CONSULT") == [("Tomas Vela", "pronoun")]


def test_a_described_sayer_did_what_it_says_it_did(process: Any) -> None:
    # "the outfit said it had blown up": the sayer, described, is the doer
    found = _events(process, "In a statement, the banned separatist militant outfit said it "
                    "had blown up the tracks on Monday.", "ASSAULT")
    assert found and all(name is not None and "outfit" in name and inferred == "described"
                         for name, inferred in found)


def test_an_unnamed_sayer_of_a_passive_is_not_the_doer(process: Any) -> None:
    # nothing says who killed them: the officials only report it
    found = _events(process, "Officials said 16 fighters had been killed on Monday.", "ASSAULT")
    assert all(name is None for name, _ in found)


def test_an_appositive_list_names_each_actor(process: Any) -> None:
    # "three senators — A, B and C": one event for each named senator, none for the Senate
    found = _events(process, "Three members of the U.S. Senate — Chuck Grassley, Jeanne "
                    "Shaheen and Jim Risch — urged Secretary of State Marco Rubio to act.",
                    "REQUEST")
    assert sorted(name or "" for name, _ in found) == ["Chuck Grassley", "Jeanne Shaheen",
                                                       "Jim Risch"]


def test_a_place_before_a_gathering_is_its_venue(process: Any) -> None:
    # "at the Singapore summit": Singapore is where they met, not who met
    found = _events(process, "Trump met with Kim for the first time at the Singapore summit "
                    "in June 2018.", "CONSULT")
    assert found and all(name != "Singapore" for name, _ in found)
    assert ("Donald Trump", None) in found


def test_nationals_acting_for_themselves_are_not_their_state(process: Any) -> None:
    found = _events(process, "Chinese democracy activists in exile have accused the company "
                    "of spreading propaganda.", "ACCUSE")
    assert found and all(name == "Chinese democracy activists" and inferred == "described"
                         for name, inferred in found)
    # soldiers act for their state
    found = _events(process, "Ukrainian soldiers attacked Russian positions on Monday.",
                    "ASSAULT")
    assert found and all(name == "Ukraine" for name, _ in found)


def test_a_lawsuit_acts_for_those_who_filed_it(process: Any) -> None:
    text = ("Immigration rights groups have filed two lawsuits against the government. "
            "One suit, filed earlier this month, seeks to stop officials from transferring "
            "migrants to the base.")
    found = _events(process, text, "REQUEST")
    assert found and all(name == "Immigration rights groups" for name, _ in found)


def test_a_lawsuit_with_no_filer_named_keeps_no_filer(process: Any) -> None:
    # Vela only spoke: he filed nothing, so he is not the suit's author
    text = ("Mayor Tomas Vela spoke about the suit on Monday. One suit seeks to stop "
            "officials from transferring migrants to the base.")
    found = _events(process, text, "REQUEST")
    assert all(name != "Tomas Vela" for name, _ in found)
