"""The annotated corpus: every span verbatim, splits by story, agreement maths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from accord.training.corpus import CORPUS, Corpus, agreement, kappa, to_gold

ROOT = Path(__file__).resolve().parent.parent


def test_every_annotation_file_passes_the_check() -> None:
    files = sorted(str(p) for p in (CORPUS / "annotations").glob("*/*.json"))
    assert len(files) >= 94 + 11
    run = subprocess.run([sys.executable, str(CORPUS / "tools.py"), "check", *files],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout[-2000:]


def test_the_check_names_a_span_that_is_not_verbatim(tmp_path: Path) -> None:
    bad = {"id": "8011115", "annotator": "t", "done": True,
           "events": [{"sentence": 0, "type": "ASSAULT", "evidence": "killed in a raid",
                       "actor": "iraq", "recipient": None}]}
    path = tmp_path / "8011115.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    run = subprocess.run([sys.executable, str(CORPUS / "tools.py"), "check", str(path)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "events[0]: evidence 'killed in a raid' does not start verbatim in sentence 0" \
        in run.stdout


def test_splits_are_by_story_and_the_test_split_is_unseen() -> None:
    c = Corpus()
    splits = {k: set(v) for k, v in c.splits.items()}
    assert set(splits) == {"train", "dev", "test"}
    assert not splits["train"] & splits["dev"] and not splits["train"] & splits["test"] \
        and not splits["dev"] & splits["test"]
    assert len(set().union(*splits.values())) == 94
    tuned_on = {d["file"] for f in (ROOT / "tests" / "data").glob("*.gold.json")
                for d in json.loads(f.read_text(encoding="utf-8"))}
    test_files = {c.story(s).file for s in splits["test"]}
    assert len(splits["test"]) >= 20 and not test_files & tuned_on
    assert len({c.story(s).section for s in splits["test"]}) >= 5


def test_gold_from_the_corpus_holds_verbatim_evidence() -> None:
    c = Corpus()
    gold = to_gold(c.annotations("dev"))
    assert len(gold) == 23
    texts = {c.story(s).file: c.story(s).text for s in c.splits["dev"]}
    for doc in gold:
        text = texts[doc["file"]]
        for ev in doc["events"]:
            assert ev["evidence"] in text
        for p in doc["proposals"]:
            assert all(m in text for m in p["mentions"] + p["conditions"])


def test_kappa() -> None:
    assert kappa([True, False, True, False], [True, False, True, False]) == 1.0
    # po = 0.5, pe = 0.5: no better than chance
    assert kappa([True, True, False, False], [True, False, True, False]) == 0.0
    assert kappa([False] * 4, [False] * 4) is None
    assert kappa([True, True, True, False], [True, True, False, False]) == pytest.approx(0.5)


def test_agreement_of_an_annotation_with_itself_is_perfect() -> None:
    c = Corpus()
    sid, who = next(iter(c.second.items()))
    ann = c.annotation(sid, who)
    assert ann is not None
    result = agreement([(ann, ann)])
    assert result["event_f1"] == 1.0 and result["quote_f1"] == 1.0
    assert result["kappa_any_event"] == 1.0


def test_training_is_reproducible_and_learns_from_the_corpus(nlp: object) -> None:
    """Same examples, same seed: the same weights; and the classifier learns
    the corpus' labels (on the examples it saw)."""
    from accord.training.events import HeadExample, fit_classifier

    rng = ["L=attack", "L=strike", "L=shell", "L=meet", "L=talk", "L=visit", "L=say"]
    types = {"L=attack": "ASSAULT", "L=strike": "ASSAULT", "L=shell": "ASSAULT",
             "L=meet": "CONSULT", "L=talk": "CONSULT", "L=visit": "CONSULT"}
    examples = [HeadExample((w, f"P={'VERB' if i % 2 else 'NOUN'}"),
                            frozenset({types[w]}) if w in types else frozenset(), "t")
                for i, w in enumerate(rng * 20)]
    a = fit_classifier(examples, epochs=10, length=2 ** 10)
    b = fit_classifier(examples, epochs=10, length=2 ** 10)
    assert a.get_pipe("textcat_multilabel").model.to_bytes() == \
        b.get_pipe("textcat_multilabel").model.to_bytes()
    from spacy.tokens import Doc

    doc = a.get_pipe("textcat_multilabel")(Doc(a.vocab, words=["L=shell", "P=VERB"]))
    assert doc.cats["ASSAULT"] > 0.5 > doc.cats["CONSULT"]
