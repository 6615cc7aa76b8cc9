"""An organisation's abbreviation is the organisation named in full
(actors/linking.py merge_abbreviations): its acts are one actor's, and "the
group" stands for it. Passages written for these tests."""

from __future__ import annotations

from typing import Any

TEXT = ("The Ruvala Freedom Front, or RFF, attacked an army convoy on Monday. Later, RFF "
        "demanded the release of its jailed fighters. The group also threatened new attacks.")


def test_an_abbreviation_is_the_organisation_named_in_full(process: Any) -> None:
    rec = process(TEXT, published="2025-03-12")
    names = {e["name"] for e in rec["entities"] if e["type"] == "ORG"}
    assert "RFF" not in names and "Ruvala Freedom Front" in names
    actors = [(e["type"], (e["actor"] or {}).get("name")) for e in rec["events"]
              if e["type"] in ("ASSAULT", "REQUEST", "THREATEN")]
    assert actors == [("ASSAULT", "Ruvala Freedom Front"), ("REQUEST", "Ruvala Freedom Front"),
                      ("THREATEN", "Ruvala Freedom Front")]


def test_other_capitals_stay_another_organisation(process: Any) -> None:
    rec = process("The Ruvala Freedom Front attacked an army convoy on Monday. The RDF "
                  "demanded the release of its jailed fighters.", published="2025-03-12")
    actors = [(e["actor"] or {}).get("name") for e in rec["events"] if e["type"] == "REQUEST"]
    assert actors == ["RDF"]
