"""Search under load (not a test): latency of /api/search, and of a cheap
endpoint while searches run, on the 10,000-document store of bench/load.py.

1. The store: `bench/load.py`'s `build()` (bench/corpus/api-10000.db), the
   sample articles and VOA stories replicated with new ids, outlets and dates.
2. `accord serve` on a free loopback port.
3. The cheap endpoint alone: `--cheap-clients` clients for `--seconds` seconds.
4. `--search-clients` clients sending searches, each a query not sent before
   (one word, or two words side by side, drawn from the articles' own text, so
   every one finds something and no cache helps), for `--seconds` seconds,
   while the cheap clients go on: p50/p95 of both, searches per second, errors.

Example: .venv/bin/python bench/search_load.py --docs 10000 --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import load  # noqa: E402  (bench/load.py: the 10,000-document store)

from accord.store import Store  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def queries(db: Path, seed: int = 11) -> list[str]:
    """Distinct queries from the base articles' words: one word, or two side by side."""
    with Store.open(db, create=False) as store:
        texts = [r["text"] for r in store.iter_records()]
    rng = random.Random(seed)
    words = [re.findall(r"[A-Za-z][a-z]{3,}", t) for t in texts]
    words = [w for w in words if len(w) > 2]
    seen: set[str] = set()
    out: list[str] = []
    for _ in range(200_000):
        ws = rng.choice(words)
        i = rng.randrange(len(ws) - 1)
        q = ws[i] if rng.random() < 0.5 else f"{ws[i]} {ws[i + 1]}"
        if q.lower() not in seen:
            seen.add(q.lower())
            out.append(q)
        if len(out) >= 5000:
            break
    rng.shuffle(out)
    return out


async def _client(base: str, urls: Any, until: float, lat: list[float],
                  errors: list[str], every: float = 0.0) -> None:
    """Requests one after the other until `until`; with `every`, one request at most
    every `every` seconds (so that several clients keep to a total rate)."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        while time.monotonic() < until:
            url = next(urls)
            t = time.perf_counter()
            try:
                r = await client.get(url)
                if r.status_code != 200:
                    errors.append(f"{r.status_code} {url}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {url}")
            took = time.perf_counter() - t
            lat.append(took * 1000)
            if every > took:
                await asyncio.sleep(min(every - took, max(0.0, until - time.monotonic())))


def _summary(lat: list[float], errors: list[str], seconds: float) -> dict[str, Any]:
    return {"requests": len(lat), "errors": len(errors), "p50_ms": _pct(lat, 50),
            "p95_ms": _pct(lat, 95), "max_ms": max(lat, default=float("nan")),
            "per_s": len(lat) / seconds, "error_sample": errors[:5]}


async def run_phase(base: str, cheap: str, cheap_clients: int, search_urls: Any,
                    search_clients: int, seconds: float, rate: float = 0.0) -> dict[str, Any]:
    until = time.monotonic() + seconds
    cheap_lat: list[float] = []
    cheap_err: list[str] = []
    search_lat: list[float] = []
    search_err: list[str] = []
    repeat = iter(lambda: cheap, None)
    tasks = [_client(base, repeat, until, cheap_lat, cheap_err) for _ in range(cheap_clients)]
    every = search_clients / rate if rate else 0.0
    tasks += [_client(base, search_urls, until, search_lat, search_err, every)
              for _ in range(search_clients)]
    t0 = time.perf_counter()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - t0
    out = {"seconds": wall, "cheap": _summary(cheap_lat, cheap_err, wall)}
    if search_clients:
        out["search"] = _summary(search_lat, search_err, wall)
    return out


def _line(name: str, s: dict[str, Any]) -> str:
    return (f"{name:34} {s['requests']:6d} {s['p50_ms']:9.1f} {s['p95_ms']:9.1f} "
            f"{s['max_ms']:9.1f} {s['per_s']:7.1f} {s['errors']:4d}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--seconds", type=float, default=60.0, help="per phase")
    ap.add_argument("--search-clients", type=int, default=4)
    ap.add_argument("--cheap-clients", type=int, default=4)
    ap.add_argument("--cheap", default="/api/documents?limit=20",
                    help="the cheap endpoint measured beside the searches")
    ap.add_argument("--search-rate", type=float, default=0.0, help="searches per second in "
                    "all, at most (0: each client sends its next search at once); to compare "
                    "the cheap endpoint under the same search load")
    ap.add_argument("--label", default="", help="a name for this run in the results file")
    ap.add_argument("--db", type=Path, help="measure this store instead (e.g. a copy of "
                    "bench/corpus/api-10000.db)")
    args = ap.parse_args()
    db = args.db or load.build(args.docs, False, True)
    with Store.open(db, create=False) as store:
        n = store.count_documents()
    words = iter(queries(load.CORPUS / "api-base.db"))
    search_urls = (f"/api/search?{httpx.QueryParams({'q': q, 'limit': 10})}" for q in words)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "accord.cli", "serve", "--db", str(db),
                             "--port", str(port)], stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        httpx.get(base + args.cheap, timeout=120)  # warm the caches of the cheap endpoint
        print(f"{n} documents, loopback, {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f}; {args.seconds:.0f} s per phase; cheap endpoint "
              f"{args.cheap}" + (f"; searches capped at {args.search_rate:g}/s"
                                  if args.search_rate else ""))
        print(f"{'phase':34} {'reqs':>6} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} "
              f"{'req/s':>7} {'err':>4}")
        alone = asyncio.run(run_phase(base, args.cheap, args.cheap_clients, iter(()), 0,
                                      args.seconds))
        print(_line(f"cheap alone ({args.cheap_clients} clients)", alone["cheap"]), flush=True)
        loaded = asyncio.run(run_phase(base, args.cheap, args.cheap_clients, search_urls,
                                       args.search_clients, args.seconds, args.search_rate))
        print(_line(f"search ({args.search_clients} clients)", loaded["search"]))
        print(_line("cheap while searches run", loaded["cheap"]))
        for name, part in (("search", loaded["search"]), ("cheap", loaded["cheap"])):
            if part["error_sample"]:
                print(f"{name} errors, e.g.: {part['error_sample']}")
        out = load.CORPUS / "search_load.json"
        runs = json.loads(out.read_text()) if out.exists() else []
        runs.append({"label": args.label, "documents": n, "seconds": args.seconds,
                     "search_clients": args.search_clients, "search_rate": args.search_rate,
                     "load_average": os.getloadavg()[0],
                     "cheap_clients": args.cheap_clients, "cheap_endpoint": args.cheap,
                     "cheap_alone": alone["cheap"], "search": loaded["search"],
                     "cheap_under_search": loaded["cheap"]})
        out.write_text(json.dumps(runs, indent=1))
        print(f"results appended to {out}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main()
