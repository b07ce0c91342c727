"""Locality-sensitive hashing over MinHash signatures: which documents are worth comparing.

A signature is cut into ``bands`` bands of ``rows`` slots; two documents become a candidate pair when
any band is identical in both. For Jaccard similarity ``s`` that happens with probability
``1 - (1 - s**rows)**bands``, an S-curve. Users state intent (``threshold=0.5``) and
:func:`optimal_params` picks the bands and rows (``bands * rows <= num_perm``) minimising the weighted
area of false positives below the threshold plus false negatives above it, the way datasketch does.
The areas are integrals of polynomials of degree ``bands * rows``, so Gauss-Legendre quadrature with
``num_perm // 2 + 1`` nodes computes them exactly: no scipy, no step size to tune.

Giant buckets. Thousands of documents can share a band (empty pages, boilerplate, one wire story
reprinted everywhere); all their pairs would swamp verification. A bucket with more than
``max_bucket`` members therefore yields only the pairs linking each member to the next in id order:
linear in its size, deterministic, and enough for union-find to keep true copies together (verification
weeds out the rest). :class:`Candidates` counts the buckets and pairs capped this way.

>>> from samestory.core.minhash import MinHasher
>>> from samestory.core.shingles import batch_shingle_hashes
>>> texts = {"a": "the mayor opened the new bridge over the river on monday morning",
...          "b": "the mayor opened the new bridge over the river on monday evening",
...          "c": "a storm closed schools across the region as snow fell overnight"}
>>> sigs = MinHasher().signatures(batch_shingle_hashes(list(texts.values()), n=3))
>>> candidate_pairs(list(texts), sigs, threshold=0.5)
[('a', 'b')]
>>> optimal_params(0.5, 128)
(25, 5)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from samestory.core.minhash import EMPTY, NUM_PERM

U32 = npt.NDArray[np.uint32]
I64 = npt.NDArray[np.int64]
THRESHOLD = 0.5
MAX_BUCKET = 100
_U = np.uint64
# One odd multiplier per slot of a band: a weighted sum mod 2**64 tells bands apart except by a ~2**-64 accident.
_ROW_MIX = (np.arange(1, 1025, dtype=_U) * _U(0x9E3779B97F4A7C15)) | _U(1)
_BLOCK = 8192  # documents per pass when hashing bands: bounds the (docs x slots) uint64 temporary


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """Chance that two documents of this Jaccard similarity share at least one band."""
    return float(1.0 - (1.0 - similarity**rows) ** bands)


@lru_cache(maxsize=64)
def optimal_params(
    threshold: float, num_perm: int = NUM_PERM, fp_weight: float = 0.5, fn_weight: float = 0.5
) -> tuple[int, int]:
    """``(bands, rows)`` minimising ``fp_weight * FP area + fn_weight * FN area`` around the threshold."""
    _check_intent(threshold, num_perm, fp_weight, fn_weight)
    bands, rows = _all_shapes(num_perm)
    fp = _area(0.0, threshold, bands, rows, num_perm, above=False)
    fn = _area(threshold, 1.0, bands, rows, num_perm, above=True)
    best = int(np.argmin(fp_weight * fp + fn_weight * fn))  # first minimum: fewest bands, then rows
    return int(bands[best]), int(rows[best])


def _check_intent(threshold: float, num_perm: int, fp_weight: float, fn_weight: float) -> None:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a Jaccard similarity between 0 and 1, got {threshold}")
    if num_perm < 1:
        raise ValueError(f"num_perm must be at least 1, got {num_perm}")
    if fp_weight < 0 or fn_weight < 0 or fp_weight + fn_weight <= 0:
        raise ValueError(f"weights must be non-negative and not both zero, got {fp_weight}, {fn_weight}")


def _all_shapes(num_perm: int) -> tuple[I64, I64]:
    """Every (bands, rows) with bands * rows <= num_perm, bands-major like datasketch's search."""
    pairs = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    shapes = np.array(pairs, np.int64)
    return shapes[:, 0], shapes[:, 1]


def _area(lo: float, hi: float, bands: I64, rows: I64, num_perm: int, *, above: bool) -> npt.NDArray[np.float64]:
    """Integral over [lo, hi] of P(candidate) (or of 1 - P when ``above``), exact for these polynomials."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)
    s = (hi - lo) / 2 * nodes + (hi + lo) / 2
    miss = (1.0 - s[None, :] ** rows[:, None]) ** bands[:, None]
    values = miss if above else 1.0 - miss
    return np.asarray((values @ weights) * (hi - lo) / 2, np.float64)


def resolve_params(threshold: float, num_perm: int, bands: int | None, rows: int | None) -> tuple[int, int]:
    """Explicit ``bands``/``rows`` if given (one derives the other from num_perm), else the optimum."""
    if bands is None and rows is None:
        return optimal_params(threshold, num_perm)
    if bands is None:
        bands = num_perm // rows if rows and rows > 0 else 0
    if rows is None:
        rows = num_perm // bands if bands > 0 else 0
    if bands < 1 or rows < 1 or bands * rows > num_perm:
        raise ValueError(f"bands={bands} x rows={rows} must both be >= 1 and use at most num_perm={num_perm} slots")
    return bands, rows


def band_hashes(signatures: U32, bands: int, rows: int) -> npt.NDArray[np.uint64]:
    """One ``uint64`` per (document, band): the band's ``rows`` slots folded with odd multipliers."""
    if signatures.ndim != 2 or signatures.shape[1] < bands * rows:
        raise ValueError(f"need a 2-D signature matrix with at least {bands * rows} columns")
    out = np.empty((signatures.shape[0], bands), _U)
    for lo in range(0, signatures.shape[0], _BLOCK):
        block = signatures[lo : lo + _BLOCK, : bands * rows].astype(_U).reshape(-1, bands, rows)
        out[lo : lo + _BLOCK] = (block * _ROW_MIX[:rows]).sum(axis=2, dtype=_U)
    return out


@dataclass(frozen=True)
class Candidates:
    """Candidate pairs, sorted ``(a, b)`` with ``a < b``, and what the banding did to find them.

    >>> import numpy as np
    >>> sigs = np.array([[1, 2], [1, 2], [0xFFFFFFFF, 0xFFFFFFFF]], np.uint32)  # "c" has no shingles
    >>> found = find_candidates(["b", "a", "c"], sigs, bands=2, rows=1)
    >>> found.pairs, found.empty, found.capped_buckets
    ([('a', 'b')], 1, 0)
    """

    pairs: list[tuple[str, str]]
    bands: int
    rows: int
    empty: int = 0  # documents without shingles: never candidates
    capped_buckets: int = 0
    capped_pairs: int = 0  # pairs a capped bucket did not emit (before de-duplication across bands)


def candidate_pairs(
    ids: Sequence[str], signatures: U32, threshold: float = THRESHOLD, *,
    bands: int | None = None, rows: int | None = None, max_bucket: int = MAX_BUCKET,
) -> list[tuple[str, str]]:  # fmt: skip
    """Sorted, distinct ``(a, b)`` id pairs (``a < b``) sharing a band; see :func:`find_candidates`."""
    return find_candidates(ids, signatures, threshold, bands=bands, rows=rows, max_bucket=max_bucket).pairs


def find_candidates(
    ids: Sequence[str], signatures: U32, threshold: float = THRESHOLD, *,
    bands: int | None = None, rows: int | None = None, max_bucket: int = MAX_BUCKET,
) -> Candidates:  # fmt: skip
    """Candidate pairs of a whole corpus by sorting band hashes: no per-document Python work."""
    _check_corpus(ids, signatures, max_bucket)
    b, r = resolve_params(threshold, signatures.shape[1], bands, rows)
    order = sorted(range(len(ids)), key=ids.__getitem__)  # work in id order: insertion order is moot
    names = [ids[i] for i in order]
    sigs = signatures[np.asarray(order, np.intp)] if order else signatures
    live = np.flatnonzero(~(sigs == EMPTY).all(axis=1))
    keys = band_hashes(sigs[live], b, r)
    members, sizes = _buckets(keys)
    first, second, capped = _bucket_pairs(members, sizes, max_bucket)
    return Candidates(_named_pairs(live[first], live[second], names), b, r, len(names) - live.size, *capped)


def _named_pairs(first: I64, second: I64, names: list[str]) -> list[tuple[str, str]]:
    """Distinct pairs in sorted order: one int64 code per pair (first < second), so np.unique sorts them."""
    code = np.unique(first * len(names) + second)
    return [
        (names[i], names[j]) for i, j in zip((code // len(names)).tolist(), (code % len(names)).tolist(), strict=True)
    ]


def _check_corpus(ids: Sequence[str], signatures: U32, max_bucket: int) -> None:
    if signatures.ndim != 2 or signatures.shape[0] != len(ids):
        raise ValueError(f"need one signature row per id: {len(ids)} ids, signatures of shape {signatures.shape}")
    if len(set(ids)) != len(ids):
        raise ValueError("ids must be unique: each document needs its own id")
    if max_bucket < 2:
        raise ValueError(f"max_bucket must be at least 2, got {max_bucket}")


def _buckets(keys: npt.NDArray[np.uint64]) -> tuple[I64, I64]:
    """Members (row numbers, ascending within a bucket) of every bucket with 2+ members, and sizes."""
    members, sizes = [], []
    for band in range(keys.shape[1]):
        order = np.argsort(keys[:, band], kind="stable")  # stable: members stay in ascending row order
        ranked = keys[order, band]
        starts = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1])))
        size = np.diff(np.append(starts, ranked.size))
        shared = size > 1
        members.append(order[np.repeat(shared, size)])
        sizes.append(size[shared])
    if not members:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(members).astype(np.int64), np.concatenate(sizes).astype(np.int64)


def _bucket_pairs(members: I64, sizes: I64, max_bucket: int) -> tuple[I64, I64, tuple[int, int]]:
    """All pairs of each bucket, or the chain of id-neighbours of a bucket larger than ``max_bucket``."""
    pos = np.arange(members.size) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # place within bucket
    size = np.repeat(sizes, sizes)
    reach = np.where(size > max_bucket, 1, size - 1)  # how many later members each one pairs with
    firsts, seconds = [], []
    step = 1
    at = np.flatnonzero((pos + step < size) & (reach >= step))
    while at.size:
        firsts.append(members[at])
        seconds.append(members[at + step])
        step += 1
        at = at[(pos[at] + step < size[at]) & (reach[at] >= step)]
    big = sizes[sizes > max_bucket]
    capped = (int(big.size), int((big * (big - 1) // 2 - (big - 1)).sum()))
    if not firsts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), capped
    return np.concatenate(firsts), np.concatenate(seconds), capped


class LSHIndex:
    """Buckets of band hashes for documents added one at a time; same pairs as :func:`find_candidates`.

    >>> import numpy as np
    >>> index = LSHIndex(num_perm=4, bands=2, rows=2)
    >>> index.add("x", np.array([1, 2, 3, 4], np.uint32))
    >>> index.add("y", np.array([1, 2, 9, 9], np.uint32))
    >>> index.add("z", np.array([7, 7, 7, 7], np.uint32))
    >>> index.query(np.array([0, 0, 3, 4], np.uint32)), index.candidates().pairs, len(index)
    (['x'], [('x', 'y')], 3)
    """

    def __init__(
        self, threshold: float = THRESHOLD, num_perm: int = NUM_PERM, *,
        bands: int | None = None, rows: int | None = None, max_bucket: int = MAX_BUCKET,
    ) -> None:  # fmt: skip
        self.num_perm = num_perm
        self.bands, self.rows = resolve_params(threshold, num_perm, bands, rows)
        _check_corpus([], np.zeros((0, num_perm), np.uint32), max_bucket)
        self.max_bucket = max_bucket
        self._buckets: list[dict[int, list[str]]] = [defaultdict(list) for _ in range(self.bands)]
        self._keys: set[str] = set()
        self._empty = 0

    def __len__(self) -> int:
        return len(self._keys)

    def add(self, key: str, signature: U32) -> None:
        """Index one document's signature under ``key`` (keys must be unique)."""
        if key in self._keys:
            raise ValueError(f"key {key!r} is already in the index")
        band_keys = self._band_keys(signature)
        self._keys.add(key)
        if band_keys is None:
            self._empty += 1
            return
        for bucket, band_key in zip(self._buckets, band_keys, strict=True):
            bucket[band_key].append(key)

    def query(self, signature: U32) -> list[str]:
        """Keys sharing at least one band with ``signature``, sorted (no cap: this is one document)."""
        band_keys = self._band_keys(signature) or []
        found = {k for bucket, bk in zip(self._buckets, band_keys, strict=False) for k in bucket.get(bk, [])}
        return sorted(found)

    def candidates(self) -> Candidates:
        """Every candidate pair among the indexed documents, with the giant-bucket policy applied."""
        pairs: set[tuple[str, str]] = set()
        capped_buckets = capped_pairs = 0
        for bucket in self._buckets:
            for keys in bucket.values():
                members = sorted(keys)
                m = len(members)
                reach = 1 if m > self.max_bucket else m - 1
                pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 : i + 1 + reach])
                if m > self.max_bucket:
                    capped_buckets += 1
                    capped_pairs += m * (m - 1) // 2 - (m - 1)
        return Candidates(sorted(pairs), self.bands, self.rows, self._empty, capped_buckets, capped_pairs)

    def _band_keys(self, signature: U32) -> list[int] | None:
        """The signature's band hashes, or None for an empty document."""
        if signature.shape != (self.num_perm,):
            raise ValueError(f"signature has shape {signature.shape}, this index expects ({self.num_perm},)")
        if (signature == EMPTY).all():
            return None
        keys: list[int] = band_hashes(signature[None, :], self.bands, self.rows)[0].tolist()
        return keys
