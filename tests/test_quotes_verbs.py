"""Reporting verbs added to reporting_verbs.yaml: each reports a clause.
Passages written for these tests."""

from __future__ import annotations

from typing import Any


def _quotes(process: Any, text: str) -> list[tuple[str, str | None]]:
    rec = process(text)
    return [(q["text"], (q["speaker"] or {}).get("name")) for q in rec["quotes"]]


def test_worry_reports_a_clause(process: Any) -> None:
    got = _quotes(process, "Maria Lopez, however, worries that the government will be seen as "
                           "taking sides in the dispute over the northern border.")
    assert got == [("the government will be seen as taking sides in the dispute over the "
                    "northern border", "Maria Lopez")]


def test_worry_without_a_clause_reports_nothing(process: Any) -> None:
    got = _quotes(process, "Maria Lopez worries about the dispute over the northern border.")
    assert got == []
