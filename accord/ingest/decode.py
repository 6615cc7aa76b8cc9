"""Bytes to text: byte-order marks, UTF-8 (repaired when mostly UTF-8), else the
encoding charset-normalizer finds.

The evidence decides. A file whose non-ASCII bytes mostly form valid UTF-8
sequences is UTF-8 with a few damaged bytes: it stays UTF-8, each bad byte
becomes U+FFFD and a warning gives their number (decoding the whole file as
cp1252 would turn every curly quote into mojibake). Only a file where invalid
bytes outnumber valid UTF-8 characters is decoded whole in another encoding,
the one charset-normalizer finds with the least noise; among equally clean
candidates cp1252 (the web's usual legacy encoding) is preferred, because the
detector cannot tell Western European code pages apart on short texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from accord.errors import InputError
from accord.ingest.notes import InputWarning

PREFERRED = "cp1252"
CHAOS_TOLERANCE = 0.02  # candidates this close to the cleanest one count as as clean
_BAD_BYTE = re.compile(r"[\udc80-\udcff]")  # a byte `surrogateescape` could not decode


@dataclass
class Decoded:
    text: str
    encoding: str
    warning: InputWarning | None = None


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def repair_utf8(data: bytes) -> tuple[str, int, int]:
    """(text, bad bytes, valid non-ASCII characters) of `data` read as UTF-8, each
    bad byte replaced by U+FFFD."""
    text = data.decode("utf-8", errors="surrogateescape")
    text, bad = _BAD_BYTE.subn("\ufffd", text)
    valid = sum(1 for ch in text if ord(ch) > 127) - bad
    return text, bad, valid


def _detect(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) from charset-normalizer's cleanest candidate, or None."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return None
    least = min(m.chaos for m in matches)
    clean = [m for m in matches if m.chaos <= least + CHAOS_TOLERANCE]
    for m in clean:
        if m.encoding == PREFERRED or PREFERRED in m.could_be_from_charset:
            return data.decode(PREFERRED), PREFERRED
    best = max(clean, key=lambda m: (m.coherence, -m.chaos))
    return str(best), best.encoding


def decode_text(data: bytes, source: str) -> Decoded:
    """Text from bytes with no byte-order mark; never raises."""
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text, bad, valid = repair_utf8(data)
    if valid >= bad:
        return Decoded(text, "utf-8", InputWarning(
            f"mostly UTF-8, but {_plural(bad, 'invalid byte')} replaced by U+FFFD "
            f"({_plural(valid, 'valid non-ASCII character')} kept)", source=source))
    found = _detect(data)
    if found is not None:
        return Decoded(found[0], found[1])
    try:  # no candidate at all: most likely not text (the caller checks)
        return Decoded(data.decode(PREFERRED), PREFERRED)
    except UnicodeDecodeError:
        return Decoded(data.decode("latin-1"), "latin-1")


def decode_bytes_checked(data: bytes, source: str) -> Decoded:
    """Article bytes to text: empty and binary data are InputErrors."""
    if not data.strip():
        raise InputError("empty file: nothing to ingest", source=source)
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                raise InputError("invalid UTF-16 text despite its byte-order mark",
                                 source=source) from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text: skip it or convert it",
                         source=source)
    decoded = decode_text(data, source)
    if decoded.encoding != "utf-8":
        head = decoded.text[:8192]
        bad = sum(1 for ch in head if ord(ch) < 32 and ch not in "\n\r\t")
        if bad > len(head) * 0.05:
            raise InputError("binary file (mostly control bytes), not text", source=source)
    return decoded
