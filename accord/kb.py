"""The actor knowledge base: YAML files under `accord/data/` (and any extra
file given with `--actors`), loaded once and indexed for the linker.

Files (all optional but the built-in ones):
- `actors_countries.yaml` (`countries:`), `actors_people.yaml` (`people:`),
  `actors_organisations.yaml` (`organisations:`), `actors_places.yaml`
  (`places:`): the actors. A user file may hold any of these four lists.
- `titles.yaml`: role titles with dated holders.
- `actor_language.yaml`: pronouns, honorifics, role words and other words the
  linker reads news with.

See the "Actors knowledge base" section of README.md for the format.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from accord.errors import ConfigError
from accord.yamlfile import safe_load

DATA = Path(__file__).resolve().parent / "data"
ACTOR_FILES = ("actors_countries.yaml", "actors_people.yaml", "actors_organisations.yaml",
               "actors_places.yaml")
TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW")
SECTORS = ("GOV", "MIL", "REB", "IGO", "NGO", "MED", "BUS", "EDU", "CVL", "LEG", "JUD", "")

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "‐": "-", "–": "-", "—": "-"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case, no accents, straight apostrophes: the form aliases are compared in."""
    text = text.translate(_QUOTES)
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=65536)
def norm_key(text: str) -> str:
    """The lookup key of a name: folded, no leading "the", no possessive, no dots,
    hyphens as spaces ("the U.S.'s" -> "us", "Ben-Gvir" -> "ben gvir")."""
    key = fold(text).strip()
    key = re.sub(r"^the\s+", "", key)
    key = re.sub(r"'s?$", "", key)
    key = key.replace(".", "").replace("-", " ")
    return re.sub(r"\s+", " ", key).strip()


@dataclass
class Actor:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str = ""
    aliases: list[str] = field(default_factory=list)
    gender: str | None = None
    acts_for: str | None = None   # a place or seat standing for this actor
    of: str | None = None         # an agency's country (titles anchor on it)
    institution: str | None = None
    role: str | None = None
    kind: str = "actor"           # country, person, org, place, capital, seat
    demonyms: list[str] = field(default_factory=list)


@dataclass
class Holder:
    id: str
    start: str
    end: str


@dataclass
class KB:
    actors: dict[str, Actor] = field(default_factory=dict)
    # norm key -> {actor id: how} (how: name, alias, demonym, metonym)
    index: dict[str, dict[str, str]] = field(default_factory=dict)
    # original surface forms per norm key, for the case check and the matcher
    forms: dict[str, set[str]] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    fuzzy: dict[str, list[str]] = field(default_factory=dict)
    titles: dict[tuple[str, str], list[Holder]] = field(default_factory=dict)
    role_words: dict[str, set[str]] = field(default_factory=dict)
    bare_titles: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    held_roles: dict[str, set[str]] = field(default_factory=dict)
    institutions: dict[str, dict[str, Any]] = field(default_factory=dict)
    institution_words: dict[str, str] = field(default_factory=dict)
    claims: dict[tuple[str, str], str] = field(default_factory=dict)
    by_iso: dict[str, str] = field(default_factory=dict)
    language: dict[str, Any] = field(default_factory=dict)

    # -- building -----------------------------------------------------------
    def add(self, actor: Actor) -> None:
        if actor.type not in TYPES:
            raise ConfigError(f"actor {actor.id!r}: type {actor.type!r} is not one of "
                              f"{', '.join(TYPES)}")
        if actor.sector not in SECTORS:
            raise ConfigError(f"actor {actor.id!r}: sector {actor.sector!r} is not one of "
                              f"{', '.join(s for s in SECTORS if s)} or empty")
        self.actors[actor.id] = actor
        self.alias(actor.name, actor.id, "name")
        for alias in actor.aliases:
            self.alias(alias, actor.id, "alias")
        for dem in actor.demonyms:
            self.alias(dem, actor.id, "demonym")
        if actor.type == "PERSON":
            words = norm_key(actor.name).split()
            if len(words) > 2:   # "first last" without middle names
                self.alias(f"{words[0]} {words[-1]}", actor.id, "name", form=None)
            for form in [actor.name, *actor.aliases]:
                parts = norm_key(form).split()
                if len(parts) > 1:
                    self.surnames.setdefault(parts[-1], set()).add(actor.id)
        if actor.kind == "country":
            self.by_iso.setdefault(actor.country or "", actor.id)

    def alias(self, text: str, actor_id: str, how: str, form: str | None = "") -> None:
        key = norm_key(text)
        if not key:
            return
        entry = self.index.setdefault(key, {})
        if actor_id not in entry or how == "name":
            entry[actor_id] = how
        self.forms.setdefault(key, set()).add(text if form == "" else (form or text))

    def finish(self) -> None:
        for key in self.index:
            if len(key) >= 4:
                self.fuzzy.setdefault(key[0], []).append(key)
        for (_of, role), holders in self.titles.items():
            for h in holders:
                self.held_roles.setdefault(h.id, set()).update(self.role_phrases(role))
        for actor in self.actors.values():
            if actor.of and actor.institution:
                self.claims[(actor.of, actor.institution)] = actor.id

    def role_phrases(self, role: str) -> set[str]:
        return {w for w, roles in self.role_words.items() if role in roles}

    # -- queries ------------------------------------------------------------
    def lookup(self, text: str) -> dict[str, str]:
        return self.index.get(norm_key(text), {})

    def holders(self, of: str, role: str, date: str | None,
                named: Iterable[str] = ()) -> list[str]:
        """Who held `role` of `of` on `date` (ISO); without a date, the holder
        only if every holder is one person or exactly one is named in the article."""
        holders = self.titles.get((of, role), [])
        if date:
            return sorted({h.id for h in holders if h.start <= date[:10] < h.end})
        ids = {h.id for h in holders}
        if len(ids) == 1:
            return sorted(ids)
        return sorted(ids & set(named))

    def stats(self) -> dict[str, int]:
        return {"actors": len(self.actors), "aliases": len(self.index),
                "titles": len(self.titles),
                "holders": sum(len(h) for h in self.titles.values())}


# -- loading ----------------------------------------------------------------

def _read(path: Path) -> dict[str, Any]:
    try:
        data = safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read actors file ({exc})", source=str(path)) from None
    if not isinstance(data, dict):
        raise ConfigError("an actors file is a mapping with lists such as `people:`",
                          source=str(path))
    return data


def _date(value: Any, *, end: bool) -> str:
    if value is None:
        return "9999-12-31" if end else "0000-01-01"
    text = str(value)
    pad = "-12-31" if end and len(text) == 4 else "-01-01" if len(text) == 4 else ""
    if len(text) == 7:
        pad = "-31" if end else "-01"
    return text + pad


def _strs(value: Any) -> list[str]:
    return [str(v) for v in value or []]


def _load_actors(kb: KB, data: dict[str, Any], source: str) -> None:
    try:
        for row in data.get("countries") or []:
            _add_country(kb, row)
        for row in data.get("people") or []:
            kb.add(Actor(id=row["id"], name=row["name"], type="PERSON",
                         country=row.get("country") or None, sector=row.get("sector", ""),
                         aliases=_strs(row.get("aliases")), gender=row.get("gender"),
                         role=row.get("role"), kind="person"))
        for row in data.get("organisations") or []:
            kb.add(Actor(id=row["id"], name=row["name"], type=row.get("type", "ORG"),
                         country=row.get("country") or None, sector=row.get("sector", ""),
                         aliases=_strs(row.get("aliases")), of=row.get("of"),
                         institution=row.get("institution"), kind="org"))
        for row in data.get("places") or []:
            kb.add(Actor(id=row["id"], name=row["name"], type=row.get("type", "LOC"),
                         country=row.get("country") or None, sector="",
                         aliases=_strs(row.get("aliases")), acts_for=row.get("acts_for"),
                         kind="seat" if row.get("acts_for") else "place"))
    except (KeyError, TypeError) as exc:
        raise ConfigError(f"an actor entry lacks a field or is malformed ({exc}); each "
                          "needs at least `id` and `name`", source=source) from None


def _add_country(kb: KB, row: dict[str, Any]) -> None:
    cid = row["id"]
    kb.add(Actor(id=cid, name=row["name"], type="GPE", country=row.get("iso"), sector="GOV",
                 aliases=_strs(row.get("aka")), demonyms=_strs(row.get("dem")),
                 kind="country"))
    if row.get("capital"):
        cap = str(row["capital"])
        kb.add(Actor(id=norm_key(cap).replace(" ", "-").replace("'", ""), name=cap,
                     type="LOC", country=row.get("iso"),
                     aliases=_strs(row.get("capital_aka")), acts_for=cid, kind="capital"))
    for seat in _strs(row.get("seats")):
        # A seat of power only ever stands for its government.
        kb.alias(seat, cid, "metonym")


def _load_titles(kb: KB, data: dict[str, Any]) -> None:
    for role, words in (data.get("roles") or {}).items():
        for w in words:
            kb.role_words.setdefault(fold(w), set()).add(role)
    for row in data.get("titles") or []:
        for role in row["roles"]:
            kb.titles.setdefault((row["of"], role), []).extend(
                Holder(h["id"], _date(h.get("from"), end=False), _date(h.get("to"), end=True))
                for h in row["holders"])
    for row in data.get("bare") or []:
        for w in row["words"]:
            kb.bare_titles.setdefault(fold(w), []).append((row["of"], row["role"]))


def _load_language(kb: KB, data: dict[str, Any]) -> None:
    kb.language = data
    kb.institutions = dict(data.get("institutions") or {})
    for key, spec in kb.institutions.items():
        for w in spec.get("words") or []:
            kb.institution_words[fold(w)] = key


def _check(kb: KB) -> None:
    for (of, role), holders in kb.titles.items():
        if of not in kb.actors:
            raise ConfigError(f"title {role!r} is of unknown actor {of!r}", source="titles.yaml")
        for h in holders:
            if h.id not in kb.actors:
                raise ConfigError(f"title {of}/{role}: holder {h.id!r} is not a known actor; "
                                  "add them to actors_people.yaml", source="titles.yaml")
    for a in kb.actors.values():
        if a.acts_for and a.acts_for not in kb.actors:
            raise ConfigError(f"place {a.id!r} acts for unknown actor {a.acts_for!r}")


def load_kb(extra: str | Path | None = None, data_dir: str | Path | None = None) -> KB:
    """Build the knowledge base from the built-in YAML files plus `extra`."""
    base = Path(data_dir) if data_dir else DATA
    kb = KB()
    for name in ACTOR_FILES:
        _load_actors(kb, _read(base / name), name)
    if extra:
        path = Path(extra)
        if not path.is_file():
            raise ConfigError("extra actors file not found; give a YAML file with "
                              "`people:`, `organisations:`, `places:` or `countries:`",
                              source=str(path))
        data = _read(path)
        _load_actors(kb, data, str(path))
        _load_titles(kb, {"roles": data.get("roles"), "titles": data.get("titles"),
                          "bare": data.get("bare")})
    _load_titles(kb, _read(base / "titles.yaml"))
    _load_language(kb, _read(base / "actor_language.yaml"))
    _check(kb)
    kb.finish()
    return kb


def cached_kb(extra: str | Path | None = None) -> KB:
    """One knowledge base per process and extra file."""
    return _cached_kb(str(extra) if extra else None)


@lru_cache(maxsize=8)
def _cached_kb(extra: str | None) -> KB:
    return load_kb(extra)
