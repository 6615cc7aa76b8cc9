"""accord_dates: the publication date and the time expressions of an article.

- `doc._.published`: the metadata date; else a dateline in the text ("KYIV,
  March 12 (Reuters) -"); else an estimate from the text's own evidence (a
  weekday named with its day and month fixes the year), recorded in
  `doc._.published_estimated`; else None (never the ingest date).
- `doc._.dates`: every time expression (spaCy DATE/TIME entities and the
  relative words of `accord/data/dates.yaml`) with the day, month or year it
  resolves to against the publication date. Weekdays follow news convention:
  "on Tuesday" is the most recent Tuesday on or before the publication date,
  unless the verb it belongs to is in the future tense ("will meet on Friday")
  or it says "next"; then it is the next one on or after.
  Without a publication date, relative expressions keep `value=None`.
dateparser is only asked about leftover candidates that name a month or a year,
and its answers are cached.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from dateutil import parser as dateutil_parser
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from accord.model import DateMention
from accord.pipeline.common.tokens import doc_text
from accord.yamlfile import safe_load

DATA = Path(__file__).resolve().parents[2] / "data"
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_RE = "|".join(WEEKDAYS)
WEEKDAY_DATE = re.compile(rf"\b({_DAY_RE}),?\s+({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?"
                          rf"(?:,?\s+(\d{{4}}))?", re.I)
MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?",
                       re.I)
DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_RE})\b(?:,?\s+(\d{{4}}))?", re.I)
MONTH_YEAR = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{4}})\b", re.I)
MONTH_ONLY = re.compile(rf"\b(last|in|this|next|early|late|mid)?\s*-?\s*({_MONTH_RE})\b", re.I)
WEEKDAY = re.compile(rf"\b(?:(next|coming|this|last|past)\s+)?({_DAY_RE})(?:['’]s)?\b", re.I)
YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def normalise_date(value: str | None) -> str | None:
    """An ISO date (YYYY-MM-DD) from a metadata date string, or None."""
    if not value:
        return None
    try:
        parsed = dateutil_parser.parse(str(value), default=None)
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed.date().isoformat() if hasattr(parsed, "date") else None


def parse_iso(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


class DateWords:
    def __init__(self, path: str | Path | None = None) -> None:
        data: dict[str, Any] = safe_load(
            Path(path or DATA / "dates.yaml").read_text(encoding="utf-8")) or {}
        self.days: dict[str, int] = {k.lower(): int(v) for k, v in
                                     (data.get("relative_days") or {}).items()}
        self.periods: dict[str, tuple[str, int]] = {
            k.lower(): (v[0], int(v[1])) for k, v in (data.get("relative_periods") or {}).items()}
        self.vague = [v.lower() for v in data.get("vague") or []]
        self.forward = {w.lower() for w in data.get("forward_words") or []}
        self.datelines = [re.compile(p) for p in data.get("datelines") or []]
        self.years_back = int(data.get("estimate_years_back", 15))
        self.day_res = [(re.compile(rf"\b{re.escape(k)}\b"), v) for k, v in self.days.items()]
        self.period_res = [(re.compile(rf"\b{re.escape(k)}\b"), v)
                           for k, v in self.periods.items()]
        words = sorted([*self.days, *self.periods, *self.vague], key=len, reverse=True)
        self.pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.I)


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _shift_month(d: date, months: int) -> tuple[int, int]:
    n = d.year * 12 + d.month - 1 + months
    return n // 12, n % 12 + 1


def resolve(text: str, pub: date | None, future: bool, words: DateWords
            ) -> tuple[str | None, str | None]:
    """(value, granularity) of a time expression against the publication date."""
    if pub is not None and not date.min.year + 1 < pub.year < date.max.year - 1:
        pub = None  # "0001-01-01" from a feed: no date to count "yesterday" from
    low = text.lower().strip()
    for pattern, offset in words.day_res:
        if pattern.search(low):
            return ((pub + timedelta(days=offset)).isoformat(), "day") if pub else (None, "day")
    for pattern, (gran, offset) in words.period_res:
        if pattern.search(low):
            if pub is None:
                return None, gran
            if gran == "year":
                return str(pub.year + offset), "year"
            y, mo = _shift_month(pub, offset)
            return f"{y:04d}-{mo:02d}", "month"
    if any(v in low for v in words.vague):
        return None, None
    if (m := WEEKDAY_DATE.search(text)) or (m := MONTH_DAY.search(text)) \
            or (m := DAY_MONTH.search(text)):
        groups = m.groups()
        if m.re is WEEKDAY_DATE:
            month, day, year = MONTHS[groups[1].lower()], int(groups[2]), groups[3]
        elif m.re is MONTH_DAY:
            month, day, year = MONTHS[groups[0].lower()], int(groups[1]), groups[2]
        else:
            month, day, year = MONTHS[groups[1].lower()], int(groups[0]), groups[2]
        if year:
            d = _safe_date(int(year), month, day)
            return (d.isoformat(), "day") if d else (None, None)
        if pub is None:
            return None, "day"
        d = _safe_date(pub.year, month, day)
        if d and not future and d > pub + timedelta(days=2):
            d = _safe_date(pub.year - 1, month, day)
        elif d and future and d < pub - timedelta(days=2):
            d = _safe_date(pub.year + 1, month, day)
        return (d.isoformat(), "day") if d else (None, None)
    if m := MONTH_YEAR.search(text):
        return f"{int(m.group(2)):04d}-{MONTHS[m.group(1).lower()]:02d}", "month"
    if m := WEEKDAY.search(text):
        if pub is None:
            return None, "day"
        target = WEEKDAYS[m.group(2).lower()]
        ahead = future or (m.group(1) or "").lower() in words.forward - {"this"}
        delta = (target - pub.weekday()) % 7 if ahead else -((pub.weekday() - target) % 7)
        return (pub + timedelta(days=delta)).isoformat(), "day"
    if m := MONTH_ONLY.search(text):
        if m.group(2).lower() in ("may", "march") and not m.group(1):
            return None, None  # "may" and "march" are also ordinary words
        if pub is None:
            return None, "month"
        month = MONTHS[m.group(2).lower()]
        back = (m.group(1) or "").lower() == "last" or not future
        year = pub.year
        if back and (month > pub.month or ((m.group(1) or "").lower() == "last"
                                           and month >= pub.month)):
            year -= 1
        elif not back and month < pub.month:
            year += 1
        return f"{year:04d}-{month:02d}", "month"
    if m := YEAR.search(text):
        return m.group(1), "year"
    return _dateparser(text, pub.isoformat() if pub else None)


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: str | None) -> tuple[str | None, str | None]:
    """Last resort for a candidate that names a month or a year (slow; cached)."""
    if not (re.search(_MONTH_RE, text, re.I) or YEAR.search(text)) or base is None:
        return None, None
    from datetime import datetime

    import dateparser  # imported lazily: it is slow to import
    settings = {"RELATIVE_BASE": datetime.fromisoformat(base), "PREFER_DATES_FROM": "past",
                "RETURN_TIME_AS_PERIOD": False}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return (parsed.date().isoformat(), "day") if parsed else (None, None)


FUTURE_AUX = ("will", "'ll", "shall", "wo")


def _future(doc: Doc, start: int) -> bool:
    """Whether the verb that governs the time expression at `start` is in the
    future tense ("will meet on Friday"). A weekday in any other clause of the
    sentence ("said on Wednesday that talks will resume") looks back."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    tok = span[0]
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
            return any(c.dep_ in ("aux", "auxpass") and c.lower_ in FUTURE_AUX
                       for c in tok.children)
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def load_date_words(path: str | None = None) -> DateWords:
    """The date words: accord/data/dates.yaml, or the file at `path`."""
    return DateWords(path)


registry.misc.register("accord.date_words.v1", func=load_date_words)


@Language.factory("accord_dates", assigns=["doc._.published", "doc._.dates"],
                  requires=["token.tag", "token.dep"],
                  default_config={"words": {"@misc": "accord.date_words.v1", "path": None}})
def make_dates(nlp: Language, name: str, words: DateWords) -> DateResolver:
    return DateResolver(nlp, name, words=words)


class DateResolver:
    def __init__(self, nlp: Language, name: str, *, words: DateWords) -> None:
        self.name = name
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.meta or {}
        text = doc_text(doc)
        published = normalise_date(meta.get("published")) or self.dateline(text)
        spans = self.candidates(doc, text)
        if published is None:
            published, evidence = self.estimate(text, spans)
            if published:
                doc._.published_estimated = {"value": published, "evidence": evidence}
        doc._.published = published
        pub = parse_iso(published)
        mentions = []
        for start, end in spans:
            future = _future(doc, start)
            value, gran = resolve(text[start:end], pub, future, self.words)
            mentions.append(DateMention(start, end, value, gran))
        doc._.dates = mentions
        return doc

    def dateline(self, text: str) -> str | None:
        head = text[:200]
        for pattern in self.words.datelines:
            if m := pattern.search(head):
                month = MONTHS.get(m.group("month").lower())
                year = m.groupdict().get("year")
                if month and year:
                    d = _safe_date(int(year), month, int(m.group("day")))
                    return d.isoformat() if d else None
        return None

    def candidates(self, doc: Doc, text: str) -> list[tuple[int, int]]:
        """DATE/TIME entities and relative words, without overlaps, in order."""
        spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("DATE", "TIME")]
        for m in self.words.pattern.finditer(text):
            spans.append((m.start(), m.end()))
        for m in WEEKDAY.finditer(text):
            spans.append((m.start(), m.end()))
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        out: list[tuple[int, int]] = []
        for s, e in spans:
            if out and s < out[-1][1]:
                if e > out[-1][1]:
                    out[-1] = (out[-1][0], e)
                continue
            out.append((s, e))
        return out

    def estimate(self, text: str, spans: list[tuple[int, int]]) -> tuple[str | None, str]:
        """A publication date from a weekday named with its day and month."""
        triples = [(WEEKDAYS[m.group(1).lower()], MONTHS[m.group(2).lower()], int(m.group(3)),
                    m.group(0)) for m in WEEKDAY_DATE.finditer(text) if not m.group(4)]
        if not triples:
            return None, ""
        years = [int(y) for y in YEAR.findall(text)]
        if years:
            cands = range(min(years) - 1, max(years) + 2)
        else:
            this_year = date.today().year  # an upper bound for the search, never the value
            cands = range(this_year - self.words.years_back, this_year + 1)
        fits = [y for y in cands
                if all((d := _safe_date(y, mo, da)) and d.weekday() == wd
                       for wd, mo, da, _ in triples)]
        if not fits:
            return None, ""
        year = max(fits)
        latest = max(date(year, mo, da) for _, mo, da, _ in triples)
        words = "; ".join(dict.fromkeys(t[3] for t in triples))
        return latest.isoformat(), (f"weekday and date '{words}' fall together in {year}; "
                                    "the latest date named is taken")
