"""The folder walker: which paths are read, and a line for every one that is not.

Folders are searched recursively in sorted order. Every path the walker does
not ingest is reported, never dropped in silence:

- an `InputError` (counted as failed) for what should have been readable: a
  folder or file that cannot be read (permissions), a broken or looping
  symbolic link, a path that vanished during the run;
- a `SkippedPath` (counted as skipped) for what is left out on purpose: hidden
  files and folders (not searched), unsupported file types, FIFOs, devices and
  sockets (opening one could block the run forever), and a folder reached a
  second time through a symbolic link.

Symbolic links are followed, a linked folder once: folders are recognised by
device and inode, so a link that points back to a folder being searched
(a loop) or to a folder already read is reported and not read again.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from accord.errors import InputError
from accord.ingest.csvrows import CSV_SUFFIXES
from accord.ingest.fetch import is_url
from accord.ingest.notes import SkippedPath

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | CSV_SUFFIXES
IN_FOLDERS = sorted(SUPPORTED - {""})  # a file without a suffix is read only when named

Walked = Path | str | InputError | SkippedPath
_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def why(exc: OSError) -> str:
    """Why a path cannot be used, in words (a whole reason)."""
    if exc.errno == errno.ENOENT:
        return "vanished during the run (deleted or moved after it was listed)"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link leads back to itself)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "cannot read (permission denied)"
    return f"cannot read ({exc.strerror or exc})"


def _link_error(path: str, exc: OSError) -> InputError:
    if exc.errno == errno.ENOENT:
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        return InputError(f"broken symbolic link (its target {target} does not exist)",
                          source=path)
    if exc.errno == errno.ELOOP:
        return InputError(why(exc), source=path)
    return InputError(f"cannot follow symbolic link: {why(exc)}", source=path)


class _Walk:
    def __init__(self) -> None:
        self.seen: dict[tuple[int, int], str] = {}  # folder (dev, inode) -> first path

    def top(self, arg: str) -> Iterator[Walked]:
        """One command-line argument."""
        try:
            st = os.stat(arg)
        except OSError as exc:
            if exc.errno == errno.ENOENT and not os.path.lexists(arg):
                yield InputError("no such file or folder", source=arg)
            elif os.path.islink(arg):
                yield _link_error(arg, exc)
            else:
                yield InputError(why(exc), source=arg)
            return
        if stat.S_ISDIR(st.st_mode):
            yield from self.folder(arg, st)
        elif stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode):
            yield Path(arg)  # a named FIFO is read as a stream, like stdin
        else:
            yield InputError(f"not a file or folder: {_kind(st.st_mode)}", source=arg)

    def folder(self, root: str, root_st: os.stat_result) -> Iterator[Walked]:
        """Everything under `root`, depth first in name order (as sorted paths
        would list them); an explicit stack, so depth costs no recursion."""
        self.seen[(root_st.st_dev, root_st.st_ino)] = root
        stack: list[Iterator[Walked | tuple[str]]] = [self._entries(root)]
        while stack:
            item = next(stack[-1], None)
            if item is None:
                stack.pop()
            elif isinstance(item, tuple):  # a folder to enter here
                stack.append(self._entries(item[0]))
            else:
                yield item

    def _entries(self, folder: str) -> Iterator[Walked | tuple[str]]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            yield InputError(f"folder {why(exc)}; its files are not ingested", source=folder)
            return
        for entry in entries:
            yield from self._entry(entry)

    def _entry(self, entry: os.DirEntry[str]) -> Iterator[Walked | tuple[str]]:
        path = entry.path
        try:
            is_link = entry.is_symlink()
            st = os.stat(path)  # follows links
        except OSError as exc:
            yield _link_error(path, exc) if os.path.islink(path) else \
                InputError(why(exc), source=path)
            return
        if stat.S_ISDIR(st.st_mode):
            if entry.name.startswith("."):
                yield SkippedPath("hidden folder: not searched", source=path)
                return
            key = (st.st_dev, st.st_ino)
            first = self.seen.get(key)
            if first is not None:
                if is_link and path.startswith(first.rstrip(os.sep) + os.sep):
                    note = f"symbolic link loop: leads back to {first}, not read again"
                else:
                    note = f"same folder as {first}, read once"
                yield SkippedPath(note, source=path)
                return
            self.seen[key] = path
            yield (path,)
        elif entry.name.startswith("."):
            yield SkippedPath("hidden file", source=path)
        elif not stat.S_ISREG(st.st_mode):
            yield SkippedPath(f"not a regular file: {_kind(st.st_mode)}", source=path)
        elif Path(path).suffix.lower() not in SUPPORTED - {""}:
            suffix = Path(path).suffix or "no suffix"
            yield SkippedPath(f"unsupported file type ({suffix}); ingest reads "
                              f"{' '.join(IN_FOLDERS)}", source=path)
        else:
            yield Path(path)


def expand_paths(paths: Iterable[str]) -> Iterator[Walked]:
    """Files and folders (recursively, sorted), `-` for stdin, http(s) URLs as
    given, and a note or an error for every path that is not read."""
    walk = _Walk()
    for p in paths:
        if p == "-" or is_url(p):
            yield p
        else:
            yield from walk.top(p)
