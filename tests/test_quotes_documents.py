"""Speakers: a document speaks for the author its own phrase names ("The
Amnesty International report notes ...", "according to a report issued by
X"), not for any name it mentions (quotes/resolution.py `_document_author`).
Passages written for these tests."""

from __future__ import annotations

from typing import Any

from quote_support import said as _speakers


def test_a_report_named_by_its_author_speaks_for_it(process: Any) -> None:
    got = _speakers(process, "The Amnesty International report notes that the prison held "
                             "more than 300 detainees last year.")
    assert got == [("the prison held more than 300 detainees last year",
                    "Amnesty International")]


def test_a_report_issued_by_an_author_speaks_for_it(process: Any) -> None:
    got = _speakers(process, "The prison held more than 300 detainees last year, according to "
                             "a report issued by Amnesty International.")
    assert [s for _, s in got] == ["Amnesty International"]


def test_a_name_the_document_only_mentions_is_no_author(process: Any) -> None:
    got = _speakers(process, "According to an assessment of attitudes expressed on Russian "
                             "social media, relations with Beijing are full of tension.")
    assert [s for _, s in got] == ["an assessment of attitudes expressed on Russian social media"]
