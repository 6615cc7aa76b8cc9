"""Screenshots of analysts' corrections in the web UI (README, "Corrections").

    .venv/bin/python scripts/review_screenshots.py [OUT_DIR]    (default docs/screenshots)

Ingests the samples (examples/) into a fresh store, corrects a quote's speaker
and a proposal's response as an analyst would (`accord.corrections.submit`,
the way the form, the API and `accord correct` go), serves the store with
`accord serve` on a free loopback port and takes two pictures with Debian's
headless Chromium (Playwright): the corrected item on its document page, and
the proposal tracker after the correction.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-dev-shm-usage"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _prepare(db: Path) -> tuple[str, str]:
    """Ingest the samples and correct two items; (doc_id, anchor) of the quote."""
    from accord.corrections import original_target, submit
    from accord.ingest.readers import read_articles
    from accord.runner import ingest
    from accord.store import Store

    with Store.open(db) as store:
        ingest(read_articles([str(ROOT / "examples")]), store)
        recs = list(store.iter_records())
        rec = next(r for r in recs if r["source"].endswith("004_1038c95d7ce14ccd.txt"))
        i, quote = next((i, q) for i, q in enumerate(rec["quotes"])
                        if q["kind"] == "indirect")
        submit(store, rec["doc_id"], "quote", original_target("quote", quote), "edit",
               author="jane", changes={"speaker": "John Kirby"},
               note="the NSC spokesman, named two paragraphs up")
        answered = next(r for r in recs for p in r["proposals"] if p["responses"])
        prop = next(p for p in answered["proposals"] if p["responses"])
        resp = prop["responses"][0]
        new = "reject" if resp["stance"] != "reject" else "consider"
        submit(store, answered["doc_id"], "response", original_target("response", resp),
               "edit", author="jane", changes={"stance": new})
        submit(store, answered["doc_id"], "proposal", original_target("proposal", prop),
               "confirm", author="omar")
    return rec["doc_id"], f"item-q{i}"


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "review.db"
        doc_id, anchor = _prepare(db)
        port = _port()
        server = subprocess.Popen([sys.executable, "-m", "accord.cli", "serve", "--db", str(db),
                                   "--port", str(port)], stdout=subprocess.DEVNULL)
        try:
            time.sleep(3)
            base = f"http://127.0.0.1:{port}"
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"{base}/documents/{doc_id}#{anchor}")
                item = page.locator(f"#{anchor}")
                item.locator("details.review").evaluate("d => d.open = true")
                item.scroll_into_view_if_needed()
                page.locator("aside.items").evaluate(
                    "(a, id) => { const el = document.getElementById(id); "
                    "a.scrollTop = el.offsetTop - a.offsetTop - 120; }", anchor)
                page.screenshot(path=str(out / "corrected-item.png"))
                page.goto(f"{base}/proposals")
                target = page.locator("article.proposal", has=page.locator(".reviewed")).first
                if target.count():
                    target.scroll_into_view_if_needed()
                page.screenshot(path=str(out / "tracker-after-correction.png"))
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
