"""Speakers where the parser misplaces the subject: a name set off from its
apposition by a dash, a verb hung on the apposition, a name with its own
relative clause, "such as" singling out a member, and a person who is the
object of the clause before a comma; a name before its apposition and the verb;
a present-tense verb and the subject it agrees with in number.
Passages written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _speakers
from spacy.tokens import Doc

from accord.pipeline.quotes.component import load_lexicon, subject_of


def _speaker_of(process: Any, text: str, words: str) -> str | None:
    got = [s for t, s in _speakers(process, text) if words in t]
    assert len(got) == 1, _speakers(process, text)
    return got[0]


def test_a_name_before_a_dashed_apposition_speaks(nlp: Any) -> None:
    # the parse of "Karimov — leader of the front — said that talks failed." with
    # both the name and the apposition as subjects, as the parser sometimes makes it
    words = ["Karimov", "—", "leader", "of", "the", "front", "—", "said", "that", "talks",
             "failed", "."]
    doc = Doc(nlp.vocab, words=words, heads=[7, 2, 7, 2, 5, 3, 2, 7, 10, 10, 7, 7],
              deps=["nsubj", "punct", "nsubj", "prep", "det", "pobj", "punct", "ROOT", "mark",
                    "nsubj", "ccomp", "punct"],
              pos=["PROPN", "PUNCT", "NOUN", "ADP", "DET", "NOUN", "PUNCT", "VERB", "SCONJ",
                   "NOUN", "VERB", "PUNCT"],
              ents=["B-PERSON"] + ["O"] * 11)
    subj = subject_of(doc[7], doc[0:12], load_lexicon())
    assert subj is not None and subj.text == "Karimov"


def test_two_subjects_without_a_name_keep_the_nearest(nlp: Any) -> None:
    words = ["Officials", ",", "ministers", "said", "that", "talks", "failed", "."]
    doc = Doc(nlp.vocab, words=words, heads=[3, 2, 3, 3, 6, 6, 3, 3],
              deps=["nsubj", "punct", "nsubj", "ROOT", "mark", "nsubj", "ccomp", "punct"],
              pos=["NOUN", "PUNCT", "NOUN", "VERB", "SCONJ", "NOUN", "VERB", "PUNCT"])
    subj = subject_of(doc[3], doc[0:8], load_lexicon())
    assert subj is not None and subj.text == "ministers"


def test_a_verb_hung_on_the_apposition_is_the_names(nlp: Any) -> None:
    # the parse of "Pieter Harlow, a key figure, joked that talks failed." with
    # the verb hung on the apposition, as the parser sometimes makes it
    words = ["Pieter", "Harlow", ",", "a", "key", "figure", ",", "joked", "that", "talks",
             "failed", "."]
    doc = Doc(nlp.vocab, words=words, heads=[1, 1, 1, 5, 5, 1, 1, 5, 10, 10, 7, 1],
              deps=["compound", "ROOT", "punct", "det", "amod", "appos", "punct", "acl", "mark",
                    "nsubj", "ccomp", "punct"],
              pos=["PROPN", "PROPN", "PUNCT", "DET", "ADJ", "NOUN", "PUNCT", "VERB", "SCONJ",
                   "NOUN", "VERB", "PUNCT"],
              ents=["B-PERSON", "I-PERSON"] + ["O"] * 10)
    subj = subject_of(doc[7], doc[0:12], load_lexicon())
    assert subj is not None and subj.text == "Harlow"


def test_a_name_with_its_own_relative_clause_speaks(process: Any) -> None:
    text = ("Even though the appointed judges are likely to convict the publisher, Mark Tolland, "
            "who worked with him for decades in Lisbon, argued that an early release may be in "
            "the government's interest.")
    assert _speaker_of(process, text, "early release") == "Mark Tolland"


def test_such_as_singles_out_the_one_person_named(process: Any) -> None:
    text = ("Populist leaders, such as Slovak Prime Minister Robert Fico, have long railed "
            "against the treaty, arguing that the absence of border checks has fuelled a "
            "migration crisis.")
    assert _speaker_of(process, text, "border checks") == "Robert Fico"


def test_an_object_before_the_comma_is_not_the_speaker(process: Any) -> None:
    text = ("In 2019, Trump praised his first summit with North Korean leader Kim Jong Un, "
            "described his relationship with him as “a good one,” and said more talks "
            "would follow.")
    assert _speaker_of(process, text, "a good one") == "Donald Trump"


def test_a_name_before_its_apposition_and_the_verb_speaks(nlp: Any) -> None:
    # the parse of "It reflects the fear Ana Ruiz, an Afghan writer, told VOA the ban
    # failed." after a run-in heading, with the verb hung on the heading's verb
    words = ["It", "reflects", "the", "fear", "Ana", "Ruiz", ",", "an", "Afghan", "writer", ",",
             "told", "VOA", "the", "ban", "failed", "."]
    doc = Doc(nlp.vocab, words=words,
              heads=[1, 1, 3, 5, 5, 1, 5, 9, 9, 5, 5, 1, 11, 14, 15, 11, 1],
              deps=["nsubj", "ROOT", "det", "poss", "compound", "dobj", "punct", "det", "amod",
                    "appos", "punct", "conj", "dative", "det", "nsubj", "ccomp", "punct"],
              pos=["PRON", "VERB", "DET", "NOUN", "PROPN", "PROPN", "PUNCT", "DET", "ADJ", "NOUN",
                   "PUNCT", "VERB", "PROPN", "DET", "NOUN", "VERB", "PUNCT"],
              ents=["O"] * 4 + ["B-PERSON", "I-PERSON"] + ["O"] * 11)
    subj = subject_of(doc[11], doc[0:17], load_lexicon())
    assert subj is not None and subj.text == "Ruiz"


def test_a_plural_verb_takes_the_subject_it_agrees_with(process: Any) -> None:
    rec = process("Hong Kong authorities have rejected accusations that the trial is unfair "
                  "and maintain that press freedom and the rule of law are intact.")
    got = [(q["text"], (q["speaker"] or {}).get("name")) for q in rec["quotes"]]
    assert got == [("press freedom and the rule of law are intact", "Hong Kong authorities")]


def test_an_agreeing_subject_below_is_kept(process: Any) -> None:
    rec = process("The ministry rejected claims that the trial was unfair and said the rule of "
                  "law was intact.")
    got = [(q["text"], (q["speaker"] or {}).get("name")) for q in rec["quotes"]]
    assert got == [("the rule of law was intact", "The ministry")]
