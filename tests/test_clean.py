"""Cleaning scraped text: which lines go, which stay, on the sample corpus
and on hand-written scraped pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.ingest.clean import clean_text

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _clean(name: str):  # type: ignore[no-untyped-def]
    return clean_text((EXAMPLES / name).read_text(encoding="utf-8"))


def _dropped(cleaned) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(d["category"], d["line"]) for d in cleaned.dropped]


def test_sky_news_promos_and_related_headlines_go() -> None:
    c = _clean("000_65a795e089691281.txt")
    dropped = _dropped(c)
    assert ("headline", "US reporter Evan Gershkovich detained in Russia to stand trial on "
            "espionage charges") in dropped
    assert ("headline", "Russia-Ukraine latest: Putin’s ceasefire offer labelled ‘total sham’") \
        in dropped
    assert ("promo", "Keep up with all the latest news from the UK and around the world by "
            "following Sky News") in dropped
    assert ("navigation", "More from Sky News:") in dropped
    assert ("browser", "Please use Chrome browser for a more accessible video player") in dropped
    assert ("promo", "Be the first to get Breaking News") in dropped
    assert ("promo", "Install the Sky News app for free") in dropped
    assert "A deal Putin called “theft” that will prompt a retaliation." in c.text
    assert len(dropped) == 11
    assert c.title is None  # the first line is a sentence, not a title


def test_sky_news_every_sentence_stays() -> None:
    c = _clean("000_65a795e089691281.txt")
    for sentence in (
        "As ever with Vladimir Putin, timing is everything.",
        "“We didn’t start the war,” Russia’s president said. “It was the Kyiv regime.”",
        "Last month, Putin signed a decree outlining how it would work.",
        "It all gives the sense we’re suddenly moving more quickly along the path to possible "
        "escalation. And it makes one wonder – where will this end?",
    ):
        assert sentence in c.text


def test_express_title_consent_and_tagged_links_go() -> None:
    c = _clean("002_e0c56a9691805034.txt")
    assert c.title == ("Ukraine peace talks: Putin mulling ‘harder’ attacks as he "
                       "‘works out what went wrong’")
    cats = [cat for cat, _ in _dropped(c)]
    assert cats.count("navigation") == 5  # JUST IN, three [TAGGED] links, Source: ...
    assert "promo" in cats
    assert "Source: Read Full Article" not in c.text
    assert "[INSIGHT]" not in c.text
    # Paragraphs of a multi-paragraph quote stay, each opening quote mark kept.
    assert "“It allows him to take stock." in c.text
    assert "He added: “He is pretty determined" in c.text


def test_translated_article_counters_credits_and_disclaimer() -> None:
    c = _clean("003_674af37225ed0619.txt")
    dropped = _dropped(c)
    assert c.title == "Putin only creates the illusion of progress"
    assert ("counter", "17302 views 11 comment(s)") in dropped
    assert [cat for cat, line in dropped if line == "Photo: REUTERS"] == ["credit", "credit"]
    assert ("promo", "Bonus video:") in dropped
    assert ("credit", "Protester in front of the US embassy in Kievphoto: Reuters") in dropped
    assert c.metadata["disclaimer"].startswith("Disclaimer: The translations are mostly done")
    assert "While successfully avoiding making significant concessions" in c.text
    assert "Ukraine rejects those conditions." in c.text


def test_contributor_line_goes_but_long_lines_never_do() -> None:
    assert _dropped(_clean("001_8456a5784468dde9.txt")) == [
        ("credit", "Ivan Nechepurenko contributed the report.")]
    one_line = ("Militants attacked a train on Tuesday, officials said, in a long article body "
                "that ends with a credit. " * 5) + "Ayaz Gul contributed to this report."
    assert clean_text(one_line, title_from_first_line=False).text == one_line


def test_clean_article_keeps_everything() -> None:
    c = _clean("004_1038c95d7ce14ccd.txt")
    raw = (EXAMPLES / "004_1038c95d7ce14ccd.txt").read_text(encoding="utf-8")
    assert c.dropped == []
    assert c.text == raw.strip()


@pytest.mark.parametrize("line,category", [
    ("Advertisement", "promo"),
    ("Sign up for our daily newsletter", "promo"),
    ("Read more: Ukraine says drones hit refinery", "navigation"),
    ("Photo: AFP", "credit"),
    ("Reporting by Olena Harmash; Editing by Mark Heinrich", "credit"),
    ("3 min read", "counter"),
    ("This article was machine translated from Ukrainian.", "disclaimer"),
])
def test_common_boilerplate_of_other_outlets(line: str, category: str) -> None:
    text = f"Talks resumed in Geneva on Monday.\n{line}\nBoth delegations said progress was made."
    c = clean_text(text, title_from_first_line=False)
    assert _dropped(c) == [(category, line)]
    assert c.text == "Talks resumed in Geneva on Monday.\nBoth delegations said progress was made."


def test_kept_lines_are_verbatim_and_newlines_normalised() -> None:
    text = "Title here\r\n\r\nFirst “quoted” line,\u00a0with nbsp.\r\nSecond line ends here."
    c = clean_text(text)
    assert c.title == "Title here"
    assert c.text == "First “quoted” line,\u00a0with nbsp.\nSecond line ends here."
