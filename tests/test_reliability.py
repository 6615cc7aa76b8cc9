"""Reliability: nothing lost, nothing crashes, nothing stalls.

- crash safety: `kill -9` an ingest midway, rerun it: every article stored
  exactly once, none half-stored;
- concurrency: two ingests into one SQLite store at once, readers (the store
  and the API) reading while they write, processes racing to create a fresh
  store;
- time limit: a slow article is skipped with a message, in process and in
  worker processes, and the rest of its batch is kept.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accord.errors import ArticleTimeout, InputError
from accord.model import Article
from accord.record import check_offsets
from accord.runner import PipelineSettings, _TimeLimit, ingest, process_batch, time_limit
from accord.store import Store

ROOT = Path(__file__).resolve().parent.parent
VOA = Path(__file__).resolve().parent / "data" / "voa_stories.jsonl"
ITEM_TABLES = ("doc_entities", "mentions", "quotes", "events", "proposals")


# -- helpers --------------------------------------------------------------------
def make_corpus(path: Path, n: int, *, chars: int = 1200) -> list[str]:
    """A JSONL corpus of `n` distinct articles cut from the VOA stories; returns
    their sources (urls) in order."""
    stories = [json.loads(line) for line in VOA.read_text(encoding="utf-8").splitlines()]
    sources = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            story = stories[i % len(stories)]
            text = story["text"][:chars]
            text = text[: text.rfind(". ") + 1] or text
            # A varied first sentence keeps every doc_id distinct across repeats.
            text = f"Dispatch {i} was filed on day {i % 28 + 1} of the month. {text}"
            url = f"{story['url']}?copy={i}"
            fh.write(json.dumps({"text": text, "title": story["title"], "url": url,
                                 "published": story["published"]}) + "\n")
            sources.append(url)
    return sources


def accord_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "accord.cli", *args]


ENV = {**os.environ, "COLUMNS": "200"}  # one summary line, never wrapped


def count_rows(db: Path) -> int:
    """Documents stored so far, read through a separate connection (0 before the
    schema exists)."""
    if not db.exists():
        return 0
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def wait_for(predicate: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def assert_consistent(db: Path) -> list[str]:
    """Integrity check, and every stored document has exactly the items of its
    record in the item tables (none half-stored). Returns the stored sources."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        sources = []
        for doc_id, source, record in con.execute(
                "SELECT doc_id, source, record FROM documents"):
            rec = json.loads(record)
            assert rec["doc_id"] == doc_id and rec["source"] == source
            assert check_offsets(rec) == [], source
            expected = {
                "doc_entities": len(rec["entities"]),
                "mentions": sum(len(e["mentions"]) for e in rec["entities"]),
                "quotes": len(rec["quotes"]),
                "events": len(rec["events"]),
                "proposals": len(rec["proposals"]),
            }
            for table in ITEM_TABLES:
                (n,) = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id = ?",
                                   (doc_id,)).fetchone()
                assert n == expected[table], (source, table, n, expected[table])
            sources.append(source)
        # No item rows left behind by a document that is not stored.
        for table in ITEM_TABLES:
            (orphans,) = con.execute(
                f"SELECT count(*) FROM {table} WHERE doc_id NOT IN "
                "(SELECT doc_id FROM documents)").fetchone()
            assert orphans == 0, table
        return sources
    finally:
        con.close()


def run_ingest(corpus: Path, db: Path, *extra: str, timeout: float = 300
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(accord_cmd("ingest", str(corpus), "--db", str(db), "-q", *extra),
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout)


# -- crash safety ---------------------------------------------------------------
def test_kill_9_midway_then_rerun_stores_every_article_exactly_once(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "store.db"
    sources = make_corpus(corpus, 40, chars=600)
    proc = subprocess.Popen(
        accord_cmd("ingest", str(corpus), "--db", str(db), "-q", "--batch-size", "4"),
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        started = wait_for(lambda: count_rows(db) >= 8 or proc.poll() is not None, 120)
        assert started and proc.poll() is None, "ingest ended before it could be killed"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    partial = assert_consistent(db)
    assert 8 <= len(partial) < len(sources), "killed midway, with some articles stored"

    rerun = run_ingest(corpus, db, "--batch-size", "8")
    assert rerun.returncode == 0, rerun.stderr
    assert f"stored {len(sources) - len(partial)}, unchanged {len(partial)}, replaced 0, " \
           "failed 0" in rerun.stdout
    stored = assert_consistent(db)
    assert sorted(stored) == sorted(sources)  # every article, each exactly once


# -- concurrency ----------------------------------------------------------------
def _fake_record(i: int, writer: int) -> dict[str, Any]:
    text = f"Envoy {i % 7} met delegation {i} in Doha on Monday, said writer {i % 3}."
    ent = {"id": f"envoy-{i % 7}", "name": f"Envoy {i % 7}", "type": "PERSON",
           "country": None, "sector": "GOV", "aliases": [f"Envoy {i % 7}"],
           "mentions": [[0, 7]]}
    return {"doc_id": f"doc{i:05d}", "source": f"src-{i}", "outlet": f"w{writer}",
            "title": None, "published": "2025-03-01", "text": text, "entities": [ent],
            "quotes": [{"text": "met", "start": 8, "end": 11, "kind": "indirect", "cue": "said",
                        "speaker": None}],
            "events": [], "proposals": []}


def _open_and_write(db: str, writer: int, n: int, barrier: Any, errors: Any) -> None:
    try:
        barrier.wait()
        with Store.open(db) as store:
            for i in range(n):  # overlapping ranges: writers race on the same documents
                store.put_record(_fake_record((i + writer * n // 2) % (2 * n), writer))
    except BaseException as exc:  # reported to the parent, which fails the test
        errors.put(f"writer {writer}: {type(exc).__name__}: {exc}")


def test_processes_racing_to_create_and_write_a_fresh_store(tmp_path: Path) -> None:
    db = str(tmp_path / "fresh.db")
    ctx = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    writers, n = 6, 60
    barrier, errors = ctx.Barrier(writers), ctx.Queue()
    procs = [ctx.Process(target=_open_and_write, args=(db, w, n, barrier, errors))
             for w in range(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert failures == []
    assert all(p.exitcode == 0 for p in procs)
    stored = assert_consistent(Path(db))
    assert len(stored) == len(set(stored)) == 2 * n


LIST_URLS = ["/api/documents?limit=500", "/api/actors", "/api/quotes", "/api/events",
             "/api/proposals", "/api/timeline", "/api/stats", "/api/search?q=talks"]


def test_two_ingests_and_readers_at_once(tmp_path: Path) -> None:
    """Two ingests write one fresh store (overlapping corpora) while a thread
    reads through the store and another through the API: no errors, nothing
    lost, every record read is whole."""
    db = tmp_path / "shared.db"
    all_sources = make_corpus(tmp_path / "all.jsonl", 36, chars=500)
    lines = (tmp_path / "all.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "a.jsonl").write_text("".join(lines[:24]), encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("".join(lines[12:]), encoding="utf-8")
    cmds = [accord_cmd("ingest", str(tmp_path / f"{x}.jsonl"), "--db", str(db), "-q",
                       "--batch-size", "4") for x in "ab"]
    procs = [subprocess.Popen(c, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for c in cmds]
    stop = threading.Event()
    problems: list[str] = []
    reads = {"store": 0, "api": 0}

    def read_store() -> None:
        wait_for(lambda: count_rows(db) > 0 or stop.is_set(), 60)
        try:
            with Store.open(db, create=False) as store:
                while not stop.is_set():
                    for rec in store.iter_records(batch=7):
                        if check_offsets(rec):
                            problems.append(f"store read {rec['source']}: bad offsets")
                        reads["store"] += 1
        except Exception as exc:
            problems.append(f"store reader: {type(exc).__name__}: {exc}")

    def read_api() -> None:
        try:
            from fastapi.testclient import TestClient

            from accord.api import create_app
        except ImportError as exc:  # pragma: no cover - the API is an optional part
            problems.append(f"api missing: {exc}")
            return
        wait_for(lambda: count_rows(db) > 0 or stop.is_set(), 60)
        try:
            client = TestClient(create_app(str(db)))
            while not stop.is_set():
                con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
                ids = [r[0] for r in con.execute("SELECT doc_id FROM documents")]
                con.close()
                for doc_id in ids:
                    resp = client.get(f"/api/documents/{doc_id}")
                    if resp.status_code != 200 or resp.json()["doc_id"] != doc_id:
                        problems.append(f"api {doc_id}: {resp.status_code} {resp.text[:200]}")
                    reads["api"] += 1
                for url in LIST_URLS:  # queries across tables, mid-write
                    resp = client.get(url)
                    if resp.status_code != 200:
                        problems.append(f"api {url}: {resp.status_code} {resp.text[:200]}")
        except Exception as exc:
            problems.append(f"api reader: {type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=f, daemon=True) for f in (read_store, read_api)]
    for t in threads:
        t.start()
    try:
        outs = [p.communicate(timeout=300) for p in procs]
    finally:
        stop.set()
        for p in procs:
            if p.poll() is None:
                p.kill()
        for t in threads:
            t.join(30)
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert "failed 0" in out, out
    assert problems == []
    assert reads["store"] > 0 and reads["api"] > 0
    stored = assert_consistent(db)
    assert sorted(stored) == sorted(all_sources)


# -- time limit -----------------------------------------------------------------
def test_time_limit_interrupts_python_code() -> None:
    started = time.monotonic()
    with pytest.raises(_TimeLimit), time_limit(0.2):
        while True:
            pass
    assert time.monotonic() - started < 2
    with time_limit(0.2):  # a fast block is not interrupted, and the timer is cleared
        pass
    time.sleep(0.3)


def _slow_when_marked(original: Callable[..., Any]) -> Callable[..., Any]:
    def build(doc: Any, **kw: Any) -> Any:
        if "SLOW" in doc.text:
            time.sleep(30)
        return original(doc, **kw)
    return build


ARTICLES = [Article(text=f"Talks in Doha ended on day {i} without a deal, officials said.",
                    source=f"a{i}.txt") for i in range(4)]
SLOW = Article(text="SLOW talks in Geneva dragged on, diplomats said.", source="slow.txt")


def test_slow_article_is_skipped_in_process(nlp: Any, monkeypatch: Any, store: Any) -> None:
    import accord.runner

    monkeypatch.setattr(accord.runner, "build_record",
                        _slow_when_marked(accord.runner.build_record))
    started = time.monotonic()
    results = process_batch(nlp, [*ARTICLES[:2], SLOW, *ARTICLES[2:]], timeout=1)
    assert time.monotonic() - started < 10
    assert [r["source"] if isinstance(r, dict) else r.source for r in results] == \
        ["a0.txt", "a1.txt", "slow.txt", "a2.txt", "a3.txt"]
    err = results[2]
    assert isinstance(err, ArticleTimeout) and isinstance(err, InputError)
    assert str(err) == ("slow.txt: took longer than 1 s; skipped (raise the limit with "
                        "--timeout, or report this article)")
    summary = ingest([*ARTICLES, SLOW], store, settings=PipelineSettings(timeout=1), nlp=nlp)
    assert (summary.stored, summary.failed) == (4, 1)
    assert summary.errors == [str(err)]


FORK_ONLY = pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                               reason="the component is patched in before the workers fork")


@FORK_ONLY
def test_slow_article_is_skipped_in_worker_processes(nlp: Any, monkeypatch: Any,
                                                     store: Any) -> None:
    import accord.runner

    monkeypatch.setattr(accord.runner, "build_record",
                        _slow_when_marked(accord.runner.build_record))
    started = time.monotonic()
    summary = ingest([*ARTICLES, SLOW], store, settings=PipelineSettings(timeout=1),
                     workers=2, nlp=nlp)
    assert time.monotonic() - started < 25
    assert (summary.stored, summary.failed) == (4, 1)
    assert summary.errors[0].startswith("slow.txt: took longer than 1 s; skipped")


def test_cli_has_timeout_option() -> None:
    from typer.testing import CliRunner

    from accord.cli import app

    result = CliRunner().invoke(app, ["ingest", "--help"])
    assert "--timeout" in result.output


def test_article_longer_than_the_pipeline_takes_fails_alone(nlp: Any) -> None:
    huge = Article(text="Talks went on. " * (nlp.max_length // 15 + 1), source="huge.txt")
    results = process_batch(nlp, [ARTICLES[0], huge], timeout=60)
    assert isinstance(results[0], dict)
    assert isinstance(results[1], InputError)
    assert str(results[1]).startswith("huge.txt: too long to process (")


@FORK_ONLY
def test_a_dying_worker_fails_its_batch_and_the_ingest_goes_on(nlp: Any, monkeypatch: Any,
                                                               store: Any) -> None:
    import accord.runner

    original = accord.runner.build_record

    def crash_when_marked(doc: Any, **kw: Any) -> Any:
        if "CRASH" in doc.text:
            os._exit(3)  # as the kernel's OOM killer would end it: no exception, no cleanup
        return original(doc, **kw)

    monkeypatch.setattr(accord.runner, "build_record", crash_when_marked)
    articles = [Article(text=f"Envoys met in Doha on day {i}, officials said.",
                        source=f"d{i}.txt") for i in range(16)]
    articles[5] = Article(text="CRASH talks in Geneva, diplomats said.", source="crash.txt")
    summary = ingest(articles, store, settings=PipelineSettings(batch_size=4), workers=2,
                     nlp=nlp)
    assert summary.total == 16 and summary.stored + summary.failed == 16
    assert "crash.txt: a worker process died" in " ".join(summary.errors)
    assert summary.stored >= 4  # the batches after the crash ran on a fresh pool
    again = ingest([a for a in articles if a.source != "crash.txt"], store,
                   settings=PipelineSettings(batch_size=4), workers=2, nlp=nlp)
    assert again.failed == 0 and store.count_documents() == 15  # nothing lost for good


def test_workers_end_when_their_parent_is_killed(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "store.db"
    make_corpus(corpus, 40, chars=400)
    proc = subprocess.Popen(
        accord_cmd("ingest", str(corpus), "--db", str(db), "-q", "--workers", "2",
                   "--batch-size", "4"),
        cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        out = subprocess.run(["ps", "-eo", "pid,ppid"], capture_output=True, text=True).stdout
        return [int(p) for p, pp in (ln.split() for ln in out.splitlines()[1:])
                if int(pp) == proc.pid]

    try:
        assert wait_for(lambda: len(children()) >= 2, 60), "no workers started"
        workers = children()
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

        def gone() -> bool:
            return all(not Path(f"/proc/{pid}").exists() or
                       "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
                       for pid in workers)

        assert wait_for(gone, 30, step=0.2), "workers outlived their killed parent"
    finally:
        if proc.poll() is None:
            proc.kill()
