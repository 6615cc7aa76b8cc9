"""accord's built-in data folder and the reader of its YAML lexicons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from accord.errors import ConfigError
from accord.yamlfile import safe_load

__all__ = ["DATA", "load_yaml", "word_list"]

DATA = Path(__file__).resolve().parents[2] / "data"


def load_yaml(path: str | Path) -> dict[str, Any]:
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read lexicon ({exc}); fix or remove the file",
                          source=str(path)) from None
    if not isinstance(data, dict):
        raise ConfigError("a lexicon file is a YAML mapping", source=str(path))
    return data




def word_list(data: dict[str, Any], key: str, source: str) -> frozenset[str]:
    """The lower-cased word list `key` of a lexicon read from `source`; a value
    that is no list of words is a ConfigError naming the file and the key."""
    value = data.get(key)
    if value is None:
        return frozenset()
    if not isinstance(value, list) or any(isinstance(w, dict | list) for w in value):
        raise ConfigError(f"`{key}` must be a list of words (see the comments in the "
                          "built-in file)", source=source)
    return frozenset(str(w).lower() for w in value)
