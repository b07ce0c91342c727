"""Corpus-level line statistics: a line that recurs across many documents of one source is boilerplate.

This is the C4 / CCNet idea (count each normalised line across the corpus, drop the frequent ones), with
two news-specific guards: a line is counted once per *distinct document text*, so that ten verbatim copies
of one wire story do not turn its sentences into boilerplate; and counting is per source (site), because
a footer is a property of a publisher.

The statistics are a map -> merge -> map step that any executor can run: :func:`document_pairs` is the
map (per document), :func:`merge_counts` the merge (global), and the resulting :class:`LineStats` is handed
to every cleaning worker. Both steps are order-independent, so results do not depend on sharding.

>>> docs = [("site", ["footer", f"story {i}"]) for i in range(4)]
>>> stats = merge_counts([document_pairs(src, keys) for src, keys in docs], min_docs=4)
>>> stats.count("site", "footer"), stats.count("site", "story 1")
(4, 0)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from samestory.core.text import key_hash

UInt64Array = npt.NDArray[np.uint64]


def _line_id(group: str, key: str) -> int:
    return key_hash(group + "\x00" + key)


def document_pairs(group: str, keys: Iterable[str]) -> UInt64Array:
    """For one document: rows of (line id, document-text id), one per distinct non-empty line."""
    distinct = sorted({k for k in keys if k})
    doc_id = key_hash(group + "\x00" + "\n".join(distinct))
    rows = np.array([(_line_id(group, k), doc_id) for k in distinct], dtype=np.uint64)
    return rows.reshape(-1, 2)


@dataclass(frozen=True, slots=True)
class LineStats:
    """Document counts of the lines that reached ``min_docs``; every other line counts as 0."""

    counts: dict[int, int] = field(default_factory=dict)
    min_docs: int = 4

    def count(self, group: str, key: str) -> int:
        return self.counts.get(_line_id(group, key), 0)

    def is_boilerplate(self, group: str, key: str) -> bool:
        return bool(key) and self.count(group, key) >= self.min_docs


def merge_counts(parts: Iterable[UInt64Array], min_docs: int) -> LineStats:
    """Count distinct documents per line over all parts; keep only lines seen in ``min_docs`` or more.

    Memory is 16 bytes per (line, document) row while merging, and only the frequent lines are kept after.
    """
    arrays = [p for p in parts if len(p)]
    if not arrays:
        return LineStats({}, min_docs)
    rows = np.unique(np.concatenate(arrays), axis=0)
    lines, counts = np.unique(rows[:, 0], return_counts=True)
    keep = counts >= min_docs
    return LineStats(dict(zip(lines[keep].tolist(), counts[keep].tolist(), strict=True)), min_docs)
