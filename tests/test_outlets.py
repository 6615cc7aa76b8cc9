"""Outlets (accord/outlets.py, accord/data/outlets.yaml): from the metadata,
else the URL's domain, else the text's own signature line; never "unknown"
when the source says it."""

from __future__ import annotations

from typing import Any

import pytest

from accord.outlets import find_outlet, outlet_of_signature, outlet_of_url


@pytest.mark.parametrize(("url", "outlet"), [
    ("https://www.voanews.com/a/iraq-says-key-islamic-state-leader-is-dead/8011115.html",
     "Voice of America"),
    ("https://edition.cnn.com/2025/03/11/europe/x", "CNN"),
    ("http://news.bbc.co.uk/2/hi/europe/1.stm", "BBC"),
    ("https://www.reuters.com/world/europe/x-2025-03-11/", "Reuters"),
    ("https://apnews.com/article/abc", "Associated Press"),
    ("https://news.sky.com/story/x", "Sky News"),
    ("https://example.org/news/1", None),
    ("not a url", None),
    (None, None),
])
def test_domains(url: str | None, outlet: str | None) -> None:
    assert outlet_of_url(url) == outlet


@pytest.mark.parametrize(("text", "dropped", "outlet"), [
    ("Russia said talks would go on.", ["promo: Install the Sky News app for free"],
     "Sky News"),
    ("KYIV, Ukraine (Reuters) - Russia said talks would go on.", [], "Reuters"),
    ("WASHINGTON (AP) — The talks resumed.", [], "Associated Press"),
    ("The talks resumed.\n© 2025 The Guardian. All rights reserved.", [], "The Guardian"),
    ("The talks resumed.\nThis article originally appeared on Kyiv Independent.", [],
     "The Kyiv Independent"),
    ("The talks resumed.", ["credit: Photo: REUTERS"], None),  # a photo credit is not
    ("The talks resumed.", [], None),
])
def test_signature_lines(text: str, dropped: list[str], outlet: str | None) -> None:
    assert outlet_of_signature(text, dropped) == outlet


def test_metadata_then_domain_then_signature() -> None:
    text = "KYIV (Reuters) - Talks resumed."
    assert find_outlet({"outlet": "Kyiv Post", "url": "https://www.voanews.com/a/1"}, text) \
        == ("Kyiv Post", "metadata")
    assert find_outlet({"url": "https://www.voanews.com/a/1"}, text) == \
        ("Voice of America", "domain")
    assert find_outlet({"source": "https://apnews.com/article/x"}, "Talks.") == \
        ("Associated Press", "domain")
    assert find_outlet({"url": "https://example.org/1"}, text) == ("Reuters", "signature")
    assert find_outlet({}, "Talks resumed.") == (None, None)


def test_every_voa_story_names_voice_of_america(voa_records: list[dict[str, Any]]) -> None:
    assert len(voa_records) == 89
    assert {r["outlet"] for r in voa_records} == {"Voice of America"}
    assert {r["outlet_from"] for r in voa_records} == {"domain"}


def test_a_sample_signs_itself(seed_records: list[dict[str, Any]]) -> None:
    sky = next(r for r in seed_records if r["source"].endswith("000_65a795e089691281.txt"))
    assert (sky["outlet"], sky["outlet_from"]) == ("Sky News", "signature")
