"""accord from Python: extract one article, ingest many, query the store.

    import accord

    rec = accord.extract("The Kremlin rejected Kyiv's offer of talks on Monday.",
                         published="2025-03-10")
    print([(e.type, e.actor and e.actor.name) for e in rec.events])

    engine = accord.Engine(db="news.db", actors="my_actors.yaml")
    engine.ingest(["articles/"])
    for p in engine.proposals(kind="ceasefire")["items"]:
        print(p["kind"], p["proposer"], [r["stance"] for r in p["responses"]])

The pipeline is built once per Engine, on first use; `accord.extract` shares
one default Engine per process. Errors are `accord.AccordError`s: a bad
article raises `InputError` from `extract` and is counted (never raised) by
`ingest`, as on the command line.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import InputError
from accord.types import Record, SearchResults

if TYPE_CHECKING:
    from spacy.language import Language

    from accord.runner import IngestSummary
    from accord.store import Store

__all__ = ["Engine", "extract"]


class Engine:
    """An accord pipeline (built on first use) and, optionally, a store.

    `db`: a SQLite path or a postgresql:// URL (None: no store; `extract`
    still works). `actors`: a user's actors YAML file, for every component.
    `config`: another pipeline.cfg. `timeout`: seconds one article may take.
    """

    def __init__(self, db: str | Path | None = None, *, actors: str | Path | None = None,
                 config: str | Path | None = None, timeout: float | None = 60.0) -> None:
        if actors is not None and not Path(actors).is_file():
            raise ValueError(f"actors file not found: {actors}")
        self.db = str(db) if db is not None else None
        self.actors_file = str(actors) if actors is not None else None
        self.config = str(config) if config is not None else None
        self.timeout = timeout
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (built once, on first use)."""
        with self._lock:
            if self._nlp is None:
                from accord.pipeline import build_nlp

                self._nlp = build_nlp(self.config, actors=self.actors_file)
            return self._nlp

    def _settings(self) -> Any:
        from accord.runner import PipelineSettings

        return PipelineSettings(config=self.config, actors=self.actors_file,
                                timeout=self.timeout)

    # -- extraction ------------------------------------------------------------
    def extract(self, text: str, *, title: str | None = None, published: str | None = None,
                url: str | None = None, outlet: str | None = None,
                source: str | None = None) -> Record:
        """The record of one article's text (cleaned as `accord ingest` cleans a
        .txt file). `published` (YYYY-MM-DD) resolves relative dates."""
        from accord.ingest.readers import article_from_text
        from accord.runner import process_batch

        if not isinstance(text, str):
            raise TypeError("text must be a str")
        for name, value in (("title", title), ("published", published), ("url", url),
                            ("outlet", outlet), ("source", source)):
            if value is not None and not isinstance(value, str):
                raise TypeError(f"{name} must be a str or None")
        src = source or url or "<text>"
        article = article_from_text(text, src, title=title, published=published, url=url,
                                    outlet=outlet)
        (result,) = process_batch(self.nlp, [article], timeout=self.timeout,
                                  fingerprint=self._settings().fingerprint)
        if isinstance(result, InputError):
            raise result
        return Record.from_dict(result)

    def extract_many(self, texts: Iterable[str]) -> Iterator[Record]:
        """Records of several texts, in order (one pass of the pipeline per batch)."""
        for text in texts:
            yield self.extract(text)

    # -- the store -------------------------------------------------------------
    def store(self, *, create: bool = False) -> Store:
        """An open store (close it, or use it in a `with` block)."""
        from accord.store import Store

        if self.db is None:
            raise ValueError("this Engine has no store: Engine(db='accord.db')")
        return Store.open(self.db, create=create)

    def ingest(self, paths: Iterable[str | Path], *, workers: int = 1,
               boilerplate: str | None = None) -> IngestSummary:
        """Read files, folders (recursive) or URLs listed in `paths`, extract and
        store them; returns the counts (`stored`, `unchanged`, `failed`, `errors`)."""
        from accord.ingest.readers import read_articles
        from accord.runner import ingest

        if isinstance(paths, str | Path):
            paths = [paths]
        items = read_articles([str(p) for p in paths], boilerplate=boilerplate)
        with self.store(create=True) as store:
            return ingest(items, store, settings=self._settings(), workers=workers,
                          nlp=self.nlp if workers == 1 else None)

    def records(self) -> Iterator[Record]:
        """Every stored record."""
        with self.store() as store:
            for rec in store.iter_records():
                yield Record.from_dict(rec)

    def record(self, doc_id: str) -> Record | None:
        with self.store() as store:
            rec = store.get_record(doc_id)
        return Record.from_dict(rec) if rec is not None else None

    def _query(self, name: str, limit: int, offset: int, **filters: Any) -> dict[str, Any]:
        from accord import queries

        with self.store() as store:
            result: dict[str, Any] = getattr(queries, name)(
                store, page=queries.Page(limit=limit, offset=offset), **filters)
            return result

    def quotes(self, *, speaker: str | None = None, q: str | None = None, limit: int = 50,
               offset: int = 0) -> dict[str, Any]:
        """Quotes, newest first: `speaker` is an id or part of a name."""
        return self._query("list_quotes", limit, offset, speaker=speaker, q=q)

    def events(self, *, type: str | None = None, actor: str | None = None,
               recipient: str | None = None, date_from: str | None = None,
               date_to: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Events; `type` a PLOVER type, `actor`/`recipient` actor ids."""
        return self._query("list_events", limit, offset, type=type, actor=actor,
                           recipient=recipient, date_from=date_from, date_to=date_to)

    def proposals(self, *, kind: str | None = None, proposer: str | None = None,
                  party: str | None = None, order: str = "newest", limit: int = 50,
                  offset: int = 0) -> dict[str, Any]:
        """Proposals merged across documents, with conditions, responses, sources;
        newest first by the date first reported (`order="oldest"`: the other way)."""
        return self._query("list_proposals", limit, offset, kind=kind, proposer=proposer,
                           party=party, order=order)

    def timeline(self, *, type: str | None = None, actor: str | None = None,
                 order: str = "newest", limit: int = 50, offset: int = 0) -> dict[str, Any]:
        """Events and proposals merged across documents, in date order (`order`:
        newest or oldest first; undated last)."""
        return self._query("timeline", limit, offset, type=type, actor=actor, order=order)

    def search(self, query: str, *, kinds: str | Iterable[str] | None = None,
               limit: int = 20, offset: int = 0,
               timeout: float | None = None) -> SearchResults:
        """Articles, quotes, events and proposals matching `query` through the
        store's full-text index, best first, ranked as `accord search` and
        /api/search rank them: every word must match in some form ("talks" finds
        "talk"), `"a phrase"`, `prefix*`, `-word` leaves one out. `kinds`: one or
        several of documents, quotes, events, proposals (singular too); None:
        all. Raises ValueError for a bad query or kind, `SearchTimeout` past
        `timeout` seconds (default: the API's limit)."""
        from accord import queries
        from accord.fulltext import KINDS, SEARCH_TIMEOUT

        if not isinstance(query, str):
            raise TypeError("query must be a str")
        wanted = [kinds] if isinstance(kinds, str) else list(kinds or ())
        chosen = tuple(k if k in KINDS else f"{k}s" for k in wanted)
        with self.store() as store:
            found = queries.search(store, query, kind=chosen or None,
                                   page=queries.Page(limit=limit, offset=offset),
                                   timeout=SEARCH_TIMEOUT if timeout is None else timeout)
        return SearchResults.from_dict(found)

    def actors(self, *, q: str | None = None, limit: int = 50,
               offset: int = 0) -> dict[str, Any]:
        """Actors by number of mentions."""
        return self._query("list_actors", limit, offset, q=q)


_DEFAULT: Engine | None = None
_DEFAULT_LOCK = threading.Lock()


def extract(text: str, *, title: str | None = None, published: str | None = None,
            url: str | None = None, outlet: str | None = None) -> Record:
    """The record of one article (a process-wide default Engine, built once)."""
    global _DEFAULT
    with _DEFAULT_LOCK:
        if _DEFAULT is None:
            _DEFAULT = Engine()
    return _DEFAULT.extract(text, title=title, published=published, url=url, outlet=outlet)
