"""The candidates stage: fingerprints in, pairs worth verifying out. Never all pairs.

Four generators, each catching what the others miss, their pairs merged with the names of the
generators that proposed them:

- ``minhash``: LSH over word 5-gram MinHash signatures: copies and near copies;
- ``quote``: a shared quote of four or more words: rewrites keep the quotes;
- ``ngram``: several shared *rare* word 4-grams (in at most ``ngram_max_df`` documents): rewrites keep
  names, numbers and phrases even when MinHash sees little overlap;
- ``embedding``: nearest neighbours of the title-and-lead embeddings: paraphrases and same-event reports.

Keys shared by too many articles (a boilerplate quote, a common phrase) are linked as a chain rather than
all pairs, as LSH does with big buckets, so the stage stays near-linear.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from samestory.core.arrays import cells
from samestory.core.lsh import candidate_pairs
from samestory.records import Candidate, Fingerprint


@dataclass(frozen=True, slots=True)
class CandidateParams:
    minhash_threshold: float = 0.5
    max_bucket: int = 100
    ngram_max_df: int = 8
    ngram_min_shared: int = 3
    #: More lead neighbours would not mend split stories: on the ECB+ dev half (odd topics), verifying every
    #: pair of one topic instead of the candidates gives dev ARI 0.845 to 0.886 over story linkages 0.1 to
    #: 0.25 (0.895 with the candidates): of the same-topic pairs no generator proposes, as many of two events
    #: become ``same_event`` as of one (342 and 339; bench_match.py --errors shows those the run got wrong).
    neighbours: int = 10
    min_lead_cosine: float = 0.6


def _bucket_pairs(members: Sequence[str], max_bucket: int) -> Iterable[tuple[str, str]]:
    members = sorted(set(members))
    if len(members) > max_bucket:  # a chain keeps the component without the quadratic blow-up
        return itertools.pairwise(members)
    return ((a, b) for k, a in enumerate(members) for b in members[k + 1 :])


def quote_pairs(fps: Sequence[Fingerprint], max_bucket: int) -> set[tuple[str, str]]:
    index: dict[int, list[str]] = defaultdict(list)
    for fp in fps:
        for key in fp.quotes:
            index[key].append(fp.id)
    return {p for ids in index.values() if len(ids) > 1 for p in _bucket_pairs(ids, max_bucket)}


def ngram_pairs(fps: Sequence[Fingerprint], max_df: int, min_shared: int) -> set[tuple[str, str]]:
    """Pairs sharing at least ``min_shared`` n-grams that occur in 2 to ``max_df`` documents.

    Counted with numpy: the owners of all the n-grams held by ``size`` documents form one matrix per size,
    every pair of columns gives one pair code per n-gram, and the codes are counted at once (a Counter
    updated n-gram by n-gram took most of the stage)."""
    if not fps:
        return set()
    hashes = np.concatenate([fp.ngrams for fp in fps])
    owners = np.repeat(np.arange(len(fps), dtype=np.int64), [len(fp.ngrams) for fp in fps])
    order = np.argsort(hashes)  # not stable, about twice as fast: each n-gram's owners are sorted below
    hashes, owners = hashes[order], owners[order]
    starts = np.flatnonzero(np.concatenate(([True], hashes[1:] != hashes[:-1])))
    sizes = np.diff(np.append(starts, len(hashes)))
    n = len(fps)
    codes = []
    for size in np.unique(sizes[(sizes > 1) & (sizes <= max_df)]).tolist():
        members = np.sort(owners[starts[sizes == size][:, None] + np.arange(size)], axis=1)
        first, second = np.triu_indices(size, 1)
        codes.append((members[:, first] * n + members[:, second]).ravel())
    if not codes:
        return set()
    pairs, counts = np.unique(np.concatenate(codes), return_counts=True)
    kept = pairs[counts >= min_shared]
    return {_ordered(fps[x].id, fps[y].id) for x, y in zip((kept // n).tolist(), (kept % n).tolist(), strict=True)}


def embedding_pairs(
    fps: Sequence[Fingerprint], k: int, min_cosine: float, block: int = 1024, blocks: range | None = None
) -> set[tuple[str, str]]:
    """Each article's ``k`` nearest neighbours by lead embedding, above ``min_cosine`` (exact search in blocks).

    Ties at the k-th place go to the article listed first (``fps`` sorted by id: the lower id), so the
    neighbours do not depend on how ``argpartition`` happens to order equal values. ``blocks``: only the
    neighbours of the articles in these blocks of ``block`` (the pairs of all blocks are the union of the
    pairs of any split of them).
    """
    if len(fps) < 2:
        return set()
    leads = np.stack([fp.lead for fp in fps]).astype(np.float32)
    k = min(k, len(fps) - 1)
    out: set[tuple[str, str]] = set()
    starts = range(0, len(fps), block)
    for start in starts if blocks is None else starts[blocks.start : blocks.stop]:
        sims = leads[start : start + block] @ leads.T
        np.fill_diagonal(sims[:, start : start + block], -np.inf)
        close = sims >= min_cosine
        # A row with at most k values over min_cosine keeps exactly those: they are all among its k nearest
        # (if there are k, the k-th largest is the least of them, and every tie of it is over the bar too).
        # Only the other rows need the k-th largest value, and selecting it was most of the stage's time.
        crowded = np.count_nonzero(close, axis=1) > k
        if crowded.any():
            close[crowded] = False
        rows, cols = cells(close)
        for row in np.flatnonzero(crowded).tolist():
            values = sims[row]
            cut = float(np.partition(values, len(fps) - k)[len(fps) - k])
            above = np.flatnonzero(values > cut)
            tied = np.flatnonzero(values == cut)[: k - len(above)]
            kept = np.concatenate((above, tied))
            kept = kept[values[kept] >= min_cosine]
            rows, cols = np.concatenate((rows, np.full(len(kept), row))), np.concatenate((cols, kept))
        for row, c in zip((rows + start).tolist(), cols.tolist(), strict=True):
            out.add(_ordered(fps[row].id, fps[c].id))
    return out


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def find_candidates(
    fps: Sequence[Fingerprint],
    params: CandidateParams | None = None,
    *,
    embedding: Callable[[], set[tuple[str, str]]] | None = None,
) -> list[Candidate]:
    """All generators' pairs, merged, sorted by ids (deterministic whatever the input order).

    ``embedding``: the lead-neighbour pairs when the caller keeps them another way (the store keeps each
    article's neighbour list between adds instead of comparing all leads again).
    """
    p = params or CandidateParams()
    return merge_pairs(
        {name: embedding() if embedding and name == "embedding" else generate(name, fps, p) for name in GENERATORS}
    )


#: The generators by name.
GENERATORS = ("embedding", "ngram", "minhash", "quote")
#: Blocks of the lead-neighbour search (:func:`embedding_pairs`).
EMBEDDING_BLOCK = 1024


def generate(
    name: str, fps: Sequence[Fingerprint], p: CandidateParams, blocks: range | None = None
) -> set[tuple[str, str]]:
    """The pairs of one generator (a name of :data:`GENERATORS`); ``blocks``: for ``embedding``, only those
    of the articles in these blocks (see :func:`embedding_pairs`)."""
    generators: dict[str, Callable[[], set[tuple[str, str]]]] = {
        "minhash": lambda: minhash_pairs(fps, p.minhash_threshold, p.max_bucket),
        "quote": lambda: quote_pairs(fps, p.max_bucket),
        "ngram": lambda: ngram_pairs(fps, p.ngram_max_df, p.ngram_min_shared),
        "embedding": lambda: embedding_pairs(fps, p.neighbours, p.min_lead_cosine, EMBEDDING_BLOCK, blocks),
    }
    return generators[name]()


def merge_pairs(by_generator: dict[str, set[tuple[str, str]]]) -> list[Candidate]:
    """The generators' pairs as candidates, each with the sorted names of the generators that proposed it,
    sorted by ids."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, pairs in by_generator.items():
        for pair in pairs:
            found[pair].add(name)
    return [Candidate(a, b, tuple(sorted(srcs))) for (a, b), srcs in sorted(found.items())]


def minhash_pairs(fps: Sequence[Fingerprint], threshold: float, max_bucket: int) -> set[tuple[str, str]]:
    """Pairs that share a MinHash LSH bucket (bands and rows derived from ``threshold``)."""
    if len(fps) < 2:
        return set()
    ids = [fp.id for fp in fps]
    pairs = candidate_pairs(ids, np.stack([fp.signature for fp in fps]), threshold, max_bucket=max_bucket)
    return {_ordered(a, b) for a, b in pairs}
