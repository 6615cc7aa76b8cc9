"""accord_actors: recognition, linking, titles, metonyms, unknown actors,
pronouns and descriptions, on passages written in the style of different
outlets (wire copy, broadsheet, tabloid, machine translation)."""

from __future__ import annotations

from typing import Any

import pytest

from accord.kb import load_kb, norm_key
from accord.pipeline import make_doc
from accord.pipeline.actors.component import slugify
from accord.pipeline.common.mentions import entity_ref, mentions_in, ref_at


def links(rec: dict[str, Any]) -> dict[str, str]:
    """surface text -> entity id, for every named mention of the record."""
    text = rec["text"]
    return {text[s:e]: ent["id"] for ent in rec["entities"] for s, e in ent["mentions"]}


def entity(rec: dict[str, Any], eid: str) -> dict[str, Any]:
    return next(e for e in rec["entities"] if e["id"] == eid)


def span_of(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return start, start + len(needle)


# -- knowledge base ----------------------------------------------------------

def test_kb_loads_hundreds_of_actors_with_titles() -> None:
    kb = load_kb()
    stats = kb.stats()
    assert stats["actors"] >= 700 and stats["aliases"] >= 1500 and stats["titles"] >= 80
    assert kb.actors["nato"].country == "IGO"
    assert kb.actors["us-department-of-defense"].sector == "MIL"
    assert kb.actors["kyiv"].acts_for == "ukraine"
    assert kb.lookup("Kiev") == {"kyiv": "alias"}
    assert kb.holders("united-states", "president", "2024-06-01") == ["joe-biden"]
    assert kb.holders("united-states", "president", "2025-03-01") == ["donald-trump"]
    assert kb.holders("united-states", "president", None) == []


def test_norm_key_folds_spelling() -> None:
    assert norm_key("the U.S.’s") == "us"
    assert norm_key("Erdoğan") == "erdogan"
    assert norm_key("Ben-Gvir") == "ben gvir"


def test_extra_actors_file(tmp_path: Any) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text("people:\n- {id: ilya-grashchenkov, name: Ilya Grashchenkov, country: RUS,"
                     " sector: EDU, aliases: [Grashchenkov]}\n", encoding="utf-8")
    kb = load_kb(extra)
    assert kb.lookup("Grashchenkov") == {"ilya-grashchenkov": "alias"}


# -- recognition ---------------------------------------------------------------

def test_regions_are_places_not_people(process: Any) -> None:
    text = ("Moscow demands that Kyiv withdraw from the Zaporizhzhia, Kherson, Donetsk "
            "and Luhansk regions, while fighting continues in Russia's Kursk region.")
    rec = process(text, published="2024-06-14")
    got = links(rec)
    for place in ("Kherson", "Donetsk", "Luhansk", "Zaporizhzhia"):
        assert got[place] == place.lower()
        assert entity(rec, place.lower())["type"] == "LOC"
    assert got["Kursk region"] == "kursk"


def test_lowercase_us_is_not_the_united_states(process: Any) -> None:
    rec = process("Officials told us the US would respond.", published="2024-01-01")
    assert links(rec) == {"US": "united-states"}


# -- exact, fuzzy and transliterated spellings ------------------------------------

@pytest.mark.parametrize("surface,eid", [
    ("Volodimia Zelensky", "volodymyr-zelenskyy"),
    ("Volodymyr Zelenskiy", "volodymyr-zelenskyy"),
    ("Steve Witkov", "steve-witkoff"),
    ("Sergei Narishkin", "sergei-naryshkin"),
    ("Dmitri S. Peskov", "dmitry-peskov"),
    ("Vladimir V. Putin", "vladimir-putin"),
])
def test_known_spellings_link(process: Any, surface: str, eid: str) -> None:
    text = f"Earlier on Wednesday, {surface} told reporters in Moscow that talks would continue."
    rec = process(text, published="2025-03-12")
    assert links(rec)[surface] == eid


def test_fuzzy_misspellings_from_machine_translation(process: Any) -> None:
    text = ("Ukrainian President Volodymir Zelenskky met Sergej Lavrow in Istanbul. "
            "Prime Minister Benjamin Netanyahou later spoke to Antony Blinkin.")
    rec = process(text, published="2022-03-30")
    got = links(rec)
    assert got["Volodymir Zelenskky"] == "volodymyr-zelenskyy"
    assert got["Sergej Lavrow"] == "sergey-lavrov"
    assert got["Benjamin Netanyahou"] == "benjamin-netanyahu"
    assert got["Antony Blinkin"] == "antony-blinken"
    via = {m.entity_id: m.via for m in _doc(text, "2022-03-30")._.mentions}
    assert via["sergey-lavrov"] == "fuzzy"


_NLP: list[Any] = []


@pytest.fixture(autouse=True)
def _keep_nlp(nlp: Any) -> None:
    if not _NLP:
        _NLP.append(nlp)


def _doc(text: str, published: str | None = None) -> Any:
    nlp = _NLP[0]
    return nlp(make_doc(nlp, text, {"source": "t.txt", "published": published}))


def test_kiev_and_kharkov_are_kyiv_and_kharkiv(process: Any) -> None:
    rec = process("Explosions were heard in Kiev and near Kharkov overnight.",
                  published="2023-01-01")
    assert links(rec) == {"Kiev": "kyiv", "Kharkov": "kharkiv"}
    assert set(entity(rec, "kyiv")["aliases"]) == {"Kyiv", "Kiev"}


def test_gazan_is_gaza(process: Any) -> None:
    rec = process("Gazan families fled south as strikes hit Rafah.", published="2024-05-07")
    assert links(rec)["Gazan"] == "gaza"


# -- surnames, honorifics, initials -----------------------------------------------

def test_surname_and_mr_after_full_name(process: Any) -> None:
    text = ("Kremlin spokesman Dmitri S. Peskov said the proposal was being studied. "
            "Mr. Peskov declined to give a date. Peskov later spoke again.")
    rec = process(text, published="2025-03-12")
    peskov = entity(rec, "dmitry-peskov")
    surfaces = {text[s:e] for s, e in peskov["mentions"]}
    assert {"Dmitri S. Peskov", "Peskov"} <= surfaces
    assert peskov["name"] == "Dmitry Peskov"
    assert "Dmitri S. Peskov" in peskov["aliases"]


def test_surname_of_misspelled_full_name(process: Any) -> None:
    text = ("Kremlin spokesman Dmitri Peskow told reporters that Moscow was open to talks. "
            "Peskow added that the Kremlin would study the plan.")
    rec = process(text, published="2025-03-12")
    got = links(rec)
    assert got["Dmitri Peskow"] == "dmitry-peskov"
    assert got["Peskow"] == "dmitry-peskov"


def test_two_markovs_leave_the_surname_unlinked(process: Any) -> None:
    text = ("Sergei Markov, a political analyst, and Pavel Markov, a retired general, "
            "disagreed. Markov said the war would go on.")
    rec = process(text, published="2025-03-12")
    got = links(rec)
    assert got["Sergei Markov"] == "sergei-markov"
    assert got["Pavel Markov"] == "pavel-markov"
    assert "Markov" not in got


def test_surname_shared_by_two_kb_people_is_not_guessed(process: Any) -> None:
    rec = process("Sinwar was killed in Rafah, the Israeli military said.",
                  published="2024-10-17")
    assert "Sinwar" not in links(rec)
    rec = process("Johnson said the House would vote on the aid package next week.",
                  published="2024-04-15")
    assert "Johnson" not in links(rec)


def test_shared_surname_links_through_full_mention(process: Any) -> None:
    text = ("Boris Johnson flew to Kyiv in April. Johnson told reporters that Britain "
            "would send more weapons.")
    rec = process(text, published="2022-04-09")
    assert links(rec)["Johnson"] == "boris-johnson"
    assert links(rec)["Britain"] == "united-kingdom"


# -- titles by date -----------------------------------------------------------------

@pytest.mark.parametrize("published,eid", [("2024-06-01", "joe-biden"),
                                           ("2025-03-01", "donald-trump")])
def test_us_president_by_date(process: Any, published: str, eid: str) -> None:
    text = "The US president said on Tuesday that the ceasefire would hold."
    rec = process(text, published=published)
    assert links(rec)["US president"] == eid


def test_ambiguous_title_without_date_stays_unlinked(process: Any) -> None:
    rec = process("The US president said on Tuesday that the ceasefire would hold.")
    assert "US president" not in links(rec)


def test_title_without_date_links_to_the_named_holder(process: Any) -> None:
    text = ("Putin spoke for two hours. The Russian leader said the West was to blame, "
            "and the Kremlin strongman warned of retaliation.")
    rec = process(text)
    got = links(rec)
    assert got["Russian leader"] == "vladimir-putin"
    assert got["the Kremlin strongman"] == "vladimir-putin"


def test_titles_of_organisations_and_ministers(process: Any) -> None:
    text = ("The Israeli defence minister visited troops. NATO's secretary general called "
            "for calm, and the president of Ukraine thanked him. The Irish prime minister "
            "met the UN secretary-general.")
    rec = process(text, published="2024-03-01")
    got = links(rec)
    assert got["Israeli defence minister"] == "yoav-gallant"
    assert got["NATO's secretary general"] == "jens-stoltenberg"
    assert got["the president of Ukraine"] == "volodymyr-zelenskyy"
    assert got["Irish prime minister"] == "leo-varadkar"
    assert got["the UN secretary-general"] == "antonio-guterres"


def test_former_holder_is_not_the_current_one(process: Any) -> None:
    text = ("Andrei Kozyrev, who served as Russia's foreign minister in the 1990s, "
            "said the talks would fail.")
    rec = process(text, published="2025-03-20")
    assert "sergey-lavrov" not in {e["id"] for e in rec["entities"]}


def test_title_before_a_name_gives_way_to_the_name(process: Any) -> None:
    text = "Russia's foreign minister Sergei Lavrov met his Turkish counterpart."
    rec = process(text, published="2022-03-10")
    got = links(rec)
    assert got["Sergei Lavrov"] == "sergey-lavrov"
    assert "Russia's foreign minister" not in got


# -- metonyms, institutions, governments ------------------------------------------------

def test_metonyms_act_for_their_government(process: Any) -> None:
    text = ("Washington and Beijing agreed to cut tariffs, the White House said, while the "
            "Pentagon warned of new risks. The Kremlin said Moscow had not been consulted.")
    rec = process(text, published="2025-05-12")
    got = links(rec)
    assert got["Washington"] == got["the White House"] == "united-states"
    assert got["Beijing"] == "china"
    assert got["the Pentagon"] == "us-department-of-defense"
    assert entity(rec, "us-department-of-defense")["sector"] == "MIL"
    assert got["The Kremlin"] == got["Moscow"] == "russia"
    assert "The Kremlin" in entity(rec, "russia")["aliases"]


def test_capital_as_place_vs_actor(process: Any) -> None:
    text = ("Russia launched fresh attacks near the Ukrainian capital Kyiv. Kyiv rejected "
            "the offer, and Kiev's leadership said it would fight on.")
    rec = process(text, published="2022-03-30")
    kyiv_place, kyiv_actor = span_of(text, "Kyiv"), span_of(text, "Kyiv", 1)
    assert list(kyiv_place) in entity(rec, "kyiv")["mentions"]
    assert list(kyiv_actor) in entity(rec, "ukraine")["mentions"]


def test_institutions_and_administrations(process: Any) -> None:
    text = ("The Russian Foreign Ministry released an interview, while the Trump "
            "administration said Ukrainian troops had pulled back. The Israeli military "
            "said the Russian Foreign Intelligence Agency was not involved.")
    rec = process(text, published="2025-03-12")
    got = links(rec)
    assert got["Russian Foreign Ministry"] == "russia-foreign-ministry"
    assert got["Trump administration"] == "united-states"
    assert got["Ukrainian troops"] == "ukraine-military"
    assert got["Israeli military"] == "idf"
    assert got["Russian Foreign Intelligence Agency"] == "svr"
    assert entity(rec, "ukraine-military")["sector"] == "MIL"


# -- unknown actors ---------------------------------------------------------------------

def test_unknown_actor_with_role_and_affiliation(process: Any) -> None:
    text = ("“It certainly isn't impossible,” said Samuel Charap, a Russia analyst at the "
            "RAND Corporation. Charap added that Moscow would wait.")
    rec = process(text, published="2025-03-12")
    charap = entity(rec, "samuel-charap")
    assert charap["type"] == "PERSON" and charap["sector"] == "EDU"
    assert charap["role"] == "Russia analyst"
    assert charap["affiliation"] == "RAND Corporation"
    assert charap["country"] is None
    assert links(rec)["Charap"] == "samuel-charap"


def test_unknown_actor_role_before_the_name(process: Any) -> None:
    text = "Moscow political analyst Ilya Grashchenkov said the Kremlin could be tempted."
    rec = process(text, published="2025-03-12")
    ilya = entity(rec, "ilya-grashchenkov")
    assert ilya["sector"] == "EDU" and "political analyst" in ilya["role"]


def test_unknown_ids_are_stable_across_documents(process: Any) -> None:
    a = process("Tatiana Ivanova, a Kharkiv resident, said the night was quiet.")
    b = process("“We are tired,” said Tatiana Ivanova, who fled in 2022.")
    assert "tatiana-ivanova" in {e["id"] for e in a["entities"]}
    assert "tatiana-ivanova" in {e["id"] for e in b["entities"]}
    assert slugify("Tatiana  Ivanova’s") == "tatiana-ivanova"


# -- pronouns and descriptions ------------------------------------------------------------

def test_pronoun_resolves_to_previous_subject() -> None:
    text = ("Putin's spokesman Dmitri S. Peskov told reporters on Wednesday that the Kremlin "
            "was studying the results. He said he hoped the US would share details.")
    doc = _doc(text, "2025-03-12")
    he = span_of(text, "He said")
    ref = ref_at(doc, he[0], he[0] + 2)
    assert ref is not None
    assert (ref.id, ref.start, ref.end, ref.inferred) == ("dmitry-peskov", he[0], he[0] + 2,
                                                          "pronoun")


def test_she_skips_male_antecedents() -> None:
    text = ("Maria Zakharova met Sergei Lavrov on Monday. Later she accused Kiev of sabotage.")
    doc = _doc(text, "2023-05-05")
    she = span_of(text, "she")
    assert ref_at(doc, *she).id == "maria-zakharova"


def test_they_for_an_organisation() -> None:
    text = ("In a statement, the Houthis said they had fired missiles at ships in the Red Sea.")
    doc = _doc(text, "2024-01-10")
    they = span_of(text, "they")
    ref = ref_at(doc, *they)
    assert ref is not None and ref.id == "houthis" and ref.inferred == "pronoun"


def test_descriptions_resolve_to_the_right_person() -> None:
    text = ("The talks were attended by Roman Abramovich. The Russian billionaire played an "
            "early role, according to Peter Frankopan, the professor of global history at "
            "the University of Oxford. The political expert said Putin could escalate.")
    doc = _doc(text, "2022-03-30")
    billionaire = span_of(text, "The Russian billionaire")
    expert = span_of(text, "The political expert")
    assert ref_at(doc, *billionaire).id == "roman-abramovich"
    ref = ref_at(doc, *expert)
    assert (ref.id, ref.inferred) == ("peter-frankopan", "description")
    frankopan = doc._.entities["peter-frankopan"]
    assert frankopan.sector == "EDU"
    assert frankopan.extra["affiliation"] == "University of Oxford"


def test_unclear_pronoun_stays_unresolved() -> None:
    text = "The call between Putin and Trump lasted two hours. He said it went well."
    doc = _doc(text, "2025-03-19")
    he = span_of(text, "He")
    assert ref_at(doc, *he) is None


# -- the interface for other extractors ---------------------------------------------------

def test_ref_at_prefers_the_head_and_helpers() -> None:
    text = "Trump envoy Steve Witkov met Putin in Moscow."
    doc = _doc(text, "2025-03-12")
    subj = span_of(text, "Trump envoy Steve Witkov")
    ref = ref_at(doc, *subj)
    assert (ref.id, ref.name, ref.inferred) == ("steve-witkoff", "Steve Witkoff", None)
    assert (ref.start, ref.end) == span_of(text, "Steve Witkov")
    assert [m.entity_id for m in mentions_in(doc, 0, len(text))] == \
        ["donald-trump", "steve-witkoff", "vladimir-putin", "moscow"]
    r = entity_ref(doc, "vladimir-putin", *span_of(text, "Putin"))
    assert (r.name, r.id, r.inferred) == ("Vladimir Putin", "vladimir-putin", None)


def test_mentions_sorted_and_offsets_hold(process: Any) -> None:
    text = ("Kremlin spokesman Dmitry Peskov said Russia's president would speak with the "
            "US president. He added that Kyiv had not replied.")
    doc = _doc(text, "2025-03-01")
    starts = [m.start for m in doc._.mentions]
    assert starts == sorted(starts)
    rec = process(text, published="2025-03-01")
    for ent in rec["entities"]:
        for s, e in ent["mentions"]:
            assert text[s:e] in ent["aliases"]
    assert links(rec)["Russia's president"] == "vladimir-putin"
    assert links(rec)["US president"] == "donald-trump"


def test_extra_actors_through_the_component(nlp: Any, tmp_path: Any) -> None:
    from accord.kb import load_kb
    from accord.pipeline.actors.component import ActorLinker

    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "people:\n"
        "- {id: ilya-grashchenkov, name: Ilya Grashchenkov, country: RUS, sector: EDU,"
        " gender: m, aliases: [Grashchenkov, Ilya Grashenkov]}\n", encoding="utf-8")
    linker = ActorLinker(nlp, "accord_actors_extra", kb=load_kb(str(extra)))
    text = "Moscow analyst Ilya Grashenkov said the Kremlin was tempted. Grashchenkov added more."
    doc = linker(_doc(text, "2025-03-12"))
    assert ref_at(doc, *span_of(text, "Ilya Grashenkov")).id == "ilya-grashchenkov"
    ent = doc._.entities["ilya-grashchenkov"]
    assert (ent.country, ent.sector, ent.name) == ("RUS", "EDU", "Ilya Grashchenkov")
    assert len(ent.mentions) == 2


# -- the head of a subject phrase, not its modifiers ------------------------------

def _ref_over(doc: Any, phrase: str) -> Any:
    start, end = span_of(doc.text, phrase)
    return ref_at(doc, start, end)


def test_person_beats_organisation_in_the_same_phrase() -> None:
    text = ("Senior researcher Lina Haddad of Beirut's Saint Joseph University said the "
            "truce was fragile. Hezbollah media office spokesman Walid Karam said otherwise.")
    doc = _doc(text, "2024-11-20")
    ref = _ref_over(doc, "Senior researcher Lina Haddad of Beirut's Saint Joseph University")
    assert (ref.id, doc.text[ref.start:ref.end]) == ("lina-haddad", "Lina Haddad")
    assert _ref_over(doc, "Hezbollah media office spokesman Walid Karam").id == "walid-karam"


def test_possessor_beats_compound_modifier() -> None:
    doc = _doc("Venezuela's U.N. mission called the vote illegal on Tuesday.", "2024-08-06")
    ref = _ref_over(doc, "Venezuela's U.N. mission")
    assert (ref.id, doc.text[ref.start:ref.end]) == ("venezuela", "Venezuela")


# -- a named role, then the role alone ------------------------------------------------

def test_role_with_organisation_resolves_to_the_named_holder() -> None:
    text = ("Osama Hamdan, the Hamas political bureau spokesman, rejected the plan on Monday. "
            "Egypt offered to host more talks. \"We will not accept partial deals,\" the Hamas "
            "political bureau spokesman said.")
    doc = _doc(text, "2024-07-01")
    got = {doc.text[m.start:m.end]: (m.entity_id, m.via) for m in doc._.mentions
           if m.start > text.index("Egypt")}
    assert got["the Hamas political bureau spokesman"] == ("osama-hamdan", "description")
    assert got["Hamas"][0] == "hamas"
    quote = doc._.quotes[-1]
    assert quote.speaker.id == "osama-hamdan"


# -- family name first -------------------------------------------------------------

def test_family_name_first_links_to_full_name(process: Any) -> None:
    text = ("South Korea's foreign minister, Cho Tae-yul, met his Japanese counterpart. "
            "Cho said the two would meet again in May.")
    rec = process(text, published="2024-03-20")
    assert links(rec)["Cho"] == links(rec)["Cho Tae-yul"]


def test_shared_name_word_stays_unlinked(process: Any) -> None:
    text = ("Kim Min-seok and Kim Yong-hyun attended the briefing in Seoul on Friday. "
            "Kim said nothing about the plan.")
    rec = process(text, published="2024-03-20")
    assert links(rec).get("Kim") not in ("kim-min-seok", "kim-yong-hyun")


# -- what is not an actor ------------------------------------------------------------

def test_faiths_and_holidays_are_not_actors(process: Any) -> None:
    text = ("Churches across Lebanon rang their bells on Sunday. The city is sacred in "
            "Christianity and Islam, and the curfew was lifted for Eid al-Fitr and Easter.")
    rec = process(text, published="2024-04-10")
    names = {e["name"] for e in rec["entities"]}
    assert names == {"Lebanon"}


def test_title_words_are_not_organisations(process: Any) -> None:
    text = ("Secretary of State Marco Rubio briefed the Cabinet on Monday, and National "
            "Security Advisor Mike Waltz joined them.")
    rec = process(text, published="2025-03-10")
    assert {e["id"] for e in rec["entities"]} == {"marco-rubio", "mike-waltz"}


def test_byline_credits_are_not_actors(process: Any) -> None:
    text = ("Sudan's army retook the bridge on Friday. Maria Lopez and Tom Baker "
            "contributed to this report.")
    rec = process(text, published="2024-10-04")
    assert not any(e["type"] == "PERSON" for e in rec["entities"])


# -- names NER cut short or missed ----------------------------------------------------

def test_longer_name_ending_in_a_known_organisation(process: Any) -> None:
    text = ("Anna Berg, a senior fellow at the European Council on Foreign Relations, said "
            "the European Council would meet.")
    rec = process(text, published="2024-06-01")
    got = links(rec)
    assert got["European Council on Foreign Relations"] == \
        "european-council-on-foreign-relations"
    assert got["European Council"] == "european-council"


def test_demonym_before_a_known_organisation_is_not_a_new_name(process: Any) -> None:
    rec = process("Envoys met the Afghan Taliban in Doha on Sunday.", published="2024-06-30")
    assert links(rec)["Taliban"] == "taliban"


def test_ner_piece_of_a_hyphenated_name_grows_to_the_whole_word() -> None:
    from accord.pipeline.actors.candidates import _whole_words

    doc = _NLP[0].make_doc("Attacks by Jamaat-e-Taliban Sindh and pro-Kremlin blogs rose.")
    words = [t.text for t in doc]
    first = words.index("Jamaat")
    start, end = _whole_words(doc, first, first + 1)
    assert doc[start:end].text == "Jamaat-e-Taliban"
    start, end = _whole_words(doc, first + 4, first + 5)
    assert doc[start:end].text == "Jamaat-e-Taliban"
    sindh = words.index("Sindh")
    assert _whole_words(doc, sindh, sindh + 1) == (sindh, sindh + 1)


def test_capitalised_run_ending_in_an_organisation_word(process: Any) -> None:
    text = ("\"Investors have priced it in,\" said economist Jan Novak of Baltic Capital "
            "Partners.")
    rec = process(text, published="2024-06-01")
    assert entity(rec, "baltic-capital-partners")["type"] == "ORG"


def test_a_country_s_police(process: Any) -> None:
    rec = process("Kenyan police fired tear gas at protesters in Nairobi on Tuesday.",
                  published="2024-06-25")
    assert links(rec)["Kenyan police"] == "kenya-police"
    assert entity(rec, "kenya-police")["name"] == "Police of Kenya"


def test_outlet_that_only_carries_a_statement_is_not_an_actor(process: Any) -> None:
    text = ("\"We will respond,\" Ali Reza told VOA on Monday. A diplomat told the Nasha Niva "
            "newspaper the same. Sputnik reported the strike, and Ivan Petrov said to "
            "Russia's Sputnik that it was false.")
    rec = process(text, published="2024-05-06")
    ids = {e["id"] for e in rec["entities"]}
    assert "voice-of-america" not in ids and "sputnik" in ids
    assert not any("Nasha" in e["name"] for e in rec["entities"])


def test_his_after_an_unnamed_envoy_is_the_envoy_s_country() -> None:
    text = ("Wang Yi met Antony Blinken on Monday. Iran's U.N. ambassador attended the "
            "meeting, but his U.N. mission criticized it.")
    doc = _doc(text, "2024-05-06")
    his = next(m for m in doc._.mentions if doc.text[m.start:m.end] == "his")
    assert (his.entity_id, his.via) == ("iran", "pronoun")
    assert _ref_over(doc, "his U.N. mission").id == "iran"


def test_name_after_an_organisation_noun_is_an_organisation(process: Any) -> None:
    text = ("Amina Yusuf leads the Nairobi-based group Horn Peace Agenda, which monitors "
            "the talks.")
    rec = process(text, published="2024-06-01")
    assert entity(rec, "horn-peace-agenda")["type"] == "ORG"
    assert entity(rec, "amina-yusuf")["type"] == "PERSON"


def test_named_agreement_and_date_only_event(process: Any) -> None:
    text = ("Tehran has breached the Joint Comprehensive Plan of Action, or JCPOA, diplomats "
            "said, and talks on the March 4 deal stalled after the October 9.")
    rec = process(text, published="2024-06-01")
    got = links(rec)
    assert got["Joint Comprehensive Plan of Action"] == got["JCPOA"] == "jcpoa"
    assert entity(rec, "jcpoa")["type"] == "LAW"
    assert not any(e["name"] in ("October 9", "the October 9") for e in rec["entities"])


def test_missed_sentence_end_after_a_one_letter_name(process: Any) -> None:
    text = ("The ministry said so in a post on X. Protesters linked with the group blocked "
            "a road near Mopti on Friday.")
    rec = process(text, published="2024-06-30")
    assert not any("Protesters" in e["name"] for e in rec["entities"])
    rec = process("U.S. Marines landed in Haiti on Friday.", published="2024-06-30")
    assert "U.S. Marines" in links(rec) or "U.S." in links(rec)


def test_unknown_place_only_before_plural_nouns_is_a_people(process: Any) -> None:
    text = ("Officials said Tuareg separatists attacked the post, and Karen rebels clashed "
            "with troops after the Sittwe talks. Karen Lopez of Reuters was there.")
    rec = process(text, published="2024-06-30")
    names = {e["name"] for e in rec["entities"]}
    assert "Tuareg" not in names and "Karen" not in names and "Karen Lopez" in names


def test_collective_actors_named_by_common_nouns(process: Any) -> None:
    text = ("Opposition leaders walked out, and the upper house delayed the vote. Peru's "
            "lower house approved it despite strong opposition to the plan.")
    rec = process(text, published="2024-06-30")
    got = links(rec)
    assert got["Opposition"] == "opposition"
    assert got["upper house"] == "upper-house"
    assert got["Peru's lower house"] == "peru-lower-house"
    assert entity(rec, "peru-lower-house")["name"] == "Lower house of parliament of Peru"
    assert "opposition" not in {rec["text"][s:e] for e in rec["entities"] for s, e in e["mentions"]}


# -- speakers: the person in the subject phrase (quotes.resolve) ----------------------

def test_name_closing_the_subject_phrase_speaks(process: Any) -> None:
    text = ("Nigeria's permanent representative to the African Union, Bankole Adeoye, said "
            "the coup was illegal.")
    rec = process(text, published="2023-08-01")
    assert [q["speaker"]["id"] for q in rec["quotes"]] == ["bankole-adeoye"]


def test_person_beats_a_misparsed_organisation_head(process: Any) -> None:
    text = ("\"Ankara will not back down,\" said international relations lecturer Emre Kaya "
            "of Istanbul's Bahcesehir Has University.")
    rec = process(text, published="2023-08-01")
    assert [q["speaker"]["id"] for q in rec["quotes"]] == ["emre-kaya"]
    rec = process("Trump's White House said it would act soon.", published="2019-08-01")
    assert [q["speaker"]["id"] for q in rec["quotes"]] == ["united-states"]


def test_stray_comma_between_name_and_verb(process: Any) -> None:
    text = ("\u201cFor two years now, there has been too much shelling in Sudan. So this is a "
            "very positive step, and I am proud of Secretary Lammy, also Jonathan Powell, the "
            "national security adviser,\u201d Labour lawmaker Emily Thornberry, told VOA.")
    rec = process(text, published="2025-03-12")
    assert [q["speaker"]["id"] for q in rec["quotes"]] == ["emily-thornberry"]


def test_anonymous_statement_takes_the_source_given_before(process: Any) -> None:
    text = ("Nairobi is seeking calm, according to the Kenyan presidency. A statement said "
            "the president spoke with Abiy Ahmed on Sunday. A statement from the rebels was "
            "brief.")
    rec = process(text, published="2024-06-30")
    speakers = [q["speaker"] for q in rec["quotes"]]
    assert speakers[-1]["id"] == "kenya"
    assert rec["text"][speakers[-1]["start"]:speakers[-1]["end"]] == "A statement"


def test_user_actors_reach_the_event_extractor(nlp: Any, tmp_path: Any) -> None:
    """Events and proposals look names up in the linker's knowledge base, so a
    country from --actors FILE acts through its demonym too."""
    from accord.pipeline import build_nlp, make_doc

    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "countries:\n"
        "- {id: freedonia, name: Freedonia, iso: FDN, dem: [Freedonian, Freedonians]}\n"
        "- {id: sylvania, name: Sylvania, iso: SYV, dem: [Sylvanian, Sylvanians]}\n",
        encoding="utf-8")
    mine = build_nlp(actors=str(extra))
    text = "Freedonian and Sylvanian negotiators met in Geneva on Monday to discuss a truce."

    def consult_actors(pipeline: Any) -> set[str]:
        doc = pipeline(make_doc(pipeline, text, {"source": "t", "published": "2025-05-05"}))
        return {e.actor.id for e in doc._.events if e.type == "CONSULT" and e.actor}

    assert consult_actors(mine) == {"freedonia", "sylvania"}
    assert not consult_actors(nlp) & {"freedonia", "sylvania"}  # the built-in KB again


def test_the_agency_is_the_agency_named_before(process: Any) -> None:
    rec = process("The International Energy Agency said demand would rise. "
                  "The agency said supply was short.")
    speakers = [q["speaker"]["id"] if q["speaker"] else None for q in rec["quotes"]]
    assert speakers == ["international-energy-agency", "international-energy-agency"]


def test_the_aid_group_is_the_one_organisation_named(process: Any) -> None:
    rec = process("Doctors Without Borders warned of famine in the region. "
                  "The aid group said the army had blocked the roads.")
    assert rec["quotes"][0]["speaker"]["id"] == "doctors-without-borders"
    assert rec["quotes"][0]["speaker"]["inferred"] == "description"


def test_the_nation_is_the_country_that_was_the_subject(process: Any) -> None:
    rec = process("Malaysia submitted a claim to the United Nations on Monday. "
                  "The Southeast Asian nation said it would not back down.")
    assert rec["quotes"][0]["speaker"]["id"] == "malaysia"


def test_the_country_stays_unresolved_when_two_countries_were_subjects(process: Any) -> None:
    rec = process("Russia and Ukraine held talks in Istanbul. "
                  "The country said it would not attend the next round.")
    speaker = rec["quotes"][0]["speaker"]
    assert speaker is not None and speaker["id"] is None  # described, never guessed


def test_a_name_the_parser_splits_is_still_the_actor(process: Any) -> None:
    rec = process("Doctors Without Borders warned of famine in Sudan.")
    threats = [e for e in rec["events"] if e["type"] == "THREATEN"]
    assert threats and threats[0]["actor"]["id"] == "doctors-without-borders"


def test_a_pronoun_chain_never_jumps_to_a_name_in_passing(process: Any) -> None:
    # "he" continues the "He" of the sentence before; the parser finds no
    # subject for the first sentence, so both stay unresolved rather than
    # becoming Trump, who is only named in passing ("Trump's tariffs").
    rec = process("Like Lutnick, Kevin Hassett, director of the National Economic Council, "
                  "emphasized the fentanyl issue in an interview. He said Trump's tariffs "
                  "are aimed at cutting fentanyl deaths. \"We launched a drug war, not a "
                  "trade war,\" he said.")
    war = next(q for q in rec["quotes"] if q["text"].startswith("We launched"))
    assert war["speaker"] is None or war["speaker"]["id"] != "donald-trump"
