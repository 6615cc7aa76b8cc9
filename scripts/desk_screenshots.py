"""Screenshots of the analyst's desk (README, "The analyst's desk").

    .venv/bin/python scripts/desk_screenshots.py [OUT_DIR] [--db DB]   (default docs/screenshots)

Without --db, ingests the samples and the 89 VOA stories (94 documents) into a
fresh store. Serves it with `accord serve` on a free loopback port and takes,
in Debian's headless Chromium (Playwright), every page with a chart (the
timeline's events per week, the proposal tracker's lives, an actor's relations,
documents per outlet), a name filter with its suggestions, a search for two
words (`ceasefire talks`) with its matches highlighted, and two dossiers
written by `accord dossier` and opened from disk (file://) with every request
refused. tests/test_browser_desk.py checks the same pages.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-dev-shm-usage"]
ACCORD = [sys.executable, "-m", "accord.cli"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _store(work: Path) -> Path:
    db = work / "desk.db"
    subprocess.run([*ACCORD, "ingest", str(ROOT / "examples"),
                    str(ROOT / "tests/data/voa_stories.jsonl"), "--db", str(db), "-q"],
                   check=False, capture_output=True)
    return db


def _group(db: Path) -> str:
    """The ceasefire proposal with the most answers."""
    sys.path.insert(0, str(ROOT))
    from accord.queries import Page, list_proposals
    from accord.store import Store

    with Store.open(db, create=False) as store:
        items = list_proposals(store, kind="ceasefire", page=Page(100))["items"]
    return str(max(items, key=lambda p: (len(p["responses"]), p["n_sources"]))["group"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default=str(ROOT / "docs/screenshots"))
    ap.add_argument("--db")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="accord-desk-"))
    db = Path(args.db) if args.db else _store(work)
    group = _group(db)
    dossiers = {}
    for kind, key in (("proposal", group), ("actor", "putin")):
        path = work / f"dossier-{kind}.html"
        subprocess.run([*ACCORD, "dossier", kind, key, "--db", str(db), "-o", str(path)],
                       check=True, capture_output=True)
        dossiers[kind] = path
    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([*ACCORD, "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import httpx
        from playwright.sync_api import sync_playwright

        for _ in range(300):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            pg = browser.new_page(viewport={"width": 1366, "height": 900})
            pg.route("**/*", lambda r: r.continue_() if r.request.url.startswith(
                (base, "file://", "data:")) else r.abort())

            def shot(name: str, url: str, *, full: bool = False) -> None:
                pg.goto(url)
                pg.screenshot(path=str(out / f"desk-{name}.png"), full_page=full)
                print(out / f"desk-{name}.png")

            shot("timeline-chart", base + "/")
            shot("timeline-week-clicked", base + "/?date_from=2025-03-10&date_to=2025-03-16"
                 "&kind=event&type=ASSAULT")
            pg.goto(base + "/proposals")
            with pg.expect_response(lambda r: "/api/actors/suggest" in r.url):
                pg.locator("input[name=party]").press_sequentially("kre", delay=60)
            pg.locator("input[name=party]").fill("the Kremlin")
            pg.locator("input[name=party]").press("Enter")
            pg.wait_for_url("**party=*")
            pg.screenshot(path=str(out / "desk-name-filter.png"))
            print(out / "desk-name-filter.png")
            shot("proposals-life", base + "/proposals?kind=ceasefire")
            shot("actor-relations", base + "/actors/Putin")
            shot("documents-outlets", base + "/documents")
            pg.goto(base + "/")  # a search for two words, typed as a reader would
            pg.fill("form.search input[name=q]", "ceasefire talks")
            pg.press("form.search input[name=q]", "Enter")
            pg.wait_for_url("**/search?q=ceasefire+talks")
            marked = {m.lower() for m in pg.locator("ol.hits mark").all_inner_texts()}
            if not {"ceasefire", "talks"} <= marked:
                sys.exit(f"the two-word search highlighted {sorted(marked)}")
            pg.screenshot(path=str(out / "desk-search-two-words.png"))
            print(out / "desk-search-two-words.png")
            shot("dossier-proposal", dossiers["proposal"].as_uri(), full=True)
            shot("dossier-actor", dossiers["actor"].as_uri())
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
