"""accord_quotes: where a quote starts and ends, and which stretches are no
quote at all (issue 15). Passages written for these tests; each asserts the
exact quote texts, kinds and speakers."""

from __future__ import annotations

from typing import Any

import pytest

Row = tuple[str, str, str | None]


def quotes(process: Any, text: str) -> list[Row]:
    rec = process(text)
    for q in rec["quotes"]:
        assert text[q["start"]:q["end"]] == q["text"]
    return [(q["text"], q["kind"], q["speaker"]["name"] if q["speaker"] else None)
            for q in rec["quotes"]]


CASES: dict[str, tuple[str, list[Row]]] = {
    "a quoted subheading run into the text is no quote": (
        "The port reopened on Monday. ‘We have nowhere else to go’ Fishermen in the town "
        "said the catch had halved since the spring.",
        [("the catch had halved since the spring", "indirect", "Fishermen in the town")]),
    "an unquoted subheading before 'The' is no report": (
        "Prices rose again in March. Farmers demand The new rules on grain imports took "
        "effect in April.",
        []),
    "a quoted adjective after 'as' is the label's quote": (
        'Mayor Ilse Brandt described the decision as "shameful." The council met again.',
        [("shameful.", "direct", "Ilse Brandt")]),
    "a that-clause hung on 'in a statement'": (
        "The navy said in a statement that the frigate had returned to port.",
        [("the frigate had returned to port", "indirect", "The navy")]),
    "which X says: the rest of the relative clause": (
        "The ministry ordered new drones, which analysts say can fly for twelve hours.",
        [("can fly for twelve hours", "indirect", "analysts")]),
    "told an outlet, then a subject with its article": (
        "Senator Ruth Okafor told VOA the budget talks would resume in May.",
        [("the budget talks would resume in May", "indirect", "Ruth Okafor")]),
    "a participle report of the same speaker is its own quote": (
        'Minister Karel Dvorak warned that the coalition could collapse, saying, "patience '
        'has run out in every party."',
        [("the coalition could collapse", "indirect", "Karel Dvorak"),
         ("patience has run out in every party.", "direct", "Karel Dvorak")]),
    "a conjoined report with its own clause is its own quote": (
        "Governor Lena Moss claimed the levees were sound and said she expected no "
        "flooding this year.",
        [("the levees were sound", "indirect", "Lena Moss"),
         ("she expected no flooding this year", "indirect", "Lena Moss")]),
    "a report of two words": (
        "The mayor rejected the plan, arguing rents rise.",
        [("rents rise", "indirect", "The mayor")]),
    "a dash that goes on with the statement": (
        "Local officials say the death toll may be higher — up to 12 fatalities, including "
        "three soldiers.",
        [("the death toll may be higher — up to 12 fatalities, including three soldiers",
          "indirect", "Local officials")]),
    "a dash before the writer's comment": (
        "Kovacs said the vote would be held in June — a date that worries the opposition.",
        [("the vote would be held in June", "indirect", "Kovacs")]),
    "a time clause before its verb is no inverted report": (
        "As the council debates the budget, some members are hinting at new taxes.",
        []),
    "a verb with an object after a comma is no inverted report": (
        "Meeting the generals in Warsaw on Tuesday, Defence Minister Jan Nowak stressed "
        "the need for more air defence.",
        []),
    "an as-phrase without quotation marks is the writer's summary": (
        "Opposition leaders described the budget as a gift to the banks.",
        []),
    "a negative subject reports nothing": (
        "Neither Oslo nor Stockholm has explained why the talks were postponed.",
        []),
    "according to a study: the finding is a quote": (
        "Students in rural schools score lower on reading tests, according to a 2019 "
        "study.",
        [("Students in rural schools score lower on reading tests", "indirect", "a 2019 study")]),
    "a cue verb from the data file: reaffirm": (
        "A spokesperson for the ministry reaffirmed that the border would stay open.",
        [("the border would stay open", "indirect", "A spokesperson for the ministry")]),
    "an unclosed quote runs to the next quotation mark": (
        "“The deal is dead,” she said. “Nobody in the cabinet wants it. They have all "
        "moved on. “We will start again,” she added.",
        [("The deal is dead", "direct", None),
         ("Nobody in the cabinet wants it. They have all moved on.", "direct", None),
         ("We will start again", "direct", None)]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_boundary(process: Any, name: str) -> None:
    text, expected = CASES[name]
    assert quotes(process, text) == expected
