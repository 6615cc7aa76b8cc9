"""Optional dependencies, imported where they are used.

The core install (SQLite, CLI, web UI) carries neither Ray, pyarrow nor
psycopg; the features that need them import them through `require`, which
names the extra to install when the module is missing.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from accord.errors import MissingDependency

__all__ = ["EXTRAS", "require"]

# module (top-level name) -> (what it is, the extra that installs it)
EXTRAS: dict[str, tuple[str, str]] = {
    "ray": ("Ray", "ray"),
    "pyarrow": ("pyarrow", "parquet"),
    "psycopg": ("psycopg (the PostgreSQL driver)", "postgres"),
    "duckdb": ("DuckDB", "dev"),
}


def require(module: str, extra: str | None = None) -> ModuleType:
    """Import `module`, or raise MissingDependency naming the extra to install.

    Example: `pq = require("pyarrow.parquet")`.
    """
    top = module.partition(".")[0]
    name, default_extra = EXTRAS.get(top, (top, top))
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is None or exc.name.partition(".")[0] != top:
            raise  # the module is there but something it imports is not: a real error
        raise MissingDependency(
            f"{name} is not installed: pip install 'accord[{extra or default_extra}]'"
        ) from None
