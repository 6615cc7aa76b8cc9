"""The `accord` command line: thin wrappers over the library.

Library errors (AccordError) become one red line and exit code 1 here, at the
edge, and nowhere else.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from accord.errors import AccordError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="accord: a sourced record of who said what, who did what to whom, "
                       "and which proposals were made, from news articles.")
console = Console()
err_console = Console(stderr=True)

DB_OPT = typer.Option(None, "--db", help="Store: a SQLite path (default ./accord.db) "
                      "or a postgresql:// URL.", envvar="ACCORD_DB")


def _fail(message: str, code: int = 1) -> NoReturn:
    err_console.print(f"[red]error:[/red] {message}", highlight=False, markup=True,
                      soft_wrap=True)
    raise typer.Exit(code)


def _store(db: Optional[str], *, create: bool = False) -> Any:
    from accord.store import Store

    return Store.open(db, create=create)


def _records(db: Optional[str]) -> list[dict[str, Any]]:
    with _store(db) as store:
        return list(store.iter_records())


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files, folders (recursive), http(s) URLs, "
                                      "or - for stdin."),
    db: Optional[str] = DB_OPT,
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                help="Worker processes running the pipeline."),
    actors: Optional[Path] = typer.Option(None, "--actors", help="Extra actors YAML file."),
    boilerplate: Optional[Path] = typer.Option(None, "--boilerplate",
                                               help="Extra boilerplate patterns YAML file."),
    max_bytes: int = typer.Option(2 * 1024 * 1024, "--max-bytes", min=1,
                                  help="Largest article accepted, in bytes."),
    batch_size: int = typer.Option(32, "--batch-size", min=1, max=1024),
    timeout: float = typer.Option(60.0, "--timeout", min=0,
                                  help="Seconds one article may take before it is skipped "
                                       "(0: no limit)."),
    ray: Optional[str] = typer.Option(None, "--ray", help="Run on a Ray cluster: its "
                                      "address, 'auto', or 'local' to start Ray here; "
                                      "--workers sets the number of pipeline actors "
                                      "(default one per CPU)."),
    out: Optional[Path] = typer.Option(None, "--out", help="With --ray: write Parquet "
                                       "shards to this folder instead of a store, for "
                                       "`accord load` (e.g. --ray local --out shards/)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Read articles, extract quotes, events and proposals, and store them.

    Example: accord ingest examples/ --db accord.db --workers 2
    """
    from accord.ingest.readers import read_articles
    from accord.runner import PipelineSettings
    from accord.runner import ingest as run_ingest

    for p in (actors, boilerplate):
        if p is not None and not p.is_file():
            _fail(f"{p}: no such file")
    settings = PipelineSettings(actors=str(actors) if actors else None, batch_size=batch_size,
                                timeout=timeout or None)
    items = read_articles(paths, boilerplate=str(boilerplate) if boilerplate else None,
                          max_bytes=max_bytes)
    if out is not None and ray is None:
        _fail("--out needs --ray (a local ingest writes to the store)")
    if ray is not None:
        from accord.batch import ingest_ray

        summary = ingest_ray(paths, db, address=ray, settings=settings, out=out,
                             boilerplate=str(boilerplate) if boilerplate else None,
                             max_bytes=max_bytes, concurrency=workers if workers > 1 else None)
        for line in summary.notes:
            _note(line)
        for line in summary.errors:
            _note(f"error: {line}")
    else:
        with _store(db, create=True) as store, _progress(quiet) as progress:
            task = progress.add_task("ingest", total=None)

            def on_result(status: str, result: Any) -> None:
                if status in ("failed", "skipped", "warning"):
                    _note(f"{'error' if status == 'failed' else status}: {result}")
                if status not in ("skipped", "warning"):  # the bar counts articles
                    progress.advance(task)

            summary = run_ingest(items, store, settings=settings, workers=workers,
                                 on_result=on_result)
    console.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(1)


_NOTE_STYLES = {"error": "red", "warning": "yellow", "skipped": "yellow"}


def _note(line: str) -> None:
    """One line on stderr: "error: ...", "warning: ..." or "skipped: ...", the
    first word coloured, the rest printed as is (never read as markup)."""
    word, _, rest = line.partition(": ")
    style = _NOTE_STYLES.get(word, "red")
    err_console.print(f"[{style}]{word}:[/{style}] {escape(rest)}", highlight=False,
                      soft_wrap=True)


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: Any) -> None:
        return None

    def add_task(self, *a: Any, **k: Any) -> int:
        return 0

    def advance(self, *a: Any, **k: Any) -> None:
        return None


class _RateColumn(ProgressColumn):
    def render(self, task: Any) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} articles/s" if speed else "- articles/s", style="cyan")


def _progress(quiet: bool) -> Any:
    if quiet or not err_console.is_terminal:
        return _NoProgress()
    return Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                    _RateColumn(),
                    TimeElapsedColumn(), console=err_console, transient=True)


@app.command()
def watch(
    feeds: list[str] = typer.Argument(..., help="RSS or Atom feed URLs, or files listing one "
                                      "URL per line (# for comments)."),
    db: Optional[str] = DB_OPT,
    every: str = typer.Option("15m", "--every", help="Time between rounds: 30s, 15m, 1h."),
    once: bool = typer.Option(False, "--once", help="One round, then exit (exit code 1 if "
                              "a feed or an item failed)."),
    delay: float = typer.Option(1.0, "--delay", min=0, help="Seconds between two requests "
                                "to the same host (a robots.txt Crawl-delay counts too)."),
    fetch_timeout: float = typer.Option(20.0, "--fetch-timeout", min=0.1,
                                        help="Seconds a feed or page may take to arrive."),
    max_bytes: int = typer.Option(2 * 1024 * 1024, "--max-bytes", min=1,
                                  help="Largest page or feed accepted, in bytes."),
    actors: Optional[Path] = typer.Option(None, "--actors", help="Extra actors YAML file."),
) -> None:
    """Follow feeds: each round fetches only new items, extracts and stores them.

    Conditional GETs (ETag, Last-Modified), robots.txt, a delay per host; the
    items seen are kept in the store, so a stopped watch resumes where it was.
    Ctrl-C stops it cleanly.

    Example: accord watch https://example.org/feed.xml --every 15m --db news.db
    """
    import signal

    from accord.ingest.fetch import Fetcher
    from accord.runner import PipelineSettings
    from accord.watch import Watcher, parse_every, read_feed_list

    try:
        seconds = parse_every(every)
    except ValueError as exc:
        _fail(str(exc))
    if actors is not None and not actors.is_file():
        _fail(f"{actors}: no such file")
    urls = read_feed_list(feeds)
    failed = 0

    def on_round(summary: Any) -> None:
        nonlocal failed
        failed += summary.failed + summary.feed_errors
        line = summary.line()
        if not once:
            line += f"; next round in {every}"
        console.print(line, highlight=False, markup=False, soft_wrap=True)

    def on_term(*_: Any) -> None:
        raise KeyboardInterrupt  # `kill` stops it as cleanly as Ctrl-C

    signal.signal(signal.SIGTERM, on_term)
    with _store(db, create=True) as store, Fetcher(delay=delay, timeout=fetch_timeout,
                                                   max_bytes=max_bytes) as fetcher:
        watcher = Watcher(store, urls, fetcher=fetcher, note=_note,
                          settings=PipelineSettings(actors=str(actors) if actors else None))
        console.print(f"watching {len(urls)} feed{'' if len(urls) == 1 else 's'} "
                      f"{'once' if once else 'every ' + every} into {escape(store.url)}",
                      highlight=False, soft_wrap=True)
        try:
            watcher.run(every=seconds, once=once, on_round=on_round)
        except KeyboardInterrupt:
            console.print(f"stopped after {watcher.rounds} round"
                          f"{'' if watcher.rounds == 1 else 's'}; {store.count_seen()} items "
                          "seen in all: run the same command to go on", highlight=False)
            return
    if once and failed:
        raise typer.Exit(1)


@app.command()
def export(
    db: Optional[str] = DB_OPT,
    format: str = typer.Option("jsonl", "--format", "-f",
                               help="jsonl (SPEC records), csv or parquet (one file per item "
                                    "kind), plover (events as PLOVER JSON Lines)."),
    output: Optional[Path] = typer.Option(None, "-o", "--output",
                                          help="File (jsonl, plover) or folder (csv, parquet); "
                                               "default stdout for jsonl and plover, ./export "
                                               "for csv and parquet."),
    corrections: bool = typer.Option(False, "--corrections", help="Instead: the analysts' "
                                     "corrected documents in the corpus format, for `accord "
                                     "train` (a folder: stories/, annotations/AUTHOR/, "
                                     "splits.json; default ./corrections)."),
) -> None:
    """Write the stored records as JSON Lines, CSV or Parquet tables, or PLOVER events
    (analysts' corrections applied); or, with --corrections, the corrected documents
    as corpus annotations.

    Example: accord export --format parquet -o export/
    Example: accord export --corrections -o corrections/
    """
    from accord.export import write_csv, write_jsonl, write_parquet, write_plover

    if corrections:
        from accord.export import write_corrections

        with _store(db) as store:
            n = write_corrections(store, output or Path("corrections"))
        err_console.print(f"{n} corrected documents written to {output or 'corrections'}",
                          highlight=False)
        return

    formats = {"jsonl": write_jsonl, "plover": write_plover}
    tables = {"csv": write_csv, "parquet": write_parquet}
    if format not in formats and format not in tables:
        _fail(f"unknown format {format!r}: use jsonl, csv, parquet or plover")
    with _store(db) as store:
        records = store.iter_records()
        if format in tables:
            counts = tables[format](records, output or Path("export"))
            console.print(", ".join(f"{k}: {v}" for k, v in counts.items()), highlight=False)
        elif output is None:
            formats[format](records, sys.stdout)
        else:
            with output.open("w", encoding="utf-8") as fh:
                n = formats[format](records, fh)
            what = "events" if format == "plover" else "records"
            err_console.print(f"{n} {what} written to {output}", highlight=False)


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., help="Gold annotations (JSON list)."),
    db: Optional[str] = DB_OPT,
    pred: Optional[Path] = typer.Option(None, "--pred", help="Score an exported JSONL "
                                        "file instead of the store."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score the engine's output against a gold file (SPEC.md section 5).

    Example: accord eval tests/data/seeds.gold.json --db accord.db
    """
    from accord.eval import evaluate, load_gold, load_predictions

    golds = load_gold(gold)
    records = load_predictions(pred) if pred else _records(db)
    scores = evaluate(golds, records)
    if as_json:
        console.print_json(json.dumps(scores.as_dict()))
        return
    print_scores(scores)


def print_scores(scores: Any) -> None:
    d = scores.as_dict()
    t = Table("item", "precision", "recall", "F1", "tp / pred / gold",
              title=f"accord eval: {d['documents']} documents")
    for key, label in (("quotes", "quotes"), ("event_type", "events (type)"),
                       ("event_type_actor", "events (type+actor)"), ("proposals", "proposals"),
                       ("conditions", "conditions"), ("entities", "entities")):
        v = d[key]
        t.add_row(label, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                  f"{v['tp']} / {v['pred']} / {v['gold']}")
    for key, label in (("speaker_accuracy", "speaker accuracy"),
                       ("response_stance_accuracy", "response stance accuracy"),
                       ("offsets", "offsets hold")):
        v = d[key]
        t.add_row(label, "", "", f"{v['accuracy']:.3f}", f"{v['right']} / {v['total']}")
    console.print(t)
    per = Table("event type", "precision", "recall", "F1", "tp / pred / gold",
                title=f"events per type (macro F1 over the gold's types: "
                      f"{d['event_macro_f1']:.3f})")
    for type_, v in d["event_per_type"].items():
        per.add_row(type_, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}",
                    f"{v['tp']} / {v['pred']} / {v['gold']}")
    console.print(per)
    if d["missing"]:
        err_console.print(f"not in the predictions: {', '.join(d['missing'])}", highlight=False)


JSON_OPT = typer.Option(False, "--json", help="Print JSON Lines: one item per line.")
DATE_FROM_OPT = typer.Option(None, "--date-from", "--from", help="From this day (YYYY-MM-DD).")
DATE_TO_OPT = typer.Option(None, "--date-to", "--to", help="Up to this day (YYYY-MM-DD).")
PAGER_OPT = typer.Option(True, "--pager/--no-pager", help="Page a long output on a terminal "
                         "(through $PAGER, less by default).")

MIN_CONFIDENCE_OPT = typer.Option(None, "--min-confidence", min=0.0, max=1.0,
                                  help="Only items at least this confident (README, "
                                       "'Confidence'; below 0.5 is shown dim).")


def _dates(date_from: Optional[str], date_to: Optional[str]) -> tuple[Any, Any]:
    """YYYY-MM-DD days, checked as the API checks them (one line when wrong)."""
    from accord.api.params import ApiError, check_range

    try:
        return check_range(date_from, date_to)
    except ApiError as err:
        _fail(escape(err.message.replace("date_from", "--date-from")
                     .replace("date_to", "--date-to")))


def _event_type(value: Optional[str]) -> Optional[str]:
    from accord.api.params import ApiError, check_event_type

    try:
        return check_event_type(value)
    except ApiError as err:
        _fail(escape(err.message.replace("type:", "--type:")))


def _json_lines(items: Any) -> None:
    """JSON Lines on stdout, nothing else there (notes go to stderr)."""
    for item in items:
        sys.stdout.write(json.dumps(item, ensure_ascii=False, default=str) + "\n")


def _pager(enabled: bool) -> Any:
    from contextlib import nullcontext

    return console.pager(styles=True) if enabled and console.is_terminal else nullcontext()


def _resolved_note(store: Any, **typed: Optional[str]) -> None:
    """Say (on stderr) which actor a typed name stands for, when it was not an id."""
    from accord.queries.names import resolve

    for option, text in typed.items():
        if not text:
            continue
        r = resolve(store, text)
        if r.id is None:
            err_console.print(f"note: no actor is named {text!r} ({option})", highlight=False,
                              markup=False)
        elif r.how != "id":
            also = f"; also {', '.join(o['name'] for o in r.others)}" if r.others else ""
            err_console.print(f"note: {option} {text!r} is {r.name} ({r.id}){also}",
                              highlight=False, markup=False)


@app.command()
def report(
    db: Optional[str] = DB_OPT,
    doc: Optional[str] = typer.Option(None, "--doc", help="Only this document id."),
    full: bool = typer.Option(False, "--full", help="Every document's quotes, events and "
                              "proposals, then the timeline (instead of the summary)."),
    q: Optional[str] = typer.Option(None, "--text", help="Documents whose title or text "
                                    "holds these words."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Documents of this outlet."),
    date_from: Optional[str] = DATE_FROM_OPT,
    date_to: Optional[str] = DATE_TO_OPT,
    dropped: bool = typer.Option(False, "--dropped", help="Also list the boilerplate lines "
                                 "the cleaner dropped from each document."),
    as_json: bool = typer.Option(False, "--json", help="The summary as one JSON object; with "
                                 "--full or --doc, each document's record as JSON Lines."),
    pager: bool = PAGER_OPT,
) -> None:
    """A summary of the store (totals, events by family, the most active actors, the
    latest events, proposals and documents); every document with --full.

    The filters (--text, --outlet, --date-from, --date-to) choose the documents
    listed, as /api/documents does.

    Example: accord report --db accord.db
    Example: accord report --full --date-from 2025-03-01
    """
    from accord.queries import all_pages, list_documents
    from accord.report import (
        print_document,
        print_dropped,
        print_report,
        print_summary,
        summary,
    )

    lo, hi = _dates(date_from, date_to)
    filters = {"q": q, "outlet": outlet, "date_from": lo, "date_to": hi}
    with _store(db) as store:
        if doc:
            rec = store.get_record(doc)
            if rec is None:
                _fail(f"no document {doc!r} in the store")
            if as_json:
                _json_lines([rec])
                return
            print_document(console, rec)
            if dropped:
                print_dropped(console, store.get_dropped(doc))
            return
        if not full and not dropped:
            data = summary(store, **filters)
            if as_json:
                _json_lines([data])
            else:
                print_summary(console, data, db=str(db or ""))
            return
        chosen = any(filters.values())
        ids = [d["doc_id"] for d in all_pages(lambda page: list_documents(
            store, page=page, **filters))] if chosen else None
        records = (store.get_record(i) for i in ids) if ids is not None \
            else store.iter_records()
        if as_json:
            _json_lines(records)
            return
        with _pager(pager):
            if dropped:
                for rec in records:
                    console.rule(rec.get("title") or rec["source"])
                    print_dropped(console, store.get_dropped(rec["doc_id"]))
                return
            print_report(console, store, records=list(records) if chosen else None)


LIMIT_OPT = typer.Option(50, "--limit", min=1, max=10_000, help="Rows to show.")
OFFSET_OPT = typer.Option(0, "--offset", min=0, help="Rows to skip (paging).")


def _page_note(page: dict[str, Any], *, to_stderr: bool = False) -> None:
    shown = len(page["items"])
    first = page["offset"] + 1 if shown else 0
    (err_console if to_stderr else console).print(
        f"{first}-{page['offset'] + shown} of {page['total']}"
        + (" (more with --offset)" if page["offset"] + shown < page["total"] else ""),
        highlight=False)


def _listing(db: Optional[str], query: Callable[[Any, Any], dict[str, Any]],
             show: Callable[[Any, list[dict[str, Any]]], None], *, limit: int, offset: int,
             every: bool = False, as_json: bool = False, pager: bool = False,
             names: Optional[dict[str, Optional[str]]] = None) -> None:
    """A listing command: say what each typed name in `names` (option: text) stands
    for, run `query(store, page)` for one page (with `every`, all pages as one), and
    print the items with `show(store, items)` under the pager (with `every` only), or
    as JSON Lines; then which rows they are (on stderr with --json)."""
    from accord.queries import Page, all_pages

    with _store(db) as store:
        _resolved_note(store, **(names or {}))
        if every:
            items = list(all_pages(lambda page: query(store, page)))
            result: dict[str, Any] = {"items": items, "total": len(items), "offset": 0}
        else:
            result = query(store, Page(limit, offset))
        if as_json:
            _json_lines(result["items"])
            _page_note(result, to_stderr=True)
            return
        with _pager(pager and every):
            show(store, result["items"])
            _page_note(result)


@app.command()
def timeline(
    db: Optional[str] = DB_OPT,
    type_: Optional[str] = typer.Option(None, "--type", help="A PLOVER event type, e.g. "
                                        "REJECT."),
    actor: Optional[str] = typer.Option(None, "--actor", help="An actor's name, alias or id "
                                        "(any case): Putin, the Kremlin, russia."),
    kind: str = typer.Option("all", "--kind", help="all, event or proposal."),
    date_from: Optional[str] = DATE_FROM_OPT,
    date_to: Optional[str] = DATE_TO_OPT,
    order: str = typer.Option("newest", "--order", help="newest or oldest first (undated "
                              "last either way)."),
    limit: int = LIMIT_OPT,
    offset: int = OFFSET_OPT,
    every: bool = typer.Option(False, "--all", help="Every item, not one page."),
    as_json: bool = JSON_OPT,
    pager: bool = PAGER_OPT,
) -> None:
    """Events and proposals merged across documents, newest first, with what each
    source said (the filters of /api/timeline).

    Example: accord timeline --actor putin --date-from 2025-03-01
    """
    from accord.queries import timeline as timeline_query
    from accord.report import print_timeline

    if kind not in ("all", "event", "proposal"):
        _fail(f"--kind: {kind!r} is not one of: all, event, proposal")
    if order not in ("newest", "oldest"):
        _fail(f"--order: {order!r} is not one of: newest, oldest")
    lo, hi = _dates(date_from, date_to)
    filters = {"type": _event_type(type_), "actor": actor, "kind": kind, "date_from": lo,
               "date_to": hi, "order": order}
    _listing(db, lambda store, page: timeline_query(store, page=page, **filters),
             lambda store, items: print_timeline(console, store, items=items),
             limit=limit, offset=offset, every=every, as_json=as_json, pager=pager,
             names={"--actor": actor})


@app.command()
def proposals(
    db: Optional[str] = DB_OPT,
    proposer: Optional[str] = typer.Option(None, "--proposer", help="Who made it: a name, "
                                           "alias or id."),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="To whom: a name, "
                                            "alias or id."),
    party: Optional[str] = typer.Option(None, "--party", help="Made, received or answered "
                                        "by: a name, alias or id."),
    kind: Optional[str] = typer.Option(None, "--kind", help="A kind and its family: "
                                       "ceasefire finds 30-day ceasefires too."),
    q: Optional[str] = typer.Option(None, "--text", help="Part of the proposal's words."),
    date_from: Optional[str] = DATE_FROM_OPT,
    date_to: Optional[str] = DATE_TO_OPT,
    limit: int = typer.Option(20, "--limit", min=1, max=10_000, help="Proposals to show."),
    offset: int = OFFSET_OPT,
    every: bool = typer.Option(False, "--all", help="Every proposal, not one page."),
    as_json: bool = JSON_OPT,
    pager: bool = PAGER_OPT,
) -> None:
    """Each proposal merged across documents: its conditions, every response over
    time, and what each source said (the filters of /api/proposals).

    Example: accord proposals --kind ceasefire --party russia
    """
    from accord.queries import list_proposals
    from accord.report import print_proposals

    lo, hi = _dates(date_from, date_to)
    filters = {"proposer": proposer, "recipient": recipient, "party": party, "kind": kind,
               "q": q, "date_from": lo, "date_to": hi}
    _listing(db, lambda store, page: list_proposals(store, page=page, **filters),
             lambda store, items: print_proposals(console, store, items=items),
             limit=limit, offset=offset, every=every, as_json=as_json, pager=pager,
             names={"--proposer": proposer, "--recipient": recipient, "--party": party})


@app.command()
def quotes(
    db: Optional[str] = DB_OPT,
    speaker: Optional[str] = typer.Option(None, "--speaker", help="A speaker's name, alias "
                                          "or id (any case), or part of a name."),
    q: Optional[str] = typer.Option(None, "--text", help="Part of the quote's words."),
    outlet: Optional[str] = typer.Option(None, "--outlet", help="Only this outlet."),
    date_from: Optional[str] = DATE_FROM_OPT,
    date_to: Optional[str] = DATE_TO_OPT,
    min_confidence: Optional[float] = MIN_CONFIDENCE_OPT,
    limit: int = LIMIT_OPT,
    offset: int = OFFSET_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """List quotes with speaker, outlet and date, newest first; each quote wrapped
    under its line (the filters of /api/quotes). A paraphrase (an indirect or
    mixed quote) is labelled so, never put in quotation marks.

    Example: accord quotes --speaker putin --limit 20
    """
    from accord.queries.lists import list_quotes
    from accord.report import quote_row

    lo, hi = _dates(date_from, date_to)

    def show(store: Any, items: list[dict[str, Any]]) -> None:
        for item in items:
            quote_row(console, item)

    _listing(db, lambda store, page: list_quotes(
        store, speaker=speaker, q=q, outlet=outlet, date_from=lo, date_to=hi,
        min_confidence=min_confidence, page=page), show, limit=limit, offset=offset,
        as_json=as_json, names={"--speaker": speaker})


@app.command("actors")
def actors_cmd(
    db: Optional[str] = DB_OPT,
    q: Optional[str] = typer.Option(None, "--name", help="Part of the name or id."),
    type_: Optional[str] = typer.Option(None, "--type", help="PERSON, ORG, GPE, ..."),
    country: Optional[str] = typer.Option(None, "--country", help="ISO alpha-3, e.g. RUS."),
    limit: int = LIMIT_OPT,
    offset: int = OFFSET_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """List actors by mentions, with their document counts and ids (the filters of
    /api/actors).

    Example: accord actors --type PERSON --limit 20
    """
    from accord.queries.lists import list_actors
    from accord.report import print_actors

    _listing(db, lambda store, page: list_actors(store, q=q, type=type_, country=country,
                                                 page=page),
             lambda store, items: print_actors(console, items), limit=limit, offset=offset,
             as_json=as_json)


@app.command("actor")
def actor_cmd(actor_id: str = typer.Argument(..., help="An actor's id, name or alias, any "
                                             "case: vladimir-putin, Putin, the Kremlin."),
              db: Optional[str] = DB_OPT,
              limit: int = typer.Option(10, "--limit", min=1, max=500,
                                        help="Items of each kind to show."),
              as_json: bool = JSON_OPT) -> None:
    """Show one actor: the names it goes by, whom it acts on and who acts on it, what
    it said and did.

    Example: accord actor putin
    """
    from accord.queries.counts import relations
    from accord.queries.lists import get_actor
    from accord.queries.names import resolve
    from accord.report import event_row, head, quote_row, under

    with _store(db) as store:
        found = get_actor(store, actor_id, cap=limit)
        if found is None:
            named = resolve(store, actor_id)
            found = get_actor(store, named.id, cap=limit) if named.id else None
        if found is None:
            _fail(f"no actor {actor_id!r} in the store (see `accord actors`)")
        found["acts_on"] = relations(store, found["id"])
        found["acted_on_by"] = relations(store, found["id"], role="recipient")
    if as_json:
        _json_lines([found])
        return
    head(console, Text(found["name"], style="bold"),
         f"({found['type']}, {found.get('country') or '-'}, {found.get('sector') or '-'}):",
         f"{found['n_mentions']} mentions in {found['n_documents']} documents",
         Text(found["id"], style="cyan"))
    under(console, "also written: " + "; ".join(found["aliases"]))
    for key, title in (("acts_on", "acts on"), ("acted_on_by", "acted on by")):
        if found[key]:
            under(console, Text.assemble((f"{title}: ", "bold"), " · ".join(
                f"{r['name']} {r['n']}" for r in found[key])))
    for title, key in (("said", "quotes"), ("did", "events_as_actor"),
                       ("was done to it", "events_as_recipient")):
        page = found[key]
        if page["items"]:
            console.print(f"[bold]{title}[/bold] ({page['total']})")
        for item in page["items"]:
            if key == "quotes":
                quote_row(console, item)
            else:
                event_row(console, item)
    if found["proposals"]["items"]:
        console.print(f"[bold]proposals[/bold] ({found['proposals']['total']})")
        from accord.report import print_proposal

        for p in found["proposals"]["items"]:
            print_proposal(console, p, with_sources=False)


@app.command()
def search(
    words: str = typer.Argument(..., help='Words (all must match), "a phrase", prefix*, '
                                "-word to leave one out."),
    db: Optional[str] = DB_OPT,
    kind: Optional[str] = typer.Option(None, "--kind", help="Only documents, quotes, "
                                       "events or proposals."),
    limit: int = typer.Option(20, "--limit", min=1, max=500, help="Results to show."),
    offset: int = OFFSET_OPT,
    timeout: float = typer.Option(10.0, "--timeout", min=0, help="Seconds the search may "
                                  "take (0: no limit)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON Lines: one result "
                                 "per line."),
) -> None:
    """Search article text, quotes, events and proposals through the store's
    full-text index, best match first, each with a snippet and where it is
    (DOC_ID#ANCHOR, as in /documents/DOC_ID#ANCHOR).

    Example: accord search '"cease fire" putin' --kind events --limit 10
    """
    from accord.api.params import ApiError, check_search_kind
    from accord.errors import SearchQueryError, SearchTimeout
    from accord.queries.lists import Page
    from accord.queries.lists import search as run_search

    try:
        chosen = check_search_kind(kind)
    except ApiError as err:
        _fail(escape(err.message.replace("kind:", "--kind:")))
    with _store(db) as store:
        try:
            found = run_search(store, words, kind=chosen, page=Page(limit, offset),
                               timeout=timeout)
        except (SearchQueryError, SearchTimeout) as err:
            _fail(escape(err.message))
    shown = len(found["items"])
    note = (f"{offset + 1 if shown else 0}-{offset + shown} of {found['total']} ("
            + ", ".join(f"{n} {k}" for k, n in found["counts"].items()) + ")"
            + ("; more with --offset" if offset + shown < found["total"] else ""))
    if as_json:
        for item in found["items"]:
            sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
        err_console.print(note, highlight=False, markup=False)
        return
    for n, item in enumerate(found["items"], start=offset + 1):
        _search_hit(n, item)
    console.print(note if found["terms"] else "no words to search for", highlight=False,
                  markup=False)


def _search_hit(n: int, item: dict[str, Any]) -> None:
    """One search result: a head line cut to the width, the snippet wrapped under
    it with its matches shown, and where it is (DOC_ID#ANCHOR)."""
    def name(ref: Optional[dict[str, Any]]) -> str:
        return str(ref["name"]) if ref and ref.get("name") else "?"

    kind = item["kind"]
    if kind == "document":
        what = str(item.get("title") or item.get("source") or "")
    elif kind == "quote":
        what = f"{name(item.get('speaker'))} said"
    elif kind == "event":
        what = f"{item.get('type')} {name(item.get('actor'))}" + (
            f" → {name(item['recipient'])}" if item.get("recipient") else "")
    else:
        what = f"{item.get('proposal_kind') or 'proposal'} by {name(item.get('proposer'))}"
    line = Text(f"{n:>3}. ", style="dim") + Text(kind, style="bold cyan") + Text(" ") \
        + Text(what, style="bold") + Text(f"  {item.get('outlet') or ''} "
                                          f"{item.get('published') or ''}", style="dim")
    line.truncate(console.width, overflow="ellipsis")
    console.print(line, soft_wrap=False)
    snippet = Text(item["snippet"])
    for start, end in item["highlights"]:
        snippet.stylize("reverse", start, end)
    width = max(console.width - 5, 20)
    for part in snippet.wrap(console, width, overflow="fold"):
        console.print(Text("     ") + part, soft_wrap=True)
    where = item["doc_id"] + (f"#{item['anchor']}" if item.get("anchor") else "")
    console.print(Text("     " + where, style="dim"), soft_wrap=True)


dossier_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                          help="One proposal or actor as a self-contained HTML file: inline "
                               "CSS and SVG, no script, opens offline from disk.")
app.add_typer(dossier_app, name="dossier")
DOSSIER_OUT = typer.Option(None, "-o", "--output", help="The HTML file (default "
                           "./dossier-KIND-NAME.html).")


def _write_dossier(kind: str, key: str, make: Any, db: Optional[str],
                   output: Optional[Path]) -> None:
    from accord.dossier import default_path, write_dossier

    with _store(db) as store:
        html = make(store, key)
    path = write_dossier(html, output or default_path(kind, key))
    console.print(f"{kind} dossier written to {path} ({len(html.encode()):,} bytes; "
                  f"open it in any browser: file://{path.resolve()})", highlight=False,
                  markup=False, soft_wrap=True)


@dossier_app.command("proposal")
def dossier_proposal(
    group: str = typer.Argument(..., help="The proposal's group, as `accord proposals` "
                                "prints it (p-...)."),
    db: Optional[str] = DB_OPT,
    output: Optional[Path] = DOSSIER_OUT,
) -> None:
    """A proposal with its conditions, its life, every answer, each source's words
    and what the parties said.

    Example: accord dossier proposal p-40e5b01637c6 -o ceasefire.html
    """
    from accord.dossier import proposal_dossier

    _write_dossier("proposal", group, proposal_dossier, db, output)


@dossier_app.command("actor")
def dossier_actor(
    actor: str = typer.Argument(..., help="An actor's id, name or alias: putin."),
    db: Optional[str] = DB_OPT,
    output: Optional[Path] = DOSSIER_OUT,
) -> None:
    """An actor's record: names, whom it acts on and who acts on it, what it said
    and did, its proposals.

    Example: accord dossier actor vladimir-putin -o putin.html
    """
    from accord.dossier import actor_dossier

    _write_dossier("actor", actor, actor_dossier, db, output)


@app.command()
def serve(
    db: Optional[str] = DB_OPT,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on; anything "
                             "but loopback needs --token (or --no-auth)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token: Optional[str] = typer.Option(None, "--token", envvar="ACCORD_TOKEN",
                                        help="A secret (16+ characters) every request must "
                                        "carry; the printed URL holds it."),
    no_auth: bool = typer.Option(False, "--no-auth", help="Serve off loopback with no "
                                 "token: anyone who can reach the machine reads the store."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Another name the server "
                                         "answers to in the Host header (e.g. a proxy's); "
                                         "'*' for any."),
) -> None:
    """Start the REST API and web UI, and print the address to open.

    Example: accord serve --db accord.db --port 8000
    """
    from accord.api.server import serve as run_server

    run_server(db, host=host, port=port, token=token, no_auth=no_auth, allow_hosts=allow_host,
               say=lambda line: console.print(line, highlight=False, markup=False,
                                              soft_wrap=True),
               warn=lambda line: err_console.print(line, highlight=False, markup=False,
                                                   soft_wrap=True))


@app.command()
def load(
    paths: list[Path] = typer.Argument(..., help="Parquet shards or JSONL exports."),
    db: Optional[str] = DB_OPT,
) -> None:
    """Import records (Parquet shards from `ingest --ray`, or JSONL exports) into a store.

    Each record is checked against the record's JSON Schema (accord/data/
    record.schema.json) and its offsets; one that fails gets an error line
    naming it (file#n) and the reason, is not stored, and the load goes on.

    Example: accord load shards/*.parquet --db accord.db
    """
    from accord.batch import load_records

    def on_result(status: str, result: Any) -> None:
        if status in ("failed", "skipped"):
            _note(f"{'error' if status == 'failed' else status}: {result}")

    with _store(db, create=True) as store:
        summary = load_records(paths, store, on_result=on_result)
    console.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(1)


@app.command()
def train(
    out: Optional[Path] = typer.Option(None, "-o", "--output", help="Model folder (default: "
                                       "the package's accord/models/event_types)."),
    cv: bool = typer.Option(False, "--cv", help="Instead of training: 5-fold cross-validation "
                            "over the train split, printing rules only, learned only and "
                            "combined at each threshold."),
    epochs: int = typer.Option(3, "--epochs", min=1, max=50),
    no_ngec: bool = typer.Option(False, "--no-ngec", help="Leave out the NGEC-2025 quotes."),
    as_json: bool = typer.Option(False, "--json", help="With --cv: print the rows as JSON."),
) -> None:
    """Train the event layer's classifier from corpus/ (train and dev splits; never test).

    Example: accord train            (or: make train)
    Example: accord train --cv       (how the settings were chosen)
    """
    if cv:
        from accord.training.choose import cross_validate

        rows = cross_validate(epochs=epochs, use_ngec=not no_ngec,
                              log=lambda m: err_console.print(m, highlight=False))
        if as_json:
            console.print_json(json.dumps(rows))
            return
        t = Table("mode", "keep", "add", "type F1", "P", "R", "type+actor F1", "macro F1",
                  title="5-fold cross-validation over the train split (means over folds)")
        for r in rows:
            t.add_row(r["mode"], str(r.get("keep", "")), str(r.get("add", "")),
                      f"{r['type_f1']:.3f}", f"{r['type_precision']:.3f}",
                      f"{r['type_recall']:.3f}", f"{r['actor_f1']:.3f}", f"{r['macro_f1']:.3f}")
        console.print(t)
        return
    from accord.training.events import MODEL_DIR, train_event_model

    result = train_event_model(out or MODEL_DIR, epochs=epochs, use_ngec=not no_ngec,
                               log=lambda m: err_console.print(m, highlight=False))
    console.print(f"trained in {result.seconds} s: {result.n_train}", highlight=False)


corpus_app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                         help="The annotated corpus (corpus/): counts, agreement, gold files.")
app.add_typer(corpus_app, name="corpus")
CORPUS_OPT = typer.Option(None, "--corpus", help="The corpus folder (default: the repo's corpus/).")


@corpus_app.command("stats")
def corpus_stats(corpus: Optional[Path] = CORPUS_OPT) -> None:
    """Stories, sentences and labelled items per split.

    Example: accord corpus stats
    """
    from accord.training.corpus import Corpus

    stats = Corpus(corpus).stats()
    keys = list(dict.fromkeys(k for v in stats.values() for k in v))
    t = Table("", *stats, "all")
    for key in keys:
        row = [stats[split].get(key, 0) for split in stats]
        t.add_row(key, *(f"{n:,}" for n in row), f"{sum(row):,}")
    console.print(t)


@corpus_app.command("agreement")
def corpus_agreement(
    corpus: Optional[Path] = CORPUS_OPT,
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON."),
) -> None:
    """Agreement of the second annotator with the first (kappa per type, F1 per item).

    Example: accord corpus agreement
    """
    from accord.training.corpus import Corpus, agreement

    c = Corpus(corpus)
    pairs = []
    for sid, who in c.second.items():
        first, second = c.annotation(sid), c.annotation(sid, who)
        if first is not None and second is not None:
            pairs.append((first, second))
    result = agreement(pairs)
    if as_json:
        console.print_json(json.dumps(result))
        return
    t = Table("type", "kappa", "sentences (first / second)",
              title=f"agreement on {result['stories']} stories, {result['sentences']} sentences")
    for type_, v in result["per_type"].items():
        t.add_row(type_, "-" if v["kappa"] is None else f"{v['kappa']:.3f}",
                  f"{v['sentences_a']} / {v['sentences_b']}")
    console.print(t)
    for key in ("kappa_any_event", "kappa_mean_over_types", "event_f1", "actor_agreement",
                "quote_f1", "speaker_agreement", "proposal_f1"):
        console.print(f"{key}: {result[key]}", highlight=False)


@corpus_app.command("gold")
def corpus_gold(
    split: str = typer.Option("test", "--split", help="train, dev or test."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File (default stdout)."),
    corpus: Optional[Path] = CORPUS_OPT,
) -> None:
    """Write a split as a gold file for `accord eval` (and its stories as JSONL with --stories).

    Example: accord corpus gold --split dev -o dev.gold.json
    """
    from accord.training.corpus import Corpus, to_gold

    c = Corpus(corpus)
    if split not in c.splits:
        _fail(f"no split {split!r}; choose one of {', '.join(c.splits)}")
    text = json.dumps(to_gold(c.annotations(split)), ensure_ascii=False, indent=1)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        output.write_text(text + "\n", encoding="utf-8")


@corpus_app.command("stories")
def corpus_stories(
    split: str = typer.Option("test", "--split", help="train, dev or test."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File (default stdout)."),
    corpus: Optional[Path] = CORPUS_OPT,
) -> None:
    """Write a split's stories as JSON Lines that `accord ingest` reads.

    Example: accord corpus stories --split dev -o dev.jsonl && accord ingest dev.jsonl
    """
    from accord.training.corpus import Corpus

    c = Corpus(corpus)
    if split not in c.splits:
        _fail(f"no split {split!r}; choose one of {', '.join(c.splits)}")
    lines = []
    for sid in c.splits[split]:
        s = c.story(sid)
        lines.append(json.dumps({"id": s.id, "url": s.url or s.file, "title": s.title,
                                 "published": s.published, "text": s.text},
                                ensure_ascii=False))
    text = "\n".join(lines) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")



# -- reviewing: corrections and reprocessing ----------------------------------------------
@app.command()
def correct(
    doc_id: str = typer.Argument(..., help="The document's id (accord report, the web page)."),
    item: str = typer.Argument(..., help="The item as `accord report --doc` names it: q3 (a "
                               "quote), e1 (an event), p1 (a proposal), p1-r0 (its response)."),
    action: str = typer.Argument(..., help="confirm, edit, reject (wrong: leaves the record) "
                                 "or delete."),
    author: str = typer.Option(..., "--author", envvar="ACCORD_AUTHOR",
                               help="Who corrects it (kept with the time)."),
    speaker: Optional[str] = typer.Option(None, "--speaker", help="Edit: a quote's speaker."),
    type_: Optional[str] = typer.Option(None, "--type", help="Edit: an event's PLOVER type."),
    actor: Optional[str] = typer.Option(None, "--actor", help="Edit: an event's actor, a "
                                        "proposal's proposer or a response's actor."),
    recipient: Optional[str] = typer.Option(None, "--recipient", help="Edit: the recipient."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Edit: a proposal's kind."),
    stance: Optional[str] = typer.Option(None, "--stance", help="Edit: a response's stance "
                                         "(accept, reject, consider, counter)."),
    note: Optional[str] = typer.Option(None, "--note", help="Why, in a few words."),
    db: Optional[str] = DB_OPT,
) -> None:
    """Confirm, edit, reject or delete one item of a stored document. The correction
    is kept with its time and author in the store, applied over the extraction
    everywhere (API, web pages, CLI, exports) and again after `accord reprocess`.
    An actor is an actor id or a name; "" clears it.

    Example: accord correct 9f3c2a1b0d4e5f67 q3 edit --speaker "Dmitry Peskov" --author jane
    Example: accord correct 9f3c2a1b0d4e5f67 e1 reject --author jane --note "not an attack"
    """
    from accord import corrections
    from accord.errors import CorrectionError

    values = {"speaker": speaker, "type": type_, "actor": actor, "recipient": recipient,
              "kind": kind, "stance": stance}
    changes = {k: v for k, v in values.items() if v is not None}
    if changes and action == "confirm":
        action = "edit"
    with _store(db) as store:
        rec = store.get_record(doc_id)
        if rec is None:
            _fail(f"no document {doc_id!r} in the store (see `accord report`)")
        try:
            what, found = corrections.item_at(rec, item)
            added = corrections.submit(store, doc_id, what,
                                       corrections.original_target(what, found), action,
                                       author=author, changes=changes, note=note)
        except CorrectionError as err:
            _fail(escape(err.message))
    shown = _changes_text(added.changes)
    console.print(f"{added.action} {what} {item} of {doc_id} by {added.author}"
                  + (f": {shown}" if shown else ""), highlight=False, markup=False)


def _changes_text(changes: dict[str, Any]) -> str:
    """'speaker → Dmitry Peskov; type → ACCUSE' (an actor by name; none: cleared)."""
    return "; ".join(f"{k} → {v.get('name') if isinstance(v, dict) else v or 'none'}"
                     for k, v in changes.items())


@app.command("corrections")
def corrections_cmd(
    doc: Optional[str] = typer.Option(None, "--doc", help="Only this document's."),
    db: Optional[str] = DB_OPT,
    as_json: bool = JSON_OPT,
) -> None:
    """List the analysts' corrections, oldest first: when, who, what.

    Example: accord corrections --doc 9f3c2a1b0d4e5f67
    """
    with _store(db) as store:
        found = store.corrections(doc)
        texts = {c.doc_id: (store.get_record(c.doc_id) or {}).get("text", "") for c in found}
    if as_json:
        _json_lines([c.as_dict() for c in found])
        return
    for c in found:
        words = texts.get(c.doc_id, "")[c.target.get("start", 0):c.target.get("end", 0)]
        changes = _changes_text(c.changes)
        console.print(Text.assemble((f"{c.at[:19].replace('T', ' ')} ", "dim"),
                                    (f"{c.action} ", "bold"), f"{c.kind} of {c.doc_id} by ",
                                    (c.author, "bold"), f" {changes}" if changes else "",
                                    (f" ({c.note})" if c.note else "", "dim")))
        console.print(Text("    " + (words[:150] + ("…" if len(words) > 150 else ""))))
    console.print(f"{len(found)} corrections", highlight=False)


@app.command()
def reprocess(
    db: Optional[str] = DB_OPT,
    actors: Optional[Path] = typer.Option(None, "--actors", help="Extra actors YAML file."),
    workers: int = typer.Option(1, "--workers", "-w", min=1, max=64,
                                help="Worker processes running the pipeline."),
    timeout: float = typer.Option(60.0, "--timeout", min=0,
                                  help="Seconds one article may take (0: no limit)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
) -> None:
    """Extract every stored document again from its stored text, with the pipeline
    as it is now (accord's version, its data files, the trained model, --actors).
    A document already extracted by this pipeline is left as it is, so a reprocess
    that was stopped goes on where it stopped when run again. Analysts'
    corrections stay and apply over the new extraction.

    Example: accord reprocess --db accord.db --actors my_actors.yaml
    """
    from accord.runner import PipelineSettings, reprocess_store

    if actors is not None and not actors.is_file():
        _fail(f"{actors}: no such file")
    settings = PipelineSettings(actors=str(actors) if actors else None, timeout=timeout or None)
    with _store(db) as store, _progress(quiet) as progress:
        task = progress.add_task("reprocess", total=store.count_stale(settings.fingerprint))

        def on_result(status: str, result: Any) -> None:
            if status == "failed":
                _note(f"error: {result}")
            progress.advance(task)

        summary = reprocess_store(store, settings=settings, workers=workers,
                                  on_result=on_result)
    console.print(summary.line(), highlight=False)
    if summary.failed:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except AccordError as err:
        # escaped: a message may hold brackets ("pip install 'accord[parquet]'")
        err_console.print(f"[red]error:[/red] {escape(str(err))}", highlight=False,
                          soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
