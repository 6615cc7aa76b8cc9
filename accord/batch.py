"""Scale-out: the Ray runner (`accord ingest --ray`) and `accord load`.

On Ray, read tasks turn the input files into batches of articles with the
same readers as a local ingest (streamed, a few batches ahead of the actors),
and a pool of actors (`_Extract`, one per CPU, one pipeline load each) runs
the spaCy pipeline over each batch and writes what it found:

- to PostgreSQL directly (`--db postgresql://...`), each actor a writer;
- to Parquet shards (`--out DIR`), one file per batch, one row per record
  (doc_id, source, record JSON), for `accord load` to import into any store;
- otherwise back to the driver, which writes them to its SQLite store, one
  transaction per batch (SQLite has one writer).

The driver hands each batch to the actor with the least work in flight (at
most two: one running, one queued behind it), so every actor is busy until
the corpus ends, and gets back statuses (and, for SQLite, the records).

Why not Ray Data's `map_batches` over an actor pool, as before: on two
one-CPU nodes it ran one actor. Its tasks are whole blocks (200 articles
here), dispatched to the actor beside the block, and the idle actor was
released once the input was handed out; its executor, stats and autoscaling
actors also took a sixth of a core. Plain tasks and actors cost little more
than the batches' own serialisation.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from accord.errors import AccordError, InputError, StoreError
from accord.extras import require
from accord.ingest.notes import InputNote
from accord.ingest.readers import DEFAULT_MAX_BYTES, expand_paths, read_path
from accord.runner import SECTION_CHARS, IngestSummary, PipelineSettings, process_batch

SHARD_SUFFIX = ".parquet"
IN_FLIGHT = 2  # batches per actor: one running, one waiting behind it
READ_AHEAD = 8  # batches a read task may have ready before the actors take them
READERS = 2  # read tasks at once
READ_GROUP_BYTES = 4 * 1024 * 1024  # small files are read in groups of about this size
# A row of a batch: ("article", Article), ("error", message) or ("note", line).
Row = tuple[str, Any]
# What an actor returns for a row: status, error (or the note's line), words,
# record JSON (only when the driver writes it).
Status = tuple[str, str | None, int, str | None]


def _read_batches(paths: list[str], boilerplate: str | None, max_bytes: int,
                  batch_size: int) -> Iterator[list[Row]]:
    """Files to batches of at most `batch_size` articles and SECTION_CHARS
    characters (a longer article alone), with the readers' errors and notes
    (a Ray task that yields as it reads)."""
    from accord.ingest.clean import load_boilerplate

    bp = load_boilerplate(boilerplate)
    batch: list[Row] = []
    articles = chars = 0
    for path in paths:
        for item in read_path(Path(path), bp=bp, max_bytes=max_bytes):
            if isinstance(item, InputError):
                batch.append(("error", str(item)))
                continue
            if isinstance(item, InputNote):
                batch.append(("note", IngestSummary().note(item)))
                continue
            if articles and (articles >= batch_size or chars + len(item.text) > SECTION_CHARS):
                yield batch
                batch, articles, chars = [], 0, 0
            batch.append(("article", item))
            articles, chars = articles + 1, chars + len(item.text)
    if batch:
        yield batch


def _file_groups(files: list[str]) -> Iterator[list[str]]:
    """Consecutive files in groups of about READ_GROUP_BYTES (a big file alone)."""
    group: list[str] = []
    size = 0
    for f in files:
        try:
            n = os.path.getsize(f)
        except OSError:
            n = 0  # the reader reports it
        if group and size + n > READ_GROUP_BYTES:
            yield group
            group, size = [], 0
        group.append(f)
        size += n
    if group:
        yield group


class _Extract:
    """A Ray actor: builds the pipeline once, then extracts and writes batches."""

    def __init__(self, settings: PipelineSettings, db: str | None, out: str | None) -> None:
        started = time.perf_counter()
        from accord.pipeline import build_nlp
        from accord.store import Store

        self.settings = settings
        self.nlp = build_nlp(settings.config, overrides=settings.overrides, actors=settings.actors)
        self.out = out
        self.store = Store.open(db) if db and not out else None
        self.load_s = time.perf_counter() - started

    def run(self, rows: list[Row]) -> dict[str, Any]:
        """Statuses of a batch's rows, in order, and the seconds it took."""
        started = time.perf_counter()
        articles = [value for kind, value in rows if kind == "article"]
        results = iter(process_batch(self.nlp, articles, self.settings.batch_size,
                                     timeout=self.settings.timeout,
                                     fingerprint=self.settings.fingerprint))
        out: list[Status] = []
        shard: list[dict[str, Any]] = []
        for kind, value in rows:
            if kind == "note":  # passed on to the driver, which counts it
                out.append(("note", value, 0, None))
            else:
                out.append(self._one(next(results) if kind == "article" else InputError(value),
                                     shard))
        if shard:
            self._write_shard(shard)
        return {"statuses": out, "busy_s": time.perf_counter() - started, "load_s": self.load_s}

    def _one(self, result: Any, shard: list[dict[str, Any]]) -> Status:
        if isinstance(result, InputError):
            return ("failed", str(result), 0, None)
        words = len(result["text"].split())
        if self.store is not None:
            try:
                return (self.store.put_record(result), None, words, None)
            except AccordError as err:
                return ("failed", str(err), 0, None)
        if self.out is not None:
            shard.append({"doc_id": result["doc_id"], "source": result["source"],
                          "record": json.dumps(result, ensure_ascii=False)})
            return ("stored", None, words, None)
        return ("pending", None, words, json.dumps(result, ensure_ascii=False))

    def _write_shard(self, shard: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        assert self.out is not None
        name = f"part-{uuid.uuid4().hex}"
        tmp = os.path.join(self.out, f".{name}.tmp")
        pq.write_table(pa.Table.from_pylist(shard), tmp, compression="zstd")
        os.replace(tmp, os.path.join(self.out, name + SHARD_SUFFIX))  # never half a shard


def _connect(address: str) -> bool:
    """Join (or start) a Ray cluster; True when this call started Ray."""
    ray = require("ray")

    if ray.is_initialized():
        return False
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    ray.init(address=None if address in ("", "local") else address,
             include_dashboard=False, log_to_driver=False, configure_logging=False)
    return True


def ingest_ray(paths: Iterable[str], db: str | None, *, address: str,
               settings: PipelineSettings, out: Path | None = None,
               boilerplate: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               concurrency: int | None = None, store: Any = None,
               stats: dict[str, Any] | None = None) -> IngestSummary:
    """Ingest files on a Ray cluster; see the module docstring for where results go.

    `address` is a Ray address, `auto`, or `local` (start Ray on this machine).
    `concurrency` is the number of pipeline actors (default: one per CPU).
    `stats`, when given, receives where the time went: `actors`, `load_s` (the
    slowest actor's pipeline load), `busy_s` (seconds the actors spent on
    batches, all together), `batches`, and `per_actor` (batches each ran).
    """
    from accord.store import Store, db_url

    ray = require("ray")

    summary = IngestSummary()
    files: list[str] = []
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            summary.failed += 1
            summary.errors.append(str(item))
        elif isinstance(item, InputNote):
            summary.note(item)
        elif item == "-":
            raise AccordError("--ray reads files and folders, not stdin: save the input "
                              "to a JSONL file first")
        elif isinstance(item, str):
            raise AccordError(f"--ray reads files and folders, not URLs ({item}): ingest "
                              "URLs without --ray")
        else:
            files.append(str(item))
    to_pg = out is None and db_url(db).startswith("postgresql")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    started_ray = _connect(address)
    started = time.perf_counter()
    owned = store is None and not to_pg and out is None and bool(files)
    local = Store.open(db) if owned else store
    try:
        if files:
            n = concurrency or max(1, int(ray.cluster_resources().get("CPU", 1)))
            run = _Run(ray, n, (settings, db if to_pg else None,
                                str(out.resolve()) if out else None), summary, local)
            run.go(_file_groups(files), (boilerplate, max_bytes, settings.batch_size))
            if stats is not None:
                stats.update(run.stats)
    finally:
        if owned and local is not None:
            local.close()
        if started_ray:
            ray.shutdown()
    summary.seconds = time.perf_counter() - started
    return summary


class _Run:
    """The driver's side of one ingest: the actors, the batches in flight on each,
    the read tasks, and the counting (and, for SQLite, the writing) of results."""

    def __init__(self, ray: Any, n: int, actor_args: tuple[Any, ...],
                 summary: IngestSummary, store: Any) -> None:
        self.ray, self.actor_args, self.summary, self.store = ray, actor_args, summary, store
        self.extract = ray.remote(num_cpus=1)(_Extract)
        self.actors = [self._actor() for _ in range(n)]
        self.load = [0] * n
        self.busy: dict[Any, tuple[int, Any]] = {}  # result -> (actor, batch)
        self.stats: dict[str, Any] = {"actors": n, "load_s": 0.0, "busy_s": 0.0,
                                      "batches": 0, "per_actor": [0] * n}

    def _actor(self) -> Any:
        return self.extract.options(scheduling_strategy="SPREAD").remote(*self.actor_args)

    def go(self, groups: Iterator[list[str]], read_args: tuple[Any, ...]) -> None:
        ray = self.ray
        read = ray.remote(num_cpus=0)(_read_batches).options(
            num_returns="streaming", _generator_backpressure_num_objects=READ_AHEAD)
        todo = deque(groups)
        readers: list[Any] = []
        ready: deque[Any] = deque()  # batches read, waiting for an actor
        while todo or readers or ready or self.busy:
            while todo and len(readers) < READERS:
                readers.append(read.remote(todo.popleft(), *read_args))
            while ready and min(self.load) < IN_FLIGHT:
                self._send(ready.popleft())
            waiting = list(self.busy)
            if len(ready) < len(self.actors) * IN_FLIGHT:
                waiting += readers
            done, _ = ray.wait(waiting, num_returns=1)
            for ref in done:
                if ref in self.busy:
                    self._collect(ref)
                    continue
                try:
                    ready.append(next(ref))
                except StopIteration:
                    readers.remove(ref)

    def _send(self, batch: Any) -> None:
        i = self.load.index(min(self.load))
        self.busy[self.actors[i].run.remote(batch)] = (i, batch)
        self.load[i] += 1

    def _collect(self, ref: Any) -> None:
        i, batch = self.busy.pop(ref)
        self.load[i] -= 1
        try:
            got = self.ray.get(ref)
        except self.ray.exceptions.RayError as exc:
            self._lost(batch, exc)
            if isinstance(exc, self.ray.exceptions.RayActorError):
                self.actors[i] = self._actor()  # a worker died: a new one takes its place
            return
        self.stats["batches"] += 1
        self.stats["per_actor"][i] += 1
        self.stats["busy_s"] += got["busy_s"]
        self.stats["load_s"] = max(self.stats["load_s"], got["load_s"])
        _count(got["statuses"], self.summary, self.store)

    def _lost(self, batch: Any, exc: Exception) -> None:
        """A batch whose actor died (killed, out of memory) or whose reading failed."""
        why = f"{type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}"
        try:
            rows = self.ray.get(batch)
        except self.ray.exceptions.RayError:
            self.summary.failed += 1
            self.summary.errors.append(f"reading a group of input files failed ({why})")
            return
        for kind, value in rows:
            if kind == "note":
                self.summary.add_note(value)
                continue
            self.summary.failed += 1
            self.summary.errors.append(
                str(value) if kind == "error" else
                str(InputError(f"a Ray worker failed while processing this article's batch "
                               f"({why}); not stored: ingest it again", source=value.source)))


def _count(statuses: list[Status], summary: IngestSummary, store: Any) -> None:
    """Count a batch's statuses; records the actors left to the driver are written
    here, in one transaction (each alone if the group fails)."""
    pending = [json.loads(record or "") for status, _, _, record in statuses
               if status == "pending"]
    written = iter(zip(pending, store.put_records(pending) if pending else [], strict=True))
    for status, error, words, _ in statuses:
        if status == "note":
            summary.add_note(str(error))
            continue
        if status == "pending":
            record, outcome = next(written)
            if isinstance(outcome, AccordError):
                status, error = "failed", str(outcome)
            elif isinstance(outcome, Exception):
                status, error = "failed", str(StoreError(
                    f"cannot store this article ({type(outcome).__name__}: {outcome})",
                    source=record.get("source")))
            else:
                status = outcome
        if status == "failed":
            summary.failed += 1
            summary.errors.append(str(error))
            continue
        setattr(summary, status, getattr(summary, status) + 1)
        summary.words += int(words)


# -- accord load -------------------------------------------------------------------
RECORD_SUFFIXES = {SHARD_SUFFIX, ".jsonl", ".ndjson"}
MAX_RECORD_BYTES = 256 * 1024 * 1024  # one JSONL line; a longer one is refused unread


def _record_files(path: Path) -> Iterator[Path | InputError | InputNote]:
    """A file, or the shards and JSONL files of a folder (each other file noted)."""
    from accord.ingest.notes import SkippedPath

    if not path.is_dir():
        yield path
        return
    try:
        children = sorted(path.iterdir())
    except OSError as exc:
        yield InputError(f"cannot read folder ({exc.strerror or exc})", source=str(path))
        return
    for child in children:
        if child.name.startswith("."):
            yield SkippedPath("hidden file (a shard still being written?)", source=str(child))
        elif child.is_dir():
            yield SkippedPath("a folder: load reads the files of the folders it is given, "
                              "not their subfolders", source=str(child))
        elif child.suffix not in RECORD_SUFFIXES:
            yield SkippedPath(f"not a Parquet shard or JSONL export; load reads "
                              f"{' '.join(sorted(RECORD_SUFFIXES))}", source=str(child))
        else:
            yield child


def _iter_records(path: Path) -> Iterator[tuple[str, str | bytes | InputError]]:
    """(where, record text or error) for each record of a JSONL export or Parquet shard."""
    if path.suffix == SHARD_SUFFIX:
        yield from _shard_records(path)
        return
    with open(path, "rb") as fh:
        n = 0
        while line := fh.readline(MAX_RECORD_BYTES + 1):
            n += 1
            if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):
                    line = fh.readline(1 << 20)
                yield f"{path}#{n}", InputError(
                    f"a line longer than {MAX_RECORD_BYTES >> 20} MB: not a record",
                    source=f"{path}#{n}")
            elif line.strip():
                yield f"{path}#{n}", line


def _shard_records(path: Path) -> Iterator[tuple[str, str | bytes | InputError]]:
    pq = require("pyarrow.parquet")
    n = 0
    try:
        pf = pq.ParquetFile(path)
        if "record" not in pf.schema_arrow.names:
            yield str(path), InputError("not a shard of records (no `record` column): load "
                                        "reads the Parquet shards of `ingest --ray --out` "
                                        "and JSONL exports", source=str(path))
            return
        for batch in pf.iter_batches(batch_size=256, columns=["record"]):
            for value in batch.column(0).to_pylist():
                n += 1
                yield f"{path}#{n}", value if isinstance(value, str | bytes) else \
                    InputError("not a record: the `record` column holds no JSON text",
                               source=f"{path}#{n}")
    except Exception as exc:  # pyarrow raises several kinds for a bad file
        what = f"damaged after record {n}" if n else "not a Parquet shard"
        yield str(path), InputError(f"{what} ({type(exc).__name__}: {_first_line(exc)})",
                                    source=str(path))


def _first_line(exc: Exception) -> str:
    return (str(exc).splitlines() or [""])[0][:200]


def load_records(paths: Iterable[Path], store: Any, *,
                 on_result: Callable[[str, Any], None] | None = None) -> IngestSummary:
    """Import JSONL exports or Parquet shards (files or folders of them) into a store.

    Each record is validated (`accord.ingest.records`) before it is stored;
    a record that is not valid, cannot be read or is refused by the store is
    one error naming it (`file#n`) and the reason, and the load goes on.
    `on_result(status, what)` hears of each record and note, as for `ingest`.
    """
    import time

    from accord.ingest.records import parse_record

    summary = IngestSummary()
    started = time.perf_counter()

    def fail(err: InputError) -> None:
        summary.failed += 1
        summary.errors.append(str(err))
        if on_result is not None:
            on_result("failed", err)

    for given in paths:
        for path in _record_files(Path(given)):
            if isinstance(path, InputError):
                fail(path)
                continue
            if isinstance(path, InputNote):
                summary.note(path)
                if on_result is not None:
                    on_result("skipped", path)
                continue
            try:
                for where, value in _iter_records(path):
                    if isinstance(value, InputError):
                        fail(value)
                        continue
                    try:
                        record = parse_record(value, where)
                        status = store.put_record(record)
                    except InputError as err:
                        fail(err)
                        continue
                    except Exception as exc:  # the store refused it: this record only
                        fail(InputError(f"cannot store this record ({type(exc).__name__}: "
                                        f"{_first_line(exc)})", source=where))
                        continue
                    setattr(summary, status, getattr(summary, status) + 1)
                    if on_result is not None:
                        on_result(status, record)
            except OSError as exc:
                fail(InputError(f"cannot read ({exc.strerror or exc})", source=str(path)))
    summary.seconds = time.perf_counter() - started
    return summary
