"""Reprocessing: every record carries the fingerprint of the pipeline that
extracted it (accord/fingerprint.py); ingest skips an article stored unchanged
under the current fingerprint before running the pipeline, extracts it again
when the fingerprint or its metadata changed, and `accord reprocess` extracts
every stored document again from its stored text, resumably."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accord import runner
from accord.cli import app
from accord.corrections import submit
from accord.fingerprint import pipeline_fingerprint
from accord.model import Article
from accord.runner import PipelineSettings, ingest, reprocess_store
from accord.store import Store

TEXT = ("Freedonian and Sylvanian negotiators met in Geneva on Monday to discuss a truce, "
        "the Swiss foreign ministry said. Freedonia later accused Sylvania of shelling "
        "the border town of Ostrava.")
ACTORS = ("countries:\n"
          "- {id: freedonia, name: Freedonia, iso: FDN, dem: [Freedonian, Freedonians]}\n"
          "- {id: sylvania, name: Sylvania, iso: SYV, dem: [Sylvanian, Sylvanians]}\n")


def _article(title: str = "Talks in Geneva", published: str = "2025-05-05") -> Article:
    return Article(text=TEXT, source="geneva.txt", title=title, published=published,
                   url="https://www.reuters.com/world/geneva")


def _actors(rec: dict[str, Any]) -> set[str]:
    return {e["actor"]["id"] for e in rec["events"] if e.get("actor") and e["actor"].get("id")}


@pytest.fixture
def extracted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources the pipeline runs over (process_batch is spied on)."""
    seen: list[str] = []
    real = runner.process_batch

    def spy(nlp: Any, articles: list[Article], *a: Any, **k: Any) -> Any:
        seen.extend(x.source for x in articles)
        return real(nlp, articles, *a, **k)

    monkeypatch.setattr(runner, "process_batch", spy)
    return seen


def test_unchanged_article_is_skipped_before_the_pipeline(
        store: Store, nlp: Any, extracted: list[str]) -> None:
    first = ingest([_article()], store, nlp=nlp)
    assert (first.stored, extracted) == (1, ["geneva.txt"])
    again = ingest([_article()], store, nlp=nlp)
    assert (again.unchanged, again.stored, again.replaced) == (1, 0, 0)
    assert extracted == ["geneva.txt"]  # the pipeline did not run again
    rec = next(store.iter_records())
    assert rec["fingerprint"] == PipelineSettings().fingerprint
    assert rec["input"] == {"title": "Talks in Geneva", "published": "2025-05-05",
                            "url": "https://www.reuters.com/world/geneva"}


def test_changed_title_or_date_at_the_same_source_is_updated(
        store: Store, nlp: Any, extracted: list[str]) -> None:
    ingest([_article()], store, nlp=nlp)
    changed = ingest([_article(title="Talks in Geneva (corrected)", published="2025-05-06")],
                     store, nlp=nlp)
    assert changed.replaced == 1 and extracted == ["geneva.txt", "geneva.txt"]
    (rec,) = list(store.iter_records())
    assert (rec["title"], rec["published"]) == ("Talks in Geneva (corrected)", "2025-05-06")


def test_reprocessing_after_an_actors_change_changes_the_stored_record(
        store: Store, nlp: Any, tmp_path: Path) -> None:
    ingest([_article()], store, nlp=nlp)
    before = next(store.iter_records())
    assert "sylvania" not in _actors(before)
    actors = tmp_path / "mine.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    settings = PipelineSettings(actors=str(actors))
    assert settings.fingerprint != PipelineSettings().fingerprint
    assert store.count_stale(settings.fingerprint) == 1
    summary = reprocess_store(store, settings=settings)
    assert (summary.replaced, summary.failed) == (1, 0)
    after = next(store.iter_records())
    assert after["doc_id"] == before["doc_id"] and after["text"] == before["text"]
    assert {"freedonia", "sylvania"} <= _actors(after)
    assert after["fingerprint"] == settings.fingerprint
    assert (after["title"], after["url"]) == (before["title"], before["url"])  # metadata kept
    assert store.count_stale(settings.fingerprint) == 0
    # ingesting the same article with the new actors file: unchanged now
    again = ingest([_article()], store, settings=settings, nlp=None)
    assert again.unchanged == 1


def test_ingest_re_extracts_when_the_actors_file_changed(store: Store, nlp: Any,
                                                         tmp_path: Path) -> None:
    ingest([_article()], store, nlp=nlp)
    actors = tmp_path / "mine.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    summary = ingest([_article()], store, settings=PipelineSettings(actors=str(actors)))
    assert summary.replaced == 1
    assert {"freedonia", "sylvania"} <= _actors(next(store.iter_records()))


def test_reprocess_goes_on_where_it_stopped(store: Store, nlp: Any, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [Article(text=f"{TEXT} Talks resumed on day {i}.", source=f"a{i}.txt",
                        published="2025-05-05") for i in range(3)]
    ingest(articles, store, nlp=nlp)
    actors = tmp_path / "mine.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    settings = PipelineSettings(actors=str(actors))

    class Stop(Exception):
        pass

    def stop_after_first(status: str, what: Any) -> None:
        raise Stop  # killed once the first article is stored

    monkeypatch.setattr(runner, "COMMIT_RECORDS", 1)  # each article its own transaction
    with pytest.raises(Stop):
        reprocess_store(store, settings=settings, on_result=stop_after_first)
    left = store.count_stale(settings.fingerprint)
    assert left == 2
    summary = reprocess_store(store, settings=settings)
    assert summary.replaced == left and store.count_stale(settings.fingerprint) == 0
    assert reprocess_store(store, settings=settings).total == 0  # nothing left to do


def test_corrections_survive_reprocessing(store: Store, nlp: Any, tmp_path: Path) -> None:
    ingest([_article()], store, nlp=nlp)
    rec = next(store.iter_records())
    consult = next(e for e in rec["events"] if e["type"] == "CONSULT")
    target = {"start": consult["start"], "end": consult["end"], "type": "CONSULT",
              "actor": (consult["actor"] or {}).get("id") or (consult["actor"] or {}).get("name")}
    submit(store, rec["doc_id"], "event", target, "edit", author="jane",
           changes={"type": "AGREE"})
    actors = tmp_path / "mine.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    reprocess_store(store, settings=PipelineSettings(actors=str(actors)))
    after = next(store.iter_records())
    edited = [e for e in after["events"] if e.get("correction")]
    assert [(e["type"], e["correction"]["by"]) for e in edited] == [("AGREE", "jane")]
    assert len(store.corrections(rec["doc_id"])) == 1


def test_an_older_store_gets_the_new_columns(tmp_path: Path, nlp: Any) -> None:
    """A store made before fingerprints, confidence and corrections opens, gets
    the columns, and re-extracts its records on the next ingest."""
    import sqlite3

    from accord.store import ADDED_COLUMNS

    db = tmp_path / "old.db"
    with Store.open(db) as store:
        ingest([_article()], store, nlp=nlp)
    con = sqlite3.connect(db)
    for table, names in ADDED_COLUMNS:
        for name in names:
            con.execute(f'ALTER TABLE {table.name} DROP COLUMN "{name}"')
    con.commit()
    con.close()
    with Store.open(db) as store:
        again = ingest([_article()], store, nlp=nlp)
        assert again.replaced == 1  # no fingerprint stored: extracted again
        assert next(store.iter_records())["fingerprint"] == PipelineSettings().fingerprint
        assert ingest([_article()], store, nlp=nlp).unchanged == 1


def test_fingerprint_follows_the_actors_file(tmp_path: Path) -> None:
    actors = tmp_path / "a.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    one = pipeline_fingerprint(actors=str(actors))
    assert one == pipeline_fingerprint(actors=str(actors)) != pipeline_fingerprint()
    actors.write_text(ACTORS.replace("Sylvania", "Sylvanya"), encoding="utf-8")
    assert pipeline_fingerprint(actors=str(actors)) != one
    assert len(one) == 16


def test_reprocess_command(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"text": TEXT, "title": "Geneva", "published": "2025-05-05"})
                    + "\n", encoding="utf-8")
    cli = CliRunner()
    assert cli.invoke(app, ["ingest", str(feed), "--db", str(db), "-q"]).exit_code == 0
    again = cli.invoke(app, ["ingest", str(feed), "--db", str(db), "-q"])
    assert "unchanged 1" in again.output
    actors = tmp_path / "mine.yaml"
    actors.write_text(ACTORS, encoding="utf-8")
    result = cli.invoke(app, ["reprocess", "--db", str(db), "--actors", str(actors), "-q"])
    assert result.exit_code == 0, result.output
    assert "replaced 1" in result.output
    with Store.open(db) as store:
        assert {"freedonia", "sylvania"} <= _actors(next(store.iter_records()))
    result = cli.invoke(app, ["reprocess", "--db", str(db), "--actors", str(actors), "-q"])
    assert "replaced 0" in result.output
