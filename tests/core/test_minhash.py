from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory.core.minhash import EMPTY, MinHasher, is_empty, jaccard
from samestory.core.shingles import Ragged

K = 128


def pair_with_jaccard(rng: np.random.Generator, size: int, j: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Two random uint64 sets of ``size`` elements sharing about a fraction ``j`` of their union."""
    common = round(2 * size * j / (1 + j))
    pool = rng.choice(2**62, 2 * size - common, replace=False).astype(np.uint64)
    a, b = pool[:size], np.concatenate([pool[:common], pool[size:]])
    return a, b, common / (2 * size - common)


def test_estimates_match_exact_jaccard_within_the_minhash_error() -> None:
    rng = np.random.default_rng(11)
    m = MinHasher(K)
    errors, sigmas = [], []
    for _ in range(200):
        a, b, exact = pair_with_jaccard(rng, int(rng.integers(50, 3000)), float(rng.random()))
        sigma = math.sqrt(exact * (1 - exact) / K)  # binomial error of K independent agreements
        error = jaccard(m.signature(a), m.signature(b)) - exact
        assert abs(error) <= 4 * sigma + 1.5 / K, (len(a), exact, error)
        errors.append(error)
        sigmas.append(sigma)
    assert abs(np.mean(errors)) < 3 * math.sqrt(np.mean(np.square(sigmas)) / len(errors))  # unbiased
    assert np.mean(np.abs(errors)) < np.mean(sigmas)  # no worse than classic MinHash (~0.8 sigma)


def test_small_sets_are_densified_and_still_estimate_well() -> None:
    rng = np.random.default_rng(3)
    m = MinHasher(K)
    errors = []
    for _ in range(200):
        a, b, exact = pair_with_jaccard(rng, int(rng.integers(2, 40)), float(rng.random()))
        sa = m.signature(a)
        assert not (sa == EMPTY).any()  # every bin borrowed a value
        errors.append(jaccard(sa, m.signature(b)) - exact)
    assert abs(np.mean(errors)) < 0.03


def test_identical_and_disjoint_sets() -> None:
    m = MinHasher(K)
    a = np.arange(1000, dtype=np.uint64)
    assert jaccard(m.signature(a), m.signature(a.copy())) == 1.0
    assert jaccard(m.signature(a), m.signature(a + np.uint64(5000))) < 0.05


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=300), st.randoms(use_true_random=False))
def test_a_signature_depends_only_on_the_set(values: list[int], rnd: object) -> None:
    m = MinHasher(64)
    shuffled = list(values) * 2
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert m.signature(np.array(values, np.uint64)).tolist() == m.signature(np.array(shuffled, np.uint64)).tolist()


def test_batch_equals_single_and_handles_empty_rows() -> None:
    rng = np.random.default_rng(0)
    rows = [rng.integers(0, 2**63, int(n), dtype=np.uint64) for n in (0, 1, 7, 5000, 0, 200_000, 3)]
    m = MinHasher(K)
    batch = m.signatures(Ragged.from_rows(rows))
    assert batch.shape == (len(rows), K) and batch.dtype == np.uint32
    for row, sig in zip(rows, batch, strict=True):
        assert sig.tolist() == m.signature(row).tolist()
    assert is_empty(batch[0]) and is_empty(batch[4]) and not is_empty(batch[1])


def test_empty_documents_estimate_zero() -> None:
    m = MinHasher(K)
    empty = m.signature(np.zeros(0, np.uint64))
    assert is_empty(empty)
    assert jaccard(empty, empty) == 0.0
    assert jaccard(empty, m.signature(np.arange(10, dtype=np.uint64))) == 0.0


def test_deterministic_per_seed() -> None:
    x = np.arange(500, dtype=np.uint64)
    assert MinHasher(K, seed=3).signature(x).tolist() == MinHasher(K, seed=3).signature(x).tolist()
    assert MinHasher(K, seed=3).signature(x).tolist() != MinHasher(K, seed=4).signature(x).tolist()


def test_any_num_perm() -> None:
    rng = np.random.default_rng(2)
    a, b, exact = pair_with_jaccard(rng, 4000, 0.5)
    m = MinHasher(200)
    assert abs(jaccard(m.signature(a), m.signature(b)) - exact) < 4 * math.sqrt(0.25 / 200)


def test_bad_input_raises() -> None:
    with pytest.raises(ValueError, match="num_perm"):
        MinHasher(0)
    with pytest.raises(ValueError, match="seed"):
        MinHasher(seed=-1)
    with pytest.raises(ValueError, match="one MinHasher"):
        jaccard(
            MinHasher(64).signature(np.arange(3, dtype=np.uint64)),
            MinHasher(32).signature(np.arange(3, dtype=np.uint64)),
        )


def test_a_hasher_pickles_for_worker_processes() -> None:
    m = MinHasher(K, seed=9)
    copy = pickle.loads(pickle.dumps(m))
    x = np.arange(300, dtype=np.uint64)
    assert copy == m
    assert copy.signature(x).tolist() == m.signature(x).tolist()
