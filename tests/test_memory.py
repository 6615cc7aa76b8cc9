"""Memory: spaCy's model never runs over more than SECTION_CHARS characters at
once, so an article within the limits (990 KB took 3.2 GB) stays under 1 GB;
long articles are processed in sections whose results are one record."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from accord import runner
from accord.model import Article
from accord.record import build_record, check_offsets
from accord.runner import SECTION_CHARS, process_batch, process_sections, sections

ROOT = Path(__file__).resolve().parent.parent
VOA = ROOT / "tests" / "data" / "voa_stories.jsonl"


def voa_article(chars: int) -> str:
    """VOA stories, one paragraph each, repeated up to `chars` characters."""
    stories = [json.loads(line)["text"] for line in VOA.read_text(encoding="utf-8").splitlines()]
    out: list[str] = []
    size = 0
    while size < chars:
        story = stories[len(out) % len(stories)]
        out.append(story)
        size += len(story) + 2
    return "\n\n".join(out)[:chars].rstrip()


def test_sections_join_back_and_cut_at_paragraphs() -> None:
    text = voa_article(250_000)
    parts = sections(text, 100_000)
    assert "".join(parts) == text
    assert len(parts) == 3 and all(len(p) <= 100_000 for p in parts)
    assert all(p.endswith("\n\n") for p in parts[:-1])  # after a paragraph break
    one_line = "Putin said talks would resume. " * 10_000
    parts = sections(one_line, 100_000)
    assert "".join(parts) == one_line and all(p.endswith(". ") for p in parts[:-1])
    no_space = "x" * 250_001
    assert [len(p) for p in sections(no_space, 100_000)] == [100_000, 100_000, 50_001]
    assert sections("short", 100_000) == ["short"]


def test_a_long_article_in_sections_is_the_record_of_the_whole(nlp: Any) -> None:
    """Sections change nothing but the model's view across a section boundary:
    entities, quotes and proposals are those of the whole text at once, and an
    event differs only where its evidence touches a boundary."""
    from accord.pipeline import make_doc

    text = voa_article(3 * 20_000)
    meta = {"source": "long.txt", "published": "2025-03-14"}
    whole = build_record(nlp(make_doc(nlp, text, meta)))
    parts = sections(text, 20_000)
    sectioned = build_record(process_sections(nlp, text, meta, size=20_000))
    assert check_offsets(sectioned) == []
    assert sectioned["text"] == text and sectioned["doc_id"] == whole["doc_id"]
    for kind in ("entities", "quotes", "proposals"):
        assert sectioned[kind] == whole[kind], kind
    bounds = [sum(len(p) for p in parts[:i]) for i in range(1, len(parts))]

    def away(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [e for e in events
                if not any(e["start"] - 200 <= b <= e["end"] + 200 for b in bounds)]

    assert away(sectioned["events"]) == away(whole["events"])
    assert len(away(whole["events"])) >= 0.9 * len(whole["events"])  # the test has teeth


def test_the_model_runs_over_at_most_section_chars_at_once(nlp: Any, monkeypatch: Any) -> None:
    seen: list[int] = []
    real = runner._pipe

    def pipe(nlp_: Any, articles: list[Article], batch_size: int, *rest: Any) -> Any:
        seen.append(sum(len(a.text) for a in articles))
        return real(nlp_, articles, batch_size, *rest)

    monkeypatch.setattr(runner, "_pipe", pipe)
    text = voa_article(40_000)
    articles = [Article(text=f"{text} {i}.", source=f"a{i}.txt") for i in range(5)]
    results = process_batch(nlp, articles, timeout=None)
    assert [r["source"] for r in results] == [f"a{i}.txt" for i in range(5)]
    assert len(seen) == 3 and max(seen) <= SECTION_CHARS


def peak_rss_mb(args: list[str]) -> tuple[float, str]:
    """(peak resident memory in MB, stdout) of `accord ARGS` in a child process."""
    probe = ("import resource, subprocess, sys\n"
             "out = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
             "print(out.stdout.replace('\\n', ' '), out.stderr.replace('\\n', ' '))\n"
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    done = subprocess.run([sys.executable, "-c", probe, sys.executable, "-m", "accord.cli",
                           *args], capture_output=True, text=True, timeout=900, cwd=ROOT,
                          check=True)
    summary, peak_kb = done.stdout.strip().rsplit("\n", 1)
    return int(peak_kb) / 1024, summary


@pytest.mark.slow
def test_a_990_kb_article_stays_under_1_gb(tmp_path: Path) -> None:
    text = voa_article(990_000)
    while len(text.encode("utf-8")) > 990_000:
        text = text[:-1000]
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    peak, summary = peak_rss_mb(["ingest", str(path), "--db", str(tmp_path / "s.db"), "-q",
                                 "--timeout", "0"])
    assert "stored 1, unchanged 0, replaced 0, failed 0" in summary, summary
    assert peak < 1024, f"peak RSS {peak:.0f} MB"
