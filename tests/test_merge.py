"""The cross-document merge (accord/merge.py): two reports merge only when their
actors are known and the same, their types or kinds agree, their dates are
close and their words alike. Adversarial pairs written for these tests, and
one proposal told by three outlets in their own words."""

from __future__ import annotations

from typing import Any

import pytest

from accord import merge
from accord.queries import group_sources, list_proposals, timeline
from accord.queries.lists import Page
from accord.store import Store

# One proposal, three outlets, three wordings (same kind, same proposer, two days).
PUTIN_OFFER = [
    ("Russian President Vladimir Putin on Tuesday proposed a 30-day ceasefire on strikes "
     "against energy infrastructure, the Kremlin said after his call with President Donald "
     "Trump.", "2025-03-18", "Reuters"),
    ("Putin offered a ceasefire on energy infrastructure for 30 days after speaking with "
     "Trump on Tuesday, but stopped short of a full truce.", "2025-03-18", "BBC"),
    ("On Wednesday Moscow said Vladimir Putin had proposed that both sides stop hitting "
     "energy infrastructure for 30 days, a limited ceasefire.", "2025-03-19", "Al Jazeera"),
]


def _put(store: Store, process: Any, text: str, published: str, outlet: str,
         source: str) -> dict[str, Any]:
    rec = process(text, published=published, source=source, outlet=outlet)
    assert store.put_record(rec) == "stored"
    got = store.get_record(rec["doc_id"])
    assert got is not None
    return got


def test_one_proposal_told_by_three_outlets_merges_with_all_three_sources(
        store: Store, process: Any) -> None:
    recs = [_put(store, process, t, day, outlet, f"offer-{i}.txt")
            for i, (t, day, outlet) in enumerate(PUTIN_OFFER)]
    groups = {p["group"] for r in recs for p in r["proposals"]}
    assert len(groups) == 1 and all(len(r["proposals"]) == 1 for r in recs)
    merged = list_proposals(store, page=Page(limit=10))["items"]
    assert len(merged) == 1
    assert merged[0]["n_sources"] == 3
    assert sorted(s["outlet"] for s in merged[0]["sources"]) == ["Al Jazeera", "BBC", "Reuters"]
    assert merged[0]["proposer"]["id"] == "vladimir-putin"
    assert len(group_sources(store, merged[0]["group"])["sources"]) == 3  # type: ignore[index]


def test_two_different_attacks_on_one_day_stay_apart(store: Store, process: Any) -> None:
    a = _put(store, process, "Russian missiles struck Kharkiv on Monday, killing five people "
             "and wounding 20, regional governor Oleh Syniehubov said.", "2025-03-10",
             "Reuters", "kharkiv.txt")
    b = _put(store, process, "Russian drones attacked the port of Odesa on Monday, setting "
             "grain silos on fire, the Ukrainian navy said.", "2025-03-10", "AP", "odesa.txt")
    (ea,), (eb,) = a["events"], b["events"]
    assert (ea["type"], ea["actor"]["id"], ea["date"]) == ("ASSAULT", "russia", "2025-03-10")
    assert (eb["type"], eb["actor"]["id"], eb["date"]) == ("ASSAULT", "russia", "2025-03-10")
    assert ea["group"] != eb["group"]
    items = timeline(store, kind="event", page=Page(limit=10))["items"]
    assert [i["n_sources"] for i in items] == [1, 1]


def test_two_unrelated_offers_of_talks_stay_apart(store: Store, process: Any) -> None:
    a = _put(store, process, "China proposed talks with the European Union on tariffs on "
             "electric vehicles, the commerce ministry said on Tuesday.", "2025-03-11",
             "Xinhua", "eu.txt")
    b = _put(store, process, "China offered talks with the Philippines to ease tensions over "
             "the Second Thomas Shoal in the South China Sea on Wednesday.", "2025-03-12",
             "Reuters", "shoal.txt")
    (pa,), (pb,) = a["proposals"], b["proposals"]
    assert (pa["kind"], pa["proposer"]["id"]) == (pb["kind"], pb["proposer"]["id"]) == \
        ("talks", "china")
    assert pa["group"] != pb["group"]
    assert [e["group"] for e in a["events"]] != [e["group"] for e in b["events"]]
    assert list_proposals(store, page=Page(limit=10))["total"] == 2


def test_unknown_actors_never_merge(store: Store, process: Any) -> None:
    """The same words, the same day: still two groups when nobody is named."""
    text = "Gunmen stormed a hotel on Friday, killing at least nine people."
    a = _put(store, process, text + " The siege lasted hours.", "2025-03-14", "AP", "a.txt")
    b = _put(store, process, text + " It was the worst this year.", "2025-03-14", "AFP",
             "b.txt")
    (ea,) = [e for e in a["events"] if e["type"] == "ASSAULT"]
    (eb,) = [e for e in b["events"] if e["type"] == "ASSAULT"]
    assert not (ea["actor"] or {}).get("id") and not (eb["actor"] or {}).get("id")  # "Gunmen"
    assert ea["text"] == eb["text"]
    assert ea["group"] != eb["group"]


def test_one_event_told_by_two_outlets_merges(store: Store, process: Any) -> None:
    a = _put(store, process, "The Pakistani military said it killed 33 BLA militants on "
             "Wednesday during the rescue of the train's passengers.", "2025-03-12",
             "Dawn", "dawn.txt")
    b = _put(store, process, "The Pakistani military said on Wednesday that it killed 33 BLA "
             "militants while rescuing the passengers of the train.", "2025-03-12",
             "Voice of America", "voa.txt")
    ga = {e["group"] for e in a["events"] if e["type"] == "ASSAULT"}
    gb = {e["group"] for e in b["events"] if e["type"] == "ASSAULT"}
    assert ga and ga == gb


def test_a_loaded_record_keeps_the_groups_it_was_exported_with(
        store: Store, process: Any, tmp_path: Any) -> None:
    recs = [_put(store, process, t, day, outlet, f"offer-{i}.txt")
            for i, (t, day, outlet) in enumerate(PUTIN_OFFER)]
    with Store.open(tmp_path / "copy.db") as copy:
        for rec in reversed(recs):  # another order: the same links
            assert copy.put_record(rec) == "stored"
        assert {p["group"] for r in copy.iter_records() for p in r["proposals"]} == \
            {p["group"] for r in recs for p in r["proposals"]}


# -- the rule, item by item ----------------------------------------------------------
def _item(kind: str = "event", type_: str = "ASSAULT", actor: str | None = "russia",
          recipient: str | None = None, date: str | None = "2025-03-10",
          text: str = "Russian missiles struck a market in Kharkiv, killing five people",
          **flags: bool) -> merge.Item:
    return merge.Item(kind, type_, actor, recipient, date,
                      merge.content_words(text, names=("Russia",)), **flags)


def test_rule_needs_known_same_actors_and_agreeing_types() -> None:
    base = _item()
    assert merge.same(base, _item())
    assert not merge.same(_item(actor=None), _item(actor=None))
    assert not merge.same(base, _item(actor="ukraine"))
    assert not merge.same(base, _item(type_="COERCE"))
    assert not merge.same(base, _item(negated=True))
    assert merge.same(base, _item(recipient="kharkiv"))  # one leaves it unsaid
    assert not merge.same(_item(recipient="odesa"), _item(recipient="kharkiv"))


def test_rule_needs_close_dates() -> None:
    assert merge.same(_item(date="2025-03-10"), _item(date="2025-03-11"))
    assert not merge.same(_item(date="2025-03-10"), _item(date="2025-03-12"))
    assert not merge.same(_item(date=None), _item(date=None))
    assert merge.same(_item(date="2025-03"), _item(date="2025-03-31"))
    assert merge.dates_close("2025", "2025-06-01", 0)
    assert not merge.dates_close("2024", "2025-01-02", 1)


def test_rule_needs_similar_words() -> None:
    market = _item()
    port = _item(text="Russian drones hit grain silos at the port of Odesa")
    assert not merge.same(market, port)
    retold = _item(text="Five people were killed when Russian missiles hit a Kharkiv market")
    assert merge.same(market, retold)
    dice, shared = merge.similarity(market.words, retold.words)
    assert dice >= merge.settings("event").min_similarity and shared >= 2


@pytest.mark.parametrize(("a", "b", "agree"), [
    ("ceasefire", "ceasefire", True),
    ("30-day ceasefire", "ceasefire", True),
    ("30-day ceasefire", "energy infrastructure ceasefire", False),
    ("talks", "peace talks", True),
    ("talks", "ceasefire", False),
    ("", "ceasefire", False),
])
def test_proposal_kinds_agree(a: str, b: str, agree: bool) -> None:
    assert merge.kinds_agree(a, b) is agree


def test_content_words_leave_out_function_words_and_the_actors() -> None:
    words = merge.content_words("Putin said on Monday that Russia would not attack Kyiv",
                                names=("Vladimir Putin", "Russia"))
    assert words == {"attack", "kyiv"}
