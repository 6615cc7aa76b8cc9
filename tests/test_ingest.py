"""Ingest: readers for every format, stable ids, idempotency, replacement."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.ingest.notes import SkippedPath
from accord.ingest.readers import read_articles
from accord.model import Article
from accord.record import doc_id_for
from accord.runner import PipelineSettings, ingest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ARTICLE = ("Talks in Doha ended on Monday without a deal, officials said.\n"
           "Qatar's prime minister said both delegations would return next week.")


def _ingest(paths: list[str], store: Any, nlp: Any) -> Any:
    return ingest(read_articles(paths), store, settings=PipelineSettings(), nlp=nlp)


def test_folder_is_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b" / "c.txt").write_text(ARTICLE + " More.")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")  # unsupported suffix: not read, said so
    items = list(read_articles([str(tmp_path)]))
    assert [a.source for a in items] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "c.txt"),
                                         str(tmp_path / "notes.bin")]
    assert [type(a) for a in items] == [Article, Article, SkippedPath]
    assert str(items[2]).startswith(f"{tmp_path / 'notes.bin'}: unsupported file type (.bin)")


def test_txt_title_when_first_line_looks_like_one(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("Doha talks end without a deal\n\n" + ARTICLE)
    (art,) = read_articles([str(path)])
    assert isinstance(art, Article)
    assert art.title == "Doha talks end without a deal"
    assert art.text == ARTICLE


def test_jsonl_fields_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join([
        json.dumps({"text": ARTICLE, "title": "T1", "url": "https://example.org/a",
                    "published": "2025-03-12T10:00:00Z", "outlet": "Example News"}),
        json.dumps({"content": ARTICLE + " Second."}),
        "{not json",
        json.dumps({"title": "no text"}),
    ]) + "\n")
    items = list(read_articles([str(path)]))
    assert isinstance(items[0], Article) and items[0].source == "https://example.org/a"
    assert (items[0].title, items[0].outlet, items[0].published) == \
        ("T1", "Example News", "2025-03-12")  # checked: passed on as an ISO day
    assert isinstance(items[1], Article) and items[1].source == f"{path}#2"
    assert isinstance(items[2], InputError)
    assert str(items[2]).startswith(f"{path}#3: malformed JSON")
    assert isinstance(items[3], InputError) and "no `text`" in str(items[3])


def test_json_list_file(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([{"text": ARTICLE}, {"text": ARTICLE + " Two."}]))
    items = list(read_articles([str(path)]))
    assert [a.source for a in items] == [f"{path}#1", f"{path}#2"]


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    body = "".join(f"<p>{s} This paragraph adds enough words for the extractor to keep it "
                   f"as main text of the page.</p>" for s in ARTICLE.split("\n"))
    html = (f"<html><head><title>Doha talks end | Example News</title>"
            f"<meta property='article:published_time' content='2025-03-10'>"
            f"<meta property='og:site_name' content='Example News'></head><body>"
            f"<nav>Home | World | Politics</nav><article><h1>Doha talks end</h1>{body}"
            f"</article><footer>Copyright Example News</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html)
    (art,) = read_articles([str(path)])
    assert isinstance(art, Article), art
    assert "Talks in Doha ended on Monday without a deal" in art.text
    assert "Copyright" not in art.text and "Home | World" not in art.text
    assert art.published == "2025-03-10"
    assert art.outlet == "Example News"
    assert art.title and "Doha talks end" in art.title


def test_stdin_text(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    out = subprocess.run([sys.executable, "-m", "accord.cli", "ingest", "-", "--db", str(db),
                          "--quiet"], input=ARTICLE.encode(), capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()
    assert b"stored 1, unchanged 0, replaced 0, failed 0" in out.stdout


def test_same_article_twice_changes_nothing(store: Any, nlp: Any) -> None:
    first = _ingest([str(EXAMPLES)], store, nlp)
    assert (first.stored, first.unchanged, first.failed) == (5, 0, 0)
    before = [r["doc_id"] for r in store.iter_records()]
    second = _ingest([str(EXAMPLES)], store, nlp)
    assert (second.stored, second.unchanged, second.replaced) == (0, 5, 0)
    assert [r["doc_id"] for r in store.iter_records()] == before


def test_changed_article_replaces_old_record(tmp_path: Path, store: Any, nlp: Any) -> None:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE)
    assert _ingest([str(path)], store, nlp).stored == 1
    path.write_text(ARTICLE + "\nThe next round is due in Cairo.")
    summary = _ingest([str(path)], store, nlp)
    assert (summary.stored, summary.replaced) == (0, 1)
    (rec,) = list(store.iter_records())
    assert rec["text"].endswith("The next round is due in Cairo.")
    assert rec["doc_id"] == doc_id_for(rec["text"])


def test_doc_id_ignores_case_and_whitespace_only() -> None:
    assert doc_id_for("Talks  ended.\n") == doc_id_for("talks ended.")
    assert doc_id_for("Talks ended.") != doc_id_for("Talks began.")


def test_bad_article_does_not_stop_the_batch(tmp_path: Path, store: Any, nlp: Any) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_text("")
    (tmp_path / "d.txt").write_text(ARTICLE + " Another sentence.")
    summary = _ingest([str(tmp_path)], store, nlp)
    assert (summary.stored, summary.failed) == (2, 2)
    assert any(str(tmp_path / "b.txt") in e and "binary" in e for e in summary.errors)
    assert any(str(tmp_path / "c.txt") in e and "empty" in e for e in summary.errors)


def test_two_workers_give_the_same_records(tmp_path: Path) -> None:
    from accord.runner import run_pipeline

    one = list(run_pipeline(read_articles([str(EXAMPLES)]), settings=PipelineSettings(),
                            workers=1))
    two = list(run_pipeline(read_articles([str(EXAMPLES)]), settings=PipelineSettings(),
                            workers=2, chunk=2))
    assert one == two


def test_put_records_one_transaction_and_a_bad_record_costs_only_itself(
        store: Any, seed_records: list[dict[str, Any]]) -> None:
    good = [dict(r) for r in seed_records[:3]]
    broken = dict(seed_records[3])
    del broken["text"]  # the store cannot write it
    again = dict(seed_records[0])  # the same article twice in one group
    statuses = store.put_records([good[0], broken, good[1], again, good[2]])
    assert statuses[0] == statuses[2] == statuses[4] == "stored"
    assert isinstance(statuses[1], Exception)
    assert statuses[3] == "unchanged"
    assert store.count_documents() == 3
    assert store.put_records([dict(r) for r in seed_records[:3]]) == ["unchanged"] * 3
    assert store.get_record(good[1]["doc_id"])["quotes"] == good[1]["quotes"]


def test_ingest_commits_in_groups_and_reports_every_article(tmp_path: Path, nlp: Any) -> None:
    from accord.store import Store

    lines = [json.dumps({"text": f"Talks {i} opened in Geneva on Monday, officials said.",
                         "url": f"https://example.org/{i}"}) for i in range(40)]
    lines.insert(7, "{not json")
    src = tmp_path / "many.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen: list[str] = []
    with Store.open(tmp_path / "g.db") as st:
        summary = ingest(read_articles([str(src)]), st, nlp=nlp,
                         on_result=lambda status, _r: seen.append(status))
        assert st.count_documents() == 40
    assert (summary.stored, summary.failed) == (40, 1)
    assert sorted(seen) == ["failed"] + ["stored"] * 40
