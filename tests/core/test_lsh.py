from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory.core.lsh import (
    LSHIndex,
    candidate_pairs,
    candidate_probability,
    find_candidates,
    optimal_params,
    resolve_params,
)
from samestory.core.minhash import EMPTY, MinHasher
from samestory.core.shingles import batch_shingle_hashes

# What datasketch's _optimal_param (scipy quad integration) picks for equal weights.
DATASKETCH = {(0.3, 128): (37, 3), (0.5, 64): (14, 4), (0.5, 128): (25, 5), (0.5, 256): (42, 6),
              (0.7, 128): (14, 9), (0.8, 128): (9, 13), (0.9, 64): (3, 21), (0.9, 256): (9, 28)}  # fmt: skip


@pytest.mark.parametrize(("intent", "shape"), DATASKETCH.items())
def test_params_match_datasketch(intent: tuple[float, int], shape: tuple[int, int]) -> None:
    assert optimal_params(*intent) == shape


def test_threshold_half_gives_an_s_curve_centred_on_it() -> None:
    bands, rows = optimal_params(0.5, 128)
    assert bands * rows <= 128
    assert 0.4 < candidate_probability(0.5, bands, rows) < 0.65
    assert candidate_probability(0.2, bands, rows) < 0.01
    assert candidate_probability(0.8, bands, rows) > 0.999


def test_stricter_threshold_means_longer_bands_and_weights_move_the_curve() -> None:
    assert optimal_params(0.9, 128)[1] > optimal_params(0.5, 128)[1] > optimal_params(0.2, 128)[1]
    fewer_misses = optimal_params(0.5, 128, fp_weight=0.1, fn_weight=0.9)
    assert candidate_probability(0.5, *fewer_misses) > candidate_probability(0.5, *optimal_params(0.5, 128))


def test_explicit_bands_and_rows_override_the_threshold() -> None:
    assert resolve_params(0.5, 128, 16, 8) == (16, 8)
    assert resolve_params(0.5, 128, 32, None) == (32, 4)
    assert resolve_params(0.5, 128, None, 10) == (12, 10)
    assert LSHIndex(0.9, bands=4, rows=4).bands == 4


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: optimal_params(1.5, 128), "threshold"),
        (lambda: optimal_params(0.5, 0), "num_perm"),
        (lambda: optimal_params(0.5, 128, 0.0, 0.0), "weights"),
        (lambda: resolve_params(0.5, 128, 20, 10), "at most num_perm=128"),
        (lambda: resolve_params(0.5, 128, 0, 4), "bands=0"),
        (lambda: candidate_pairs(["a", "a"], np.zeros((2, 128), np.uint32)), "unique"),
        (lambda: candidate_pairs(["a"], np.zeros((2, 128), np.uint32)), "one signature row per id"),
        (lambda: candidate_pairs(["a"], np.zeros((1, 128), np.uint32), max_bucket=1), "max_bucket"),
    ],
)
def test_bad_input_raises_with_a_clear_message(call: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()  # type: ignore[operator]


def corpus(seed: int = 1) -> dict[str, str]:
    """Twenty unrelated 'articles', and a lightly edited copy of each of the first ten."""
    rng = np.random.default_rng(seed)
    vocab = [f"w{i}" for i in range(5000)]
    texts = {f"doc{i:02d}": " ".join(rng.choice(vocab, 300).tolist()) for i in range(20)}
    for i in range(10):
        words = texts[f"doc{i:02d}"].split()
        for at in rng.choice(len(words), 6, replace=False):  # about 10% of shingles change
            words[at] = "edited"
        texts[f"doc{i:02d}-copy"] = " ".join(words)
    return texts


def signatures_of(texts: dict[str, str]) -> tuple[list[str], np.ndarray]:
    ids = list(texts)
    return ids, MinHasher().signatures(batch_shingle_hashes([texts[i] for i in ids]))


def test_near_duplicates_are_candidates_and_unrelated_texts_are_not() -> None:
    ids, sigs = signatures_of(corpus())
    expected = [(f"doc{i:02d}", f"doc{i:02d}-copy") for i in range(10)]
    assert candidate_pairs(ids, sigs, threshold=0.5) == expected


@settings(max_examples=20, deadline=None)
@given(st.permutations(range(30)))
def test_candidates_do_not_depend_on_insertion_order(order: list[int]) -> None:
    ids, sigs = signatures_of(corpus())
    sigs[20:25] = sigs[0]  # a few exact copies make buckets of several members
    shuffled = [ids[i] for i in order]
    assert candidate_pairs(shuffled, sigs[order]) == candidate_pairs(ids, sigs)


def test_the_index_finds_the_same_pairs_as_the_batch_function() -> None:
    ids, sigs = signatures_of(corpus())
    sigs = np.concatenate([sigs, np.tile(sigs[3], (12, 1)), np.full((3, 128), EMPTY, np.uint32)])
    ids = ids + [f"same{i:02d}" for i in range(12)] + ["empty0", "empty1", "empty2"]
    index = LSHIndex(max_bucket=5)
    for i in reversed(range(len(ids))):
        index.add(ids[i], sigs[i])
    assert len(index) == len(ids)
    assert index.candidates() == find_candidates(ids, sigs, max_bucket=5)
    assert index.query(sigs[3]) == sorted(["doc03", "doc03-copy", *(f"same{i:02d}" for i in range(12))])
    assert index.query(sigs[-1]) == []
    with pytest.raises(ValueError, match="already"):
        index.add("doc00", sigs[0])


def test_giant_buckets_are_chained_and_counted() -> None:
    sigs = np.tile(MinHasher().signature(np.arange(50, dtype=np.uint64)), (300, 1))
    ids = [f"boiler{i:03d}" for i in range(300)]
    found = find_candidates(ids, sigs, bands=10, rows=12, max_bucket=100)
    assert found.pairs == [(ids[i], ids[i + 1]) for i in range(299)]  # still one connected story
    assert found.capped_buckets == 10
    assert found.capped_pairs == 10 * (300 * 299 // 2 - 299)
    assert len(find_candidates(ids[:100], sigs[:100], bands=10, rows=12, max_bucket=100).pairs) == 4950


def test_empty_documents_are_never_candidates() -> None:
    sigs = np.full((4, 128), EMPTY, np.uint32)
    found = find_candidates(["a", "b", "c", "d"], sigs)
    assert found.pairs == [] and found.empty == 4
    assert candidate_pairs([], np.zeros((0, 128), np.uint32)) == []


def test_scales_to_a_large_corpus() -> None:
    rng = np.random.default_rng(0)
    sigs = rng.integers(0, 2**32 - 1, (50_000, 128), dtype=np.uint32)
    sigs[1] = sigs[0]
    sigs[7, :40] = sigs[6, :40]
    ids = [f"{i:06d}" for i in range(len(sigs))]
    assert candidate_pairs(ids, sigs) == [("000000", "000001"), ("000006", "000007")]
