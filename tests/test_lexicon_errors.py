"""A word list in a user's lexicon file that is no list of words is one clear
error naming the file and the key, never a TypeError from deep inside."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.errors import ConfigError
from accord.pipeline.common.data import DATA
from accord.pipeline.proposals.cues import Cues
from accord.pipeline.quotes.lexicon import load_lexicon


def test_a_proposal_word_list_given_as_a_number(tmp_path: Path) -> None:
    bad = tmp_path / "proposals.yaml"
    bad.write_text((DATA / "proposals.yaml").read_text(encoding="utf-8")
                   + "\nin_force_nouns: 5\n", encoding="utf-8")
    cues = Cues.load(bad)
    assert cues.words("offer_nouns")  # the rest of the file reads as before
    with pytest.raises(ConfigError) as err:
        cues.words("in_force_nouns")
    assert "in_force_nouns" in str(err.value) and str(bad) in str(err.value)


def test_a_quote_word_list_given_as_a_mapping(tmp_path: Path) -> None:
    extra = tmp_path / "more_verbs.yaml"
    extra.write_text("negative_subjects: {neither: nor}\n", encoding="utf-8")
    lex = load_lexicon(None, str(extra))
    assert "say" in lex.words("reporting_verbs")
    with pytest.raises(ConfigError) as err:
        lex.words("negative_subjects")
    assert "negative_subjects" in str(err.value) and str(extra) in str(err.value)
