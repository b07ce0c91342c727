"""MinHash signatures of shingle sets, by one-permutation hashing with optimal densification.

Why not ``num_perm`` hash functions? Classic MinHash evaluates every one of the ``num_perm`` functions
on every shingle: a (num_perm x shingles) matrix per document. On 600-word news articles with 128
permutations, bench/bench_minhash.py measures that in numpy (multiply-shift hashing, the cheapest
sound family in uint64 arithmetic; (a*x+b) mod 2**61-1 needs 128-bit products, slower still) at about
7,000 signatures per CPU-second, against about 240,000 for one-permutation hashing (OPH):

- each shingle is hashed once (a seeded, bijective 64-bit mix); its high bits pick one of ``num_perm``
  bins and its low 32 bits are its rank; a bin keeps its smallest rank. One pass, ``np.minimum.at``.
- bins left empty (short documents) borrow from another bin, following a fixed pseudo-random probe
  sequence per bin, the same for every document ("optimal densification", Shrivastava, ICML 2017).
  Because the sequence does not depend on the data, two documents agree on a bin with probability
  exactly their Jaccard similarity, as with classic MinHash: the estimate is unbiased, and for
  news-sized sets its error matches classic MinHash's (the tests and the benchmark check both).

Signatures are ``uint32`` (half the memory of 64-bit ones; a chance match of two unrelated ranks is
2**-32, far below the 1/num_perm resolution of the estimate). Everything derives from ``seed`` through
splitmix64, not numpy's random generators, so signatures are the same on every machine and version.
A document without shingles has the all-:data:`EMPTY` signature and estimates 0.0 against anything.

>>> from samestory.core.shingles import shingle_hashes
>>> m = MinHasher(num_perm=128)
>>> a = m.signature(shingle_hashes("the cat sat on the mat while the dog slept by the door", n=3))
>>> b = m.signature(shingle_hashes("the cat sat on the mat while the dog slept by the fire", n=3))
>>> a.shape, a.dtype.name, 0.6 < jaccard(a, b) < 1.0
((128,), 'uint32', True)
>>> jaccard(a, m.signature(shingle_hashes(""))), bool(is_empty(m.signature(shingle_hashes(""))))
(0.0, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from samestory.core.arrays import cells
from samestory.core.shingles import Ragged

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]
NUM_PERM = 128
SEED = 1
EMPTY = np.uint32(0xFFFFFFFF)
_U = np.uint64
_CHUNK = 1 << 14  # shingles per numpy pass: 128 KB temporaries stay in cache (measured 2-3x faster than 2**18)


def splitmix64(x: U64) -> U64:
    """The splitmix64 output function: a fixed, well-mixed bijection of 64-bit integers."""
    x = x + _U(0x9E3779B97F4A7C15)
    t = x >> _U(30)  # in place from here on: no temporaries to allocate, ~15% faster
    x ^= t
    x *= _U(0xBF58476D1CE4E5B9)
    np.right_shift(x, _U(27), out=t)
    x ^= t
    x *= _U(0x94D049BB133111EB)
    np.right_shift(x, _U(31), out=t)
    x ^= t
    return x


@dataclass(frozen=True)
class MinHasher:
    """Computes ``num_perm``-slot signatures of ``uint64`` shingle hashes; one instance fits any corpus.

    >>> import numpy as np
    >>> m = MinHasher(num_perm=64, seed=7)
    >>> s = m.signature(np.arange(1000, dtype=np.uint64))
    >>> t = m.signature(np.arange(500, 1500, dtype=np.uint64))
    >>> abs(jaccard(s, t) - 500 / 1500) < 0.2
    True
    >>> m.signatures(Ragged.from_rows([np.arange(3, dtype=np.uint64)])).shape
    (1, 64)
    """

    num_perm: int = NUM_PERM
    seed: int = SEED
    _key: np.uint64 = field(init=False, repr=False, compare=False)  # derived from seed, so not compared
    _probes: npt.NDArray[np.intp] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not 1 <= self.num_perm <= 1024:
            raise ValueError(f"num_perm must be between 1 and 1024, got {self.num_perm}")
        if not 0 <= self.seed < 1 << 64:
            raise ValueError(f"seed must be a non-negative 64-bit integer, got {self.seed}")
        object.__setattr__(self, "_key", splitmix64(np.array([self.seed], _U))[0])
        object.__setattr__(self, "_probes", probe_table(self.num_perm, self.seed))

    def signature(self, shingles: U64) -> U32:
        """The signature of one document's shingle hashes (duplicates and order do not matter)."""
        signature: U32 = self.signatures(Ragged.from_rows([np.asarray(shingles, _U)]))[0]
        return signature

    def signatures(self, rows: Ragged) -> U32:
        """One signature per row, as a ``(len(rows), num_perm)`` matrix."""
        out = np.full((len(rows), self.num_perm), EMPTY, np.uint32)
        for lo, hi in _row_chunks(rows.offsets, _CHUNK):
            start, stop = rows.offsets[lo], rows.offsets[hi]
            self._fill_bins(out[lo:hi].reshape(-1), rows.values[start:stop], rows.offsets[lo : hi + 1] - start)
        densify(out, self._probes)
        return out

    def _fill_bins(self, out: U32, values: U64, offsets: npt.NDArray[np.int64]) -> None:
        """Keep the smallest rank per (row, bin) in the flat ``out``; bins without a shingle stay EMPTY."""
        k = self.num_perm
        h = splitmix64(values ^ self._key)  # seeded, and spreads hashes that are not uniform (small ints)
        bins = ((h >> _U(32)) * _U(k)) >> _U(32)  # Lemire's multiply-shift range reduction: no modulo
        bins += np.repeat(np.arange(len(offsets) - 1, dtype=_U) * _U(k), np.diff(offsets))
        np.minimum.at(out, bins.view(np.int64), h.astype(np.uint32))  # bins < 2**63: the view is free


def probe_table(num_perm: int, seed: int) -> npt.NDArray[np.intp]:
    """Row ``i``: the order in which an empty bin ``i`` looks at bins to borrow from (a permutation)."""
    base = (seed * 0x632BE59BD9B4E019) % (1 << 64)  # Python ints: numpy scalars warn on wrap-around
    n = np.arange(num_perm * num_perm, dtype=_U) + _U(base)
    keys = splitmix64(n).reshape(num_perm, num_perm)
    return np.argsort(keys, axis=1, kind="stable").astype(np.intp)


def densify(signatures: U32, probes: npt.NDArray[np.intp]) -> None:
    """Fill empty bins in place from the first non-empty bin along each bin's probe sequence.

    Rows with no shingle at all stay all-EMPTY. Each probe row is a permutation of all bins, so a row
    with any filled bin is done after at most ``num_perm`` rounds (one or two for news articles).
    """
    empty = signatures == EMPTY
    empty[empty.all(axis=1)] = False
    rows, bins = cells(empty)
    source = signatures.copy()  # borrow only from bins that were filled by shingles, never by borrowing
    for step in range(probes.shape[1]):
        if not rows.size:
            break
        value = source[rows, probes[bins, step]]
        found = value != EMPTY
        signatures[rows[found], bins[found]] = value[found]
        rows, bins = rows[~found], bins[~found]


def _row_chunks(offsets: npt.NDArray[np.int64], size: int) -> list[tuple[int, int]]:
    """Row ranges ``[lo, hi)`` holding about ``size`` values each (at least one row per range)."""
    cuts = np.searchsorted(offsets, np.arange(size, int(offsets[-1]), size), side="right") - 1
    edges = np.unique(np.concatenate(([0], cuts, [len(offsets) - 1])))
    return [(int(lo), int(hi)) for lo, hi in pairwise(edges.tolist()) if hi > lo]


def is_empty(signature: U32) -> bool:
    """Whether a signature belongs to a document without shingles."""
    return bool((signature == EMPTY).all())


def jaccard(a: U32, b: U32) -> float:
    """Estimated Jaccard similarity: the share of bins where the signatures agree (0.0 if either is empty)."""
    if a.shape != b.shape:
        raise ValueError(f"signatures differ in length ({a.shape} vs {b.shape}): use one MinHasher for both")
    if is_empty(a) or is_empty(b):
        return 0.0
    return float(np.count_nonzero(a == b)) / a.size
