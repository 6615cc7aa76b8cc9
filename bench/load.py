"""Load benchmark of `accord serve` on a store of 10,000+ articles (not a test).

1. Base records: the 5 sample articles and the VOA stories, ingested once by
   the real pipeline into bench/corpus/api-base.db (kept; git-ignored).
2. A big store (bench/corpus/api-10000.db) made by replicating those records
   with a new doc_id, source, outlet and publication date each (event dates
   shift with it, at their precision), written with `Store.put_records`: no
   spaCy, so it is quick. While the extractors are young, records with no
   events/quotes/proposals get synthetic ones on real sentences (valid offsets,
   real actors of the record), so the API has the volume it will have;
   `--no-synthetic` turns that off. Each store is built under a hidden name and
   renamed when complete, so a failed build is never reused.
3. `accord serve` on a free loopback port; for each endpoint, a bounded number
   of requests from 50 concurrent clients (httpx, asyncio); p50/p95/max latency.
4. Then Datasette (a dev dependency) alone on the same store file, opened
   immutable, answering the same pages as one SQL query each (`endpoints`);
   per endpoint accord's requests/s over Datasette's, and their geometric mean.

Example: .venv/bin/python bench/load.py --docs 10000 --requests 400
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import json
import math
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
sys.path.insert(0, str(ROOT))

from accord.model import EVENT_TYPES  # noqa: E402
from accord.store import Store  # noqa: E402
from accord.store import metadata as store_metadata  # noqa: E402

OUTLETS = ["Sky News", "Reuters", "BBC", "AP", "Al Jazeera", "France 24", "DW", "VOA",
           "The Guardian", "Kyiv Independent", "TASS", "Meduza"]
KINDS = ["ceasefire", "talks", "peace plan", "prisoner exchange", "energy ceasefire"]
STANCES = ["accept", "reject", "consider", "counter"]


def partial_path(db: Path) -> Path:
    """Where this process builds a store before it is complete: a hidden name beside
    it (one per process: two runs at once never write one file). Partial files of
    runs that are gone are removed."""
    for old in db.parent.glob(f".{db.name}.partial-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            remove_db(old)
    return db.with_name(f".{db.name}.partial-{os.getpid()}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def finish_db(tmp: Path, db: Path) -> None:
    """Move a completely built store to its name: the WAL folded in first, so a
    run that stopped before this point never leaves a store the next one reuses."""
    with Store.open(tmp, create=False) as store, store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    remove_db(db)
    for suffix in ("-wal", "-shm"):
        Path(str(tmp) + suffix).unlink(missing_ok=True)
    tmp.replace(db)


def stored_documents(db: Path) -> int:
    """How many documents a store file holds (0 for a file that is no store)."""
    if not db.exists():
        return 0
    try:
        with Store.open(db, create=False) as store:
            return store.count_documents()
    except Exception:  # noqa: BLE001 - a damaged or foreign file: rebuilt
        return 0


def base_records(rebuild: bool, folder: Path = CORPUS) -> list[dict[str, Any]]:
    db = folder / "api-base.db"
    if rebuild or stored_documents(db) == 0:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = partial_path(db)
        remove_db(tmp)
        # rc 1: some article failed and was reported; the others are stored.
        done = subprocess.run([sys.executable, "-m", "accord.cli", "ingest",
                               str(ROOT / "examples"),
                               str(ROOT / "tests" / "data" / "voa_stories.jsonl"),
                               "--db", str(tmp), "-q"], check=False, timeout=1800)
        if done.returncode not in (0, 1) or stored_documents(tmp) == 0:
            remove_db(tmp)
            sys.exit(f"`accord ingest` of the base records failed (exit {done.returncode}); "
                     "nothing kept: run again")
        finish_db(tmp, db)
    with Store.open(db, create=False) as store:
        return list(store.iter_records())


def _sentences(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"[^.\n!?]{40,300}[.!?]", text)]


def synthesize(rec: dict[str, Any], rng: random.Random, published: str) -> None:
    """Add events, quotes and a proposal on real sentences of a record without them."""
    text, sents = rec["text"], _sentences(rec["text"])
    ents = [e for e in rec["entities"] if e["type"] in ("PERSON", "GPE", "ORG", "NORP")]
    if not sents or len(ents) < 2:
        return

    def ref() -> dict[str, Any]:
        e = rng.choice(ents[:8])
        return {"id": e["id"], "name": e["name"]}

    day = date.fromisoformat(published)
    if not rec["events"]:
        for s, e in rng.sample(sents, min(len(sents), 6)):
            actor, recipient = ref(), ref()
            when = (day - timedelta(days=rng.randint(0, 3))).isoformat()
            etype = rng.choice(EVENT_TYPES)
            group = "e-" + hashlib.sha1(f"{etype}|{actor['id']}|{recipient['id']}|{when}"
                                        .encode()).hexdigest()[:12]
            rec["events"].append({
                "type": etype, "mode": "", "actor": actor, "recipient": recipient,
                "date": when, "date_text": None, "location": None, "negated": False,
                "hypothetical": False, "future": False, "start": s, "end": e,
                "text": text[s:e], "group": group})
        rec["events"].sort(key=lambda ev: ev["start"])
    if not rec["quotes"]:
        for m in list(re.finditer(r"[\"“]([^\"”]{10,300})[\"”]", text))[:5]:
            rec["quotes"].append({"text": m.group(1), "start": m.start(1), "end": m.end(1),
                                  "kind": "direct", "cue": "said", "speaker": ref()})
    if not rec["proposals"]:
        s, e = rng.choice(sents)
        proposer, recipient = ref(), ref()
        kind = rng.choice(KINDS)
        rs, re_ = rng.choice(sents)
        rec["proposals"].append({
            "id": "p1", "kind": kind, "proposer": proposer, "recipient": recipient,
            "group": "p-" + hashlib.sha1(f"{kind}|{proposer['id']}|{recipient['id']}"
                                         .encode()).hexdigest()[:12],
            "terms": [kind], "conditions": [text[s:e][:120]],
            "responses": [{"actor": recipient, "stance": rng.choice(STANCES),
                           "start": rs, "end": re_, "text": text[rs:re_], "date": published}],
            "date": published, "start": s, "end": e, "text": text[s:e]})


def shift_date(value: str, days: int) -> str:
    """A date of the record's precisions (YYYY-MM-DD, YYYY-MM, YYYY) moved by `days`
    and kept at its precision; anything else unchanged."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return (date.fromisoformat(value) + timedelta(days=days)).isoformat()
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return (date.fromisoformat(value + "-01") + timedelta(days=days)).isoformat()[:7]
    if re.fullmatch(r"\d{4}", value):
        return (date.fromisoformat(value + "-01-01") + timedelta(days=days)).isoformat()[:4]
    return value


def variant(rec: dict[str, Any], i: int, rng: random.Random, synthetic: bool) -> dict[str, Any]:
    out = json.loads(json.dumps(rec))
    published = (date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))).isoformat()
    old = rec.get("published")
    shift = (date.fromisoformat(published) - date.fromisoformat(old)).days \
        if old and re.fullmatch(r"\d{4}-\d{2}-\d{2}", old) else 0
    out.update(doc_id=hashlib.sha1(f"bench-{i}".encode()).hexdigest()[:16],
               source=f"bench://{i}/{rec['source']}", outlet=rng.choice(OUTLETS),
               published=published, text=rec["text"] + f"\n[bench copy {i}]")
    for ev in out["events"]:
        if ev.get("date") and shift:
            ev["date"] = shift_date(ev["date"], shift)
        if ev.get("group"):  # the same event only where the copies share a date
            ev["group"] = f"{ev['group']}-{shift}"
    if synthetic:
        synthesize(out, rng, published)
    return out


def build(n: int, rebuild: bool, synthetic: bool, folder: Path = CORPUS) -> Path:
    db = folder / f"api-{n}.db"
    # A store under this name was complete when renamed; one left by an older
    # version of this script may not be: anything but n documents is rebuilt.
    if not rebuild and stored_documents(db) == n:
        with Store.open(db) as store:  # indexes added to the schema since it was built
            for table in store_metadata.sorted_tables:
                for index in table.indexes:
                    index.create(store.engine, checkfirst=True)
        return db
    base = base_records(rebuild, folder)
    if not base:
        sys.exit("no base records: `accord ingest` stored nothing")
    tmp = partial_path(db)
    remove_db(tmp)
    rng = random.Random(7)
    t0 = time.perf_counter()
    with Store.open(tmp) as store:
        for i in range(0, n, 50):
            batch = [variant(base[j % len(base)], j, rng, synthetic)
                     for j in range(i, min(n, i + 50))]
            for outcome in store.put_records(batch):
                if isinstance(outcome, Exception):
                    raise outcome
            if i and i % 1000 == 0:
                print(f"  {i} records written ({time.perf_counter() - t0:.0f} s)", flush=True)
        if store.count_documents() != n:
            sys.exit(f"the bench store holds {store.count_documents()} documents, not {n}")
    finish_db(tmp, db)
    print(f"store: {n} records from {len(base)} base records in "
          f"{time.perf_counter() - t0:.0f} s -> {db}")
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


async def _get(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], host: str,
               url: str) -> tuple[int, bool]:
    """One GET on a kept-alive connection: (status, whether the server closes it).
    The body is read whole (Content-Length or chunked) and dropped."""
    reader, writer = conn
    writer.write(f"GET {url} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode())
    await writer.drain()
    lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in
               (line.partition(":") for line in lines[1:] if ":" in line)}
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return int(lines[0].split()[1]), headers.get("connection", "").lower() == "close"


async def hammer(base: str, url: str, requests: int, clients: int) -> dict[str, Any]:
    """`requests` GETs of `url` from `clients` concurrent clients, each on its own
    kept-alive connection. A plain HTTP/1.1 client over asyncio streams: the load
    generator shares the machine with the server, and httpx's own cost per request
    (several times this one's) capped what a 2-core machine could measure."""
    lat: list[float] = []
    errors = 0
    todo = iter(range(requests))
    host, port = base.split("//", 1)[1].split(":")

    async def worker() -> None:
        nonlocal errors
        conn = await asyncio.open_connection(host, int(port))
        for _ in todo:
            t = time.perf_counter()
            try:
                status, close = await asyncio.wait_for(_get(conn, host, url), 60)
                errors += status != 200
            except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError):
                errors, close = errors + 1, True
            lat.append((time.perf_counter() - t) * 1000)
            if close:
                conn[1].close()
                conn = await asyncio.open_connection(host, int(port))
        conn[1].close()

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    wall = time.perf_counter() - t0
    return {"url": url, "requests": requests, "errors": errors, "p50_ms": _pct(lat, 50),
            "p95_ms": _pct(lat, 95), "max_ms": max(lat), "req_per_s": requests / wall}


# The list queries of the API, as one SQL statement each for Datasette on the same
# store: the rows of the same page (the timeline and the proposal list read the
# store's merged view, as the API does; Datasette has no cache of its own).
_DOCS = ("select d.doc_id, d.source, d.outlet, d.title, d.published, d.n_chars, "
         "(select count(*) from quotes q where q.doc_id = d.doc_id) as n_quotes, "
         "(select count(*) from events e where e.doc_id = d.doc_id) as n_events, "
         "(select count(*) from proposals p where p.doc_id = d.doc_id) as n_proposals "
         "from documents d {where} order by d.published desc, d.doc_id desc "
         "limit 50 offset {offset}")
_TIMELINE = ("select m.grp, m.kind, m.date, m.n_sources, coalesce(e.type, p.kind) as type, "
             "coalesce(e.actor_id, p.proposer_id) as actor_id, "
             "coalesce(e.actor_name, p.proposer_name) as actor_name, "
             "coalesce(e.recipient_id, p.recipient_id) as recipient_id, "
             "coalesce(e.recipient_name, p.recipient_name) as recipient_name, e.negated, "
             "e.hypothetical, e.future, coalesce(e.text, p.text) as text, d.doc_id, d.outlet, "
             "d.title, d.published, d.source from merged_items m "
             "left join events e on m.kind = 'event' and e.id = m.item_id "
             "left join proposals p on m.kind = 'proposal' and p.id = m.item_id "
             "join documents d on d.doc_id = m.doc_id {where} "
             "order by m.undated, m.date {desc}, m.kind {desc}, m.item_id {desc} "
             "limit 50 offset {offset}")
_ACTORS = ("select e.id, e.name, e.type, e.country, e.sector, a.n_documents, a.n_mentions "
           "from entities e join (select entity_id, count(*) as n_documents, "
           "sum(n_mentions) as n_mentions from doc_entities group by entity_id) a "
           "on a.entity_id = e.id order by a.n_mentions desc, e.id limit 50")
_ACTOR = ("select e.*, (select count(*) from doc_entities where entity_id = :id) as n_documents, "
          "(select sum(n_mentions) from doc_entities where entity_id = :id) as n_mentions, "
          "(select json_group_array(text) from (select text from quotes where speaker_id = :id "
          "order by published desc limit 20)) as quotes, (select json_group_array(type) from "
          "(select type from events where actor_id = :id order by date desc limit 20)) as acts, "
          "(select json_group_array(type) from (select type from events where recipient_id = :id "
          "order by date desc limit 20)) as acted_on from entities e where e.id = :id")
_EVENTS = ("select ev.*, d.outlet, d.title, d.published, d.source from events ev "
           "join documents d on d.doc_id = ev.doc_id where ev.actor_id = :id "
           "order by ev.date desc, ev.id desc limit 50")
_QUOTES = ("select q.doc_id, q.idx, q.text, q.kind, q.cue, q.start, q.end, q.speaker_id, "
           "q.speaker_name, d.outlet, d.title, d.published, d.source from quotes q "
           "join documents d on d.doc_id = q.doc_id where q.speaker_id = :id "
           "or q.speaker_name like '%' || :id || '%' order by q.published desc, q.id desc "
           "limit 50")
_PROPOSALS = ("select m.grp, m.first_date as date, m.n_sources, p.kind, p.proposer_id, "
              "p.proposer_name, p.recipient_id, p.recipient_name, p.terms, "
              "(select json_group_array(c.text) from conditions c join proposals c2 "
              "on c2.id = c.proposal_id where c2.grp = m.grp) as conditions, "
              "(select json_group_array(json_object('actor', r.actor_id, 'stance', r.stance, "
              "'date', r.date)) from responses r join proposals r2 on r2.id = r.proposal_id "
              "where r2.grp = m.grp) as responses from merged_items m "
              "join proposals p on p.id = m.item_id where m.kind = 'proposal' "
              "order by m.first_undated, m.first_date desc, m.grp desc limit 20")


def endpoints(top: str, doc: str, db: str) -> list[tuple[str, str]]:
    """(accord URL, Datasette URL of the same rows) for each endpoint measured."""
    def sql(stmt: str, html: bool = False, **params: str) -> str:
        query = urlencode({"sql": stmt, **params, **({} if html else {"_shape": "array"})})
        return f"/{db}{'' if html else '.json'}?{query}"

    # newest first, as the API and the web UI list by default (the first pages and
    # the deep one hold dated items only: the index's order)
    newest = _TIMELINE.format(where="where m.undated = 0", offset=0, desc="desc")
    return [
        ("/api/documents?limit=50", sql(_DOCS.format(where="", offset=0))),
        ("/api/documents?limit=50&offset=5000", sql(_DOCS.format(where="", offset=5000))),
        ("/api/documents?outlet=Reuters&date_from=2024-06-01&date_to=2024-12-31",
         sql(_DOCS.format(where="where d.outlet = 'Reuters' and d.published >= '2024-06-01' "
                                "and d.published <= '2024-12-31'", offset=0))),
        ("/api/timeline?limit=50", sql(newest)),
        ("/api/timeline?limit=50&offset=2000",
         sql(_TIMELINE.format(where="where m.undated = 0", offset=2000, desc="desc"))),
        ("/api/timeline?type=REJECT&date_from=2024-06-01",
         sql(_TIMELINE.format(where="where m.type = 'REJECT' and m.undated = 0 "
                                    "and m.date >= '2024-06-01'", offset=0, desc="desc"))),
        ("/api/actors?limit=50", sql(_ACTORS)),
        (f"/api/actors/{top}", sql(_ACTOR, id=top)),
        (f"/api/events?actor={top}&limit=50", sql(_EVENTS, id=top)),
        (f"/api/quotes?speaker={top}", sql(_QUOTES, id=top)),
        ("/api/proposals?limit=20", sql(_PROPOSALS)),
        ("/", sql(newest, html=True)),
        (f"/documents/{doc}", f"/{db}/documents/{doc}"),
        ("/proposals", sql(_PROPOSALS, html=True)),
        (f"/actors/{top}", sql(_ACTOR, html=True, id=top)),
    ]


def _wait_up(base: str, path: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if proc.poll() is not None:
            sys.exit(f"the server stopped (exit {proc.returncode})")
        try:
            if httpx.get(base + path, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    sys.exit(f"no answer from {base}{path}")


@contextlib.contextmanager
def serving(cmd: list[str], port: int, ready: str) -> Iterator[str]:
    """A server on loopback for the duration of the block; yields its base URL."""
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_up(base, ready, proc)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def measure(base: str, urls: list[str], requests: int, clients: int,
            label: str) -> list[dict[str, Any]]:
    print(f"\n{label} (load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} cores)")
    print(f"{'endpoint':64} {'1 client':>8} | {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
          f"{'req/s':>7} err")
    results = []
    for url in urls:
        one = asyncio.run(hammer(base, url, 20, 1))  # warms up; the server's own cost
        r = asyncio.run(hammer(base, url, requests, clients))
        r["single_client_p50_ms"] = one["p50_ms"]
        r["load_average"] = os.getloadavg()[0]
        results.append(r)
        print(f"{url[:64]:64} {one['p50_ms']:8.1f} | {r['p50_ms']:8.1f} {r['p95_ms']:8.1f} "
              f"{r['max_ms']:8.1f} {r['req_per_s']:7.1f} {r['errors']}", flush=True)
    return results


def compare(ours: list[dict[str, Any]], theirs: list[dict[str, Any]]) -> dict[str, Any]:
    """Per endpoint: accord's requests/s over Datasette's, and Datasette's p95 over
    accord's (above 1: accord is faster); their geometric means."""
    rows = []
    print(f"\n{'endpoint':64} {'accord p95':>10} {'Datasette p95':>13} {'req/s ratio':>11}")
    for a, d in zip(ours, theirs, strict=True):
        ratio = a["req_per_s"] / d["req_per_s"]
        rows.append({"url": a["url"], "accord_p95_ms": a["p95_ms"],
                     "datasette_p95_ms": d["p95_ms"], "req_per_s_ratio": ratio,
                     "p95_ratio": d["p95_ms"] / a["p95_ms"], "datasette_errors": d["errors"]})
        print(f"{a['url'][:64]:64} {a['p95_ms']:10.1f} {d['p95_ms']:13.1f} {ratio:11.2f}")
    mean = math.exp(sum(math.log(r["req_per_s_ratio"]) for r in rows) / len(rows))
    print(f"accord / Datasette, requests per second (geometric mean): {mean:.2f}")
    return {"endpoints": rows, "req_per_s_ratio_geomean": mean}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--requests", type=int, default=400, help="per endpoint")
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--no-synthetic", action="store_true")
    ap.add_argument("--corpus", type=Path, default=CORPUS,
                    help="folder of the stores, built there once (default bench/corpus)")
    ap.add_argument("--no-datasette", action="store_true",
                    help="measure accord only (Datasette is a dev dependency)")
    args = ap.parse_args()
    db = build(args.docs, args.rebuild, not args.no_synthetic, args.corpus)
    with Store.open(db, create=False) as store:
        n = store.count_documents()
    print(f"{n} documents; {args.clients} concurrent clients, {args.requests} requests "
          f"per endpoint, loopback; each server alone on the machine")
    port = _free_port()
    with serving([sys.executable, "-m", "accord.cli", "serve", "--db", str(db), "--port",
                  str(port)], port, "/healthz") as base:
        top = httpx.get(base + "/api/actors?limit=1").json()["items"][0]["id"]
        doc = httpx.get(base + "/api/documents?limit=1&offset=777").json()["items"][0]["doc_id"]
        pairs = endpoints(top, doc, db.stem)
        ours = measure(base, [a for a, _ in pairs], args.requests, args.clients, "accord serve")
    report: dict[str, Any] = {"documents": n, "clients": args.clients, "results": ours}
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent)) \
        or shutil.which("datasette")
    if args.no_datasette or datasette is None:
        print("\nDatasette not measured" + ("" if args.no_datasette else
              ": not installed (pip install -e '.[dev]')"))
    else:
        port = _free_port()
        cmd = [datasette, "serve", "-i", str(db), "--port", str(port), "--setting",
               "sql_time_limit_ms", "30000", "--setting", "max_returned_rows", "1000"]
        with serving(cmd, port, f"/{db.stem}.json?sql=select+1") as base:
            theirs = measure(base, [d for _, d in pairs], args.requests, args.clients,
                             "Datasette (immutable), the same pages as one SQL query each")
        report["datasette"] = theirs
        report["comparison"] = compare(ours, theirs)
    out = args.corpus / "api_load.json"
    out.write_text(json.dumps(report, indent=1))
    print(f"\nresults: {out}")


if __name__ == "__main__":
    main()
