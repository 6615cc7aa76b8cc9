"""accord: a sourced record of who said what, who did what to whom, and which
proposals were made, from news articles about diplomacy and conflict.

    import accord
    rec = accord.extract("Russia rejected Ukraine's offer of talks, the Kremlin said.")
    engine = accord.Engine(db="accord.db")

See README.md, "Use from Python".
"""

from __future__ import annotations

from accord.engine import Engine, extract
from accord.errors import AccordError, ConfigError, GoldError, InputError, StoreError
from accord.types import ActorRef, Entity, Event, Proposal, Quote, Record, Response

__version__ = "0.1.0"

__all__ = [
    "AccordError",
    "ActorRef",
    "ConfigError",
    "Engine",
    "Entity",
    "Event",
    "GoldError",
    "InputError",
    "Proposal",
    "Quote",
    "Record",
    "Response",
    "StoreError",
    "__version__",
    "extract",
]
