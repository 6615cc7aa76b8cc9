"""Cut an article into highlight segments from the record's offsets.

No HTML is built here: the result is plain data (text slices with the items
covering them), and the template renders it with autoescape on, so article
text can never become markup. Overlapping and nested spans are handled by
cutting the text at every span boundary: each segment knows every item that
covers it, and each item's anchor sits at the start of its first segment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any


@dataclass
class Span:
    """One item of the record that points at `text[start:end]`."""

    anchor: str  # element id, e.g. q3, e1, prop-p1, prop-p1-r0
    kind: str  # quote, event, proposal, response
    start: int
    end: int
    label: str = ""


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)  # anchors of the items covering it
    anchors: list[str] = field(default_factory=list)  # anchors that start here
    actor: str | None = None  # entity id when the segment is a mention

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in sorted(set(self.kinds)))


def _valid(start: Any, end: Any, n: int) -> bool:
    return isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n


def record_spans(rec: dict[str, Any]) -> list[Span]:
    """Every quote, event, proposal and response of a record as a span."""
    spans: list[Span] = []
    for i, q in enumerate(rec.get("quotes") or []):
        who = (q.get("speaker") or {}).get("name") or "unknown speaker"
        spans.append(Span(f"q{i}", "quote", q.get("start"), q.get("end"),
                          f"quote ({q.get('kind')}) by {who}"))
    for i, ev in enumerate(rec.get("events") or []):
        actor = (ev.get("actor") or {}).get("name") or "?"
        spans.append(Span(f"e{i}", "event", ev.get("start"), ev.get("end"),
                          f"{ev.get('type')} by {actor}"))
    for p in rec.get("proposals") or []:
        pid = proposal_anchor(p)
        spans.append(Span(pid, "proposal", p.get("start"), p.get("end"),
                          f"proposal: {p.get('kind') or ''}"))
        for j, r in enumerate(p.get("responses") or []):
            who = (r.get("actor") or {}).get("name") or "?"
            spans.append(Span(f"{pid}-r{j}", "response", r.get("start"), r.get("end"),
                              f"response ({r.get('stance')}) by {who}"))
    return spans


def proposal_anchor(p: dict[str, Any]) -> str:
    return f"prop-{p.get('id')}"


def segments(rec: dict[str, Any], *, with_mentions: bool = True) -> list[Segment]:
    """The article text cut at every span boundary, each piece with its covers."""
    text: str = rec.get("text") or ""
    n = len(text)
    spans = [s for s in record_spans(rec) if _valid(s.start, s.end, n)]
    mentions: list[tuple[int, int, str]] = []
    if with_mentions:
        for ent in rec.get("entities") or []:
            for m in ent.get("mentions") or []:
                if len(m) == 2 and _valid(m[0], m[1], n):
                    mentions.append((m[0], m[1], ent.get("id")))
    cuts = {0, n}
    for s in spans:
        cuts.update((s.start, s.end))
    for m_start, m_end, _ in mentions:
        cuts.update((m_start, m_end))
    points = sorted(cuts)
    # Sweep: for each elementary piece, the spans covering it. Spans sorted by
    # start keep the work near-linear for a typical article.
    by_start = sorted(spans, key=lambda s: (s.start, -s.end))
    ment_at: dict[int, tuple[int, str]] = {}
    for m_start, m_end, eid in sorted(mentions):
        ment_at.setdefault(m_start, (m_end, eid))
    out: list[Segment] = []
    active: list[Span] = []
    nxt = 0
    mention_end, mention_id = -1, None
    actor: str | None
    for a, b in pairwise(points):
        starting = []
        while nxt < len(by_start) and by_start[nxt].start <= a:
            active.append(by_start[nxt])
            if by_start[nxt].start == a:
                starting.append(by_start[nxt].anchor)
            nxt += 1
        active = [s for s in active if s.end > a]
        if a in ment_at and a >= mention_end:
            mention_end, mention_id = ment_at[a]
        actor = mention_id if a < mention_end else None
        seg = Segment(text[a:b], kinds=[s.kind for s in active],
                      items=[s.anchor for s in active], anchors=starting, actor=actor)
        out.append(seg)
    return _merge_plain(out)


def _merge_plain(segs: list[Segment]) -> list[Segment]:
    """Join neighbouring segments that carry nothing, to keep the HTML small."""
    out: list[Segment] = []
    for s in segs:
        if out and not s.items and not s.anchors and not s.actor \
                and not out[-1].items and not out[-1].actor:
            out[-1].text += s.text
        else:
            out.append(s)
    return out


def item_labels(rec: dict[str, Any]) -> dict[str, str]:
    return {s.anchor: s.label for s in record_spans(rec)}
