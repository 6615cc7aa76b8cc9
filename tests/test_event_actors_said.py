"""Accusations and demands a clause makes by what it says (events/roles.py,
`said_content_types` in events.yaml): the sayer's act, not the clause
subject's. Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _events(process: Any, text: str, etype: str) -> list[tuple[str | None, str | None]]:
    evs = process(text, published="2025-03-12")["events"]
    return [((e["actor"] or {}).get("name"), (e["recipient"] or {}).get("name"))
            for e in evs if e["type"] == etype]


def test_a_reported_accusation_in_the_passive_is_the_sayers(process: Any) -> None:
    # "were based in ... and were helped by": nothing accuses but the police chief
    found = _events(process, "Police chief Marco Tell said the smugglers were based in "
                    "Ruvala and were helped by local officials.", "ACCUSE")
    assert found == [("Marco Tell", "smugglers")]


def test_a_quoted_accusation_is_the_speakers_against_its_subject(process: Any) -> None:
    found = _events(process, "\"The mayor appears far more interested in pleasing donors "
                    "than in protecting residents,\" a spokesperson for Governor Rita Okafor "
                    "said.", "ACCUSE")
    assert found == [("Rita Okafor", "mayor")]


def test_an_accusing_verb_keeps_its_own_subject(process: Any) -> None:
    # "accused" names the act: Ghana accuses, the minister only reports it
    found = _events(process, "Nigeria's foreign minister said Ghana accused Togo of "
                    "hosting rebels.", "ACCUSE")
    assert found == [("Ghana", "Togo")]
