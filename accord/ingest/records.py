"""Records read back (`accord load`): each one checked before it is stored.

A record must match the JSON Schema of the SPEC record shipped with accord
(`accord/data/record.schema.json`) and its offsets must hold
(`accord.record.check_offsets`); otherwise it is refused with one line naming
it and the first thing wrong, and never reaches the store, where it could
break a later export.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from accord.errors import InputError
from accord.ingest.jsonsafe import JSONTooDeep, loads

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "data" / "record.schema.json"
MAX_MESSAGE = 160  # characters of a schema message (it may quote a whole value)


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def record_schema() -> dict[str, Any]:
    """The JSON Schema of one record (a copy)."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _where(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE - 3] + "..."


def problem(record: Any) -> str | None:
    """What is wrong with a record (the first thing found), or None."""
    from jsonschema.exceptions import best_match

    from accord.record import check_offsets

    error = best_match(_validator().iter_errors(record))
    if error is not None:
        where = _where(error.absolute_path)
        return f"{where}: {_short(error.message)}" if where else _short(error.message)
    offsets = check_offsets(record)
    if offsets:
        more = f" (and {len(offsets) - 1} more)" if len(offsets) > 1 else ""
        return f"offsets do not hold: {_short(offsets[0])}{more}"
    return None


def parse_record(value: str | bytes, where: str) -> dict[str, Any]:
    """One record from its JSON text; InputError naming `where` (and the doc_id,
    when there is one) and the reason when it is not a valid record."""
    try:
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        record = loads(value)
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 (byte {exc.start + 1}): not a record", source=where) from None
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON ({exc.msg} at column {exc.colno}): not a record",
                         source=where) from None
    except JSONTooDeep as exc:
        raise InputError(str(exc).replace("an article", "a record"), source=where) from None
    if not isinstance(record, dict):
        raise InputError("not a record: a JSON object is expected", source=where)
    wrong = problem(record)
    if wrong is not None:
        doc_id = record.get("doc_id")
        named = f" (doc_id {doc_id})" if isinstance(doc_id, str) and len(doc_id) <= 64 else ""
        raise InputError(f"invalid record{named}: {wrong}", source=where)
    return record
