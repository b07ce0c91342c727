import itertools
import random
from collections import Counter

import numpy as np

from samestory.records import Fingerprint
from samestory.stages.candidates import ngram_pairs


def _fingerprint(name: str, ngrams: list[int]) -> Fingerprint:
    return Fingerprint(
        name, np.zeros(4, np.uint32), np.zeros(4, np.float32), [], np.unique(np.array(ngrams, np.uint64))
    )


def _reference(fps: list[Fingerprint], max_df: int, min_shared: int) -> set[tuple[str, str]]:
    """The rule spelled out: count, for every pair, the n-grams both hold that 2 to max_df documents hold."""
    holders: dict[int, list[str]] = {}
    for fp in fps:
        for h in fp.ngrams.tolist():
            holders.setdefault(h, []).append(fp.id)
    shared: Counter[tuple[str, str]] = Counter()
    for ids in holders.values():
        if 2 <= len(ids) <= max_df:
            shared.update(itertools.combinations(sorted(ids), 2))
    return {pair for pair, n in shared.items() if n >= min_shared}


def test_ngram_pairs_counts_rare_shared_ngrams() -> None:
    fps = [
        _fingerprint("a", [1, 2, 3, 9]),
        _fingerprint("b", [1, 2, 3, 4]),
        _fingerprint("c", [2, 3, 4, 9]),
        _fingerprint("d", [9, 10]),
    ]
    assert ngram_pairs(fps, max_df=3, min_shared=3) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert ngram_pairs(fps, max_df=3, min_shared=4) == set()
    assert ngram_pairs(fps, max_df=2, min_shared=2) == set()  # 2, 3 and 9 are in 3 documents
    assert ngram_pairs(fps, max_df=2, min_shared=1) == {("a", "b"), ("b", "c")}  # 2, 3 and 9 too common
    assert ngram_pairs([], max_df=3, min_shared=1) == set()


def test_ngram_pairs_match_the_rule_on_random_fingerprints() -> None:
    rng = random.Random(7)
    fps = [_fingerprint(f"d{k:03d}", rng.sample(range(400), 60)) for k in range(80)]
    for max_df, min_shared in ((8, 3), (4, 1), (12, 5)):
        assert ngram_pairs(fps, max_df, min_shared) == _reference(fps, max_df, min_shared)
