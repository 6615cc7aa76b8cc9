"""The array lemmatizer gives exactly the model's lemmas."""

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
