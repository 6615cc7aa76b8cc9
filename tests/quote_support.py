"""What the quote tests compare: each quote of a processed passage as (text,
speaker name), its offsets checked against the article text."""

from __future__ import annotations

from typing import Any


def said(process: Any, text: str) -> list[tuple[str, str | None]]:
    rec = process(text)
    for q in rec["quotes"]:
        assert rec["text"][q["start"]:q["end"]] == q["text"]
    return [(q["text"], (q["speaker"] or {}).get("name")) for q in rec["quotes"]]
