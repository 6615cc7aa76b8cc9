"""accord_proposals on news from conflicts and outlets the corpus does not
cover: offers and demands told in the usual ways, their conditions ("if",
"only if", "once", "provided", "as long as", "in exchange for", "in return
for", "on condition that") and the answers to them ("welcomed", "ruled out",
"turned down", "dismissed ... as", "is studying"). A stand-in for unseen news:
every passage is written for its test, none is taken from the corpus."""

from __future__ import annotations

from typing import Any

import pytest
from test_proposals_unseen import by, props


def answers(p: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [((r["actor"] or {}).get("name"), r["stance"]) for r in p["responses"]]


def one(ps: list[dict[str, Any]]) -> dict[str, Any]:
    assert len(ps) == 1, [(by(p), p["kind"]) for p in ps]
    return ps[0]


# -- offers and their conditions ----------------------------------------------------

def test_offer_told_by_its_infinitive_with_an_if_condition(process: Any) -> None:
    p = one(props(process, "The Houthis offered to halt attacks on shipping in the Red Sea if "
                           "Israel ends its offensive in Gaza."))
    assert (by(p), p["kind"]) == ("Houthis", "ceasefire")
    assert p["terms"][0] == "halt attacks on shipping in the Red Sea"
    assert p["conditions"] == ["Israel ends its offensive in Gaza"]


def test_offer_to_mediate_names_no_kind_but_is_an_offer(process: Any) -> None:
    # "on condition that" is a condition, not an offer noun of its own
    p = one(props(process, "Thailand offered to mediate between Myanmar's military and the "
                           "ethnic armed groups, on condition that both sides halt air strikes."))
    assert (by(p), p["kind"]) == ("Thailand", "offer")
    assert p["conditions"] == ["both sides halt air strikes"]


def test_only_if_is_one_condition_without_its_adverb(process: Any) -> None:
    p = one(props(process, "Armenia is prepared to sign a peace treaty with Azerbaijan only if "
                           "Baku pulls its troops back from the border, Prime Minister Nikol "
                           "Pashinyan told parliament."))
    assert by(p) == "Armenia"
    assert p["conditions"] == ["Baku pulls its troops back from the border"]


def test_in_exchange_for_is_a_condition_and_no_part_of_the_terms(process: Any) -> None:
    p = one(props(process, "Hamas offered to release all remaining hostages in exchange for a "
                           "permanent end to the war in Gaza."))
    assert (by(p), p["kind"]) == ("Hamas", "prisoner exchange")
    assert p["terms"][0] == "release all remaining hostages"
    assert p["conditions"] == ["a permanent end to the war in Gaza"]


def test_a_condition_phrase_opening_the_sentence_ends_with_its_object(process: Any) -> None:
    p = one(props(process, "In exchange for a halt to the shelling, Hamas offered to free 20 "
                           "soldiers, a spokesman said."))
    assert by(p) == "Hamas"
    assert p["conditions"] == ["a halt to the shelling"]


def test_once_conditions_talks_the_government_would_resume(process: Any) -> None:
    p = one(props(process, "Colombia's government said it would resume peace talks with the "
                           "rebels once the group frees the kidnapped soldiers."))
    assert p["kind"] == "talks"
    assert p["proposer"]["id"] == "colombia" or "Colombia" in by(p)
    assert p["conditions"] == ["the group frees the kidnapped soldiers"]


def test_provided_the_parser_takes_for_a_verb_still_conditions(process: Any) -> None:
    p = one(props(process, "The Houthis said they would withdraw from the port of Hodeidah "
                           "provided the coalition stops its air strikes."))
    assert by(p) == "Houthis"
    assert p["conditions"] == ["the coalition stops its air strikes"]


def test_provided_that_conditions_an_offer_of_talks(process: Any) -> None:
    p = one(props(process, "Ethiopia offered talks with the Tigrayan leaders, provided that they "
                           "recognise the federal constitution."))
    assert (by(p), p["kind"]) == ("Ethiopia", "talks")
    assert p["conditions"] == ["they recognise the federal constitution"]


def test_as_long_as_on_an_offer_told_with_a_pronoun(process: Any) -> None:
    p = one(props(process, "Iran said it would return to the nuclear deal as long as Washington "
                           "lifts all sanctions first."))
    assert by(p) == "Iran"
    assert p["conditions"] == ["Washington lifts all sanctions first"]


def test_agreeing_in_return_for_something_sets_terms(process: Any) -> None:
    p = one(props(process, "Israel agreed to a six-week pause in the fighting in return for the "
                           "release of 33 hostages, officials said."))
    assert (by(p), p["kind"]) == ("Israel", "six-week ceasefire")
    assert p["conditions"] == ["the release of 33 hostages"]


def test_readiness_to_negotiate_is_an_offer_by_the_sayer(process: Any) -> None:
    p = one(props(process, "Colombia's foreign minister said the government was willing to "
                           "negotiate with the rebels."))
    assert p["kind"] == "talks"
    assert p["terms"] == ["negotiate with the rebels"]
    assert p["proposer"] is not None


def test_readiness_to_fight_offers_nothing(process: Any) -> None:
    assert props(process, "Sudan's army chief said his troops were ready to defend the "
                          "city.") == []


def test_readiness_to_accept_answers_and_offers_nothing(process: Any) -> None:
    p = one(props(process, "Pakistan is ready to accept the Indian proposal."))
    assert by(p) == "India"
    assert answers(p) == [("Pakistan", "accept")]


def test_prepared_to_discuss_offers_talks_with_a_condition_after_but(process: Any) -> None:
    # "prepared" tagged as a participle; "but only if" parsed as a conjunct
    p = one(props(process, "Lavrov said Moscow was prepared to discuss a moratorium on strikes "
                           "on energy facilities, but only if Kyiv stopped its incursion into "
                           "Kursk."))
    assert by(p) == "Russia"
    assert p["kind"] == "energy infrastructure ceasefire"
    assert p["conditions"] == ["Kyiv stopped its incursion into Kursk"]


def test_ready_to_study_a_proposal_answers_it(process: Any) -> None:
    p = one(props(process, "Egypt proposed a ceasefire in Gaza. Israel said it was ready to "
                           "study the proposal."))
    assert by(p) == "Egypt"
    assert answers(p) == [("Israel", "consider")]


def test_under_the_proposal_mentions_the_one_told(process: Any) -> None:
    p = one(props(process, "Egypt proposed a ceasefire in Gaza on Monday. Under the proposal, "
                           "Israel would pull back its troops if Hamas frees the hostages."))
    assert by(p) == "Egypt"
    assert [m["text"] for m in p["mentions"]][-1] == "the proposal"


def test_what_the_plan_calls_for_is_its_term(process: Any) -> None:
    p = one(props(process, "Mediators from Qatar and Egypt presented a new proposal to Hamas on "
                           "Sunday. The plan calls for a phased withdrawal of Israeli troops."))
    assert by(p) == "Qatar"
    assert p["recipient"]["name"] == "Hamas"
    assert p["terms"][-1] == "a phased withdrawal of Israeli troops"


def test_a_draft_resolution_vetoed(process: Any) -> None:
    p = one(props(process, "Britain circulated a draft resolution calling for an immediate "
                           "ceasefire in Sudan. Russia vetoed the resolution."))
    assert (by(p), p["kind"]) == ("United Kingdom", "ceasefire")
    assert answers(p) == [("Russia", "reject")]


def test_only_if_on_an_acceptance_is_no_counter(process: Any) -> None:
    ps = props(process, "Ukraine said it would agree to a ceasefire only if Russia withdrew "
                        "its troops.")
    ukraine = one([p for p in ps if by(p) == "Ukraine"])
    assert ukraine["conditions"] == ["Russia withdrew its troops"]
    assert all(r["stance"] != "counter" for p in ps for r in p["responses"])


# -- answers ------------------------------------------------------------------------

def test_welcomed_and_studying(process: Any) -> None:
    p = one(props(process, "Qatar proposed a three-day truce in Gaza on Monday. Israel welcomed "
                           "the proposal, and Hamas said it was studying it."))
    assert by(p) == "Qatar"
    assert answers(p) == [("Israel", "accept"), ("Hamas", "consider")]


def test_ruled_out_rejects(process: Any) -> None:
    p = one(props(process, "The Houthis offered to halt attacks on shipping if Israel ends its "
                           "offensive in Gaza. Washington ruled out any deal with the group."))
    assert answers(p) == [("United States", "reject")]


def test_turned_down_rejects(process: Any) -> None:
    p = one(props(process, "Venezuela offered to hold talks with Colombia in Caracas. Bogota "
                           "turned down the offer."))
    assert (by(p), p["kind"]) == ("Venezuela", "talks")
    assert answers(p) == [("Colombia", "reject")]


@pytest.mark.parametrize(("answer", "stance"), [
    ("Israel snubbed the offer.", "reject"),
    ("Israel balked at the offer.", "reject"),
    ("Israel pushed back against the offer.", "reject"),
    ("Israel hailed the offer.", "accept"),
    ("Israel warmed to the offer.", "accept"),
    ("Israel signed off on the offer.", "accept"),
    ("Israel said it would look at the offer.", "consider"),
    ("Israel is evaluating the offer.", "consider"),
])
def test_answer_verbs_as_a_class(process: Any, answer: str, stance: str) -> None:
    p = one(props(process, "Qatar proposed a truce in Gaza. " + answer))
    assert answers(p) == [("Israel", stance)]


@pytest.mark.parametrize(("answer", "stance"), [
    ("Japan said it would go along with the plan.", "accept"),
    ("Japan said it was inclined to go along with the plan.", "consider"),  # leaning only
])
def test_going_along_with_a_plan(process: Any, answer: str, stance: str) -> None:
    p = one(props(process, "Indonesia proposed a plan to share the fishing grounds. " + answer))
    assert by(p) == "Indonesia"
    assert answers(p) == [("Japan", stance)]


def test_a_phrasal_answer_needs_what_it_answers(process: Any) -> None:
    p = one(props(process, "Qatar proposed a truce in Gaza. Israel is pushing back."))
    assert answers(p) == []


def test_a_pledge_term_stops_before_its_condition(process: Any) -> None:
    p = one(props(process, "Putin said Russia would cease fire if Ukraine withdrew its troops, "
                           "but Kyiv called the proposal a trap."))
    assert (by(p), p["terms"][0]) == ("Russia", "cease fire")
    assert p["conditions"] == ["Ukraine withdrew its troops"]
    assert answers(p) == [("Ukraine", "reject")]


@pytest.mark.parametrize(("answer", "stance"), [
    ("Hamas said it had responded positively to the proposal.", [("Hamas", "accept")]),
    ("Hamas reacted angrily to the proposal.", [("Hamas", "reject")]),
    ("Hamas responded to the proposal on Monday.", []),  # a reply of unknown sense
])
def test_a_reply_told_with_its_manner(process: Any, answer: str,
                                      stance: list[tuple[str, str]]) -> None:
    p = one(props(process, "Egypt proposed a ceasefire in Gaza. " + answer))
    assert answers(p) == stance


def test_a_participle_hung_on_a_lower_noun_names_the_sponsor(process: Any) -> None:
    p = one(props(process, "The Kremlin said Putin had agreed to a pause in strikes on energy "
                           "infrastructure proposed by Trump."))
    assert by(p) == "Donald Trump"
    assert answers(p) == [("Vladimir Putin", "accept")]


def test_a_trivial_condition_is_no_part_of_the_terms(process: Any) -> None:
    p = one(props(process, "Kenya said Nairobi was willing to host direct talks between the two "
                           "Sudanese generals if both accepted."))
    assert p["terms"][0] == "host direct talks between the two Sudanese generals"
    assert p["conditions"] == []


def test_an_invitation_to_talks_offers_them(process: Any) -> None:
    p = one(props(process, "Turkey invited Russia and Ukraine to peace talks in Istanbul."))
    assert (by(p), p["kind"]) == ("Turkey", "talks")
    assert props(process, "The Houthis invited journalists to the port.") == []


def test_dismissed_as_rejects(process: Any) -> None:
    p = one(props(process, "Serbia's president unveiled a plan for the north of Kosovo. Kosovo's "
                           "prime minister dismissed the plan as an attempt to partition the "
                           "country."))
    assert by(p) == "Serbia"
    assert p["recipient"] is None or p["recipient"]["name"] != "Serbia"
    assert answers(p) == [("Kosovo", "reject")]


def test_studying_a_proposal_named_by_a_demonym(process: Any) -> None:
    p = one(props(process, "Pakistan said on Friday it was studying an Indian proposal to reopen "
                           "the border crossing."))
    assert by(p) == "India"
    assert answers(p) == [("Pakistan", "consider")]


def test_open_to_it_and_will_study_it(process: Any) -> None:
    p = one(props(process, "Turkey offered to host a new round of negotiations between Russia "
                           "and Ukraine. The Kremlin said it was open to the idea, while Kyiv "
                           "said it would study it."))
    assert (by(p), p["kind"]) == ("Turkey", "talks")
    assert answers(p) == [("Russia", "accept"), ("Ukraine", "consider")]


def test_a_draft_answered_by_reviewing_the_text(process: Any) -> None:
    p = one(props(process, "Azerbaijan proposed a peace agreement to Armenia last week. Yerevan "
                           "said it was reviewing the text."))
    assert by(p) == "Azerbaijan"
    assert answers(p) == [("Armenia", "consider")]


@pytest.mark.parametrize("answer", [
    "The Sudanese army declined to comment on the proposal.",
    "The Sudanese army has not responded to the proposal.",
    "The Sudanese army refrained from commenting on the proposal.",
])
def test_an_answer_withheld_leaves_it_open(process: Any, answer: str) -> None:
    # "declined" refuses to comment, not the offer
    p = one(props(process, "Egypt proposed a ceasefire in Sudan on Monday. " + answer))
    assert by(p) == "Egypt"
    assert answers(p) == [("Sudan", "consider")]
    assert [m["text"] for m in p["mentions"]][-1] == "the proposal"


def test_a_reply_not_yet_given_answers_what_was_just_offered(process: Any) -> None:
    p = one(props(process, "The Arab League unveiled a plan for the reconstruction of Gaza. "
                           "Egypt and Jordan endorsed the plan, but Israel has yet to respond."))
    assert answers(p) == [("Egypt", "accept"), ("Jordan", "accept"), ("Israel", "consider")]


def test_a_reply_not_given_long_after_answers_nothing(process: Any) -> None:
    p = one(props(process, "The Arab League unveiled a plan for the reconstruction of Gaza. "
                           "The weather was cold. Markets were closed. Israel has yet to "
                           "respond."))
    assert answers(p) == []


@pytest.mark.parametrize(("judgement", "stance"), [
    ("Khartoum said the offer was unacceptable.", [("Sudan", "reject")]),
    ("Khartoum said it was a non-starter.", [("Sudan", "reject")]),
    ("Khartoum said the offer was generous.", []),  # praise is no refusal
])
def test_an_offer_judged_with_a_copula(process: Any, judgement: str,
                                       stance: list[tuple[str, str]]) -> None:
    p = one(props(process, "Egypt made an offer to mediate between Ethiopia and Sudan. "
                           + judgement))
    assert by(p) == "Egypt"
    assert answers(p) == stance


@pytest.mark.parametrize(("judgement", "stance"), [
    ("Netanyahu described the proposal as an insult.", [("Benjamin Netanyahu", "reject")]),
    ("Netanyahu called the plan unrealistic.", [("Benjamin Netanyahu", "reject")]),
    ('"This proposal is dead on arrival," an Israeli official told reporters.',
     [("Israel", "reject")]),
    ("Netanyahu described the proposal as a first step.", []),
])
def test_judging_verbs_and_words_as_classes(process: Any, judgement: str,
                                            stance: list[tuple[str, str]]) -> None:
    p = one(props(process, "Egypt proposed a ceasefire in Gaza on Monday. " + judgement))
    assert answers(p) == stance


def test_a_comment_given_is_no_answer(process: Any) -> None:
    p = one(props(process, "Egypt proposed a ceasefire in Sudan on Monday. The Sudanese army "
                           "commented on the weather."))
    assert answers(p) == []


def test_answers_told_as_nouns_a_light_verb_gives(process: Any) -> None:
    p = one(props(process, "Norway proposed a peace plan for Yemen. Saudi Arabia expressed "
                           "support for the plan, but the Houthis called it unacceptable."))
    assert by(p) == "Norway"
    assert answers(p) == [("Saudi Arabia", "accept"), ("Houthis", "reject")]


def test_a_cautious_welcome_only_considers(process: Any) -> None:
    p = one(props(process, "Qatar offered to host talks between Kabul and the Taliban. The "
                           "Taliban gave a cautious welcome to the offer."))
    assert (by(p), p["kind"]) == ("Qatar", "talks")
    assert answers(p) == [("Taliban", "consider")]


def test_what_is_demanded_before_talks_is_their_condition(process: Any) -> None:
    p = one(props(process, "Russia demanded that Ukraine withdraw its forces from the four "
                           "regions before any talks."))
    assert (by(p), p["kind"]) == ("Russia", "talks")
    assert p["conditions"] == ["Ukraine withdraw its forces from the four regions"]


# -- which offer is meant, what is no offer, conditions told in other ways ------------

def test_a_ceasefire_of_another_kind_is_an_offer_of_its_own(process: Any) -> None:
    # "ready for a maritime ceasefire" answers no 30-day ceasefire; "the U.S.
    # ceasefire proposal" is the United States' one, whichever was told last
    ps = props(process, "The United States proposed a 30-day ceasefire in Ukraine. Zelenskyy "
                        "said Ukraine was ready for a maritime ceasefire. Russia said it "
                        "supports the U.S. ceasefire proposal in principle, but details must "
                        "be worked out.")
    assert [(by(p), p["kind"]) for p in ps] == [("United States", "30-day ceasefire"),
                                                ("Ukraine", "black sea ceasefire")]
    assert [answers(p) for p in ps] == [[("Russia", "consider")], []]


def test_an_analysts_if_clause_is_no_condition_of_the_plan(process: Any) -> None:
    p = one(props(process, "Egypt unveiled a plan for the reconstruction of Gaza. Analysts say "
                           "the plan could backfire if oil prices fall."))
    assert by(p) == "Egypt"
    assert p["conditions"] == []
    assert [m["text"] for m in p["mentions"]] == ["a plan", "the plan"]


def test_talks_that_will_resume_are_still_offered(process: Any) -> None:
    p = one(props(process, "The White House said talks on a naval ceasefire would resume "
                           "next week."))
    assert (by(p), p["kind"]) == ("United States", "black sea ceasefire")


def test_a_demand_whose_maker_is_named_stays(process: Any) -> None:
    p = one(props(process, "Kenya called on both sides to resume talks."))
    assert (by(p), p["kind"]) == ("Kenya", "talks")


def test_a_deal_named_in_an_adjunct_with_its_proposer_stays(process: Any) -> None:
    p = one(props(process, "Under Egypt's proposal, the hostages would be freed if Israel "
                           "halts its offensive."))
    assert by(p) == "Egypt"
    assert p["conditions"] == ["Israel halts its offensive"]


def test_a_call_for_a_peace_conference_proposes_talks(process: Any) -> None:
    p = one(props(process, "Guterres called for an international peace conference on Sudan."))
    assert (by(p), p["kind"]) == ("António Guterres", "talks")
    assert props(process, "Sudan's army chief said he was ready for a press conference.") == []


NILE = ("Ethiopia on Monday offered to hold talks with Egypt and Sudan on its Nile dam, "
        "provided the talks are led by the African Union. Egypt said Cairo would only return "
        "to negotiations if Addis Ababa agreed to a binding deal. ")


def test_what_a_bare_provided_clause_names_is_no_offer(process: Any) -> None:
    ps = props(process, NILE)
    assert [(by(p), p["conditions"]) for p in ps] == [
        ("Ethiopia", ["the talks are led by the African Union"]),
        ("Egypt", ["Addis Ababa agreed to a binding deal"])]


def test_an_offer_named_by_its_demonym_is_that_partys(process: Any) -> None:
    # the latest offer is Egypt's; "the Ethiopian proposal" is Ethiopia's
    ps = props(process, NILE + "Sudan said it was studying the Ethiopian proposal.")
    assert [(by(p), answers(p)) for p in ps] == [("Ethiopia", [("Sudan", "consider")]),
                                                 ("Egypt", [])]


def test_an_offer_to_send_mediators_offers_talks(process: Any) -> None:
    p = one(props(process, "The African Union offered to send mediators to Sudan."))
    assert (by(p), p["kind"]) == ("African Union", "talks")


def test_what_would_be_done_under_the_draft_is_its_terms(process: Any) -> None:
    p = one(props(process, "Qatar has proposed a framework for peace between Congo and the "
                           "rebels. Under the draft, the rebels would withdraw from Goma, and "
                           "Congo would release captured fighters."))
    assert by(p) == "Qatar"


def test_a_denial_answers_only_what_names_an_offer(process: Any) -> None:
    p = one(props(process, "Qatar has proposed a framework for peace between Congo and the "
                           "rebels. Rwanda denies backing the rebels."))
    assert answers(p) == []
    p = one(props(process, "Qatar proposed talks between Congo and Rwanda. Rwanda denied the "
                           "request."))
    assert answers(p) == [("Rwanda", "reject")]


def test_lowering_tariffs_on_a_condition_is_an_offer(process: Any) -> None:
    p = one(props(process, "Trump said he would lower tariffs on Chinese goods if Beijing "
                           "agreed to buy more American soybeans."))
    assert (by(p), p["terms"][0]) == ("Donald Trump", "lower tariffs on Chinese goods")
    assert p["conditions"] == ["Beijing agreed to buy more American soybeans"]


@pytest.mark.parametrize(("mark", "conditions"), [
    ("only after", ["Armenia changed its constitution"]),
    ("only when", ["Armenia changed its constitution"]),
])
def test_only_after_conditions(process: Any, mark: str, conditions: list[str]) -> None:
    p = one(props(process, f"Baku said it would sign the peace treaty {mark} Armenia changed "
                           "its constitution."))
    assert by(p) == "Azerbaijan"
    assert p["conditions"] == conditions


def test_a_plain_after_tells_a_time(process: Any) -> None:
    ps = props(process, "Baku said it would sign the peace treaty after the summit in Washington.")
    assert all(p["conditions"] == [] for p in ps)


def test_an_answer_in_a_relative_clause_answers_its_own_offer(process: Any) -> None:
    ps = props(process, "China said it was open to talks with Washington. The European Union "
                        "proposed a tariff deal on industrial goods, which Trump rejected as not "
                        "good enough.")
    assert [(by(p), answers(p)) for p in ps] == [
        ("China", []), ("European Union", [("Donald Trump", "reject")])]


def test_a_counter_demand_is_no_term_of_the_offer(process: Any) -> None:
    ps = props(process, "Trump said he would lower tariffs if Beijing buys more soybeans. "
                        "China's commerce ministry said the offer showed a lack of sincerity and "
                        "demanded that Washington first cancel all tariffs.")
    trump = next(p for p in ps if by(p) == "Donald Trump")
    assert trump["terms"] == ["lower tariffs"]


@pytest.mark.parametrize(("text", "conditions"), [
    ("Russia's conditions are a neutral Ukraine and the lifting of sanctions.",
     ["a neutral Ukraine", "the lifting of sanctions"]),
    ("Iran's demands include the lifting of all sanctions.", ["the lifting of all sanctions"]),
])
def test_what_a_condition_noun_lists(process: Any, text: str, conditions: list[str]) -> None:
    assert one(props(process, text))["conditions"] == conditions


def test_conditions_of_a_place_are_no_demand(process: Any) -> None:
    assert props(process, "The conditions in the camp are terrible.") == []


def test_the_kind_of_a_pledge_is_not_read_from_its_condition(process: Any) -> None:
    p = one(props(process, "Turkey said it would withdraw its troops from Syria once a "
                           "political settlement is reached."))
    assert (by(p), p["kind"]) == ("Turkey", "de-escalation")
    assert p["conditions"] == ["a political settlement is reached"]


def test_countering_with_an_offer_is_a_counter_and_an_offer(process: Any) -> None:
    ps = props(process, "Egypt proposed a two-month truce in Gaza. Hamas countered with an "
                        "offer of a five-year truce.")
    assert [(by(p), p["kind"]) for p in ps] == [("Egypt", "two-month ceasefire"),
                                                ("Hamas", "five-year ceasefire")]
    assert answers(ps[0]) == [("Hamas", "counter")]
    assert [m["text"] for m in ps[1]["mentions"]] == ["an offer"]


# -- kinds ----------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "kind"), [
    ("Egypt proposed a 72-hour truce in Gaza.", "72-hour ceasefire"),
    ("Egypt proposed a two-month ceasefire in Gaza.", "two-month ceasefire"),
    ("Egypt proposed a prisoner swap between Israel and Hamas.", "prisoner exchange"),
    ("Egypt offered to extend its currency swap with Saudi Arabia.", "offer"),
])
def test_kinds_named_by_length_or_by_who_is_exchanged(process: Any, text: str,
                                                      kind: str) -> None:
    assert [(by(p), p["kind"]) for p in props(process, text)] == [("Egypt", kind)]


# -- what offers nothing --------------------------------------------------------------

@pytest.mark.parametrize("text", [
    # a call that offers nothing and sets no terms
    "The Security Council urged all parties in Myanmar to exercise restraint.",
    "Kenya's president called for calm after the vote.",
    # threats on a condition
    "North Korea warned it would strike the South if the military drills continued.",
    "The European Union threatened new sanctions unless Belarus frees political prisoners.",
    # a wish
    "The United Nations envoy said he hoped for a political solution in Libya.",
    # an agreement told before, named in an adjunct; the if-clause is the sentence's
    "Under the terms of the deal, the sanctions return if Tehran breaks its commitments.",
    # a demand no one is told to make
    "They called on both sides to resume talks.",
    # a plan no one is said to make, its if-clause an analyst's
    "Analysts say the plan could backfire if oil prices fall.",
    # what will resume is no talks
    "The United Nations said aid deliveries would resume once the road reopens.",
    # acts threatened or withheld on a condition
    "Israel will continue the offensive unless Hamas frees the hostages.",
    "Russia warned it would halt gas supplies if Moldova did not pay its debt.",
    "The U.S. will not resume aid unless the junta releases political prisoners.",
    # a vow to fight on, a journalistic act
    "The rebel commander vowed to fight on until the capital falls.",
    "Sudan's army offered no comment on the reports.",
])
def test_what_offers_nothing_is_no_proposal(process: Any, text: str) -> None:
    assert props(process, text) == []
