"""Corpus line statistics: merging rows cut into parts gives exactly the statistics of one merge."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from samestory.core.linestats import (
    document_pairs,
    document_rows,
    merge_counts,
    merge_partitions,
    partition,
    unique_rows,
)


def _rows(seed: int, docs: int = 300) -> np.ndarray:
    """Rows of documents from a few sources sharing lines (footers), templates and verbatim copies."""
    rng = np.random.default_rng(seed)
    parts = []
    for d in range(docs):
        group = f"site{rng.integers(5)}"
        keys = [f"footer {rng.integers(3)}", *(f"line {rng.integers(60)}" for _ in range(rng.integers(1, 8)))]
        templates = [f"0 comments {rng.integers(2)}"] if rng.random() < 0.5 else []
        headlines = [int(h) for h in rng.integers(1, 1 << 62, rng.integers(0, 3))]
        parts.append(document_rows(group, keys, templates, headlines))
        if d % 7 == 0:
            parts.append(parts[-1])  # a verbatim copy counts once
    return np.concatenate(parts)


@pytest.mark.parametrize("parts", [1, 2, 16, 64])
def test_partitions_merge_like_one_merge(parts: int) -> None:
    rows = _rows(parts)
    whole = merge_counts([rows], min_docs=3, template_min_docs=4, template_min_sources=2)
    # Shards cut anywhere, each partitioned on its own, parts merged one at a time.
    shards = np.array_split(rows, 5)
    line_parts = [np.concatenate([partition(s, parts)[i] for s in shards]) for i in range(parts)]
    pair_parts = [np.concatenate([partition(document_pairs(s), parts)[i] for s in shards]) for i in range(parts)]
    split = merge_partitions(line_parts, pair_parts, min_docs=3, template_min_docs=4, template_min_sources=2)
    assert whole.counts and whole.templates and whole.headlines
    assert (split.counts, split.templates, split.source_docs, split.headlines) == (
        whole.counts, whole.templates, whole.source_docs, whole.headlines,
    )  # fmt: skip


def test_headlines_are_registered_apart_from_lines_and_sources() -> None:
    """A headline counts from one document on, under no source: it adds no line count and no document to a
    source, and ``named`` tells registered ids from others, in the order asked."""
    rows = [document_rows("site", ["footer", f"story {i}"], [], [100 + i, 7]) for i in range(3)]
    stats = merge_counts(rows, min_docs=3)
    plain = merge_counts([document_rows("site", ["footer", f"story {i}"]) for i in range(3)], min_docs=3)
    assert (stats.counts, stats.source_docs) == (plain.counts, plain.source_docs) and stats.counts
    assert np.frombuffer(stats.headlines, dtype=np.uint64).tolist() == [7, 100, 101, 102]
    assert stats.named([102, 5, 7, 1 << 63, 100]) == [True, False, True, False, True]
    assert plain.named([7]) == [False] and stats.named([]) == []


def test_partition_keeps_each_line_in_one_part() -> None:
    rows = _rows(1)
    cut = partition(rows, 8)
    assert sum(len(p) for p in cut) == len(rows)
    seen = [set(p[:, 0].tolist()) for p in cut]
    assert all(not (a & b) for i, a in enumerate(seen) for b in seen[i + 1 :])


#: Values that share high and low bits, so that rows tie on some columns and differ on others.
_VALUES = st.sampled_from([0, 1, 2, 2**32, 2**63, 2**63 + 1, 2**64 - 1])


@given(st.lists(st.tuples(_VALUES, _VALUES, _VALUES), max_size=30), st.integers(1, 3))
def test_unique_rows_is_numpys_unique_of_rows(rows: list[tuple[int, int, int]], width: int) -> None:
    array = np.array([r[:width] for r in rows], dtype=np.uint64).reshape(-1, width)
    got = unique_rows(array)
    assert got.dtype == np.uint64 and np.array_equal(got, np.unique(array, axis=0))
