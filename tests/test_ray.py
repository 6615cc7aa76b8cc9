"""The Ray Data runner on a local two-node cluster: the same records as a
single-process ingest, to Parquet shards (then `accord load`) and to PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pg_fixture
import pytest
from typer.testing import CliRunner

from accord.batch import ingest_ray, load_records
from accord.cli import app
from accord.ingest.readers import read_articles
from accord.runner import PipelineSettings, ingest
from accord.store import Store

pytestmark = pytest.mark.slow
pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module
ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample articles plus a JSONL shard of VOA stories and one bad file."""
    root = tmp_path_factory.mktemp("corpus")
    for path in sorted((ROOT / "examples").glob("*.txt")):
        (root / path.name).write_bytes(path.read_bytes())
    lines = (ROOT / "tests/data/voa_stories.jsonl").read_text(encoding="utf-8").splitlines()
    (root / "voa.jsonl").write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    (root / "empty.txt").write_text("   \n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    ray = pytest.importorskip("ray")
    from ray.cluster_utils import Cluster

    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    node = {"num_cpus": 1, "object_store_memory": 100 * MB, "include_dashboard": False}
    c = Cluster(initialize_head=True, head_node_args=node)
    c.add_node(**{k: v for k, v in node.items() if k != "include_dashboard"})
    ray.init(address=c.address, include_dashboard=False, log_to_driver=False)
    try:
        yield c.address
    finally:
        ray.shutdown()
        c.shutdown()


@pytest.fixture(scope="module")
def local_records(corpus: Path, nlp: Any, tmp_path_factory: pytest.TempPathFactory
                  ) -> list[dict[str, Any]]:
    """What the single-process runner stores for the same corpus."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    with Store.open(db) as store:
        summary = ingest(read_articles([str(corpus)]), store, settings=PipelineSettings(),
                         nlp=nlp)
        assert (summary.stored, summary.failed) == (7, 1)
        return list(store.iter_records())


def test_parquet_shards_then_load(cluster: str, corpus: Path, tmp_path: Path,
                                  local_records: list[dict[str, Any]]) -> None:
    out = tmp_path / "shards"
    summary = ingest_ray([str(corpus)], None, address=cluster, settings=PipelineSettings(),
                         out=out, concurrency=2)
    assert (summary.stored, summary.failed) == (7, 1)
    assert "empty file" in summary.errors[0]
    shards = sorted(out.glob("*.parquet"))
    assert shards and not list(out.glob(".*"))
    result = CliRunner().invoke(app, ["load", str(out), "--db", str(tmp_path / "loaded.db")])
    assert result.exit_code == 0, result.output
    assert "stored 7, unchanged 0, replaced 0, failed 0" in result.output
    with Store.open(tmp_path / "loaded.db") as store:
        assert list(store.iter_records()) == local_records
        again = load_records(shards, store)
        assert (again.stored, again.unchanged) == (0, 7)


def test_postgres_written_by_the_actors(cluster: str, corpus: Path, pg_url: str,
                                        local_records: list[dict[str, Any]]) -> None:
    summary = ingest_ray([str(corpus)], pg_url, address=cluster, settings=PipelineSettings(),
                         concurrency=2)
    assert (summary.stored, summary.failed) == (7, 1)
    with Store.open(pg_url) as store:
        assert list(store.iter_records()) == local_records


def test_sqlite_written_by_the_driver(cluster: str, corpus: Path, tmp_path: Path,
                                      local_records: list[dict[str, Any]]) -> None:
    db = str(tmp_path / "ray.db")
    summary = ingest_ray([str(corpus)], db, address=cluster, settings=PipelineSettings())
    assert (summary.stored, summary.failed) == (7, 1)
    with Store.open(db) as store:
        assert list(store.iter_records()) == local_records


def test_every_actor_gets_batches_of_one_big_file(cluster: str, tmp_path: Path) -> None:
    """One JSONL file is read in batches that go to whichever actor is free (with
    Ray Data, whole blocks went to the actor beside them and the other stayed
    idle); the driver writes the SQLite store, one transaction per batch."""
    lines = (ROOT / "tests/data/voa_stories.jsonl").read_text(encoding="utf-8").splitlines()
    corpus = tmp_path / "big.jsonl"
    corpus.write_text("\n".join(lines[:16]) + "\n", encoding="utf-8")
    stats: dict[str, Any] = {}
    summary = ingest_ray([str(corpus)], str(tmp_path / "big.db"), address=cluster,
                         settings=PipelineSettings(batch_size=2), concurrency=2, stats=stats)
    assert (summary.stored, summary.failed) == (16, 0)
    assert stats["batches"] == 8 and len(stats["per_actor"]) == 2
    assert min(stats["per_actor"]) >= 2, stats  # both actors worked
    assert stats["busy_s"] > 0 and stats["load_s"] > 0
    with Store.open(tmp_path / "big.db") as store:
        assert store.count_documents() == 16


def test_load_reports_a_bad_shard(tmp_path: Path, store: Any) -> None:
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"not parquet")
    summary = load_records([bad], store)
    assert summary.failed == 1 and "not a Parquet shard" in summary.errors[0]


def test_out_needs_ray(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(corpus), "--out", str(tmp_path / "o"),
                                      "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 1
    assert "--out needs --ray" in result.output
