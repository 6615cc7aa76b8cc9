"""accord_dates: publication date, datelines, estimation, relative dates."""

from __future__ import annotations

from datetime import date

from accord.pipeline.dates.component import DateWords, resolve

WORDS = DateWords()
PUB = date(2025, 3, 12)  # a Wednesday


def test_weekday_past_is_most_recent_on_or_before() -> None:
    assert resolve("on Tuesday", PUB, False, WORDS) == ("2025-03-11", "day")
    assert resolve("on Wednesday", PUB, False, WORDS) == ("2025-03-12", "day")
    assert resolve("Thursday", PUB, False, WORDS) == ("2025-03-06", "day")


def test_weekday_future_is_next() -> None:
    assert resolve("on Friday", PUB, True, WORDS) == ("2025-03-14", "day")


def test_relative_days_and_periods() -> None:
    assert resolve("yesterday", PUB, False, WORDS) == ("2025-03-11", "day")
    assert resolve("overnight", PUB, False, WORDS) == ("2025-03-12", "day")
    assert resolve("last month", PUB, False, WORDS) == ("2025-02", "month")
    assert resolve("last year", PUB, False, WORDS) == ("2024", "year")
    assert resolve("in the coming days", PUB, True, WORDS) == (None, None)


def test_absolute_days_take_the_year_before_publication() -> None:
    assert resolve("January 20th", PUB, False, WORDS) == ("2025-01-20", "day")
    assert resolve("on February 12", PUB, False, WORDS) == ("2025-02-12", "day")
    assert resolve("December 5", PUB, False, WORDS) == ("2024-12-05", "day")
    assert resolve("Wednesday, March 30, 2022", PUB, False, WORDS) == ("2022-03-30", "day")
    assert resolve("last August", PUB, False, WORDS) == ("2024-08", "month")


def test_unknown_publication_keeps_relative_unresolved() -> None:
    assert resolve("on Tuesday", None, False, WORDS)[0] is None
    assert resolve("yesterday", None, False, WORDS)[0] is None
    assert resolve("June 3, 2023", None, False, WORDS) == ("2023-06-03", "day")


def test_event_dates_resolved_against_publication(process) -> None:
    rec = process("Russian and Ukrainian negotiators held talks in Istanbul on Tuesday.",
                  published="2025-03-12")
    ev = next(e for e in rec["events"] if e["type"] == "CONSULT")
    assert ev["date"] == "2025-03-11"
    assert ev["date_text"] == "Tuesday"


def test_relative_event_date_without_publication_stays_null(process) -> None:
    rec = process("Poland dismissed the offer on Tuesday.")
    ev = next(e for e in rec["events"] if e["type"] == "REJECT")
    assert ev["date"] is None and ev["date_text"] == "Tuesday"
    assert rec["published"] is None


def test_publication_estimated_from_weekday_and_date(process) -> None:
    rec = process("Negotiators met on Tuesday, March 29. The talks continued on "
                  "Wednesday, March 30, officials said.")
    assert rec["published"] == "2022-03-30"
    assert "March 30" in rec["published_estimated"]["evidence"]


def test_metadata_date_wins_and_dateline_used(process) -> None:
    assert process("Talks went on.", published="2024-06-14")["published"] == "2024-06-14"
    rec = process("KYIV, March 12, 2025 (Reuters) - Ukraine said it would attend talks.")
    assert rec["published"] == "2025-03-12"


def _dated(nlp, text: str, published: str) -> dict[str, str | None]:
    from accord.pipeline import make_doc
    doc = nlp(make_doc(nlp, text, {"source": "t.txt", "published": published}))
    return {text[d.start:d.end]: d.value for d in doc._.dates}


def test_weekday_in_a_past_clause_of_a_future_sentence_looks_back(nlp) -> None:
    # Published Thursday 2025-03-13: "Wednesday" belongs to "said", not "will".
    dated = _dated(nlp, "Colombia said Wednesday that it will send a delegation to Caracas.",
                   "2025-03-13")
    assert dated["Wednesday"] == "2025-03-12"


def test_weekday_of_a_future_verb_looks_forward(nlp) -> None:
    dated = _dated(nlp, "Officials said the envoys will meet in Doha on Friday.", "2025-03-13")
    assert dated["Friday"] == "2025-03-14"
    dated = _dated(nlp, "The envoys met in Doha on Friday and will meet again next Monday.",
                   "2025-03-13")
    assert dated["Friday"] == "2025-03-07"


def test_a_placeholder_publication_date_resolves_nothing_and_loses_nothing() -> None:
    from datetime import date

    from accord.pipeline.dates.component import resolve

    assert resolve("yesterday", date(1, 1, 1), False, WORDS) == (None, "day")
    assert resolve("last month", date(9999, 12, 31), False, WORDS) == (None, "month")
