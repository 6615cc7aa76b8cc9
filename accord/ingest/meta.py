"""Article metadata (title, outlet, url, published), checked before anything is stored.

- `title`, `outlet`, `url`: a string or null. Anything else (a number, a
  boolean, NaN, a list, an object) refuses the article with one line naming
  the field, its kind and what to do: a store or an export would otherwise
  carry a value the SPEC does not allow.
- `published`: a date or null. A string that is no date, or a date outside
  `YEARS` (feeds write 0001-01-01 for "unknown"), is stored as null with a
  warning: the article itself is fine, only its date is not. A finite number
  or a boolean likewise. A non-finite number, a list or an object is refused.
- Control characters in a string field are removed, with a warning.

A checked date is passed on as an ISO day (YYYY-MM-DD), the form the
pipeline's date component reads back unchanged.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from accord.errors import InputError
from accord.ingest.jsonsafe import BigNumber
from accord.ingest.notes import InputWarning

TEXT_FIELDS = ("title", "outlet", "url")
YEARS = (1800, 2999)  # a publication year outside these is a placeholder, not a date
MAX_DATE_CHARS = 100  # longer is no date (and dateutil is slow on long strings)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def kind_of(value: Any) -> str:
    """How a value is named in a message: 'a number (5)', 'a list', 'NaN' ..."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, BigNumber):
        return f"a number of {value.digits:,} digits"
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, int) and abs(value) >= 10**20:
        return f"a number of {len(str(abs(value))):,} digits"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _refused(field: str, value: Any, wanted: str, source: str) -> InputError:
    return InputError(f"`{field}` must be {wanted}, not {kind_of(value)}: fix the field or "
                      "leave it out", source=source)


def _clean_string(field: str, value: str, source: str,
                  warnings: list[InputWarning]) -> str | None:
    cleaned, n = _CONTROL.subn("", value)
    if n:
        warnings.append(InputWarning(f"`{field}`: {n} control character{'s' if n > 1 else ''}"
                                     " removed", source=source))
    return cleaned.strip() or None


def check_text_field(field: str, value: Any, source: str,
                     warnings: list[InputWarning]) -> str | None:
    """A title, outlet or url: a string (control characters removed) or None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _refused(field, value, "a string or null", source)
    return _clean_string(field, value, source, warnings)


def _is_non_finite(value: Any) -> bool:
    return isinstance(value, BigNumber) or (isinstance(value, float)
                                            and not math.isfinite(value))


def check_published(value: Any, source: str, warnings: list[InputWarning]) -> str | None:
    """A publication date as YYYY-MM-DD, or None (with a warning when a value was
    given but is no usable date); raises InputError for values no feed means as a
    date (NaN, Infinity, lists, objects)."""
    if value is None:
        return None
    if isinstance(value, list | dict) or _is_non_finite(value):
        raise _refused("published", value, "a date string or null", source)
    if not isinstance(value, str):
        warnings.append(InputWarning(f"`published` is {kind_of(value)}, not a date: stored "
                                     "as null", source=source))
        return None
    text = _clean_string("published", value, source, warnings)
    if text is None:
        return None
    day = parse_day(text)
    if day is None:
        warnings.append(InputWarning(f"`published` {_short(text)} is not a date: stored as "
                                     "null", source=source))
        return None
    if not YEARS[0] <= day.year <= YEARS[1]:
        warnings.append(InputWarning(
            f"`published` {_short(text)} is not a publication date (year {day.year} is "
            f"outside {YEARS[0]}-{YEARS[1]}: a placeholder): stored as null", source=source))
        return None
    return day.isoformat()


def parse_day(text: str) -> date | None:
    """The day a metadata date string names (as the pipeline reads it), or None."""
    from dateutil import parser as dateutil_parser

    if len(text) > MAX_DATE_CHARS:
        return None
    try:
        parsed = dateutil_parser.parse(text, default=None)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        return None
    return parsed.date() if hasattr(parsed, "date") else None


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def check_meta(fields: dict[str, Any], source: str
               ) -> tuple[dict[str, str | None], list[InputWarning]]:
    """Checked metadata (title, outlet, url, published) and the warnings about it;
    raises InputError when a field must refuse the article."""
    warnings: list[InputWarning] = []
    out: dict[str, str | None] = {f: check_text_field(f, fields.get(f), source, warnings)
                                  for f in TEXT_FIELDS}
    out["published"] = check_published(fields.get("published"), source, warnings)
    return out, warnings
