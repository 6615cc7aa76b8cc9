"""accord_proposals on forms of news the first rules missed: demands told as
nouns, deals named by their parties, offers reported by a spokesman, and what
only looks like an offer (market demand, plans of one's own). Every passage is
written for its test."""

from __future__ import annotations

from typing import Any

import pytest


def props(process: Any, text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = process(text, published="2025-03-12")["proposals"]
    return out


def by(p: dict[str, Any]) -> str | None:
    return p["proposer"]["name"] if p["proposer"] else None


def test_call_for_is_a_demand_of_its_owner(process: Any) -> None:
    ps = props(process, "The talks collapsed because Tokyo's call for a full inspection "
                        "regime and Beijing's demand for tariff relief could not be reconciled.")
    assert {by(p) for p in ps} >= {"Japan", "China"}
    japan = next(p for p in ps if by(p) == "Japan")
    assert japan["kind"] == "demand"


def test_deal_between_parties_names_its_proposer(process: Any) -> None:
    ps = props(process, "Officials said India would support a planned deal between Spain and "
                        "Morocco to hand over control of the islands.")
    assert len(ps) == 1
    assert by(ps[0]) == "Spain"
    assert ps[0]["recipient"]["name"] == "Morocco"
    assert [(r["actor"]["name"], r["stance"]) for r in ps[0]["responses"]] == [
        ("India", "accept")]


def test_agreements_between_parties(process: Any) -> None:
    ps = props(process, "The envoy said recent agreements between Sudan and Chad are a "
                        "positive sign.")
    assert [by(p) for p in ps] == ["Sudan"]


def test_a_named_peace_plan_still_counts(process: Any) -> None:
    ps = props(process, "Kenya proposed a peace plan for Sudan on Monday.")
    assert [by(p) for p in ps] == ["Kenya"]


def test_demanding_participle_takes_the_clause_subject(process: Any) -> None:
    ps = props(process, "The statement came as Tehran issued warnings demanding that "
                        "Washington lift its sanctions by the end of the year.")
    assert [by(p) for p in ps] == ["Iran"]
    assert ps[0]["kind"] == "demand"
    assert ps[0]["terms"] == ["that Washington lift its sanctions by the end of the year"]


def test_conditional_offer_reported_by_a_spokesman(process: Any) -> None:
    ps = props(process, "On Tuesday, Foreign Minister Sergei Lavrov said the president would "
                        "meet with Zelenskyy if there is a prospect of making a deal.")
    assert len(ps) == 1
    assert by(ps[0]) == "Sergey Lavrov"
    assert ps[0]["conditions"] == ["there is a prospect of making a deal"]


@pytest.mark.parametrize("text", [
    # a call with no owner and no terms
    "“It’s a wake-up call for all of us in the farming sector,” said a professor at the "
    "University of Nairobi.",
    # a market's demand
    "The most promising markets are in developing countries, with their growing energy demands.",
    # plans of one's own
    "The Brazilian government announced plans to use the old air base to hold migrants "
    "awaiting deportation.",
    # what unnamed others would do, as an analyst sees it
    "Charles Smith, an analyst, says some Western companies will quickly return to Russia if "
    "sanctions are lifted.",
    # a choice told with "instead" where no offer was told before counters nothing
    "Najib Razak seldom criticized China and instead accepted Chinese funding for domestic "
    "infrastructure projects.",
    # an agreement in force
    "In 2019, China signed a free trade agreement with Mauritius that went into effect in 2021.",
    # a market's demand as a mass noun, also where the parser took it for a verb
    "Chinese demand for soybeans rose sharply last year.",
    "Chinese demand The changes in Japanese immigration policy have come with consequences.",
    # proposals named by where they come from, not by a kind
    "A Qiang thinks proposals from the recently concluded political meetings in Beijing are "
    "just talk.",
    # a government's own plan, put to no other party
    "Kenya's government unveiled a new energy plan to add 1,000 megawatts by 2030.",
    # a meeting convened in the past was held, not offered
    "Chinese President Xi Jinping recently convened a meeting with heads of private companies.",
])
def test_what_offers_nothing_is_no_proposal(process: Any, text: str) -> None:
    assert props(process, text) == []


def test_proposers_own_if_answer_conditions_the_offer(process: Any) -> None:
    ps = props(process, "Foreign Minister Sergei Lavrov said the president would meet with "
                        "Zelenskyy if there is a prospect of making a deal. “If there is a real "
                        "chance to end the war, he’s always willing to do that,” Lavrov said.")
    assert len(ps) == 1
    assert ps[0]["conditions"] == ["there is a prospect of making a deal",
                                   "there is a real chance to end the war"]
    assert ps[0]["responses"] == []


OFFER = "Erdogan said Turkey would be ready for peace talks with the Kurdish militants. "


@pytest.mark.parametrize(("text", "conditions"), [
    # "must" in the proposer's later speech, a sentence away
    (OFFER + "The weather was cold in Ankara. Later he said Syria must pull its troops back "
     "and close the border.", ["Syria must pull its troops back and close the border"]),
    # on the speaker's own side, or no party asked: none
    (OFFER + "Later he said we must be patient and talks must continue.", []),
    # a colon list after an obligation
    ("Putin's offer to negotiate the end of the war appeared genuine. Yet Ukraine would have "
     "to do what Zelensky has refused to do: territorial concessions as well as forever "
     "giving up claims on Crimea.",
     ["territorial concessions", "forever giving up claims on Crimea"]),
    # the proposer asking more in a follow-up told like a new demand
    ("Putin said Russia would be ready for a ceasefire if Ukraine withdraws its troops from "
     "four regions. Russia also demands that Ukraine abandon its bid to join NATO.",
     ["Ukraine withdraws its troops from four regions", "Ukraine abandon its bid to join NATO"]),
])
def test_conditions_told_after_the_offer(process: Any, text: str,
                                         conditions: list[str]) -> None:
    ps = props(process, text)
    assert len(ps) == 1
    assert ps[0]["conditions"] == conditions


def test_refusal_of_a_plan_named_after_in(process: Any) -> None:
    # "in ... plan for X" is no "in exchange for": the plan is an offer
    ps = props(process, "Poland and other Central European states have declined to take part "
                        "in the EU relocation plan for asylum seekers.")
    assert [by(p) for p in ps] == ["European Union"]
    assert {r["stance"] for r in ps[0]["responses"]} == {"reject"}


def test_refusal_with_a_demand_instead_is_a_counter(process: Any) -> None:
    ps = props(process, "Kim Jong Un asked Donald Trump for sanctions relief. Trump denied the "
                        "request and asked instead for full denuclearization.")
    relief = next(p for p in ps if by(p) == "Kim Jong Un")
    assert [(r["actor"]["name"], r["stance"]) for r in relief["responses"]] == [
        ("Donald Trump", "counter")]


def test_a_side_named_by_its_demonym_answers(process: Any) -> None:
    ps = props(process, "During the talks, the European Union proposed to cut tariffs on "
                        "cars, but the Chinese side refused.")
    assert [by(p) for p in ps] == ["European Union"]
    assert [(r["actor"]["name"], r["stance"]) for r in ps[0]["responses"]] == [
        ("China", "reject")]


def test_a_deal_named_by_its_parties_is_answered_and_mentioned_as_theirs(process: Any) -> None:
    ps = props(process, "In 2019, China signed a free trade agreement with Morocco. Officials "
                        "said India would support a planned deal between Spain and Morocco to "
                        "hand over the islands. The weather was cold. Last month, Trump said "
                        "he liked the deal between Morocco and Spain over the islands.")
    spain = [p for p in ps if by(p) == "Spain"]
    assert len(spain) == 1
    assert [(r["actor"]["name"], r["stance"]) for r in spain[0]["responses"]] == [
        ("India", "accept")]
    assert [m["text"] for m in spain[0]["mentions"]] == ["a planned deal", "the deal"]
    assert all(not p["responses"] for p in ps if by(p) == "China")


@pytest.mark.parametrize(("answer", "stance"), [
    ("Russia has not agreed to the ceasefire.", "consider"),  # a negated perfect: open
    ("Russia has yet to accept it.", "consider"),
    ("Russia is yet to agree to the truce.", "consider"),
    ("Russia did not accept it.", "reject"),  # a refusal told in the past
])
def test_an_acceptance_not_given_yet_is_undecided(process: Any, answer: str,
                                                  stance: str) -> None:
    ps = props(process, "Washington proposed a ceasefire in Ukraine. " + answer)
    assert [by(p) for p in ps] == ["United States"]
    assert [(r["actor"]["name"], r["stance"]) for r in ps[0]["responses"]] == [
        ("Russia", stance)]


AGREED = ("Lawmakers welcomed the news that Ukraine had agreed to a 30-day ceasefire. "
          "Russia has not agreed to the ceasefire. ")


def test_an_offer_known_by_its_answer_is_a_proposal(process: Any) -> None:
    ps = props(process, AGREED)
    assert len(ps) == 1
    assert by(ps[0]) is None  # proposer unknown rather than no proposal
    assert ps[0]["kind"] == "30-day ceasefire"
    assert ps[0]["recipient"]["name"] == "Ukraine"
    assert [(r["actor"]["name"], r["stance"]) for r in ps[0]["responses"]] == [
        ("Ukraine", "accept"), ("Russia", "consider")]


def test_a_later_reference_names_the_proposer_of_an_answered_offer(process: Any) -> None:
    ps = props(process, AGREED + "The weather was cold. Secretary of State Marco Rubio led "
                                 "eight hours of talks in Jeddah to reach the agreement.")
    assert [by(p) for p in ps] == ["Marco Rubio"]
    assert [m["text"] for m in ps[0]["mentions"]][-1] == "the agreement"


@pytest.mark.parametrize("text", [
    "The negotiations for an end to the war were attended by Roman Abramovich.",
    "Peskov said the Kremlin was studying the results of the talks between Kyiv and Washington.",
])
def test_taking_part_or_studying_results_tells_of_no_offer(process: Any, text: str) -> None:
    assert props(process, text) == []


def test_a_proposal_saying_more_adds_a_term(process: Any) -> None:
    ps = props(process, "Hamas proposed a prisoner exchange with Israel on Monday. It also "
                        "calls for the reopening of the Rafah crossing.")
    assert [by(p) for p in ps] == ["Hamas"]
    assert ps[0]["terms"][-1] == "the reopening of the Rafah crossing"
    assert [m["text"] for m in ps[0]["mentions"]][-1] == "It"


def test_another_party_asking_more_is_its_own_demand(process: Any) -> None:
    ps = props(process, "Egypt offered to host talks between the two sides. Qatar also "
                        "demanded the release of its citizens.")
    assert {by(p) for p in ps} == {"Egypt", "Qatar"}
    assert all(p["conditions"] == [] for p in ps)


@pytest.mark.parametrize("text", [
    "Kenya and Uganda are negotiating a trade deal that would come into force next year.",
    "The European Union proposed an energy plan with Ukraine on Monday.",
    "The Chinese demanded that Japan apologize.",
    "Fu noted that China will convene a meeting in Beijing with Iran and Russia on Friday.",
])
def test_offers_beside_what_offers_nothing(process: Any, text: str) -> None:
    assert len(props(process, text)) == 1
