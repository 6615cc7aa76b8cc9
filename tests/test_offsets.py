"""Offsets are sacred: text[start:end] equals every item's text, on every
document of every test corpus."""

from __future__ import annotations

from typing import Any

from accord.errors import InputError
from accord.record import check_offsets


def _check(records: list[Any]) -> None:
    assert records
    for rec in records:
        assert not isinstance(rec, InputError), rec
        assert check_offsets(rec) == [], rec["source"]


def test_offsets_hold_on_sample_corpus(seed_records: list[Any]) -> None:
    assert len(seed_records) == 5
    _check(seed_records)


def test_offsets_hold_on_voa_corpus(voa_records: list[Any]) -> None:
    assert len(voa_records) == 89
    _check(voa_records)
