"""Local ingest: read articles, run the pipeline (in 1..N processes), store.

The corpus is streamed: readers yield articles lazily and at most a few
batches per worker are in flight, so memory stays flat as the corpus grows.
Worker processes build the pipeline once and return finished records; only
the parent writes to the store (one transaction per article).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from accord.errors import AccordError, ArticleTimeout, InputError, StoreError
from accord.fingerprint import meta_key, pipeline_fingerprint
from accord.ingest.notes import InputNote, SkippedPath
from accord.limits import _TimeLimit, time_limit
from accord.model import Article
from accord.record import build_record, doc_id_for

Result = dict[str, Any] | InputError
Item = Article | InputError | InputNote  # what the readers yield
Outcome = Result | InputNote  # what run_pipeline yields: records, errors, notes
InFlight = tuple["Future[list[Result]]", list[InputError | InputNote], list[Article]]
DEFAULT_TIMEOUT = 60.0
COMMIT_RECORDS = 16   # records per store transaction
COMMIT_EVERY_S = 1.0  # ... or fewer, when they come slowly
# The model runs over at most this many characters at once (one long article's
# section, or a group of short ones): its memory grows with them, about 2.7 GB
# per million characters, so this keeps a worker under 1 GB (README, "Limits").
SECTION_CHARS = 100_000


@dataclass
class IngestSummary:
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    skipped: int = 0  # paths the walker did not read on purpose (SkippedPath)
    warnings: int = 0  # articles stored after a repair (InputWarning)
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "skipped: ..." and "warning: ..." lines

    @property
    def total(self) -> int:
        return self.stored + self.unchanged + self.replaced + self.failed

    def line(self) -> str:
        rate = self.total / self.seconds if self.seconds else 0.0
        line = (f"stored {self.stored}, unchanged {self.unchanged}, replaced {self.replaced}, "
                f"failed {self.failed} ({self.total} articles in {self.seconds:.1f} s, "
                f"{rate:.1f} articles/s)")
        extra = [f"{n} {one if n == 1 else many}" for n, one, many in
                 ((self.skipped, "path skipped", "paths skipped"),
                  (self.warnings, "warning", "warnings")) if n]
        return f"{line}; {', '.join(extra)}" if extra else line

    def note(self, note: InputNote) -> str:
        """Count a note; returns its line ("skipped: ..." or "warning: ...")."""
        line = f"{'skipped' if isinstance(note, SkippedPath) else 'warning'}: {note}"
        self.add_note(line)
        return line

    def add_note(self, line: str) -> None:
        """Count a note's line (as `note` makes them: Ray sends lines)."""
        if line.startswith("skipped: "):
            self.skipped += 1
        else:
            self.warnings += 1
        self.notes.append(line)


@dataclass
class PipelineSettings:
    """What a worker needs to build the same pipeline as the parent."""

    config: str | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: str | None = None  # a user's actors YAML file, for every component
    batch_size: int = 32
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per article; None: no limit

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the pipeline these settings build (accord.fingerprint)."""
        return pipeline_fingerprint(config=self.config, actors=self.actors,
                                    overrides=self.overrides)


def article_meta(article: Article) -> dict[str, Any]:
    return {"source": article.source, "title": article.title, "outlet": article.outlet,
            "published": article.published, "url": article.url,
            "metadata": article.metadata or None}


def process_batch(nlp: Language, articles: list[Article], batch_size: int = 32, *,
                  timeout: float | None = None, fingerprint: str | None = None
                  ) -> list[Result]:
    """Run the pipeline over articles; a failing or slow article becomes an InputError.

    Articles up to SECTION_CHARS go through `nlp.pipe` in groups of at most
    SECTION_CHARS characters in all (the model's memory grows with the text it
    runs at once, not with the number of documents); the whole batch gets
    `timeout` seconds (articles normally take well under a second), and if it
    fails or runs out of time every article is redone alone with its own
    `timeout`, which isolates the bad one. A longer article is processed alone,
    in sections (`process_sections`).
    """
    results: list[Result | None] = [None] * len(articles)
    short: list[int] = []
    for i, article in enumerate(articles):
        if len(article.text) > SECTION_CHARS:
            results[i] = _process_one(nlp, article, timeout=timeout, fingerprint=fingerprint)
        else:
            short.append(i)
    try:
        with time_limit(timeout):
            for group in _groups(short, articles, SECTION_CHARS):
                records = _pipe(nlp, [articles[i] for i in group], batch_size, fingerprint)
                for i, record in zip(group, records, strict=True):
                    results[i] = record
    except (Exception, _TimeLimit):
        # One article broke the batch or stalled it: redo one by one to isolate it.
        for i in short:
            if results[i] is None:
                results[i] = _process_one(nlp, articles[i], timeout=timeout,
                                          fingerprint=fingerprint)
    return [r for r in results if r is not None]


def _pipe(nlp: Language, articles: list[Article], batch_size: int,
          fingerprint: str | None = None) -> list[Result]:
    from accord.pipeline import make_doc

    docs = [make_doc(nlp, a.text, article_meta(a)) for a in articles]
    return [build_record(doc, dropped=a.dropped, fingerprint=fingerprint)
            for doc, a in zip(nlp.pipe(docs, batch_size=batch_size), articles, strict=True)]


def _groups(indices: list[int], articles: list[Article], chars: int) -> Iterator[list[int]]:
    """Consecutive groups of articles (by index) of at most `chars` characters in all."""
    group: list[int] = []
    size = 0
    for i in indices:
        if group and size + len(articles[i].text) > chars:
            yield group
            group, size = [], 0
        group.append(i)
        size += len(articles[i].text)
    if group:
        yield group


def _process_one(nlp: Language, article: Article, *, timeout: float | None = None,
                 fingerprint: str | None = None) -> Result:
    from accord.pipeline import make_doc

    if len(article.text) > nlp.max_length:
        return InputError(f"too long to process ({len(article.text):,} characters; the "
                          f"pipeline takes at most {nlp.max_length:,}): split the article",
                          source=article.source)
    try:
        with time_limit(timeout):
            if len(article.text) > SECTION_CHARS:
                doc = process_sections(nlp, article.text, article_meta(article))
            else:
                doc = nlp(make_doc(nlp, article.text, article_meta(article)))
            return build_record(doc, dropped=article.dropped, fingerprint=fingerprint)
    except _TimeLimit:
        return ArticleTimeout(f"took longer than {timeout:g} s; skipped (raise the limit "
                              "with --timeout, or report this article)", source=article.source)
    except AccordError as err:
        return InputError(err.message, source=article.source)
    except Exception as exc:  # an extractor bug must not stop the batch
        return InputError(f"extraction failed ({type(exc).__name__}: {exc}); "
                          "please report this article", source=article.source)


# -- long articles in sections -----------------------------------------------------
def sections(text: str, size: int = SECTION_CHARS) -> list[str]:
    """`text` cut into pieces of at most `size` characters that join back to it:
    after a paragraph break where there is one in the second half of the piece,
    else a line break, a sentence end, a space; else at `size`."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        cut = end
        for sep in ("\n\n", "\n", ". ", " "):
            found = text.rfind(sep, start + size // 2, end - len(sep) + 1)
            if found >= 0:
                cut = found + len(sep)
                break
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def _model_pipes(nlp: Language) -> int:
    """How many components, from the first, annotate tokens only (the model's:
    tagger, parser, NER ...); the rest set document-level results (doc._.*)."""
    for n, name in enumerate(nlp.pipe_names):
        if any(a.startswith("doc._.") for a in nlp.get_pipe_meta(name).assigns):
            return n
    return len(nlp.pipe_names)


def process_sections(nlp: Language, text: str, meta: dict[str, Any], *,
                     size: int = SECTION_CHARS) -> Doc:
    """The processed Doc of a long article, with the memory of a short one.

    The model's components need memory in proportion to the text they run
    over at once (about 2.7 GB for 1 MB of text) and only look a few tokens
    around each word, so they run section by section (`sections`, at
    paragraph breaks). The sections' Docs are joined into one Doc of the whole
    text, and accord's components run over it: offsets index the whole
    article, and actors, quotes and proposals are linked across sections.
    """
    from accord.pipeline import make_doc

    split = _model_pipes(nlp)
    parts = []
    for section in sections(text, size):
        doc = make_doc(nlp, section, meta)
        for _, proc in nlp.pipeline[:split]:
            doc = proc(doc)
        parts.append(doc)
    whole = Doc.from_docs(parts, ensure_whitespace=False,  # type: ignore[call-arg]
                          exclude=["user_data", "tensor"])  # (spaCy's stub lacks `exclude`)
    for key, value in parts[0].user_data.items():  # what make_doc set: doc._.meta ...
        if isinstance(key, tuple) and key[:1] == ("._.",) and key[2:] == (None, None):
            whole.user_data[key] = value
    del parts
    for _, proc in nlp.pipeline[split:]:
        whole = proc(whole)
    return whole


# -- worker processes -----------------------------------------------------------
_WORKER_NLP: Language | None = None
_WORKER_SETTINGS: PipelineSettings | None = None


def _worker_init(settings: PipelineSettings) -> None:
    global _WORKER_NLP, _WORKER_SETTINGS
    from accord.pipeline import build_nlp

    _WORKER_SETTINGS = settings
    _exit_with_parent()
    if _WORKER_NLP is None:  # else inherited, loaded, from the parent (fork)
        _WORKER_NLP = build_nlp(settings.config, overrides=settings.overrides,
                                    actors=settings.actors)


def _exit_with_parent() -> None:
    """End this worker when its parent dies (kill -9): nobody would read its
    results, and it would linger forever holding a loaded pipeline."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="accord-parent-watch", daemon=True).start()


def _worker_run(articles: list[Article]) -> list[Result]:
    assert _WORKER_NLP is not None and _WORKER_SETTINGS is not None
    return process_batch(_WORKER_NLP, articles, _WORKER_SETTINGS.batch_size,
                         timeout=_WORKER_SETTINGS.timeout,
                         fingerprint=_WORKER_SETTINGS.fingerprint)


def _chunks(items: Iterable[Item], size: int
            ) -> Iterator[tuple[list[Article], list[InputError | InputNote]]]:
    batch: list[Article] = []
    errors: list[InputError | InputNote] = []
    for item in items:
        if isinstance(item, Article):
            batch.append(item)
        else:
            errors.append(item)
        if len(batch) >= size or len(errors) >= size:
            yield batch, errors
            batch, errors = [], []
    if batch or errors:
        yield batch, errors


def run_pipeline(items: Iterable[Item], *, settings: PipelineSettings,
                 workers: int = 1, nlp: Language | None = None,
                 chunk: int | None = None, notes: bool = False) -> Iterator[Outcome]:
    """Records (or errors) for every article, in input order, streamed. The
    readers' notes (skipped paths, warnings) are passed on when `notes` is true
    (as `ingest` asks, to count and report them), else left out."""
    if not notes:
        items = (i for i in items if not isinstance(i, InputNote))
    chunk = chunk or max(4, settings.batch_size)
    if workers <= 1:
        for batch, errors in _chunks(items, chunk):
            yield from errors
            if batch:
                if nlp is None:  # built on the first article: bad input fails fast
                    from accord.pipeline import build_nlp
                    nlp = build_nlp(settings.config, overrides=settings.overrides,
                                    actors=settings.actors)
                yield from process_batch(nlp, batch, settings.batch_size,
                                         timeout=settings.timeout,
                                         fingerprint=settings.fingerprint)
        return
    yield from _run_workers(items, settings, workers, nlp, chunk)


def _run_workers(items: Iterable[Item], settings: PipelineSettings,
                 workers: int, nlp: Language | None, chunk: int) -> Iterator[Outcome]:
    global _WORKER_NLP
    context = None
    if nlp is not None and "fork" in multiprocessing.get_all_start_methods():
        # A caller that already has the pipeline lends it to forked workers:
        # no second load (seconds per worker), pages shared copy-on-write.
        _WORKER_NLP, context = nlp, multiprocessing.get_context("fork")
    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                   initargs=(settings,), mp_context=context)

    window: deque[InFlight] = deque()
    pool = new_pool()
    try:
        for batch, errors in _chunks(items, chunk):
            try:
                fut = pool.submit(_worker_run, batch) if batch else _done([])
            except BrokenProcessPool:
                # A worker died (killed, out of memory): the batches it took down
                # are reported by _collect; the rest of the corpus gets a new pool.
                pool.shutdown(wait=False)
                pool = new_pool()
                fut = pool.submit(_worker_run, batch)
            window.append((fut, errors, batch))
            while len(window) > workers * 2:
                yield from _collect(window.popleft())
        while window:
            yield from _collect(window.popleft())
    finally:
        pool.shutdown(wait=True)
        if context is not None:
            _WORKER_NLP = None


def _done(value: list[Result]) -> Future[list[Result]]:
    fut: Future[list[Result]] = Future()
    fut.set_result(value)
    return fut


def _collect(item: InFlight) -> Iterator[Outcome]:
    fut, errors, batch = item
    yield from errors
    try:
        yield from fut.result()
    except BrokenProcessPool:
        yield from (InputError("a worker process died (killed, or out of memory) while "
                               "processing this article's batch; not stored: ingest it "
                               "again", source=a.source) for a in batch)


def ingest(items: Iterable[Item], store: Any, *,
           settings: PipelineSettings | None = None, workers: int = 1,
           nlp: Language | None = None,
           on_result: Callable[[str, Outcome | AccordError], None] | None = None
           ) -> IngestSummary:
    """Process and store articles; returns counts. Never raises for one article.

    `on_result(status, what)` hears of every article (stored, unchanged,
    replaced: the record; failed: the error) and every note of the readers
    (skipped: a SkippedPath, warning: an InputWarning).

    Records are written in small groups, one transaction each (a commit per
    article costs more than writing it); a group waits at most `COMMIT_EVERY_S`
    for more, and an interrupted run loses only uncommitted whole articles.
    """
    settings = settings or PipelineSettings()
    summary = IngestSummary()
    started = time.perf_counter()
    pending: list[dict[str, Any]] = []
    oldest = 0.0

    def report(status: str, reported: Outcome | AccordError) -> None:
        if on_result is not None:
            on_result(status, reported)

    def flush() -> None:
        for record, outcome in zip(pending, store.put_records(pending), strict=True):
            if isinstance(outcome, Exception):  # the store refused this one record
                err = outcome if isinstance(outcome, AccordError) else StoreError(
                    f"cannot store this article ({type(outcome).__name__}: {outcome})",
                    source=record.get("source"))
                summary.failed += 1
                summary.errors.append(str(err))
                report("failed", err)
            else:
                setattr(summary, outcome, getattr(summary, outcome) + 1)
                summary.words += len(record["text"].split())
                report(outcome, record)
        pending.clear()

    fingerprint = settings.fingerprint
    known = getattr(store, "document_state", None)

    def to_extract(items: Iterable[Item]) -> Iterator[Item]:
        """The items, less the articles stored unchanged: the same text and
        metadata under the same pipeline, counted here and never extracted."""
        for item in items:
            if isinstance(item, Article) and known is not None \
                    and is_unchanged(known(doc_id_for(item.text)), item, fingerprint):
                summary.unchanged += 1
                summary.words += len(item.text.split())
                report("unchanged", {"doc_id": doc_id_for(item.text), "source": item.source,
                                     "title": item.title, "text": item.text})
                continue
            yield item

    for result in run_pipeline(to_extract(items), settings=settings, workers=workers, nlp=nlp,
                               notes=True):
        if isinstance(result, InputNote):
            summary.note(result)
            report("skipped" if isinstance(result, SkippedPath) else "warning", result)
            continue
        if isinstance(result, InputError):
            summary.failed += 1
            summary.errors.append(str(result))
            report("failed", result)
            continue
        if not pending:
            oldest = time.perf_counter()
        pending.append(result)
        if len(pending) >= COMMIT_RECORDS or time.perf_counter() - oldest > COMMIT_EVERY_S:
            flush()
    if pending:
        flush()
    summary.seconds = time.perf_counter() - started
    return summary


def stored_article(rec: dict[str, Any]) -> Article:
    """A stored document as an article to extract again: its text as stored
    (already cleaned: the same text, the same document id) with the metadata
    it was read with (`input`; a record made before it kept that: its own
    title and url, its date unless estimated, its outlet)."""
    given = rec.get("input")
    if given is None:
        given = {"title": rec.get("title"), "url": rec.get("url"),
                 "published": None if rec.get("published_estimated") else rec.get("published"),
                 "outlet": rec.get("outlet") if rec.get("outlet_from") in (None, "metadata")
                 else None}
    return Article(text=rec["text"], source=rec["source"], title=given.get("title"),
                   outlet=given.get("outlet"), published=given.get("published"),
                   url=given.get("url"), dropped=list(rec.get("dropped") or []),
                   metadata=dict(rec.get("metadata") or {}))


def reprocess_store(store: Any, *, settings: PipelineSettings | None = None, workers: int = 1,
                    nlp: Language | None = None,
                    on_result: Callable[[str, Outcome | AccordError], None] | None = None
                    ) -> IngestSummary:
    """Extract every stored document again from its stored text, with the pipeline
    of `settings` (`accord reprocess`). A document already extracted by that
    pipeline is not read, so a run that was stopped goes on where it stopped;
    records are committed in small groups as `ingest` commits them."""
    settings = settings or PipelineSettings()
    articles = (stored_article(rec) for rec in store.stale_documents(settings.fingerprint))
    return ingest(articles, store, settings=settings, workers=workers, nlp=nlp,
                  on_result=on_result)


def is_unchanged(state: tuple[str | None, str | None, str] | None, article: Article,
                 fingerprint: str) -> bool:
    """Whether an article is stored (`state`: Store.document_state) as extracting it
    now would store it: same text, same pipeline, and at the same source the same
    metadata (the same text at another source is a copy: unchanged)."""
    if state is None:
        return False
    stored_fp, stored_key, stored_source = state
    if stored_fp != fingerprint:
        return False
    given = {"title": article.title, "outlet": article.outlet,
             "published": article.published, "url": article.url}
    return stored_source != article.source or stored_key == meta_key(
        given, article.metadata or None)


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
