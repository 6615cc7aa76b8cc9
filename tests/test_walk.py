"""The folder walker: every path it does not ingest is reported and counted
(failed or skipped), symbolic links are followed once with loops detected,
nothing blocks (FIFOs, devices) and nothing raises a traceback."""

from __future__ import annotations

import errno
import io
import json
import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from accord.errors import InputError
from accord.ingest import walk
from accord.ingest.notes import SkippedPath
from accord.ingest.readers import read_articles
from accord.ingest.walk import expand_paths
from accord.model import Article
from accord.runner import ingest

BODY = "Talks in Doha ended on Monday without a deal, officials said."


def text(n: Any) -> str:
    return f"Talks in Doha ({n}) ended on Monday without a deal, officials said."
AS_ROOT = os.geteuid() == 0  # root reads anything: permission tests patch the OS instead
IN_FOLDERS = " ".join(walk.IN_FOLDERS)  # .html .json .jsonl .txt ...


def _show(items: list[Any]) -> list[str]:
    out = []
    for item in items:
        if isinstance(item, Article):
            out.append(f"article {item.source}")
        elif isinstance(item, Path):
            out.append(f"path {item}")
        else:
            out.append(f"{type(item).__name__} {item}")
    return out


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A corpus folder with every kind of path the walker meets."""
    root = tmp_path / "corpus"
    outside = tmp_path / "outside"
    (root / "b").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "loop").mkdir()
    outside.mkdir()
    (root / "a.txt").write_text(BODY)
    (root / "b" / "c.txt").write_text(BODY + " Second.")
    (root / ".git" / "HEAD.txt").write_text(BODY)  # inside a hidden folder: not searched
    (root / ".hidden.txt").write_text(BODY)
    (root / "notes.bin").write_bytes(b"\x00\x01")
    (root / "README").write_text(BODY)
    (outside / "d.txt").write_text(BODY + " Third.")
    os.mkfifo(root / "fifo.txt")
    (root / "dev.txt").symlink_to("/dev/null")
    (root / "dangling.txt").symlink_to(tmp_path / "no-such-file.txt")
    (root / "self.txt").symlink_to(root / "self.txt")
    (root / "loop" / "up").symlink_to(root)
    (root / "linked").symlink_to(root / "b")
    (root / "outside").symlink_to(outside)
    return root


def test_every_path_not_ingested_is_reported(tree: Path) -> None:
    root, tmp = str(tree), tree.parent
    assert _show(list(expand_paths([root]))) == [
        f"SkippedPath {root}/.git: hidden folder: not searched",
        f"SkippedPath {root}/.hidden.txt: hidden file",
        f"SkippedPath {root}/README: unsupported file type (no suffix); ingest reads "
        f"{IN_FOLDERS}",
        f"path {root}/a.txt",
        f"path {root}/b/c.txt",
        f"InputError {root}/dangling.txt: broken symbolic link (its target "
        f"{tmp}/no-such-file.txt does not exist)",
        f"SkippedPath {root}/dev.txt: not a regular file: a character device",
        f"SkippedPath {root}/fifo.txt: not a regular file: a FIFO (named pipe)",
        f"SkippedPath {root}/linked: same folder as {root}/b, read once",
        f"SkippedPath {root}/loop/up: symbolic link loop: leads back to {root}, not read "
        "again",
        f"SkippedPath {root}/notes.bin: unsupported file type (.bin); ingest reads "
        f"{IN_FOLDERS}",
        f"path {root}/outside/d.txt",  # a linked folder outside the tree is followed
        f"InputError {root}/self.txt: symbolic link loop (the link leads back to itself)",
    ]


def test_skips_and_failures_are_counted_and_printed(tree: Path, tmp_path: Path,
                                                    monkeypatch: Any, capsys: Any) -> None:
    from accord.cli import main

    monkeypatch.setattr(sys, "argv", ["accord", "ingest", str(tree), "--db",
                                      str(tmp_path / "s.db"), "-q"])
    monkeypatch.setenv("COLUMNS", "300")
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1  # the broken links failed
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert len(lines) == 10 and "Traceback" not in err
    assert sum(line.startswith("skipped: ") for line in lines) == 8
    assert sum(line.startswith("error: ") for line in lines) == 2
    assert f"skipped: {tree}/fifo.txt: not a regular file: a FIFO (named pipe)" in lines
    assert out.startswith("stored 3, unchanged 0, replaced 0, failed 2 (5 articles in ")
    assert out.rstrip().endswith("articles/s); 8 paths skipped")


def test_ingest_counts_skipped_paths(tree: Path, store: Any, nlp: Any) -> None:
    summary = ingest(read_articles([str(tree)]), store, nlp=nlp)
    assert (summary.stored, summary.failed, summary.skipped, summary.warnings) == (3, 2, 8, 0)
    assert len(summary.notes) == 8 and all(n.startswith("skipped: ") for n in summary.notes)


def test_unreadable_folder_is_an_error_not_a_silent_skip(tmp_path: Path,
                                                         monkeypatch: Any) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(BODY)
    (tmp_path / "z.txt").write_text(BODY)
    real = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert _show(list(read_articles([str(tmp_path)]))) == [
        f"InputError {tmp_path}/locked: folder cannot read (permission denied); its files "
        "are not ingested",
        f"article {tmp_path}/z.txt"]


def test_file_in_an_unreadable_folder_is_one_line(tmp_path: Path, monkeypatch: Any) -> None:
    """Path.is_dir() raised PermissionError here (a traceback); now one line."""
    target = tmp_path / "locked" / "x.txt"
    real = os.stat

    def stat(path: Any, *args: Any, **kw: Any) -> Any:
        if str(path) == str(target):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, *args, **kw)

    monkeypatch.setattr(os, "stat", stat)
    assert _show(list(read_articles([str(target)]))) == [
        f"InputError {target}: cannot read (permission denied)"]


@pytest.mark.skipif(AS_ROOT, reason="root reads unreadable folders")
def test_real_permissions(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text(BODY)
    locked.chmod(0)
    try:
        assert _show(list(read_articles([str(tmp_path), str(locked / "x.txt")]))) == [
            f"InputError {locked}: folder cannot read (permission denied); its files are "
            "not ingested",
            f"InputError {locked}/x.txt: cannot read (permission denied)"]
    finally:
        locked.chmod(0o755)


def test_file_deleted_during_the_run_is_reported(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(text(name))
    items = read_articles([str(tmp_path)])
    first = next(items)
    (tmp_path / "b.txt").unlink()
    assert _show([first, *items]) == [
        f"article {tmp_path}/a.txt",
        f"InputError {tmp_path}/b.txt: vanished during the run (deleted or moved after it "
        "was listed)",
        f"article {tmp_path}/c.txt"]


def test_file_deleted_between_listing_and_reading(tmp_path: Path) -> None:
    from accord.ingest.readers import read_path

    gone = tmp_path / "gone.txt"
    assert _show(list(read_path(gone))) == [
        f"InputError {gone}: vanished during the run (deleted or moved after it was listed)"]


def test_named_fifo_given_on_the_command_line_is_read_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    lines = [json.dumps({"text": text(i), "url": f"https://example.org/{i}"})
             for i in range(3)]

    def write() -> None:
        with fifo.open("w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")

    writer = threading.Thread(target=write)
    writer.start()
    items = list(read_articles([str(fifo)]))
    writer.join(10)
    assert _show(items) == [f"article https://example.org/{i}" for i in range(3)]


def test_device_given_on_the_command_line_is_refused(tmp_path: Path) -> None:
    assert _show(list(expand_paths(["/dev/null"]))) == [
        "InputError /dev/null: not a file or folder: a character device"]


def test_deep_folder_tree_needs_no_recursion(tmp_path: Path) -> None:
    folder = tmp_path
    for _ in range(200):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "x.txt").write_text(BODY)
    (item,) = list(read_articles([str(tmp_path)]))
    assert isinstance(item, Article) and item.source == str(folder / "x.txt")


def test_symlink_handling_is_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "Symbolic links" in readme and "followed once" in readme


def test_stdin_is_still_read_lazily() -> None:
    from accord.ingest.readers import read_stdin

    stream = io.BytesIO(b"\n".join(json.dumps({"text": text(i)}).encode()
                                   for i in range(3)) + b"\n")
    items = read_stdin(stream=stream)
    assert isinstance(next(items), Article)
    assert stream.tell() < len(stream.getvalue())  # one line read, not the whole stream
    assert [type(i) for i in items] == [Article, Article]
    assert not isinstance(next(iter([None])), InputError | SkippedPath)


@pytest.mark.slow
def test_ray_reports_skipped_paths_and_warnings(tmp_path: Path) -> None:
    """Notes cross Ray too (a batch whose note column is all None once came
    back as NaN and counted every row as a note)."""
    pytest.importorskip("ray")
    from accord.batch import ingest_ray
    from accord.runner import PipelineSettings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(text(1))
    (corpus / "b.txt").write_bytes(("“Ready,” " + text(2)).encode().replace(b"Doha", b"\x93"))
    (corpus / "notes.bin").write_bytes(b"\x00")
    (corpus / "empty.txt").write_text("  \n")
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    summary = ingest_ray([str(corpus)], str(tmp_path / "s.db"), address="local",
                         settings=PipelineSettings(), concurrency=1)
    assert (summary.stored, summary.failed, summary.skipped, summary.warnings) == (2, 1, 1, 1)
    assert summary.notes == [
        f"skipped: {corpus / 'notes.bin'}: unsupported file type (.bin); ingest reads "
        f"{IN_FOLDERS}",
        f"warning: {corpus / 'b.txt'}: mostly UTF-8, but 1 invalid byte replaced by U+FFFD "
        "(2 valid non-ASCII characters kept)"]
