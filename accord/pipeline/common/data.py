"""accord's built-in data folder and the reader of its YAML lexicons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from accord.errors import ConfigError
from accord.yamlfile import safe_load

__all__ = ["DATA", "load_yaml"]

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


