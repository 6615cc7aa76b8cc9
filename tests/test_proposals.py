"""accord_proposals: offers, conditions in every form, and responses."""

from __future__ import annotations

from typing import Any


def props(process: Any, text: str) -> list[dict]:
    return process(text, published="2025-03-12")["proposals"]


def test_if_conditions_split(process: Any) -> None:
    ps = props(process, "Moscow said it would be ready for peace talks if Georgian troops "
                        "withdraw from the border – and if Georgia gives up its plan to join NATO.")
    assert len(ps) == 1
    assert ps[0]["conditions"] == ["Georgian troops withdraw from the border",
                                   "Georgia gives up its plan to join NATO"]


def test_must_conditions_split_on_coordinated_verbs(process: Any) -> None:
    ps = props(process, "Putin reiterated Russia's conditions for a broader ceasefire - that "
                        "Kiev must not use it to supply weapons and mobilize additional troops.")
    assert ps and ps[0]["kind"] == "full ceasefire"
    assert ps[0]["conditions"] == ["Kiev must not use it to supply weapons",
                                   "Kiev must not use it to mobilize additional troops"]


def test_on_condition_that(process: Any) -> None:
    ps = props(process, "Hamas offered a truce on condition that Israel withdraws from Gaza.")
    assert ps and ps[0]["kind"] == "ceasefire"
    assert any("Israel withdraws from Gaza" in c for c in ps[0]["conditions"])


def test_trivial_condition_dropped(process: Any) -> None:
    ps = props(process, "If Armenia agrees, Azerbaijan said it would cease fire.")
    assert ps and ps[0]["conditions"] == []


def test_responses_later_in_the_article(process: Any) -> None:
    ps = props(process, "Serbia's president presented a peace plan for Kosovo on Monday. "
                        "The weather was cold. Kosovo and the European Union dismissed it.")
    stances = {(r["actor"]["name"] if r["actor"] else None, r["stance"])
               for p in ps for r in p["responses"]}
    assert any(s == "reject" for _, s in stances)


def test_consider_by_passive_caution(process: Any) -> None:
    ps = props(process, "Russia's deputy defence minister said his nation would reduce "
                        "military activity near Kyiv. The statement was met with caution by "
                        "the UK and Ukraine.")
    assert ps
    assert [r["stance"] for r in ps[0]["responses"]] == ["consider", "consider"]


def test_counter_creates_the_narrower_proposal(process: Any) -> None:
    ps = props(process, "The US said it would seek Russia's agreement to a 30-day ceasefire. "
                        "Putin agreed only to a much narrower ceasefire on energy facilities.")
    assert ps[0]["kind"] == "30-day ceasefire"
    assert any(r["stance"] == "counter" for r in ps[0]["responses"])
    assert any(p["kind"] == "energy infrastructure ceasefire" for p in ps)


def test_proposal_offsets_hold(process: Any) -> None:
    rec = process("Turkey proposed a prisoner exchange. Russia rejected it.")
    for p in rec["proposals"]:
        assert rec["text"][p["start"]:p["end"]] == p["text"]
        for r in p["responses"]:
            assert rec["text"][r["start"]:r["end"]] == r["text"]


def test_same_proposal_from_two_outlets_merges(process: Any, store: Any) -> None:
    from accord.queries import Page, list_proposals

    a = process("The United States proposed a 30-day ceasefire to Russia on Tuesday.",
                published="2025-03-12", source="a.txt")
    b = process("Washington's offer of a 30-day truce was rejected by Moscow.",
                published="2025-03-13", source="b.txt")
    store.put_records([a, b])
    merged = [p for p in list_proposals(store, page=Page(limit=50))["items"]
              if p["kind"] == "30-day ceasefire"]
    assert len(merged) == 1
    assert {s["source"] for s in merged[0]["sources"]} == {"a.txt", "b.txt"}


def test_unresolved_its_offer_answered_belongs_to_the_other_actor(process: Any) -> None:
    ps = props(process, "The European Union proposed a new trade pact on Monday. "
                        "Beijing rejected its offer for new talks.")
    talks = [p for p in ps if p["kind"] == "talks"]
    assert talks and talks[0]["proposer"]["name"] == "European Union"


def test_ceasing_aid_is_no_ceasefire(process: Any) -> None:
    ps = props(process, "Colombia said it would cease military aid to Ecuador.")
    assert not [p for p in ps if "ceasefire" in p["kind"]]
    ps = props(process, "Azerbaijan said it would cease fire along the border.")
    assert [p["kind"] for p in ps] == ["ceasefire"]


def test_a_state_is_no_condition(process: Any) -> None:
    assert props(process, "Trade between Chile and Peru is in good condition.") == []


def test_an_agreement_in_force_is_no_offer(process: Any) -> None:
    assert props(process, "The 2019 fisheries deal set quotas for both fleets.") == []


def test_convening_a_meeting_proposes_talks(process: Any) -> None:
    ps = props(process, "Qatar will convene a meeting with Hamas and Israel on Friday.")
    assert ps and ps[0]["kind"] == "talks" and ps[0]["proposer"]["name"] == "Qatar"


def test_parties_to_a_deal_they_are_to_sign(process: Any) -> None:
    ps = props(process, "Chile and Peru were supposed to sign a fisheries deal in May.")
    assert ps and ps[0]["proposer"]["name"] == "Chile"


def test_a_bare_reference_to_a_deal_is_no_offer(process: Any) -> None:
    assert props(process, "Under the terms of the deal, fishing quotas can rise.") == []


def stances(p: dict) -> list[tuple[str | None, str]]:
    return [((r["actor"] or {}).get("name"), r["stance"]) for r in p["responses"]]


def test_hyphenated_sponsor_is_the_proposer(process: Any) -> None:
    ps = props(process, "Hamas rejected an Egyptian-brokered truce.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("ceasefire", "Egypt")]
    assert stances(ps[0]) == [("Hamas", "reject")]
    ps = props(process, "Israel rejected the U.N.-backed plan.")  # one token: U.N.-backed
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("peace plan", "United Nations")]


def test_demonym_on_an_offer_noun_is_the_proposer(process: Any) -> None:
    ps = props(process, "Japan opposed a Chinese proposal on fishing quotas.")
    assert len(ps) == 1 and ps[0]["proposer"]["name"] == "China"
    assert stances(ps[0]) == [("Japan", "reject")]


def test_calling_on_parties_to_resume_talks_proposes_them(process: Any) -> None:
    ps = props(process, "Norway called on both sides to resume peace talks.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("talks", "Norway")]
    assert props(process, "Norway asked about the talks.") == []


def test_asking_for_relief_and_the_request_denied(process: Any) -> None:
    ps = props(process, "Venezuela asked Washington for sanctions relief, but Washington "
                        "denied the request.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("sanctions relief", "Venezuela")]
    assert stances(ps[0]) == [("United States", "reject")]


def test_a_party_urged_to_accept_has_not_accepted(process: Any) -> None:
    ps = props(process, "Brazil urged Venezuela to accept the Colombian-proposed truce.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("ceasefire", "Colombia")]
    assert ps[0]["responses"] == []
    ps = props(process, "Peru proposed a ceasefire. It is now for Ecuador to accept it.")
    assert len(ps) == 1 and ps[0]["responses"] == []


def test_refusing_to_support_is_one_rejection(process: Any) -> None:
    ps = props(process, "Peru proposed talks on the border. Ecuador refused to support the plan.")
    assert len(ps) == 1 and stances(ps[0]) == [("Ecuador", "reject")]


def test_dismissing_something_else_answers_no_offer(process: Any) -> None:
    ps = props(process, "Peru proposed a ceasefire. Ecuador dismissed the accusations of bias.")
    assert len(ps) == 1 and ps[0]["responses"] == []


def test_what_is_asked_before_granting_is_a_condition(process: Any) -> None:
    ps = props(process, "Mexico asked instead for a full audit before granting any easing "
                        "of tariffs.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("sanctions relief", "Mexico")]
    assert ps[0]["conditions"] == ["full audit"]
    ps = props(process, "Israel demands the release of all hostages before any ceasefire.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("ceasefire", "Israel")]
    assert ps[0]["conditions"] == ["release of all hostages"]
    ps = props(process, "Moscow proposed talks before the summit.")
    assert ps and ps[0]["conditions"] == []


def test_who_calls_for_talks_proposes_them_not_who_is_asked(process: Any) -> None:
    ps = props(process, "Norway called for Sudan's army to lift the blockade and establish a "
                        "dialogue.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("talks", "Norway")]


def test_a_pronoun_answering_in_a_reported_clause_is_the_sayer(process: Any) -> None:
    ps = props(process, "Egypt proposed a truce on Monday. Israel said it was studying the "
                        "proposal.")
    assert len(ps) == 1 and stances(ps[0]) == [("Israel", "consider")]


def test_a_truce_brokered_or_proposed_by_someone(process: Any) -> None:
    ps = props(process, "Hamas rejected the truce brokered by Qatar.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("ceasefire", "Qatar")]
    assert stances(ps[0]) == [("Hamas", "reject")]
    ps = props(process, "Israel agreed to the truce proposed by Egypt, provided that Hamas "
                        "releases all hostages.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("ceasefire", "Egypt")]
    assert ps[0]["conditions"] == ["Hamas releases all hostages"]
    assert stances(ps[0]) == [("Israel", "accept")]


def test_readiness_for_talks_offers_them(process: Any) -> None:
    ps = props(process, "Putin signaled readiness for talks with Ukraine.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("talks", "Vladimir Putin")]


def test_an_acceptance_on_conditions_is_its_own_offer(process: Any) -> None:
    ps = props(process, "Hamas said it would accept a truce as long as Israel withdraws "
                        "from Gaza.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("ceasefire", "Hamas")]
    assert ps[0]["conditions"] == ["Israel withdraws from Gaza"]
    assert stances(ps[0]) == [("Hamas", "accept")]
    assert props(process, "Hamas said it would accept a truce.") == []


def test_a_reported_must_alone_proposes_nothing(process: Any) -> None:
    # GUIDELINES 4: a "must" in reported speech states a condition of an offer
    # made (see test_conditions_told_after_the_offer); by itself it offers
    # nothing (the corpus labels "talks with China must continue" and "they must
    # return to the negotiation table" as no proposal)
    assert props(process, "Chile said talks with Bolivia must continue.") == []
    assert props(process, "Colombia said the rebels must stop the attacks and return to the "
                          "negotiation table.") == []


def test_support_in_principle_with_a_but_only_considers(process: Any) -> None:
    ps = props(process, "Egypt proposed a truce. Israel said it supports the truce in "
                        "principle, but key details still need to be worked out.")
    assert len(ps) == 1 and stances(ps[0]) == [("Israel", "consider")]
    ps = props(process, "Egypt proposed a truce. Israel said it supports the truce.")
    assert len(ps) == 1 and stances(ps[0]) == [("Israel", "accept")]


def test_a_demand_after_if_then_is_no_part_of_the_condition(process: Any) -> None:
    ps = props(process, "“If the rebels are sincere in what they say, then they must stop "
                        "the attacks and return to the negotiation table,” Colombia's "
                        "foreign minister Luis Gilberto Murillo told VOA.")
    assert ps == []  # a challenge and a reported "must": no condition, no offer
    ps = props(process, "Moscow said it would be ready for talks if Kyiv is neutral.")
    assert ps and ps[0]["conditions"] == ["Kyiv is neutral"]


def test_attending_the_talks_accepts_them(process: Any) -> None:
    ps = props(process, "China will convene talks with Iran and Russia on Friday. Iran said "
                        "it will attend the talks.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("talks", "China")]
    assert stances(ps[0]) == [("Iran", "accept")]


def test_proposing_or_demanding_something_of_no_kind(process: Any) -> None:
    ps = props(process, "The Chinese side proposed to set a minimum import price.")
    assert [(p["kind"], p["proposer"]["name"]) for p in ps] == [("offer", "China")]
    ps = props(process, "Trump demanded that Ottawa must immediately drop its dairy tariffs.")
    assert [(p["kind"], p["proposer"]["name"], p["conditions"]) for p in ps] == [
        ("demand", "Donald Trump", [])]
    assert props(process, "This is not what Trump demanded.") == []


def test_he_opening_a_sentence_is_the_person_before(process: Any) -> None:
    ps = props(process, "Kenya proposed to close the camps. Aden Duale, a lawmaker, thinks "
                        "the dispute was a factor. But he doesn't support the plan.")
    assert len(ps) == 1 and ps[0]["proposer"]["name"] == "Kenya"
    assert stances(ps[0]) == [("Aden Duale", "reject")]


def test_a_measure_rejected_and_a_number_that_declined(process: Any) -> None:
    ps = props(process, "Kenya proposed to close the camps. The UNHCR said it was ready to "
                        "help. Mohamed Hassan, a lawmaker, spoke on Monday. But he doesn't "
                        "support the measure. The number of refugees declined to 230,000.")
    assert len(ps) == 1 and ps[0]["proposer"]["name"] == "Kenya"
    assert ("Mohamed Hassan", "reject") in stances(ps[0])
    ps = props(process, "Kenya proposed to close the camps. In Dadaab, the number of "
                        "refugees in Dadaab declined to 230,000.")
    assert len(ps) == 1 and ps[0]["responses"] == []


def test_reluctance_to_endorse_only_considers(process: Any) -> None:
    ps = props(process, "The U.S. proposed a ceasefire. The Kremlin said much remains to be "
                        "done, signaling its reluctance to fully endorse the U.S. proposal.")
    assert len(ps) == 1 and stances(ps[0]) == [("Russia", "consider")]


def test_a_deal_its_parties_sign_is_a_proposal_between_them(process: Any) -> None:
    ps = props(process, "Cameroon and the Central African Republic signed an agreement to "
                        "jointly combat armed gangs along their border.")
    assert [(p["kind"], p["proposer"]["id"], p["recipient"]["id"]) for p in ps] == [
        ("deal", "cameroon", "central-african-republic")]
    assert ps[0]["terms"] == ["an agreement to jointly combat armed gangs along their border"]


def test_an_act_offered_on_a_condition_is_an_offer_with_that_condition(process: Any) -> None:
    ps = props(process, "U.S. President Donald Trump would meet with Kim Jong Un if there is a "
                        "prospect of making a deal, the White House said.")
    assert len(ps) == 1 and ps[0]["proposer"]["id"] == "donald-trump"
    assert ps[0]["conditions"] == ["there is a prospect of making a deal"]
    quoted = props(process, "\"If you are willing to repatriate immigrants, we will try to help "
                            "with repatriation,\" Hungarian Prime Minister Viktor Orban said.")
    assert quoted and quoted[0]["proposer"]["name"] == "Viktor Orban"
    assert quoted[0]["conditions"] == ["you are willing to repatriate immigrants"]


def test_a_threat_on_a_condition_offers_nothing(process: Any) -> None:
    assert props(process, "Russia will strike Kyiv again if Ukraine attacks its territory.") == []
    assert props(process, "Trump would not meet Kim if the tests continue.") == []


def test_a_proposal_lists_every_mention_of_it(process: Any) -> None:
    rec = process("Russia proposed a 30-day ceasefire to Ukraine on Monday. Kyiv rejected the "
                  "proposal on Tuesday, and the United States called the offer a sham. Ukraine "
                  "said it would study Putin's terms.", published="2025-03-12")
    (p,) = [p for p in rec["proposals"] if p["kind"] == "30-day ceasefire"]
    assert [m["text"] for m in p["mentions"]] == ["a 30-day ceasefire", "the proposal",
                                                  "the offer", "Putin's terms"]
    assert all(rec["text"][m["start"]:m["end"]] == m["text"] for m in p["mentions"])


def test_conditions_of_once_and_in_exchange_for(process: Any) -> None:
    ps = props(process, "Russia offered a ceasefire once Ukraine withdraws its troops from Kursk.")
    assert [(p["kind"], p["conditions"]) for p in ps] == [
        ("ceasefire", ["Ukraine withdraws its troops from Kursk"])]
    ps = props(process, "Washington offered sanctions relief in exchange for a halt to "
                        "enrichment.")
    assert [(p["kind"], p["conditions"]) for p in ps] == [
        ("sanctions relief", ["a halt to enrichment"])]  # no "prisoner exchange"
