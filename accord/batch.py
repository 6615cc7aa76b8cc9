"""Scale-out: the Ray Data runner (`accord ingest --ray`) and `accord load`.

On Ray the corpus is a dataset of file paths (text, HTML, JSON or JSONL
shards): read tasks turn each path into article rows with the same readers as
a local ingest, then `map_batches` runs the spaCy pipeline in a pool of actors
(`_Extract`, one pipeline load per actor) that also write the results:

- to PostgreSQL directly (`--db postgresql://...`), each actor a writer;
- to Parquet shards (`--out DIR`), one file per batch, one row per record
  (doc_id, source, record JSON), for `accord load` to import into any store;
- otherwise to the SQLite store of the driver, which is the only writer.

Only small status rows come back to the driver, which counts them.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from accord.errors import AccordError, InputError
from accord.extras import require
from accord.ingest.notes import InputNote
from accord.ingest.readers import DEFAULT_MAX_BYTES, expand_paths, read_path
from accord.model import Article
from accord.runner import IngestSummary, PipelineSettings, process_batch

SHARD_SUFFIX = ".parquet"
# Read tasks cut their output into blocks of about this size, so that one big
# JSONL shard still feeds every actor (a block goes to one actor whole).
READ_BLOCK_BYTES = 256 * 1024
STATUS_COLUMNS = ("status", "error", "words", "record")


def _read_rows(row: dict[str, Any], *, boilerplate: str | None,
               max_bytes: int) -> Iterator[dict[str, Any]]:
    """One path to article rows (an article as JSON, the reader's error, or its
    note as the line the CLI prints)."""
    from accord.ingest.clean import load_boilerplate

    bp = load_boilerplate(boilerplate)
    for item in read_path(Path(row["path"]), bp=bp, max_bytes=max_bytes):
        if isinstance(item, InputError):
            yield {"article": None, "error": str(item), "note": None}
        elif isinstance(item, InputNote):
            yield {"article": None, "error": None, "note": IngestSummary().note(item)}
        else:
            yield {"article": json.dumps(asdict(item), ensure_ascii=False), "error": None,
                   "note": None}


class _Extract:
    """A Ray actor: builds the pipeline once, then extracts and writes batches."""

    def __init__(self, settings: PipelineSettings, db: str | None, out: str | None) -> None:
        from accord.pipeline import build_nlp
        from accord.store import Store

        self.settings = settings
        self.nlp = build_nlp(settings.config, overrides=settings.overrides, actors=settings.actors)
        self.out = out
        self.store = Store.open(db) if db and not out else None

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows: dict[str, list[Any]] = {c: [] for c in STATUS_COLUMNS}
        # A column that is all None in a batch may come back as NaN: test for text.
        articles = [Article(**json.loads(a)) for a in batch["article"] if isinstance(a, str)]
        results = iter(process_batch(self.nlp, articles, self.settings.batch_size,
                                     timeout=self.settings.timeout))
        shard: list[dict[str, Any]] = []
        for article, error, note in zip(batch["article"], batch["error"], batch["note"],
                                        strict=True):
            if isinstance(note, str):  # passed on to the driver, which counts it
                for column, value in zip(STATUS_COLUMNS, ("note", note, 0, None), strict=True):
                    rows[column].append(value)
                continue
            result = next(results) if isinstance(article, str) else InputError(str(error))
            self._one(result, rows, shard)
        if shard:
            self._write_shard(shard)
        return rows

    def _one(self, result: Any, rows: dict[str, list[Any]], shard: list[dict[str, Any]]) -> None:
        status, record = "failed", None
        error = str(result) if isinstance(result, InputError) else None
        if error is None:
            if self.store is not None:
                try:
                    status = self.store.put_record(result)
                except AccordError as err:
                    error = str(err)
            elif self.out is not None:
                status = "stored"
                shard.append({"doc_id": result["doc_id"], "source": result["source"],
                              "record": json.dumps(result, ensure_ascii=False)})
            else:
                status, record = "pending", json.dumps(result, ensure_ascii=False)
        rows["status"].append(status)
        rows["error"].append(error)
        rows["words"].append(len(result["text"].split()) if error is None else 0)
        rows["record"].append(record)

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
               concurrency: int | None = None, store: Any = None) -> IngestSummary:
    """Ingest files on a Ray cluster; see the module docstring for where results go.

    `address` is a Ray address, `auto`, or `local` (start Ray on this machine).
    `concurrency` is the number of pipeline actors (default: one per CPU).
    """
    import time

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
        else:
            files.append(str(item))
    to_pg = out is None and db_url(db).startswith("postgresql")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
    started_ray = _connect(address)
    started = time.perf_counter()
    try:
        if files:
            actors = concurrency or max(1, int(ray.cluster_resources().get("CPU", 1)))
            ctx = ray.data.DataContext.get_current()
            saved_block_size = ctx.target_max_block_size
            ctx.target_max_block_size = READ_BLOCK_BYTES
            ds: Any = ray.data.from_items([{"path": f} for f in files],
                                          override_num_blocks=min(len(files), 4 * actors))
            # Reading is light: num_cpus=0 keeps it from waiting behind the actors.
            ds = ds.flat_map(_read_rows, fn_kwargs={"boilerplate": boilerplate,
                                                    "max_bytes": max_bytes}, num_cpus=0)
            ds = ds.map_batches(
                _Extract, fn_constructor_args=(settings, db if to_pg else None,
                                               str(out.resolve()) if out else None),
                batch_size=settings.batch_size, batch_format="numpy", num_cpus=1,
                compute=ray.data.ActorPoolStrategy(size=actors))  # = concurrency=actors
            owned = store is None and not to_pg and out is None
            local = Store.open(db) if owned else store
            try:
                for batch in ds.iter_batches(batch_size=256, batch_format="numpy"):
                    _count(batch, summary, local)
            finally:
                ctx.target_max_block_size = saved_block_size
                if owned and local is not None:
                    local.close()
    finally:
        if started_ray:
            ray.shutdown()
    summary.seconds = time.perf_counter() - started
    return summary


def _count(batch: dict[str, Any], summary: IngestSummary, store: Any) -> None:
    for status, error, words, record in zip(*(batch[c] for c in STATUS_COLUMNS), strict=True):
        if status == "note":
            summary.add_note(str(error))
            continue
        if status == "pending":  # the driver writes (SQLite)
            try:
                status = store.put_record(json.loads(record))
            except AccordError as err:
                status, error = "failed", str(err)
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
