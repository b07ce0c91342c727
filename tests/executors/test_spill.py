"""The on-disk row spill: what goes in comes out cut by line, and merges to the in-memory statistics."""

from pathlib import Path

import numpy as np
import pytest

from samestory.core.linestats import document_rows, merge_counts, merge_partitions
from samestory.executors.spill import RowSpill


def test_spill_merges_like_memory(tmp_path: Path) -> None:
    rng = np.random.default_rng(3)
    shards = [
        np.concatenate([document_rows(f"s{d % 3}", ["footer", f"line {rng.integers(40)}"]) for d in range(k, k + 50)])
        for k in range(0, 400, 50)
    ]
    with RowSpill(tmp_path / "rows", parts=8) as spill:
        for rows in shards:
            spill.add(rows)
        spill.add(np.empty((0, 3), dtype=np.uint64))
        got = merge_partitions(spill.line_parts(), spill.pair_parts(), min_docs=4)
        assert sum(len(p) for p in spill.line_parts()) == sum(len(s) for s in shards)
    want = merge_counts(shards, min_docs=4)
    assert (got.counts, got.source_docs) == (want.counts, want.source_docs)
    assert got.counts  # the footers


def test_parts_must_be_a_power_of_two(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="power of two"):
        RowSpill(tmp_path, parts=6)
