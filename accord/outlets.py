"""Which outlet published an article (accord/data/outlets.yaml).

From its metadata; else from its URL's domain (a subdomain counts as its
domain); else from the text's own signature line ("Install the Sky News app",
"MOSCOW (Reuters) -", "© 2024 The Guardian"), in the text or among the
boilerplate lines the cleaner dropped. `find_outlet` says which it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from accord.yamlfile import safe_load

DATA = Path(__file__).resolve().parent / "data" / "outlets.yaml"
# A dropped line is stored as "category: line" (accord.ingest.clean).
_CATEGORY = re.compile(r"^[a-z]+: ")
_MAX_LINES = 12  # signature lines stand at the top or the bottom of an article

__all__ = ["find_outlet", "is_outlet", "outlet_of_url"]


@lru_cache(maxsize=1)
def _data() -> tuple[dict[str, str], dict[str, str], list[re.Pattern[str]]]:
    raw: dict[str, Any] = safe_load(DATA.read_text(encoding="utf-8"))
    domains = {str(k).lower(): str(v) for k, v in (raw.get("domains") or {}).items()}
    aliases = {str(k).casefold(): str(v) for k, v in (raw.get("aliases") or {}).items()}
    for name in set(domains.values()):
        aliases.setdefault(name.casefold(), name)
    patterns = [re.compile(p, re.MULTILINE) for p in raw.get("signatures") or []]
    return domains, aliases, patterns


def outlet_of_url(url: str | None) -> str | None:
    """The known outlet of a URL's domain (or of the domain it is a subdomain of)."""
    if not url or "://" not in url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    domains = _data()[0]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = domains.get(".".join(parts[i:]))
        if name:
            return name
    return None


def is_outlet(name: str | None) -> bool:
    """Whether `name` is a known news outlet or one of its short names
    ("VOA", "Reuters", "The Associated Press"), written as a name: "time" and
    "dawn" are words, "Time" and "Dawn" may be outlets."""
    name = (name or "").strip()
    bare = name[4:].lstrip() if name[:4].casefold() == "the " else name
    if not bare or not bare[0].isupper():
        return False
    aliases = _data()[1]
    return name.casefold() in aliases or bare.casefold() in aliases


def _signature_lines(text: str, dropped: Iterable[str]) -> Iterator[str]:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    yield from lines[:_MAX_LINES]
    yield from lines[-_MAX_LINES:] if len(lines) > _MAX_LINES else []
    for line in dropped:
        yield _CATEGORY.sub("", line.strip(), count=1)


def outlet_of_signature(text: str, dropped: Iterable[str] = ()) -> str | None:
    """The outlet an article names itself by, in its first or last lines or the
    boilerplate lines dropped from it; None when it does not."""
    _, aliases, patterns = _data()
    for line in _signature_lines(text, dropped):
        for pattern in patterns:
            m = pattern.search(line)
            if m:
                name = m.group("outlet").strip(" .,:-–—")
                if name and len(name.split()) <= 6:
                    return aliases.get(name.casefold(), name)
    return None


def find_outlet(meta: dict[str, Any], text: str,
                dropped: Iterable[str] = ()) -> tuple[str | None, str | None]:
    """(outlet, how it was found: metadata, domain or signature), or (None, None)."""
    given = meta.get("outlet")
    if isinstance(given, str) and given.strip():
        return given, "metadata"
    for url in (meta.get("url"), meta.get("source")):
        name = outlet_of_url(url if isinstance(url, str) else None)
        if name:
            return name, "domain"
    name = outlet_of_signature(text, dropped)
    return (name, "signature") if name else (None, None)
