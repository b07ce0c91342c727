"""Lead neighbours kept per article (store/knn.py): after any sequence of arrivals and replacements, every
list is what comparing all leads gives (the run's rule, ties to the lower id)."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory.store import knn
from samestory.store.knn import LeadFilter, best, scan_fresh, update_neighbours

K, MIN = 3, 0.5


def _leads(rng: np.random.Generator, n: int) -> np.ndarray:
    """Unit rows in a few tight groups, so that rows have more than K neighbours above MIN, and exact ties."""
    centres = rng.standard_normal((4, 16)).astype(np.float32)
    rows = centres[rng.integers(0, 4, n)] + 0.4 * rng.standard_normal((n, 16)).astype(np.float32)
    rows[1::7] = rows[0::7][: len(rows[1::7])]  # exact copies: tied cosines
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def _brute(ids: list[str], leads: np.ndarray) -> dict[str, list[tuple[float, str]]]:
    sims = leads @ leads.T
    return {
        r: best([(float(sims[i, j]), c) for j, c in enumerate(ids) if j != i and sims[i, j] >= MIN], K)
        for i, r in enumerate(ids)
    }


def test_lists_after_arrivals_and_replacements_equal_all_pairs_compared() -> None:
    rng, pick = np.random.default_rng(4), random.Random(4)
    current: dict[str, np.ndarray] = {}
    lists: dict[str, list[tuple[float, str]]] = {}
    for step in range(6):
        arriving = {f"a{step}-{n:02d}" for n in range(12)}
        replaced = set(pick.sample(sorted(current), 4)) if current else set()
        fresh = arriving | replaced
        for x, row in zip(sorted(fresh), _leads(rng, len(fresh)), strict=True):
            current[x] = row
        ids = sorted(current)
        leads = np.stack([current[x] for x in ids])
        lists = update_neighbours(lists, ids, leads, fresh, replaced, K, MIN)
        assert lists == _brute(ids, leads)


def test_one_scan_gives_fresh_rows_and_the_old_rows_they_enter() -> None:
    ids = [f"x{i:02d}" for i in range(40)]
    leads = _leads(np.random.default_rng(2), 40)
    fresh = set(ids[30:])
    scan = scan_fresh(ids, leads, fresh, MIN)
    sims = leads @ leads.T
    for i, r in enumerate(ids):
        above = [(float(sims[i, j]), c) for j, c in enumerate(ids) if j != i and sims[i, j] >= MIN]
        if r in fresh:
            assert sorted(scan.rows[r]) == sorted(above)
        else:
            assert sorted(scan.hits.get(r, [])) == sorted(e for e in above if e[1] in fresh)


def test_a_scan_in_chunks_on_workers_equals_one_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan cut into tasks for a mapper (here in process, as with one worker) gives the same rows and
    hits, in the same order, as the scan in one go."""
    ids = [f"x{i:03d}" for i in range(120)]
    leads = _leads(np.random.default_rng(5), 120)
    fresh = set(ids[::3])
    whole = scan_fresh(ids, leads, fresh, MIN)
    monkeypatch.setattr(knn, "SCAN_CHUNK", 7)
    tasks: list[object] = []

    def mapper(fn, items):  # type: ignore[no-untyped-def]
        tasks.extend(items)
        return map(fn, items)

    chunked = scan_fresh(ids, leads, fresh, MIN, mapper)
    assert len(tasks) == 6 and knn._SCANNED == []  # 40 fresh rows in tasks of 7; the slot emptied after
    assert chunked.rows == whole.rows and chunked.hits == whole.hits


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    dims=st.integers(1, 12),
    floor=st.floats(-0.5, 0.99),
    spread=st.floats(0.05, 3.0),
)
def test_lead_filter_keeps_every_row_that_reaches_the_floor(seed: int, dims: int, floor: float, spread: float) -> None:
    """Unit leads with most variance in a few directions (as real ones), queries near and far from them."""
    rng = np.random.default_rng(seed)
    scales = np.exp(-spread * np.arange(16)).astype(np.float32)
    leads = (rng.standard_normal((300, 16)) * scales).astype(np.float32)
    leads /= np.linalg.norm(leads, axis=1, keepdims=True)
    f = LeadFilter.build(leads, dims)
    for query in (leads[0], leads[1] + 0.1 * leads[2], rng.standard_normal(16).astype(np.float32)):
        query = (query / np.linalg.norm(query)).astype(np.float32)
        assert set(np.flatnonzero(leads @ query >= floor).tolist()) <= set(f.rows(query, floor).tolist())


def test_lead_filter_prunes_when_leads_have_few_main_directions() -> None:
    rng = np.random.default_rng(1)
    leads = (rng.standard_normal((2000, 32)) * np.exp(-0.3 * np.arange(32))).astype(np.float32)
    leads /= np.linalg.norm(leads, axis=1, keepdims=True)
    f = LeadFilter.build(leads, 12)
    survivors = [len(f.rows(q, 0.9)) for q in leads[:20]]
    assert max(survivors) < len(leads) / 2  # the filter reads a fraction of the rows in full
