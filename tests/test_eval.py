"""`accord eval`: SPEC section 5 scoring on hand-made gold whose scores are
known, and on the seeds gold file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.errors import GoldError
from accord.eval import dice, evaluate, find_spans, key_matches, load_gold

TEXT = ("Putin said Russia would cease fire if Ukraine withdrew. "
        "Kyiv and NATO dismissed it. “It is a sham,” an adviser said.")


def _ref(eid: str, name: str) -> dict[str, Any]:
    return {"id": eid, "name": name, "start": None, "end": None}


def _span(sub: str) -> tuple[int, int]:
    s = TEXT.index(sub)
    return s, s + len(sub)


def _quote(sub: str, speaker: dict[str, Any] | None, kind: str = "direct") -> dict[str, Any]:
    s, e = _span(sub)
    return {"text": sub, "start": s, "end": e, "kind": kind, "cue": "said", "speaker": speaker}


def _event(etype: str, sub: str, actor: dict[str, Any] | None) -> dict[str, Any]:
    s, e = _span(sub)
    return {"type": etype, "start": s, "end": e, "text": sub, "actor": actor, "recipient": None}


PRED = {
    "source": "/some/where/doc1.txt", "text": TEXT,
    "entities": [
        {"id": "vladimir-putin", "name": "Vladimir Putin", "aliases": ["Putin"], "mentions": []},
        {"id": "ukraine", "name": "Ukraine", "aliases": ["Kyiv", "Ukraine"], "mentions": []},
        {"id": "nato", "name": "NATO", "aliases": ["NATO"], "mentions": []},
        {"id": "doha", "name": "Doha", "aliases": [], "mentions": []},
    ],
    "quotes": [
        _quote("Russia would cease fire if Ukraine withdrew", _ref("vladimir-putin", "Putin"),
               "indirect"),
        _quote("It is a sham", _ref("ukraine", "Ukraine")),  # wrong speaker
        _quote("Kyiv and NATO dismissed it", None),  # not a quote
    ],
    "events": [
        _event("REJECT", "Kyiv and NATO dismissed it", _ref("ukraine", "Ukraine")),
        _event("REJECT", "Kyiv and NATO dismissed it", _ref("ukraine", "Ukraine")),
        _event("AGREE", "Putin said Russia would cease fire", _ref("vladimir-putin", "Putin")),
    ],
    "proposals": [{
        "id": "p1", "kind": "ceasefire", "proposer": _ref("vladimir-putin", "Putin"),
        "start": 0, "end": 55, "text": TEXT[0:55],
        "conditions": ["Ukraine withdrew", "Ukraine pays"],
        "responses": [{"actor": _ref("ukraine", "Ukraine"), "stance": "reject",
                       "start": 56, "end": 82, "text": TEXT[56:82]},
                      {"actor": _ref("nato", "NATO"), "stance": "accept",
                       "start": 56, "end": 82, "text": TEXT[56:82]}],
    }],
}

GOLD = [{
    "file": "doc1.txt",
    "entities": [{"key": "putin"}, {"key": "ukraine|kyiv"}, {"key": "nato"},
                 {"key": "pentagon"}],
    "quotes": [
        {"text": "Russia would cease fire if Ukraine withdrew", "key": "putin"},
        {"text": "It is a sham", "key": None},
        {"text": "a quote nobody finds", "key": "x", "marginal": True},
    ],
    "events": [
        {"type": "REJECT", "actor": "ukraine|kyiv", "evidence": "Kyiv and NATO dismissed it"},
        {"type": "REJECT", "actor": "nato", "evidence": "Kyiv and NATO dismissed it"},
        {"type": "AGREE", "actor": "putin", "evidence": "Russia would cease fire"},
        {"type": "ACCUSE", "actor": None, "evidence": "It is a sham"},
    ],
    "proposals": [{
        "proposer": "putin|russia", "evidence": "Putin said Russia would cease fire",
        "conditions": ["Ukraine withdrew"],
        "responses": [{"actor": "ukraine|kyiv", "stance": "reject"},
                      {"actor": "nato", "stance": "reject"}],
    }],
}]


def test_known_scores() -> None:
    s = evaluate(GOLD, [PRED]).as_dict()
    # Quotes: 2 of 3 predictions match; the marginal gold quote is not missed.
    assert (s["quotes"]["tp"], s["quotes"]["pred"], s["quotes"]["gold"]) == (2, 3, 2)
    assert s["quotes"]["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["quotes"]["recall"] == 1.0
    # Speakers: putin right; the null gold key accepts any speaker.
    assert s["speaker_accuracy"] == {"accuracy": 1.0, "right": 2, "total": 2}
    # Events: all three typed predictions match; one gold ACCUSE is missed.
    assert (s["event_type"]["tp"], s["event_type"]["pred"], s["event_type"]["gold"]) == (3, 3, 4)
    # Type+actor: both REJECTs say Ukraine, so the NATO one is missed.
    assert s["event_type_actor"]["tp"] == 2
    assert s["event_type_actor"]["f1"] == pytest.approx(2 * (2 / 3) * (2 / 4) / (2 / 3 + 2 / 4),
                                                        abs=1e-4)
    assert s["proposals"]["recall"] == 1.0
    # Conditions: 1 of 2 predicted right, 1 of 1 gold found.
    assert (s["conditions"]["precision"], s["conditions"]["recall"]) == (0.5, 1.0)
    # Stance: Ukraine's reject right, NATO's wrong.
    assert s["response_stance_accuracy"] == {"accuracy": 0.5, "right": 1, "total": 2}
    # Entities: 3 of 4 gold keys found; 3 of 4 predicted entities are gold.
    assert (s["entities"]["recall"], s["entities"]["precision"]) == (0.75, 0.75)
    assert s["offsets"] == {"accuracy": 1.0, "right": 9, "total": 9}


def test_missing_document_counts_every_gold_item_as_missed() -> None:
    s = evaluate(GOLD, []).as_dict()
    assert s["missing"] == ["doc1.txt"]
    assert (s["quotes"]["recall"], s["event_type"]["recall"], s["entities"]["recall"]) \
        == (0.0, 0.0, 0.0)


def test_offsets_that_do_not_hold_are_counted() -> None:
    bad = json.loads(json.dumps(PRED))
    bad["quotes"][0]["start"] += 1
    assert evaluate(GOLD, [bad]).as_dict()["offsets"]["right"] == 8


def test_dice_ignores_case_quotes_and_punctuation() -> None:
    assert dice("“We didn’t start the war,”", "we didn’t start the war") == 1.0
    assert dice("a b c d", "a b x y") == 0.5
    assert dice("", "") == 0.0


def test_keys_are_substrings_of_names_or_aliases() -> None:
    assert key_matches("zelensk", ["Volodymyr Zelenskyy"])
    assert key_matches("kremlin|peskov", ["Russia", "the Kremlin"])
    assert not key_matches("lavrov", ["Sergei Shoigu"])
    assert key_matches(None, [])


def test_evidence_found_despite_whitespace_differences() -> None:
    assert find_spans("a  b\nc d", "a b c") == [(0, 6)]


def test_gold_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "gold.json"
    bad.write_text('{"not": "a list"}')
    with pytest.raises(GoldError, match="gold.json: a gold file is a JSON list"):
        load_gold(bad)


def test_seeds_gold_scores_every_document(seed_records: list[Any], gold: Any) -> None:
    s = evaluate(gold, seed_records).as_dict()
    assert s["documents"] == 5 and s["missing"] == []
    assert s["offsets"]["accuracy"] == 1.0
    assert s["entities"]["recall"] >= 0.9
