"""Corpus line rows kept on disk between the two cleaning passes, cut so that they merge a part at a time.

Pass 1 yields 24 bytes per (line, document) row: held in memory until the merge, and sorted there, they
made a run's peak memory grow with the corpus. :class:`RowSpill` appends each shard's rows to one of
``parts`` files chosen by the top bits of the line id (and each document's (document, source) pair to a
file chosen by the document id), so every row of a line lands in one file; the merge
(:func:`~samestory.core.linestats.merge_partitions`) then reads and counts one file at a time, exactly.

>>> import tempfile, numpy as np
>>> from samestory.core.linestats import merge_partitions
>>> rows = np.array([[1, 7, 9], [1, 8, 9], [2 << 62, 7, 9]], dtype=np.uint64)
>>> with tempfile.TemporaryDirectory() as tmp, RowSpill(tmp, parts=4) as spill:
...     spill.add(rows)
...     stats = merge_partitions(spill.line_parts(), spill.pair_parts(), min_docs=2)
>>> stats.counts, stats.source_docs
({1: 2}, {9: 2})
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

import numpy as np

from samestory.core.linestats import ROW_WIDTH, UInt64Array, document_pairs, partition

#: Files per kind of row. The merge holds one part: 1/64 of the corpus's rows (about 0.4 MB per 1,000
#: articles of 3-4 KB), and 2 x 64 files stay open while pass 1 runs.
PARTS = 64


class RowSpill:
    """Line rows and document pairs in ``parts`` files each under ``folder``; a context manager."""

    def __init__(self, folder: str | Path, parts: int = PARTS) -> None:
        if parts < 1 or parts & (parts - 1):
            raise ValueError(f"parts must be a power of two, not {parts}")
        self.folder = Path(folder)
        self.parts = parts
        self._files: dict[str, list[BinaryIO]] = {}
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> RowSpill:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._files = {
            kind: [self._stack.enter_context(self._path(kind, i).open("wb")) for i in range(self.parts)]
            for kind in ("rows", "pairs")
        }
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stack.close()

    def _path(self, kind: str, i: int) -> Path:
        return self.folder / f"{kind}-{i:03d}.u64"

    def add(self, rows: UInt64Array) -> None:
        """Append some documents' rows (:func:`~samestory.core.linestats.document_rows`, concatenated)."""
        if not len(rows):
            return
        for kind, data in (("rows", rows), ("pairs", document_pairs(rows))):
            for fh, part in zip(self._files[kind], partition(data, self.parts), strict=True):
                if len(part):
                    fh.write(np.ascontiguousarray(part).tobytes())

    def line_parts(self) -> Iterator[UInt64Array]:
        """The line rows, one part at a time (every row of a line id in one part)."""
        return self._read("rows", ROW_WIDTH)

    def pair_parts(self) -> Iterator[UInt64Array]:
        """The (document, source) pairs, one part at a time (every pair of a document id in one part)."""
        return self._read("pairs", 2)

    def _read(self, kind: str, width: int) -> Iterator[UInt64Array]:
        for i, fh in enumerate(self._files[kind]):
            fh.flush()
            yield np.fromfile(self._path(kind, i), dtype=np.uint64).reshape(-1, width)
