"""The array lemmatizer and the cached attribute ruler give exactly the model's
lemmas and token attributes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import spacy

from accord.pipeline import BASE_MODEL

VOA = Path(__file__).resolve().parent / "data" / "voa_stories.jsonl"


def test_same_lemmas_as_the_model_on_real_text(nlp: Any) -> None:
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "ArrayLemmatizer"
    bare = spacy.load(BASE_MODEL, exclude=["ner"])
    texts = [json.loads(line)["text"] for line in VOA.open(encoding="utf-8")][:30]
    texts.append("The talks were held; Russia's envoys weren't there. Talks resumed anyway.")
    ours = nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler",
                                    "lemmatizer"])
    try:
        for doc_a, doc_b in zip(bare.pipe(texts), nlp.pipe(texts), strict=True):
            assert [t.lemma_ for t in doc_a] == [t.lemma_ for t in doc_b]
    finally:
        ours.restore()
    doc = nlp("Negotiators were meeting again.")
    assert [t.lemma_ for t in doc][:3] == ["negotiator", "be", "meet"]


EDGE = ("Y'all gonna let's go, ain't it? There is nothin' here.  \n\n  Who was it that "
        "ran? Gotta go; c'm on. Those that stayed were hit.\t It's   what it is.")


def test_cached_attribute_ruler_sets_exactly_the_models_attributes(nlp: Any) -> None:
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "CachedAttributeRuler"
    bare = spacy.load(BASE_MODEL, exclude=["ner"])
    texts = [json.loads(line)["text"] for line in VOA.open(encoding="utf-8")][:40]
    texts += [EDGE, EDGE.upper(), ""]
    ours = nlp.select_pipes(enable=["tok2vec", "tagger", "parser", "attribute_ruler",
                                    "lemmatizer"])
    try:
        for doc_a, doc_b in zip(bare.pipe(texts), nlp.pipe(texts), strict=True):
            assert [(t.pos_, str(t.morph), t.lemma_, t.dep_, t.tag_) for t in doc_a] == \
                [(t.pos_, str(t.morph), t.lemma_, t.dep_, t.tag_) for t in doc_b]
    finally:
        ours.restore()
    doc = nlp("Let's talk; they're gonna sign.")
    assert [t.lemma_ for t in doc][:2] == ["let", "us"]
    assert doc[5].pos_ == "AUX" and doc[6].lemma_ == "go"


def test_caches_stay_bounded_and_a_full_cache_changes_nothing(nlp: Any, monkeypatch: Any) -> None:
    from accord.pipeline.speedups import attributes, lemmas

    ruler, lemmatizer = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer")
    texts = [json.loads(line)["text"] for line in VOA.open(encoding="utf-8")][40:44]
    parts = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"]
    with nlp.select_pipes(enable=parts):
        before = [[(t.pos_, str(t.morph), t.lemma_) for t in d] for d in nlp.pipe(texts)]
    monkeypatch.setattr(attributes, "MAX_CACHE", 0)
    monkeypatch.setattr(lemmas, "MAX_CACHE", 0)
    monkeypatch.setattr(ruler, "cache", {})
    monkeypatch.setattr(lemmatizer, "cache", {})
    with nlp.select_pipes(enable=parts):
        after = [[(t.pos_, str(t.morph), t.lemma_) for t in d] for d in nlp.pipe(texts)]
    assert after == before
    assert ruler.cache == {} and lemmatizer.cache == {}
