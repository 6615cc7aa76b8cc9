""""it" and "its" for an organisation or a country (actors/things.py): the
subject in focus when it is one; unresolved for a thing, an empty "it", a
person, or two actors."""

from __future__ import annotations

from typing import Any

import pytest

from accord.pipeline import make_doc
from accord.pipeline.common.mentions import ref_at


@pytest.fixture(autouse=True)
def _keep_nlp(nlp: Any) -> None:
    global _NLP
    _NLP = nlp


_NLP: Any = None


def _ref(text: str, needle: str) -> Any:
    doc = _NLP(make_doc(_NLP, text, {"source": "test.txt"}))
    at = text.index(needle)
    return ref_at(doc, at, at + len(needle))


RESOLVED = [
    # the subject of the clause above the pronoun
    ("Thailand said its officials had deported 40 migrants to the border.", "its", "thailand"),
    ("Norway said on Monday it would send two frigates to the region.", "it would", "norway"),
    # the subject of the sentence before
    ("Doctors Without Borders opened a clinic in Maiduguri last month. It said the "
     "clinic treats 300 children a day.", "It said", "doctors-without-borders"),
]


@pytest.mark.parametrize("text,needle,eid", RESOLVED,
                         ids=["clause-above", "said-it", "sentence-before"])
def test_it_is_the_organisation_or_country_in_focus(text: str, needle: str, eid: str) -> None:
    ref = _ref(text, needle)
    assert ref is not None and ref.id == eid and ref.inferred == "pronoun"


UNRESOLVED = [
    # a thing is the subject before: "it" is the plan
    ("Norway approved the plan on Monday. It would cost four billion dollars.", "It would"),
    # an empty "it"
    ("Norway sent two frigates. It was decided that the rest would stay home.", "It was"),
    ("Norway sent two frigates. It is clear that more are needed.", "It is"),
    # a person in focus: never the person, and no guess past him
    ("Norway sent two frigates. Jonas Gahr Store said it would help the allies.", "it would"),
    # two countries fit
    ("China and Russia blocked the resolution. It said the text was unbalanced.", "It said"),
]


@pytest.mark.parametrize("text,needle", UNRESOLVED,
                         ids=["thing", "passive-empty", "copula-empty", "person", "two-fit"])
def test_it_stays_unresolved_when_unclear(text: str, needle: str) -> None:
    assert _ref(text, needle) is None


def test_two_clauses_naming_two_countries_leave_its_unresolved() -> None:
    text = ("Norway warned on Monday that it would keep up the pressure, as Sweden "
            "rejected its offer of new talks.")
    assert _ref(text, "its offer") is None
    assert _ref(text, "it would").id == "norway"
