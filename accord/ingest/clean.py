"""Cleaning of scraped article text: drop boilerplate lines, keep sentences.

The cleaner never edits a kept line: it only drops whole lines and
normalises line ends, so every sentence of the article survives byte for byte
(gold evidence strings stay findable) and offsets index the cleaned text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from accord.errors import ConfigError
from accord.yamlfile import safe_load

DATA = Path(__file__).resolve().parent.parent / "data"
# A line reads as prose when, after closing quote marks and brackets, it ends
# with sentence-final punctuation.
_CLOSERS = "\"”’'»)]"
_FINAL = ".!?:;…"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Unicode's other line ends (line and paragraph separators, NEL, form feed,
# vertical tab) end a line like \n does; joining the lines would glue words.
_LINE_END = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
# A lone surrogate (from a JSON "\ud800" escape) cannot be encoded as UTF-8, so
# no store or export could write the article: it becomes U+FFFD.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


@dataclass
class Cleaned:
    text: str
    title: str | None = None
    dropped: list[dict[str, str]] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class Boilerplate:
    patterns: list[tuple[str, re.Pattern[str]]]
    metadata_categories: set[str]
    headline_max_words: int = 20
    max_line_chars: int = 300

    @classmethod
    def load(cls, *paths: Path) -> Boilerplate:
        pats: list[tuple[str, re.Pattern[str]]] = []
        meta: set[str] = set()
        max_words, max_chars = 20, 300
        for path in paths:
            try:
                data = safe_load(path.read_text(encoding="utf-8")) or {}
                for cat, regexes in (data.get("patterns") or {}).items():
                    pats.extend((cat, re.compile(r, re.IGNORECASE)) for r in regexes)
            except (OSError, yaml.YAMLError, re.error, AttributeError) as exc:
                raise ConfigError(f"cannot load boilerplate patterns: {exc}",
                                  source=str(path)) from None
            meta.update(data.get("metadata") or [])
            max_words = int(data.get("headline_max_words", max_words))
            max_chars = int(data.get("max_line_chars", max_chars))
        return cls(pats, meta, max_words, max_chars)


@lru_cache(maxsize=8)
def load_boilerplate(extra: str | None = None) -> Boilerplate:
    paths = [DATA / "boilerplate.yaml"] + ([Path(extra)] if extra else [])
    return Boilerplate.load(*paths)


def normalise_newlines(text: str) -> str:
    """Unify line ends and drop control characters that are never content."""
    text = _LINE_END.sub("\n", text.lstrip("\ufeff"))
    return scrub_surrogates(_CONTROL.sub("", text))


def scrub_surrogates(value: str) -> str:
    """`value` with each lone surrogate replaced by U+FFFD (always UTF-8 encodable)."""
    return _SURROGATE.sub("\ufffd", value)


def looks_like_title(line: str) -> bool:
    words = line.split()
    return 0 < len(words) <= 30 and not line.rstrip().endswith((".", "!", "”", '"', ":"))


def _is_headline(line: str, max_words: int) -> bool:
    stripped = line.strip()
    core = stripped.rstrip(_CLOSERS)
    if not core or core[-1] in _FINAL:
        return False
    words = stripped.split()
    # A caption or headline starts with a capital or a digit and is short.
    return len(words) <= max_words and (stripped[0].isupper() or stripped[0].isdigit())


def classify_line(line: str, bp: Boilerplate) -> str | None:
    """The boilerplate category of one line, or None when it is article text."""
    stripped = line.strip()
    if not stripped or len(stripped) > bp.max_line_chars:
        return None
    for cat, pat in bp.patterns:
        if pat.search(stripped):
            return cat
    if _is_headline(stripped, bp.headline_max_words):
        return "headline"
    return None


def clean_text(raw: str, *, title_from_first_line: bool = True,
               boilerplate: Boilerplate | None = None) -> Cleaned:
    """Split off a title line, drop boilerplate lines, keep the rest verbatim."""
    bp = boilerplate or load_boilerplate()
    lines = normalise_newlines(raw).split("\n")
    title: str | None = None
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    # Only a title if more text follows: a one-line article is its own body.
    if title_from_first_line and first is not None and looks_like_title(lines[first]) \
            and any(ln.strip() for ln in lines[first + 1:]):
        title = lines[first].strip()
        lines[first] = ""
    kept: list[str] = []
    out = Cleaned(text="", title=title)
    for line in lines:
        cat = classify_line(line, bp)
        if cat is None:
            kept.append(line.rstrip())
            continue
        out.dropped.append({"category": cat, "line": line.strip()})
        if cat in bp.metadata_categories:
            out.metadata.setdefault(cat, line.strip())
    out.text = _squeeze_blank_lines(kept)
    return out


def _squeeze_blank_lines(lines: list[str]) -> str:
    result: list[str] = []
    blank = False
    for line in lines:
        if not line.strip():
            blank = bool(result)
            continue
        if blank:
            result.append("")
        result.append(line)
        blank = False
    return "\n".join(result)
