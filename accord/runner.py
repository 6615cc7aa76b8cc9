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

from accord.errors import AccordError, ArticleTimeout, InputError, StoreError
from accord.limits import _TimeLimit, time_limit
from accord.model import Article
from accord.record import build_record

Result = dict[str, Any] | InputError
InFlight = tuple["Future[list[Result]]", list[InputError], list[Article]]
DEFAULT_TIMEOUT = 60.0
COMMIT_RECORDS = 16   # records per store transaction
COMMIT_EVERY_S = 1.0  # ... or fewer, when they come slowly


@dataclass
class IngestSummary:
    stored: int = 0
    unchanged: int = 0
    replaced: int = 0
    failed: int = 0
    words: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.stored + self.unchanged + self.replaced + self.failed

    def line(self) -> str:
        rate = self.total / self.seconds if self.seconds else 0.0
        return (f"stored {self.stored}, unchanged {self.unchanged}, replaced {self.replaced}, "
                f"failed {self.failed} ({self.total} articles in {self.seconds:.1f} s, "
                f"{rate:.1f} articles/s)")


@dataclass
class PipelineSettings:
    """What a worker needs to build the same pipeline as the parent."""

    config: str | None = None
    overrides: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: str | None = None  # a user's actors YAML file, for every component
    batch_size: int = 32
    timeout: float | None = DEFAULT_TIMEOUT  # seconds per article; None: no limit


def article_meta(article: Article) -> dict[str, Any]:
    return {"source": article.source, "title": article.title, "outlet": article.outlet,
            "published": article.published, "url": article.url,
            "metadata": article.metadata or None}


def process_batch(nlp: Language, articles: list[Article], batch_size: int = 32, *,
                  timeout: float | None = None) -> list[Result]:
    """Run the pipeline over articles; a failing or slow article becomes an InputError.

    The whole batch gets `timeout` seconds (articles normally take well under
    a second); if it fails or runs out of time, every article is redone alone
    with its own `timeout`, which isolates the bad one.
    """
    from accord.pipeline import make_doc

    try:
        with time_limit(timeout):
            docs = [make_doc(nlp, a.text, article_meta(a)) for a in articles]
            return [build_record(doc, dropped=a.dropped)
                    for doc, a in zip(nlp.pipe(docs, batch_size=batch_size), articles,
                                      strict=True)]
    except (Exception, _TimeLimit):
        # One article broke the batch or stalled it: redo one by one to isolate it.
        return [_process_one(nlp, a, timeout=timeout) for a in articles]


def _process_one(nlp: Language, article: Article, *, timeout: float | None = None) -> Result:
    from accord.pipeline import make_doc

    if len(article.text) > nlp.max_length:
        return InputError(f"too long to process ({len(article.text):,} characters; the "
                          f"pipeline takes at most {nlp.max_length:,}): split the article",
                          source=article.source)
    try:
        with time_limit(timeout):
            doc = nlp(make_doc(nlp, article.text, article_meta(article)))
            return build_record(doc, dropped=article.dropped)
    except _TimeLimit:
        return ArticleTimeout(f"took longer than {timeout:g} s; skipped (raise the limit "
                              "with --timeout, or report this article)", source=article.source)
    except AccordError as err:
        return InputError(err.message, source=article.source)
    except Exception as exc:  # an extractor bug must not stop the batch
        return InputError(f"extraction failed ({type(exc).__name__}: {exc}); "
                          "please report this article", source=article.source)


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
                         timeout=_WORKER_SETTINGS.timeout)


def _chunks(items: Iterable[Article | InputError], size: int
            ) -> Iterator[tuple[list[Article], list[InputError]]]:
    batch: list[Article] = []
    errors: list[InputError] = []
    for item in items:
        if isinstance(item, InputError):
            errors.append(item)
        else:
            batch.append(item)
        if len(batch) >= size or len(errors) >= size:
            yield batch, errors
            batch, errors = [], []
    if batch or errors:
        yield batch, errors


def run_pipeline(items: Iterable[Article | InputError], *, settings: PipelineSettings,
                 workers: int = 1, nlp: Language | None = None,
                 chunk: int | None = None) -> Iterator[Result]:
    """Records (or errors) for every item, in input order, streamed."""
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
                                         timeout=settings.timeout)
        return
    yield from _run_workers(items, settings, workers, nlp, chunk)


def _run_workers(items: Iterable[Article | InputError], settings: PipelineSettings,
                 workers: int, nlp: Language | None, chunk: int) -> Iterator[Result]:
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


def _collect(item: InFlight) -> Iterator[Result]:
    fut, errors, batch = item
    yield from errors
    try:
        yield from fut.result()
    except BrokenProcessPool:
        yield from (InputError("a worker process died (killed, or out of memory) while "
                               "processing this article's batch; not stored: ingest it "
                               "again", source=a.source) for a in batch)


def ingest(items: Iterable[Article | InputError], store: Any, *,
           settings: PipelineSettings | None = None, workers: int = 1,
           nlp: Language | None = None,
           on_result: Callable[[str, Result | AccordError], None] | None = None
           ) -> IngestSummary:
    """Process and store articles; returns counts. Never raises for one article.

    Records are written in small groups, one transaction each (a commit per
    article costs more than writing it); a group waits at most `COMMIT_EVERY_S`
    for more, and an interrupted run loses only uncommitted whole articles.
    """
    settings = settings or PipelineSettings()
    summary = IngestSummary()
    started = time.perf_counter()
    pending: list[dict[str, Any]] = []
    oldest = 0.0

    def report(status: str, reported: Result | AccordError) -> None:
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

    for result in run_pipeline(items, settings=settings, workers=workers, nlp=nlp):
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


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))
