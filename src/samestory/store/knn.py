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

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]
#: A row's neighbours, best first: (cosine, id), sorted by (-cosine, id).
Row = list[tuple[float, str]]
#: Rows per block of a similarity matrix (bounds the temporary to block x corpus floats).
BLOCK = 256


def best(entries: Sequence[tuple[float, str]], k: int) -> Row:
    """The ``k`` best entries by cosine, ties by id: a total order, so the result never depends on input order."""
    return sorted(entries, key=lambda e: (-e[0], e[1]))[:k]


def _hits(rows: FloatMatrix, columns: FloatMatrix, min_cosine: float) -> Iterator[tuple[int, int, float]]:
    """(row, column, cosine) of every cell above the threshold, block by block."""
    for start in range(0, len(rows), BLOCK):
        sims = rows[start : start + BLOCK] @ columns.T
        r, c = np.nonzero(sims >= min_cosine)
        for i, j, s in zip(r.tolist(), c.tolist(), sims[r, c].tolist(), strict=True):
            yield start + i, j, s


@dataclass
class FreshScan:
    """One pass of the fresh leads against every lead: each fresh article's neighbours at ``min_cosine``
    or more (all of them, before the ``k`` cut), and each other article's fresh neighbours there (``hits``:
    the only old rows that arriving articles can change). A cosine is the same whichever of its two
    articles is the row (the product sums over the dimensions in one order), so one product gives both."""

    rows: dict[str, list[tuple[float, str]]] = field(default_factory=dict)
    hits: dict[str, list[tuple[float, str]]] = field(default_factory=dict)


def scan_fresh(ids: Sequence[str], leads: FloatMatrix, fresh: set[str], min_cosine: float) -> FreshScan:
    """The :class:`FreshScan` of ``fresh`` (``ids`` sorted, ``leads`` their rows): fresh x all, once."""
    index = {x: i for i, x in enumerate(ids)}
    new = sorted(x for x in fresh if x in index)
    scan = FreshScan({r: [] for r in new})
    if not new:
        return scan
    is_old = np.ones(len(ids), bool)
    is_old[[index[x] for x in new]] = False
    for i, j, s in _hits(leads[[index[x] for x in new]], leads, min_cosine):
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
