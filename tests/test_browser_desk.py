"""The analyst's desk in a real browser (Debian's headless Chromium through
Playwright, as tests/test_browser.py): the charts and their clicks, a name
filter with suggestions as one types, an actor reached by an ambiguous name, a
search for two words with both highlighted, and a dossier opened from disk with
every request refused. `accord serve` runs as a subprocess over the hand-made records
of tests/test_desk.py, whose counts are known. Screenshots go to tests/artifacts/
(scripts/desk_screenshots.py takes the ones in docs/screenshots/ on a real corpus).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import ARTIFACTS, guarded, serving
from test_browser import search_from
from test_desk import write_desk_db


@pytest.fixture(scope="module")
def desk_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_desk_db(tmp_path_factory.mktemp("browser-desk") / "desk.db")


@pytest.fixture(scope="module")
def server(desk_db: Path) -> Iterator[str]:
    with serving(desk_db) as base:
        yield base


def _shot(pg: Any, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"desk-{name}.png"), full_page=True)


def test_week_chart_click_filters_the_timeline(page: Any) -> None:
    page.goto("/?date_from=2024-06-10&date_to=2024-06-23")
    chart = page.locator("#week-chart svg.chart")
    assert chart.is_visible() and chart.bounding_box()["width"] > 600
    assert page.locator("#week-chart a.bar").count() == 8
    assert "material conflict" in page.inner_text("#week-chart .chart-legend")
    _shot(page, "timeline-chart")
    page.locator('#week-chart a.bar[data-type="SANCTION"]').click()
    page.wait_for_url("**/?*type=SANCTION*")
    assert "date_from=2024-06-17" in page.url and "date_to=2024-06-23" in page.url
    groups = page.locator("#timeline > li").evaluate_all("els => els.map(e => e.dataset.group)")
    assert groups == ["e-desk-sanction"]
    badge = page.locator("#timeline .badge").first
    assert badge.inner_text() == "SANCTION"
    # One colour per family: material conflict is red.
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(196, 48, 43)"


def test_name_filter_with_suggestions(page: Any) -> None:
    from playwright.sync_api import expect

    page.goto("/")
    field = page.locator("form.filters input[name=actor]")
    with page.expect_response(lambda r: "/api/actors/suggest?" in r.url
                              and "q=joh" in r.url) as answer:
        field.press_sequentially("joh", delay=40)
    assert [a["name"] for a in answer.value.json()["items"]] == ["Boris Johnson",
                                                                 "Mike Johnson"]
    expect(page.locator("#actor-names option")).to_have_count(2)  # no eval under the CSP
    options = page.locator("#actor-names option").evaluate_all(
        "els => els.map(e => e.value)")
    assert options == ["Boris Johnson", "Mike Johnson"]
    field.fill("PUTIN")
    field.press("Enter")
    page.wait_for_url("**/?*actor=PUTIN*")
    note = page.inner_text("p.resolved")
    assert note == "“PUTIN” is Vladimir Putin."
    groups = page.locator("#timeline > li").evaluate_all("els => els.map(e => e.dataset.group)")
    assert groups == ["p-test-ceasefire", "e-test-call"]  # newest first: June 14, then 10
    _shot(page, "name-filter")


def test_proposal_life_charts_and_kind_family(page: Any) -> None:
    page.goto("/proposals?kind=ceasefire")
    cards = page.locator("article.proposal")
    assert cards.count() == 3
    kinds = sorted(cards.locator("h2 .badge").all_inner_texts())
    assert kinds == ["30-day ceasefire", "ceasefire", "naval ceasefire"]
    life = page.locator("article.proposal#g-p-test-ceasefire svg.life")
    assert life.count() == 1 and life.is_visible()
    labels = life.locator("text").all_text_contents()
    assert "reject 2024-06-15" in labels and "consider 2024-06-16" in labels, labels
    _shot(page, "proposals-life")


def test_actor_relations_link_to_the_other_actor(page: Any) -> None:
    page.goto("/actors/Moscow")  # a name: redirected to the id
    page.wait_for_url("**/actors/t-russia")
    charts = page.locator("#relations svg.chart")
    assert charts.count() == 2
    assert "Ukraine" in charts.nth(0).text_content() and "China" in charts.nth(1).text_content()
    _shot(page, "actor-relations")
    charts.nth(1).locator("a", has_text="China").first.click()
    page.wait_for_url("**/actors/t-china")
    assert page.locator("h1").inner_text() == "China"


def test_an_ambiguous_name_says_whom_else_it_fits(page: Any) -> None:
    page.goto("/actors/JOHNSON")  # two Johnsons: the most mentioned, and a link to the other
    page.wait_for_url("**/actors/t-boris-johnson?name=JOHNSON")
    assert page.locator("h1").inner_text() == "Boris Johnson"
    note = page.locator("p.resolved")
    assert "“JOHNSON” is Boris Johnson" in note.inner_text()
    note.locator("a", has_text="Mike Johnson").click()
    page.wait_for_url("**/actors/t-mike-johnson")
    page.goto("/actors/ohnso")  # fits no name: the actors whose names contain it
    assert page.locator("ul.choices li").count() == 2


def test_two_word_search_highlights_both(page: Any) -> None:
    hits = search_from(page, "/proposals", "ceasefire talks")
    assert hits.count() >= 1
    for i in range(hits.count()):  # every result has both words, each one marked
        marked = {m.lower() for m in hits.nth(i).locator("mark").all_inner_texts()}
        assert marked == {"ceasefire", "talks"}, marked
    assert page.locator("ol.hits mark").first.evaluate(
        "e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    _shot(page, "search-two-words")


def test_outlet_chart_filters_documents(page: Any) -> None:
    page.goto("/documents")
    bars = page.locator("#outlet-chart svg.chart text")
    assert "Reuters" in bars.all_text_contents()
    _shot(page, "documents-outlets")
    page.locator("#outlet-chart a", has_text="Reuters").first.click()
    page.wait_for_url("**/documents?outlet=Reuters")
    assert page.locator("table.list tbody tr").count() == 2


def test_dossiers_open_from_disk_offline(browser: Any, desk_db: Path, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    files = {}
    for kind, key in (("proposal", "p-test-ceasefire"), ("actor", "putin"),
                      ("actor", "evil-actor")):
        out = tmp_path / f"{kind}-{key}.html"
        done = subprocess.run([sys.executable, "-m", "accord.cli", "dossier", kind, key,
                               "--db", str(desk_db), "-o", str(out)], capture_output=True,
                              text=True, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        files[(kind, key)] = out
    context, pg, outside, errors = guarded(browser, "file://")
    try:
        pg.goto(files[("proposal", "p-test-ceasefire")].as_uri())
        assert pg.locator("h1").inner_text() == "ceasefire Vladimir Putin → Ukraine"
        body = pg.inner_text("body")
        assert "Ukrainian troops withdraw from four regions" in body
        assert "China said it would study the plan" in body  # an answer, in its words
        assert pg.locator("#sources .card").count() == 2 and pg.locator("svg.life").count() == 1
        assert pg.locator("script").count() == 0
        pg.screenshot(path=str(ARTIFACTS / "desk-dossier-proposal.png"), full_page=True)
        pg.goto(files[("actor", "putin")].as_uri())
        assert pg.locator("h1").inner_text() == "Vladimir Putin"
        assert pg.locator("#relations svg.chart").count() == 2
        pg.screenshot(path=str(ARTIFACTS / "desk-dossier-actor.png"), full_page=True)
        pg.goto(files[("actor", "evil-actor")].as_uri())
        assert pg.evaluate("typeof window.__pwned") == "undefined"
        assert "<img src=x" in pg.locator("h1").inner_text()  # shown as text
    finally:
        context.close()
    assert [u for u in outside if not u.startswith("data:")] == []
    assert errors == []
