"""The web UI in a real browser: Debian's headless Chromium, driven by
Playwright, against `accord serve` started as a subprocess on a free loopback
port, over the sample corpus plus hostile and hand-made records (test_api).

Every request the pages make outside 127.0.0.1 is refused and recorded, so the
tests also prove the UI works with no internet. Screenshots are kept under
tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from browser_support import ARTIFACTS, need_a_browser, serving
from test_api import PWN_SCRIPT, shared_db

_need_a_browser = need_a_browser  # tests/test_store_views.py takes it from here


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(shared_db(tmp_path_factory)) as base:
        yield base


def _shot(pg: Any, name: str) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _not_pwned(pg: Any) -> None:
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.title() != "pwned"  # the payload's own title change never happened


def test_timeline_in_date_order(page: Any) -> None:
    page.goto("/?order=oldest")  # newest first by default: tests/test_browser_desk.py
    items = page.locator("#timeline > li")
    assert items.count() >= 5
    dates = [d for d in items.evaluate_all("els => els.map(e => e.dataset.date)")]
    dated = [d for d in dates if d]
    assert dated == sorted(dated) and dates[:len(dated)] == dated  # undated last
    assert "2024-06-10" in dated and dated.index("2024-06-10") < dated.index("2024-06-14")
    _not_pwned(page)
    _shot(page, "timeline")
    page.goto("/?date_from=2024-06-10&date_to=2024-06-16&limit=500")
    offer = page.locator('#timeline > li[data-group="e-test-offer"]')
    assert offer.count() == 1 and "2 sources" in offer.inner_text()  # merged across outlets
    assert page.locator('#timeline > li[data-group="p-test-ceasefire"]').count() == 1


def test_follow_a_quote_to_its_evidence(page: Any) -> None:
    page.goto("/quotes?speaker=t-vladimir-putin")
    _shot(page, "quotes")
    page.locator("a.evidence").first.click()
    page.wait_for_url("**/documents/aaaa000000000001#q0")
    active = page.locator(".seg.active")
    active.first.wait_for()
    assert active.first.inner_text() == "tomorrow"
    assert active.first.is_visible()
    # The quote is nested in an event span, which overlaps a proposal span.
    classes = active.first.get_attribute("class") or ""
    assert "hl-quote" in classes and "hl-event" in classes
    assert page.locator(".seg.hl-event.hl-proposal").count() >= 1
    _shot(page, "document-quote-evidence")
    # A response link inside the same page moves the highlight.
    page.locator('a.jump[data-target="prop-p1-r0"]').click()
    page.wait_for_function("document.querySelector('.seg.active') && "
                           "document.querySelector('.seg.active').dataset.items"
                           ".includes('prop-p1-r0')")
    assert "Ukraine rejected the offer" in "".join(page.locator(".seg.active").all_inner_texts())


def test_script_payloads_never_run(page: Any, server: str) -> None:
    found = httpx.get(server + "/api/documents", params={"q": '"Attack on the page"'}).json()
    ingested = [d["doc_id"] for d in found["items"]]
    urls = ["/", "/documents", "/documents/aaaa000000000003", "/actors", "/actors/evil-actor",
            "/quotes", "/proposals", "/search?q=pwned", "/compare/e-test-hostile",
            *[f"/documents/{d}" for d in ingested]]
    for url in urls:
        page.goto(url)
        _not_pwned(page)
    page.goto("/documents/aaaa000000000003#q0")
    body = page.inner_text("body")
    assert PWN_SCRIPT in body and 'onerror="window.__pwned=2' in body
    assert page.locator("article script, article img").count() == 0
    _not_pwned(page)
    _shot(page, "hostile-document")
    if ingested:  # the hostile article went through the real pipeline too
        page.goto(f"/documents/{ingested[0]}")
        assert PWN_SCRIPT in page.inner_text("article")
        _not_pwned(page)


def test_proposal_tracker(page: Any) -> None:
    page.goto("/proposals?party=t-vladimir-putin")
    card = page.locator("article.proposal#g-p-test-ceasefire")
    text = card.inner_text()
    assert "Ukrainian troops withdraw from four regions" in text
    assert text.index("reject") < text.index("consider")  # responses in date order
    assert "2 sources" in text
    _shot(page, "proposals")
    card.get_by_role("link", name="compare the wording").click()
    page.wait_for_url("**/compare/p-test-ceasefire")
    cards = page.locator(".compare-card")
    assert cards.count() == 2
    assert {cards.nth(i).locator("h2").inner_text() for i in range(2)} == {"Sky News", "Reuters"}
    _shot(page, "compare")


def test_actor_page(page: Any) -> None:
    page.goto("/actors")
    _shot(page, "actors")
    page.goto("/actors/t-vladimir-putin")
    main = page.inner_text("main")
    assert "What they said" in main and "tomorrow" in main
    assert "CONSULT" in main and "China" in main
    _shot(page, "actor")


def test_search_and_documents(page: Any) -> None:
    page.goto("/documents")
    rows = page.locator("table.list tbody tr").count()
    assert rows >= 3
    assert page.inner_text("nav.pager").startswith(f"1–{rows} of {rows} documents")
    _shot(page, "documents")
    page.fill("form.search input[name=q]", "ceasefire")
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=ceasefire")
    page.locator('.facets a[data-kind="documents"]').click()
    page.wait_for_url("**/search?q=ceasefire&kind=documents")
    assert page.locator('ol.hits > li[data-kind="document"]').count() >= 1
    _shot(page, "search")


def search_from(page: Any, start: str, words: str) -> Any:
    """Type `words` in the search box of the page at `start`, press Enter; the hits."""
    page.goto(start)
    page.fill("form.search input[name=q]", words)
    page.press("form.search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=" + words.replace(" ", "+"))
    return page.locator("ol.hits > li")


def test_search_two_words_highlighted_and_paged(page: Any) -> None:
    hits = search_from(page, "/", "putin ceasefire")
    assert hits.count() >= 3
    for text in hits.all_inner_texts():  # both words in every result (a name counts)
        assert "putin" in text.lower() and "ceasefire" in text.lower(), text
    marked = {m.lower() for m in page.locator("ol.hits mark").all_inner_texts()}
    assert "putin" in marked and "ceasefire" in marked
    counts = page.locator(".facets a .count").all_inner_texts()
    assert len(counts) == 5 and int(counts[0]) == sum(int(c) for c in counts[1:])
    _shot(page, "search-two-words")
    page.goto("/search?q=putin&limit=2")
    first = page.locator("ol.hits > li").all_inner_texts()
    assert len(first) == 2 and page.inner_text("nav.pager").startswith("1–2 of ")
    page.locator("nav.pager a[rel=next]").click()
    page.wait_for_url("**/search?q=putin&limit=2&offset=2")
    second = page.locator("ol.hits > li").all_inner_texts()
    assert len(second) == 2 and not set(first) & set(second)
    assert page.locator("ol.hits").get_attribute("start") == "3"
    page.locator('.facets a[data-kind="events"]').click()
    page.wait_for_url("**kind=events**")
    kinds = page.locator("ol.hits > li").evaluate_all("els => els.map(e => e.dataset.kind)")
    assert kinds and set(kinds) == {"event"}
    page.locator("ol.hits a.hit-link").first.click()  # to the event in its article
    page.wait_for_url("**/documents/*#e*")
    page.locator(".seg.active").first.wait_for()


def test_search_snippets_of_hostile_text(page: Any) -> None:
    page.goto("/search?q=pwned")
    _not_pwned(page)
    marks = page.locator("ol.hits mark").all_inner_texts()
    assert marks and {m.lower() for m in marks} == {"pwned"}
    assert PWN_SCRIPT[:20] in page.inner_text("ol.hits")  # shown as text
    assert page.locator("ol.hits script, ol.hits img").count() == 0
    _shot(page, "search-hostile")


def test_malformed_fragments_break_nothing(page: Any) -> None:
    for fragment in ("%E0%A4%A", "%", "q0%ZZ", '"]x[', "%22%5D%5Bx", "%00", "e0%"):
        page.goto(f"/documents/aaaa000000000001#{fragment}")
        assert page.locator("#article").count() == 1
    page.evaluate("location.hash = 'q0'")  # the script still works after them
    page.wait_for_function("document.querySelector('.seg.active') !== null")
    assert page.locator(".seg.active").first.inner_text() == "tomorrow"
    page.evaluate("location.hash = '%E0%A4%A'")  # a hashchange to a bad one
    page.wait_for_function("document.querySelector('.seg.active') === null")


def test_api_docs_work_offline(page: Any) -> None:
    page.goto("/docs")
    page.locator(".opblock").first.wait_for(timeout=15000)
    assert page.locator(".opblock").count() >= 8
    _shot(page, "docs")
