"""Verbs whose subject is acted on (`receiving_verbs` in events.yaml,
events/roles.py): the giver in the "from" phrase acts, the subject receives.
Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _roles(process: Any, text: str, etype: str) -> list[tuple[str | None, str | None]]:
    evs = process(text, published="2025-03-12")["events"]
    return [((e["actor"] or {}).get("name"), (e["recipient"] or {}).get("name"))
            for e in evs if e["type"] == etype]


def test_aid_received_from_a_donor_is_the_donors(process: Any) -> None:
    assert _roles(process, "Kenya received $40 million in flood relief from Japan last "
                  "year.", "AID") == [("Japan", "Kenya")]


def test_criticism_drawn_from_a_group_is_the_groups(process: Any) -> None:
    assert _roles(process, "The governor is facing criticism from Amnesty International "
                  "over the arrests.", "ACCUSE") == [("Amnesty International", "governor")]


def test_aid_received_from_no_one_named_has_no_actor(process: Any) -> None:
    # the receiver is never the giver
    assert _roles(process, "Kenya received $40 million in flood relief last year.",
                  "AID") == [(None, "Kenya")]


def test_a_giver_named_beats_the_one_who_reports_it(process: Any) -> None:
    # Reis reports Amnesty's criticism; the criticism is Amnesty's
    assert _roles(process, "The governor is facing criticism from Amnesty International over "
                  "the arrests, Senator Paul Reis said.", "ACCUSE") == [
        ("Amnesty International", "governor")]


def test_with_no_giver_named_the_speaker_accuses(process: Any) -> None:
    assert _roles(process, "\"Journalists have faced greater persecution since the election,\" "
                  "the union's director Ana Ruiz said.", "ACCUSE") == [("Ana Ruiz", "Journalists")]
