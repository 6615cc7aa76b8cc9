"""`make bench`: accord ingest against bare spaCy, 1 and 2 processes, peak
memory per worker as the corpus grows, and Ray on two local nodes, in one run.

Corpus: bench/corpus.py recombines the sentences of the samples into 5,000
articles of 150-250 words (seeded, written once into bench/corpus/).

- Throughput: the first --n articles of that corpus (default: all 5,000), the
  same texts for all four. The single-process runs alternate in chunks (accord,
  spaCy, accord, ...) so load from other processes hits both alike; the model
  is loaded beforehand. The 2-process runs are whole runs and include starting
  the workers; both fork the loaded model (accord's runner lends a given `nlp`
  to forked workers). `cores_used_*_2`: CPU seconds per wall second the run
  got; on a shared machine it shows whether the cores were there to use.
- Memory: one `accord ingest` with 2 workers over 20,000 short articles
  (8-20 words, the same sentences; short so that the run fits in minutes on
  2 cores: what could grow is per article streamed, not per word); after 1k,
  5k and 20k articles, each worker's peak RSS so far (VmHWM, polled every
  0.2 s) and the parent's largest RSS. Workers load the pipeline themselves,
  as in `accord ingest --workers 2`.
- Per component: seconds per 1,000 articles for each pipe, record building
  and the store write, over 300 articles run one stage at a time.
- Ray: one plain process, then `ingest_ray` on a local two-node cluster (1 CPU
  each, Parquet out), on the same --ray-n articles (default all 5,000), back to
  back; the cluster's start is reported apart.

    .venv/bin/python bench/run.py            # the whole benchmark (~30-40 min)
    .venv/bin/python bench/run.py --quick    # small sizes, to try it out
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from accord.ingest.readers import read_articles  # noqa: E402
from accord.runner import PipelineSettings, ingest  # noqa: E402
from accord.store import Store  # noqa: E402
from corpus import build  # noqa: E402

RESULTS = ROOT / "bench" / "results.json"


def _subset(path: Path, n: int, folder: Path) -> tuple[Path, list[str]]:
    out = folder / f"subset-{n}.jsonl"
    texts = []
    with open(path, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
            texts.append(json.loads(line)["text"])
    return out, texts


def _kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class MemoryWatch:
    """Polls the peak RSS of this process's children and its own RSS."""

    def __init__(self) -> None:
        self.children: dict[int, int] = {}
        self.parent_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = os.getpid()
        while not self._stop.is_set():
            try:
                kids = Path(f"/proc/{me}/task/{me}/children").read_text().split()
            except OSError:
                kids = []
            for k in kids:
                self.children[int(k)] = max(self.children.get(int(k), 0), _kb(int(k), "VmHWM"))
            self.parent_kb = max(self.parent_kb, _kb(me, "VmRSS"))
            self._stop.wait(0.2)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def worker_peak_mb(self) -> float:
        return round(max(self.children.values(), default=0) / 1024, 1)


def _accord(path: Path, folder: Path, name: str, *, workers: int, nlp: Any = None,
            every: Any = None) -> tuple[float, Any, float]:
    """(seconds, summary, seconds to the first result) of one ingest into a new store;
    `every(count)` is called after each result."""
    first: list[float] = []
    count = [0]
    started = time.perf_counter()

    def on_result(status: str, result: Any) -> None:
        if not first:
            first.append(time.perf_counter() - started)
        count[0] += 1
        if every is not None:
            every(count[0])

    with Store.open(folder / f"{name}.db") as store:
        summary = ingest(read_articles([str(path)]), store, settings=PipelineSettings(),
                         workers=workers, nlp=nlp, on_result=on_result)
    return time.perf_counter() - started, summary, (first or [0.0])[0]


def throughput(path: Path, texts: list[str], folder: Path, chunks: int) -> dict[str, Any]:
    import spacy

    from accord.pipeline import BASE_MODEL, build_nlp

    bare = spacy.load(BASE_MODEL)
    nlp = build_nlp()
    words = sum(len(t.split()) for t in texts)
    n = len(texts)
    size = max(1, n // chunks)
    t_acc = t_spa = c_acc = c_spa = 0.0
    for k in range(0, n, size):
        part = folder / f"chunk-{k}.jsonl"
        with open(path, encoding="utf-8") as src:
            lines = src.readlines()[k:k + size]
        part.write_text("".join(lines), encoding="utf-8")
        c0 = time.process_time()
        secs, summary, _ = _accord(part, folder, f"a1-{k}", workers=1, nlp=nlp)
        c_acc += time.process_time() - c0
        assert summary.failed == 0, summary.errors[:3]
        t_acc += secs
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in bare.pipe(texts[k:k + size], batch_size=32):
            pass
        t_spa += time.perf_counter() - t0
        c_spa += time.process_time() - c0
    cpu0 = _cpu()
    t_acc2, summary2, first2 = _accord(path, folder, "a2", workers=2, nlp=nlp)
    cores_acc2 = (_cpu() - cpu0) / t_acc2
    assert summary2.stored == n, summary2.errors[:3]
    cpu0 = _cpu()
    t0 = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32, n_process=2):
        pass
    t_spa2 = time.perf_counter() - t0
    cores_spa2 = (_cpu() - cpu0) / t_spa2
    return {
        "articles": n, "words": words,
        "accord_seconds_1": round(t_acc, 2), "spacy_seconds_1": round(t_spa, 2),
        "accord_seconds_2": round(t_acc2, 2), "spacy_seconds_2": round(t_spa2, 2),
        "accord_wps_1": round(words / t_acc, 1), "spacy_wps_1": round(words / t_spa, 1),
        "accord_wps_2": round(words / t_acc2, 1), "spacy_wps_2": round(words / t_spa2, 1),
        "accord_aps_1": round(n / t_acc, 2), "spacy_aps_1": round(n / t_spa, 2),
        "accord_aps_2": round(n / t_acc2, 2), "spacy_aps_2": round(n / t_spa2, 2),
        "ratio_vs_spacy_1": round(t_spa / t_acc, 3),
        # the same from CPU seconds of this process: what load from others can't skew
        "accord_cpu_s_1": round(c_acc, 2), "spacy_cpu_s_1": round(c_spa, 2),
        "ratio_vs_spacy_1_cpu": round(c_spa / c_acc, 3),
        "ratio_vs_spacy_2": round(t_spa2 / t_acc2, 3),
        "speedup_2_workers": round(t_acc / t_acc2, 3),
        "spacy_speedup_2": round(t_spa / t_spa2, 3),
        "first_result_2_s": round(first2, 2),
        # CPU seconds per wall second that the 2-process runs got (parent and
        # workers): below ~2, other processes took the cores, not accord.
        "cores_used_accord_2": round(cores_acc2, 2),
        "cores_used_spacy_2": round(cores_spa2, 2),
    }


def _cpu() -> float:
    """CPU seconds of this process and its finished children."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def memory(path: Path, checkpoints: list[int], folder: Path, results: dict[str, Any]
           ) -> dict[str, Any]:
    """One 2-worker ingest; the peak RSS so far of each worker after 1k, 5k, 20k articles."""
    out: dict[str, Any] = {}
    results["memory"] = out
    started = time.perf_counter()
    with MemoryWatch() as watch:
        def every(n: int) -> None:
            if n in checkpoints:
                time.sleep(0.25)  # one more poll
                secs = time.perf_counter() - started
                out[str(n)] = {"articles": n, "seconds": round(secs, 1),
                               "articles_per_s": round(n / secs, 2),
                               "worker_peak_rss_mb": watch.worker_peak_mb,
                               "workers_seen": len(watch.children),
                               "parent_max_rss_mb": round(watch.parent_kb / 1024, 1)}
                _save(results)
                print(f"memory at {n}: {out[str(n)]}", flush=True)

        _accord(path, folder, "mem", workers=2, every=every)
    return out


def _save(results: dict[str, Any]) -> None:
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def components(texts: list[str], folder: Path) -> dict[str, float]:
    """Seconds per 1,000 articles of each stage, run one stage at a time."""
    from accord.pipeline import build_nlp, make_doc
    from accord.record import build_record

    nlp = build_nlp()
    per = 1000 / len(texts)
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    docs = [make_doc(nlp, t, {"source": f"bench/{i}"}) for i, t in enumerate(texts)]
    out["tokenizer"] = time.perf_counter() - t0
    for name, proc in nlp.pipeline:
        t0 = time.perf_counter()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=32))
        else:
            docs = [proc(d) for d in docs]
        out[name] = time.perf_counter() - t0
    t0 = time.perf_counter()
    records = [build_record(d) for d in docs]
    out["build_record"] = time.perf_counter() - t0
    with Store.open(folder / "components.db") as store:
        t0 = time.perf_counter()
        for r in records:
            store.put_record(r)
        out["store.put_record (SQLite)"] = time.perf_counter() - t0
    return {k: round(v * per, 2) for k, v in out.items()}


def _tree_cpu(root: int) -> float:
    """CPU seconds so far of a process and all its descendants (Ray's raylets,
    GCS, workers and actors are children of the process that started them)."""
    hz = os.sysconf("SC_CLK_TCK")
    parent, cpu = {}, {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                stat = Path(f"/proc/{d}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            parent[int(d)] = int(fields[1])
            cpu[int(d)] = (int(fields[11]) + int(fields[12])) / hz
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += cpu.get(pid, 0.0)
        todo += [p for p, pp in parent.items() if pp == pid]
    return total


def ray_two_nodes(path: Path, n: int, folder: Path) -> dict[str, Any]:
    """One plain process (`ingest`, the model loaded beforehand), then Ray on a
    local two-node cluster (1 CPU each, Parquet out), over the same articles,
    back to back. The cluster's start is reported apart; the actors' pipeline
    loads are inside the Ray time. `cores_used`: CPU seconds of every process
    of the run (driver, raylets, GCS, actors) per wall second."""
    import ray
    from ray.cluster_utils import Cluster

    from accord.batch import ingest_ray
    from accord.pipeline import build_nlp

    out: dict[str, Any] = {"articles": n, "load_before": _load()}
    nlp = build_nlp()
    c0 = time.process_time()
    secs, single, _ = _accord(path, folder, "ray-baseline", workers=1, nlp=nlp)
    assert single.failed == 0, single.errors[:3]
    out.update(single_seconds=round(secs, 1), single_wps=round(single.words / secs, 1),
               single_cpu_s=round(time.process_time() - c0, 1), load_between=_load())
    del nlp
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    node = {"num_cpus": 1, "object_store_memory": 200 * 2**20}
    t0 = time.perf_counter()
    cluster = Cluster(initialize_head=True, head_node_args={**node, "include_dashboard": False})
    cluster.add_node(**node)
    ray.init(address=cluster.address, include_dashboard=False, log_to_driver=False)
    startup = time.perf_counter() - t0
    stats: dict[str, Any] = {}
    try:
        cpu0 = _tree_cpu(os.getpid())
        summary = ingest_ray([str(path)], None, address=cluster.address,
                             settings=PipelineSettings(), out=folder / "shards", concurrency=2,
                             stats=stats)
        cpu = _tree_cpu(os.getpid()) - cpu0
    finally:
        ray.shutdown()
        cluster.shutdown()
    wps = summary.words / summary.seconds
    out.update({
        "ray_articles": summary.total, "failed": summary.failed,
        "cluster_start_s": round(startup, 1), "seconds": round(summary.seconds, 1),
        "articles_per_s": round(summary.total / summary.seconds, 2), "wps": round(wps, 1),
        "speedup_vs_single": round(wps / out["single_wps"], 3),
        "cores_used": round(cpu / summary.seconds, 2), "ray_cpu_s": round(cpu, 1),
        "actor_load_s": round(stats["load_s"], 1),
        "actors_busy": round(stats["busy_s"] / (stats["actors"] * summary.seconds), 3),
        "batches_per_actor": stats["per_actor"], "load_after": _load()})
    return out


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000, help="articles for the throughput runs")
    ap.add_argument("--comp-n", type=int, default=300, help="articles for the component costs")
    ap.add_argument("--chunks", type=int, default=10)
    ap.add_argument("--ray-n", type=int, default=5000)
    ap.add_argument("--quick", action="store_true", help="small sizes, to try the bench")
    ap.add_argument("--skip", default="", help="comma list: throughput,memory,components,ray")
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if args.quick:
        args.n, args.ray_n, args.chunks, args.comp_n = 120, 60, 2, 60
    mem_sizes = [100, 300, 600] if args.quick else [1000, 5000, 20000]
    big = build(5000, (150, 250))
    short = build(mem_sizes[-1], (8, 20))
    results: dict[str, Any] = {"corpus": big.name, "load_before": _load(),
                               "cores": os.cpu_count()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        folder = Path(tmp)
        path, texts = _subset(big, args.n, folder)
        if "throughput" not in skip:
            results.update(throughput(path, texts, folder, args.chunks))
            _save(results)
            print(f"throughput done ({time.perf_counter() - started:.0f} s)", flush=True)
        if "components" not in skip:
            results["component_s_per_1k_articles"] = components(texts[:args.comp_n], folder)
            _save(results)
        if "ray" not in skip:
            ray_path, _ = _subset(big, args.ray_n, folder)
            results["ray_2_nodes"] = ray_two_nodes(ray_path, args.ray_n, folder)
            _save(results)
        if "memory" not in skip:
            memory(short, mem_sizes, folder, results)
            results["peak_rss_mb"] = max(m["worker_peak_rss_mb"]
                                         for m in results["memory"].values())
            print(f"memory done ({time.perf_counter() - started:.0f} s)", flush=True)
    results["load_after"] = _load()
    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    _save(results)
    print_table(results)


def print_table(r: dict[str, Any]) -> None:
    rows = []
    if "accord_wps_1" in r:
        rows += [
            ("articles / words (throughput)", f"{r['articles']} / {r['words']}", ""),
            ("accord 1 worker", f"{r['accord_wps_1']} words/s", f"{r['accord_aps_1']} art/s"),
            ("spaCy 1 process", f"{r['spacy_wps_1']} words/s", f"{r['spacy_aps_1']} art/s"),
            ("accord 2 workers", f"{r['accord_wps_2']} words/s", f"{r['accord_aps_2']} art/s"),
            ("spaCy n_process=2", f"{r['spacy_wps_2']} words/s", f"{r['spacy_aps_2']} art/s"),
            ("ratio vs spaCy, 1 (target >= 0.8)", f"{r['ratio_vs_spacy_1']}",
             f"CPU-time ratio {r.get('ratio_vs_spacy_1_cpu')}"),
            ("ratio vs spaCy, 2", f"{r['ratio_vs_spacy_2']}", ""),
            ("speedup 2 workers (target >= 1.7)", f"{r['speedup_2_workers']}",
             f"spaCy: {r['spacy_speedup_2']}"),
            ("accord 2 workers: first result after", f"{r['first_result_2_s']} s", ""),
            ("cores used, accord 2 / spaCy 2", f"{r['cores_used_accord_2']}",
             f"{r['cores_used_spacy_2']}"),
        ]
    for label, m in r.get("memory", {}).items():
        rows.append((f"peak RSS/worker, {label}", f"{m['worker_peak_rss_mb']} MB",
                     f"parent {m['parent_max_rss_mb']} MB, {m['articles_per_s']} art/s"))
    for name, secs in r.get("component_s_per_1k_articles", {}).items():
        rows.append((f"  {name}", f"{secs} s / 1k articles", ""))
    if "ray_2_nodes" in r:
        ray = r["ray_2_nodes"]
        rows += [
            ("one plain process (Ray's articles)", f"{ray['single_wps']} words/s",
             f"{ray['articles']} articles, {ray['single_seconds']} s"),
            ("Ray, 2 local nodes", f"{ray['wps']} words/s",
             f"{ray['articles_per_s']} art/s, {ray['seconds']} s; cluster start "
             f"{ray['cluster_start_s']} s apart"),
            ("Ray vs one process (target >= 1.7)", f"{ray['speedup_vs_single']}",
             f"actors busy {ray['actors_busy']:.0%}, batches {ray['batches_per_actor']}, "
             f"pipeline load {ray['actor_load_s']} s, cores used {ray['cores_used']}"),
            ("  CPU seconds: one process / Ray (all its processes)", f"{ray['single_cpu_s']}",
             f"{ray.get('ray_cpu_s')}"),
            ("  load average: before / between / after", ray["load_before"],
             f"{ray['load_between']} / {ray['load_after']}"),
        ]
    rows.append(("load average before / after", r["load_before"], r["load_after"]))
    width = max(len(a) for a, _, _ in rows)
    for a, b, c in rows:
        print(f"{a:<{width}}  {b:<22} {c}")


if __name__ == "__main__":
    main()
