"""accord: a sourced record of who said what, who did what to whom, and which
proposals were made, from news articles about diplomacy and conflict."""

from __future__ import annotations

from accord.errors import AccordError, ConfigError, GoldError, InputError, StoreError

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "AccordError",
    "ConfigError",
    "GoldError",
    "InputError",
    "StoreError",
]
