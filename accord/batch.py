"""Scale-out: the Ray Data runner and `accord load` (the scale issue fills in Ray)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from accord.errors import AccordError, InputError
from accord.runner import IngestSummary, PipelineSettings


def ingest_ray(items: Iterable[Any], db: str | None, *, address: str,
               settings: PipelineSettings) -> IngestSummary:
    raise AccordError("the Ray runner is not available yet in this version")


def load_records(paths: Iterable[Path], store: Any) -> IngestSummary:
    """Import JSONL exports into a store (Parquet shards: see the scale issue)."""
    summary = IngestSummary()
    for path in paths:
        try:
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, start=1):
                    if not line.strip():
                        continue
                    try:
                        status = store.put_record(json.loads(line))
                    except (json.JSONDecodeError, KeyError) as exc:
                        summary.failed += 1
                        summary.errors.append(str(InputError(f"not a record ({exc})",
                                                             source=f"{path}#{n}")))
                        continue
                    setattr(summary, status, getattr(summary, status) + 1)
        except OSError as exc:
            summary.failed += 1
            summary.errors.append(str(InputError(f"cannot read ({exc.strerror})",
                                                 source=str(path))))
    return summary
