"""What made a record: the pipeline's fingerprint, and the article's metadata key.

A record carries the fingerprint of the pipeline that extracted it: accord's
version, the code of the pipeline, every file in accord/data/, the trained
models in accord/models/ (model card and weights), and the user's own files
and settings (`--actors`, a custom pipeline config, overrides). Two pipelines
with one fingerprint extract the same record from the same article, so
`accord ingest` skips an article whose text and metadata are stored under the
current fingerprint without running the pipeline, and extracts again one
stored under another (README, "Reprocessing").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent
# What the extraction depends on, inside the package.
_TREES = (("data", "*"), ("models", "**/*"), ("pipeline", "**/*.py"))
_FILES = ("record.py", "merge.py", "confidence.py", "outlets.py")

__all__ = ["meta_key", "pipeline_fingerprint"]


def _digest(h: Any, path: Path) -> None:
    h.update(str(path.relative_to(PACKAGE) if path.is_relative_to(PACKAGE) else path.name)
             .encode())
    h.update(b"\0")
    h.update(path.read_bytes())
    h.update(b"\0")


@lru_cache(maxsize=1)
def _package_digest() -> str:
    h = hashlib.sha256()
    from accord import __version__

    h.update(f"accord {__version__}\0".encode())
    paths: list[Path] = []
    for folder, pattern in _TREES:
        paths += [p for p in (PACKAGE / folder).glob(pattern)
                  if p.is_file() and "__pycache__" not in p.parts]
    paths += [PACKAGE / name for name in _FILES]
    for path in sorted(paths):
        _digest(h, path)
    return h.hexdigest()


def _files(value: Any) -> Iterable[str]:
    """The existing files a setting names (a nested overrides block included)."""
    if isinstance(value, dict):
        for v in value.values():
            yield from _files(v)
    elif isinstance(value, str | Path) and str(value) and Path(value).is_file():
        yield str(value)


def pipeline_fingerprint(*, config: str | None = None, actors: str | None = None,
                         overrides: dict[str, Any] | None = None) -> str:
    """The fingerprint (16 hex digits) of the pipeline these settings build."""
    h = hashlib.sha256(_package_digest().encode())
    h.update(json.dumps(overrides or {}, sort_keys=True, default=str).encode())
    for name in (config, actors, *_files(overrides or {})):
        if name:
            h.update(b"\0file\0")
            h.update(Path(name).read_bytes())
    return h.hexdigest()[:16]


def meta_key(meta: dict[str, Any] | None, metadata: dict[str, Any] | None = None) -> str:
    """A key of an article's metadata as read (title, outlet, published, url and
    the reader's other fields): a changed title or date at the same source
    changes it."""
    meta = meta or {}
    body = {k: meta.get(k) for k in ("title", "outlet", "published", "url")}
    body["metadata"] = metadata or None
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str,
                                     ensure_ascii=False).encode()).hexdigest()[:16]
