""""the younger Lai", "the elder Lai" (actors/kin.py): the relative the
article names by a kinship word, or no one."""

from __future__ import annotations

from typing import Any

from accord.pipeline import make_doc
from accord.pipeline.common.mentions import ref_at

FAMILY = ("Publisher Jimmy Lai has been in prison since 2020. Lai's son Sebastien "
          "met lawmakers in Washington on Tuesday. ")


def _ref(nlp: Any, text: str, needle: str) -> Any:
    doc = nlp(make_doc(nlp, text, {"source": "test.txt"}))
    at = text.index(needle)
    return ref_at(doc, at, at + len(needle))


def test_the_younger_is_the_son_the_elder_the_father(nlp: Any) -> None:
    text = FAMILY + "The younger Lai said the elder Lai was still strong."
    assert _ref(nlp, text, "younger Lai").id == "sebastien"
    assert _ref(nlp, text, "elder Lai").id == "jimmy-lai"


def test_the_younger_with_no_relative_named_stays_unresolved(nlp: Any) -> None:
    text = ("Publisher Jimmy Lai has been in prison since 2020. His family met "
            "lawmakers in Washington on Tuesday. The younger Lai said he was strong.")
    assert _ref(nlp, text, "younger Lai") is None
