"""The REST API and web UI (`accord serve`)."""

from __future__ import annotations

from typing import Any


def create_app(db: str | None = None, **kwargs: Any) -> Any:
    from accord.api.app import create_app as _create

    return _create(db, **kwargs)
