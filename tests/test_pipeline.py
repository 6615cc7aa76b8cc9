"""The pipeline as spaCy components: declared contracts, knowledge through the
config, and output Docs that serialise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accord.errors import ConfigError
from accord.pipeline import DEFAULT_CONFIG, build_nlp

COMPONENTS = ["accord_dates", "accord_actors", "accord_quotes", "accord_events",
              "accord_event_layer", "accord_proposals"]


def _config(tmp_path: Path, order: list[str]) -> Path:
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    listed = "components = [" + ", ".join(f'"{c}"' for c in COMPONENTS) + "]"
    assert listed in text
    path = tmp_path / "pipeline.cfg"
    path.write_text(text.replace(listed, "components = [" + ", ".join(
        f'"{c}"' for c in order) + "]"), encoding="utf-8")
    return path


def test_every_component_declares_what_it_assigns_and_requires(nlp: Any) -> None:
    from spacy.language import Language

    for name in COMPONENTS + ["accord_attribute_ruler", "accord_lemmatizer"]:
        meta = Language.get_factory_meta(name)
        assert meta.assigns, name
        assert meta.requires, name


@pytest.mark.parametrize(("order", "refused", "lacks"), [
    # proposals before the quotes and events they read
    (["accord_dates", "accord_actors", "accord_proposals", "accord_quotes", "accord_events"],
     "accord_proposals", "doc._.quotes"),
    # the linker before the dates it resolves titles against
    (["accord_actors", "accord_dates", "accord_quotes", "accord_events", "accord_proposals"],
     "accord_actors", "doc._.published"),
    # the trained layer before the rule events it decides on
    (["accord_dates", "accord_actors", "accord_quotes", "accord_event_layer",
      "accord_events"], "accord_event_layer", "doc._.events"),
    # events with no actor linker at all
    (["accord_dates", "accord_quotes", "accord_events"], "accord_quotes", "doc._.entities"),
])
def test_a_reordered_config_is_refused_naming_the_component(
        tmp_path: Path, order: list[str], refused: str, lacks: str) -> None:
    with pytest.raises(ConfigError) as err:
        build_nlp(_config(tmp_path, order))
    message = str(err.value)
    assert f"component {refused!r} requires" in message
    assert lacks in message
    assert "pipeline.cfg" in message


def test_the_default_order_is_accepted(nlp: Any) -> None:
    assert nlp.pipe_names[-6:] == COMPONENTS


def test_knowledge_comes_from_the_config_loaders(nlp: Any) -> None:
    """One KB object per process and file, held by every component that uses it."""
    kb = nlp.get_pipe("accord_actors").kb
    assert nlp.get_pipe("accord_events").words.known.kb is kb
    assert nlp.get_pipe("accord_proposals").cues.known.kb is kb
    assert "vladimir-putin" in kb.actors


def test_a_lexicon_path_in_the_config_replaces_the_built_in_one(tmp_path: Path) -> None:
    from accord.pipeline import make_doc
    from accord.pipeline.common.data import DATA

    # the built-in event lexicon without the verb "shell": no ASSAULT from it
    lexicon = (DATA / "events.yaml").read_text(encoding="utf-8")
    assert "\n  shell:" in lexicon
    mine = tmp_path / "events.yaml"
    mine.write_text(lexicon.replace("\n  shell:", "\n  shellx:"), encoding="utf-8")
    text = "Russian forces shelled the city of Kharkiv on Monday."

    def types(nlp: Any) -> list[str]:
        doc = nlp(make_doc(nlp, text, {"source": "t", "published": "2025-05-05"}))
        return [e.type for e in doc._.events]

    assert "ASSAULT" in types(build_nlp(exclude=("accord_event_layer",)))
    custom = build_nlp(overrides={"accord_events": {"lexicon": {"path": str(mine)}}},
                       exclude=("accord_event_layer",))
    assert "ASSAULT" not in types(custom)


def _roundtrips(nlp: Any, text: str, published: str | None) -> None:
    import json

    from spacy.tokens import Doc, DocBin

    from accord.model import Entity, Proposal, Quote
    from accord.pipeline import make_doc
    from accord.record import build_record

    doc = nlp(make_doc(nlp, text, {"source": "t.txt", "published": published}))
    record = json.dumps(build_record(doc), sort_keys=True)
    bin_ = DocBin(store_user_data=True)
    bin_.add(doc)
    again = next(DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab))
    assert json.dumps(build_record(again), sort_keys=True) == record
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes())._.quotes == doc._.quotes
    # the value objects come back as themselves, with their lists and tuples
    assert all(isinstance(q, Quote) for q in again._.quotes)
    assert list(again._.quotes) == list(doc._.quotes)
    assert list(again._.events) == list(doc._.events)
    assert list(again._.proposals) == list(doc._.proposals)
    assert list(again._.dates) == list(doc._.dates)
    assert again._.entities == doc._.entities
    assert all(isinstance(e, Entity) and all(isinstance(m, tuple) for m in e.mentions)
               for e in again._.entities.values())
    assert all(isinstance(p, Proposal) and isinstance(p.terms, list)
               for p in again._.proposals)


def test_an_output_doc_roundtrips_through_docbin(nlp: Any) -> None:
    from conftest import EXAMPLES

    for path in sorted(EXAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        _roundtrips(nlp, text, None)
    # the sample with proposals, responses and conditions, dated
    _roundtrips(nlp, (EXAMPLES / "000_65a795e089691281.txt").read_text(encoding="utf-8"),
                "2024-06-14")


def test_pipe_with_two_processes_gives_the_same_records(nlp: Any) -> None:
    """nlp.pipe(n_process=2) sends Docs between processes through msgpack."""
    import json

    from conftest import EXAMPLES

    from accord.pipeline import make_doc
    from accord.record import build_record

    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.glob("*.txt"))[:3]]
    docs = [make_doc(nlp, t, {"source": f"{i}.txt", "published": None})
            for i, t in enumerate(texts)]
    one = [json.dumps(build_record(nlp(d)), sort_keys=True) for d in docs]
    docs = [make_doc(nlp, t, {"source": f"{i}.txt", "published": None})
            for i, t in enumerate(texts)]
    two = [json.dumps(build_record(d), sort_keys=True) for d in nlp.pipe(docs, n_process=2)]
    assert two == one


def test_the_event_layer_keeps_rule_events_and_adds_what_the_lexicon_misses(nlp: Any) -> None:
    """The trained layer: a clause whose verb no lexicon rule knows still gives
    its event, with the rules' actor; the rules' own events stay."""
    from accord.pipeline import make_doc

    def events(pipeline: Any, text: str) -> list[tuple[str, str | None]]:
        doc = pipeline(make_doc(pipeline, text, {"source": "t", "published": "2025-03-12"}))
        return [(e.type, e.actor.id if e.actor else None) for e in doc._.events]

    rules = build_nlp(exclude=("accord_event_layer",))
    text = "Kenya called on Ethiopia to withdraw its troops."
    assert events(nlp, text) == events(rules, text) == [("REQUEST", "kenya")]
    layer = nlp.get_pipe("accord_event_layer")
    assert (layer.mode, layer.keep, layer.add) == ("combined", 0.05, 0.4)
    assert layer.labels and set(layer.labels) <= {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def test_the_event_layer_mode_rules_is_the_rules_output(nlp: Any) -> None:
    from accord.pipeline import make_doc

    text = ("Security forces stormed the compound on Tuesday. The government welcomed the "
            "decision and vowed to press ahead with talks.")
    off = build_nlp(overrides={"accord_event_layer": {"mode": "rules"}})
    rules = build_nlp(exclude=("accord_event_layer",))

    def events(pipeline: Any) -> list[tuple[str, int, int]]:
        doc = pipeline(make_doc(pipeline, text, {"source": "t", "published": None}))
        return [(e.type, e.start, e.end) for e in doc._.events]

    assert events(off) == events(rules)


def test_a_missing_event_model_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no trained event model; build it with `accord train`"):
        build_nlp(overrides={"accord_event_layer": {"model": {"path": str(tmp_path)}}})
