"""Nearest leads, kept up to date as articles arrive, without comparing every stored pair again.

A run proposes ``(r, c)`` when ``c`` is among ``r``'s ``k`` most similar leads and the cosine is at least
``min_cosine`` (:func:`~samestory.stages.candidates.embedding_pairs`). Only neighbours above ``min_cosine``
can ever be proposed, so each article keeps the list of its best ``k`` neighbours above it. When articles
arrive, an old article's new list is its old list merged with the newcomers above the threshold (the
``k`` best of a union are the ``k`` best of the two lists' best); only when a member of a full list goes
away (an article replaced) is that row compared with everything again. This is what the batch run computes,
ties at the ``k``-th place included: both give them to the lower id.

>>> import numpy as np
>>> leads = np.eye(3, dtype=np.float32)
>>> lists = update_neighbours({}, ["a", "b", "c"], leads, {"a", "b", "c"}, set(), k=2, min_cosine=0.5)
>>> lists["a"]
[]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from threadpoolctl import threadpool_limits

from samestory.core.arrays import cells

if TYPE_CHECKING:
    from samestory.stages.match import Mapper

FloatMatrix = npt.NDArray[np.float32]
#: A row's neighbours, best first: (cosine, id), sorted by (-cosine, id).
Row = list[tuple[float, str]]
#: Rows per block of a similarity matrix (bounds the temporary to block x corpus floats).
BLOCK = 256


def best(entries: Sequence[tuple[float, str]], k: int) -> Row:
    """The ``k`` best entries by cosine, ties by id: a total order, so the result never depends on input order."""
    return sorted(entries, key=lambda e: (-e[0], e[1]))[:k]


def _hit_arrays(rows: FloatMatrix, columns: FloatMatrix, min_cosine: float) -> tuple[np.ndarray, ...]:
    """(row, column, cosine) arrays of every cell above the threshold, in row-major order, block by block."""
    found = []
    # One block's products and mask, written in place block after block: a new 256 x 100,000 product per
    # block was 100 MB the kernel mapped and zeroed each time (most of the scan's page faults on a large store).
    block = np.empty((min(BLOCK, len(rows)), len(columns)), np.float32)
    passed = np.empty(block.shape, bool)
    for start in range(0, len(rows), BLOCK):
        part = rows[start : start + BLOCK]
        sims = np.matmul(part, columns.T, out=block[: len(part)])
        r, c = cells(np.greater_equal(sims, min_cosine, out=passed[: len(part)]))
        found.append((r + start, c, sims[r, c]))
    if not found:
        return np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.float32)
    return tuple(np.concatenate(parts) for parts in zip(*found, strict=True))


def _hits(rows: FloatMatrix, columns: FloatMatrix, min_cosine: float) -> Iterator[tuple[int, int, float]]:
    """(row, column, cosine) of every cell above the threshold, in row-major order."""
    r, c, s = _hit_arrays(rows, columns, min_cosine)
    yield from zip(r.tolist(), c.tolist(), s.tolist(), strict=True)


#: Fresh rows per scan task on the workers.
SCAN_CHUNK = 2048
#: The leads and the fresh rows of the current :func:`scan_fresh`, for scan tasks in workers that share this
#: process's memory (forked at the call: 100,000 leads are 90 MB, not to be pickled per task); emptied after.
_SCANNED: list[FloatMatrix] = []


def scan_task(task: tuple[int, int, float]) -> tuple[np.ndarray, ...]:
    """The hits of fresh rows ``start:end`` of ``_SCANNED`` (module level, so that it pickles). One BLAS
    thread: the other worker scans beside it, and a product's cells do not depend on the threads."""
    start, end, min_cosine = task
    leads, fresh_rows = _SCANNED
    with threadpool_limits(1, user_api="blas"):
        r, c, s = _hit_arrays(leads[fresh_rows[start:end]], leads, min_cosine)
    return r + start, c, s


def _scan_hits(
    leads: FloatMatrix, fresh_rows: np.ndarray, min_cosine: float, mapper: Mapper | None
) -> Iterator[tuple[int, int, float]]:
    """:func:`_hits` of the fresh rows against every lead, in chunks on ``mapper``'s workers when given
    (they must share this process's memory), in the same order."""
    if mapper is None or len(fresh_rows) <= SCAN_CHUNK:
        yield from _hits(leads[fresh_rows], leads, min_cosine)
        return
    _SCANNED[:] = [leads, fresh_rows]
    try:
        tasks = [(k, k + SCAN_CHUNK, min_cosine) for k in range(0, len(fresh_rows), SCAN_CHUNK)]
        for r, c, s in mapper(scan_task, tasks):
            yield from zip(r.tolist(), c.tolist(), s.tolist(), strict=True)
    finally:
        _SCANNED.clear()


@dataclass
class FreshScan:
    """One pass of the fresh leads against every lead: each fresh article's neighbours at ``min_cosine``
    or more (all of them, before the ``k`` cut), and each other article's fresh neighbours there (``hits``:
    the only old rows that arriving articles can change). A cosine is the same whichever of its two
    articles is the row (the product sums over the dimensions in one order), so one product gives both."""

    rows: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    hits: dict[str, list[tuple[float, str]]] = field(default_factory=dict)


def scan_fresh(
    ids: Sequence[str], leads: FloatMatrix, fresh: set[str], min_cosine: float, mapper: Mapper | None = None
) -> FreshScan:
    """The :class:`FreshScan` of ``fresh`` (``ids`` sorted, ``leads`` their rows): fresh x all, once; in chunks
    on ``mapper``'s workers when given (workers that share this process's memory: forked at the call)."""
    index = {x: i for i, x in enumerate(ids)}
    new = sorted(x for x in fresh if x in index)
    scan = FreshScan({r: [] for r in new})
    if not new:
        return scan
    is_old = np.ones(len(ids), bool)
    is_old[[index[x] for x in new]] = False
    for i, j, s in _scan_hits(leads, np.array([index[x] for x in new], np.intp), min_cosine, mapper):
        r, c = new[i], ids[j]
        if c != r:
            scan.rows[r].append((s, c))
            if is_old[j]:
                scan.hits.setdefault(c, []).append((s, r))
    return scan


def update_neighbours(
    lists: dict[str, Row],
    ids: Sequence[str],
    leads: FloatMatrix,
    fresh: set[str],
    gone: set[str],
    k: int,
    min_cosine: float,
    scan: FreshScan | None = None,
) -> dict[str, Row]:
    """The neighbour lists after ``gone`` left and ``fresh`` arrived (a replaced article is in both).

    ``ids`` (sorted) and ``leads`` describe every current article; ``lists`` holds the previous lists, at
    least of every row that can change: the rows of ``gone``, rows listing a member of ``gone``, and rows
    with a fresh neighbour above ``min_cosine`` (``scan.hits``, from :func:`scan_fresh`, computed here if
    not given). Rows absent from ``lists`` and from those sets keep their stored list.
    """
    if scan is None:
        scan = scan_fresh(ids, leads, fresh, min_cosine)
    lists = {r: row for r, row in lists.items() if r not in gone}
    redo = set()
    for r, row in lists.items():
        kept = [e for e in row if e[1] not in gone]
        if r not in fresh and len(kept) < len(row) and len(row) >= k:
            redo.add(r)  # a full list lost a member: its replacement may be any article
        lists[r] = kept
    index = {x: i for i, x in enumerate(ids)}
    _full_rows(lists, sorted(redo), ids, index, leads, k, min_cosine)
    for r in fresh:
        lists[r] = best(scan.rows.get(r, []), k)
    for r, entries in scan.hits.items():
        if r not in redo:
            lists[r] = best([*lists.get(r, []), *entries], k)
    return lists


def _full_rows(
    lists: dict[str, Row], rows: list[str], ids: Sequence[str], index: dict[str, int],
    leads: FloatMatrix, k: int, min_cosine: float,
) -> None:  # fmt: skip
    found: dict[str, list[tuple[float, str]]] = {r: [] for r in rows}
    matrix = leads[[index[r] for r in rows]] if rows else leads[:0]
    for i, j, s in _hits(matrix, leads, min_cosine):
        if ids[j] != rows[i]:
            found[rows[i]].append((s, ids[j]))
    for r, entries in found.items():
        lists[r] = best(entries, k)


def neighbour_pairs(lists: dict[str, Row]) -> set[tuple[str, str]]:
    """The candidate pairs the lists propose, each as ``(a, b)`` with ``a < b``."""
    return {(r, c) if r < c else (c, r) for r, row in lists.items() for _, c in row}


#: Leads kept by :class:`LeadFilter` per row: the directions where stored leads vary most.
FILTER_DIMS = 96
#: Below this many stored leads one product with all of them is cheap enough (a few hundred microseconds).
FILTER_MIN_ROWS = 20_000
#: Slack added to every bound: float32 rounding of the two products is far below it.
FILTER_SLACK = 1e-4


@dataclass(frozen=True)
class LeadFilter:
    """Which stored leads can reach a cosine, from a smaller product than the one with every full lead.

    One query against a large store is a matrix-vector product over every stored lead (100,000 x 224
    floats: about 90 MB read for each query, the largest single cost of ``POST /api/match`` there). The
    leads' variance sits mostly in a few directions, so the filter keeps each lead's coordinates in the
    ``dims`` principal directions of the stored leads (``head``) and the length of the rest (``tail``). For
    a query ``q`` the Cauchy-Schwarz inequality bounds each cosine from above:
    ``lead . q <= head . (B^T q) + tail * |q - B B^T q|``; only rows whose bound reaches the threshold can
    pass it, and their cosines are then computed in full. The bound is exact arithmetic plus
    :data:`FILTER_SLACK`, so no row that passes is ever left out: the same rows, at a fraction of the
    memory traffic (measured on the 100,000-article bench store: about 1.3% of rows survive at 96 dims).
    The approximate indexes usearch and faiss offer trade recall for speed; a candidate rule that must give
    what a run gives cannot drop a neighbour, hence this small exact filter.

    >>> rng = np.random.default_rng(0)
    >>> leads = rng.standard_normal((500, 16)).astype(np.float32)
    >>> leads /= np.linalg.norm(leads, axis=1, keepdims=True)
    >>> f = LeadFilter.build(leads, dims=4)
    >>> q = leads[7]
    >>> set(f.rows(q, 0.5).tolist()) >= set(np.flatnonzero(leads @ q >= 0.5).tolist())
    True
    """

    basis: npt.NDArray[np.float64]  # (dim, dims): orthonormal columns
    head: FloatMatrix  # (rows, dims): each lead in the basis
    tail: npt.NDArray[np.float64]  # (rows,): each lead's length outside the basis

    @classmethod
    def build(cls, leads: FloatMatrix, dims: int | None = None) -> LeadFilter:
        """The filter of these leads: the top ``dims`` (default :data:`FILTER_DIMS`) eigenvectors of their
        second-moment matrix."""
        dims = FILTER_DIMS if dims is None else dims
        full = leads.astype(np.float64)
        _, vectors = np.linalg.eigh(full.T @ full)  # ascending eigenvalues
        basis = np.ascontiguousarray(vectors[:, ::-1][:, : min(dims, leads.shape[1])])
        head = full @ basis
        tail = np.linalg.norm(full - head @ basis.T, axis=1)
        return cls(basis, np.ascontiguousarray(head, dtype=np.float32), tail)

    def rows(self, query: FloatMatrix, floor: float) -> npt.NDArray[np.intp]:
        """Rows whose cosine with ``query`` may be ``floor`` or more (a superset of those that are)."""
        q = query.astype(np.float64)
        coords = q @ self.basis
        rest = float(np.linalg.norm(q - self.basis @ coords))
        bound = self.head @ coords.astype(np.float32) + self.tail * rest
        return np.flatnonzero(bound >= floor - FILTER_SLACK)
