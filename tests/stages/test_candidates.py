import itertools
import random
from collections import Counter

import numpy as np
from pytest import MonkeyPatch

from samestory.core.embed import load_embedder
from samestory.records import Article, Fingerprint
from samestory.stages.candidates import embedding_pairs, find_candidates, ngram_pairs
from samestory.stages.fingerprint import fingerprint


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


def _nearest_reference(fps: list[Fingerprint], k: int, min_cosine: float) -> set[tuple[str, str]]:
    """Each row's k best other rows (ties to the lower index), at or above min_cosine, by sorting."""
    leads = np.stack([fp.lead for fp in fps])
    out = set()
    for r in range(len(fps)):
        sims = [(float(leads[r] @ leads[c]), c) for c in range(len(fps)) if c != r]
        for value, c in sorted(sims, key=lambda x: (-x[0], x[1]))[:k]:
            if value >= min_cosine:
                out.add(tuple(sorted((fps[r].id, fps[c].id))))
    return out


def test_embedding_pairs_are_the_nearest_leads_with_ties_to_the_lower_id() -> None:
    rng = np.random.default_rng(3)
    # Few distinct directions, so that many rows tie at the k-th place.
    directions = rng.standard_normal((4, 8)).astype(np.float32)
    directions /= np.linalg.norm(directions, axis=1, keepdims=True)
    fps = [
        Fingerprint(f"d{i:02d}", np.zeros(4, np.uint32), directions[rng.integers(4)], [], np.zeros(0, np.uint64))
        for i in range(30)
    ]
    for k, min_cosine in ((3, 0.5), (5, -1.0), (12, 0.0)):
        assert embedding_pairs(fps, k, min_cosine, block=7) == _nearest_reference(fps, k, min_cosine)
        first, rest = (embedding_pairs(fps, k, min_cosine, 7, blocks) for blocks in (range(0, 2), range(2, 5)))
        assert first | rest == _nearest_reference(fps, k, min_cosine)


def test_candidates_from_generator_tasks_on_workers_equal_those_found_in_one_go(monkeypatch: MonkeyPatch) -> None:
    from samestory.config import MatchConfig
    from samestory.executors.local import LocalExecutor
    from samestory.stages import candidates, match

    rng = np.random.default_rng(5)
    leads = rng.standard_normal((60, 8)).astype(np.float32)
    leads /= np.linalg.norm(leads, axis=1, keepdims=True)
    fps = [
        Fingerprint(f"d{i:02d}", rng.integers(0, 50, 16).astype(np.uint64), leads[i], [i % 7], np.unique(
            rng.integers(0, 300, 40).astype(np.uint64)))
        for i in range(60)
    ]  # fmt: skip
    monkeypatch.setattr(match, "FINGERPRINT_CHUNK", 8)
    # Blocks of 7 leads: the lead-neighbour search runs as EMBEDDING_PIECES tasks of two or three blocks.
    monkeypatch.setattr(match, "EMBEDDING_BLOCK", 7)
    monkeypatch.setattr(candidates, "EMBEDDING_BLOCK", 7)
    c = MatchConfig(min_lead_cosine=0.3)
    expected = find_candidates(fps, match.candidate_params(c))
    assert {s for cand in expected for s in cand.sources} == {"minhash", "quote", "ngram", "embedding"}
    for mapper in (match.serial, LocalExecutor(workers=2).map_tasks):
        assert match._candidates(fps, c, mapper, shared_memory=True) == expected
    tasks: list[match.CandidateTask] = []
    match._candidates(fps, c, lambda fn, items: (tasks.extend(items), map(fn, items))[1], shared_memory=True)
    pieces = [t.blocks for t in tasks if t.generator == "embedding"]
    assert len(pieces) == match.EMBEDDING_PIECES and [b for r in pieces if r for b in r] == list(range(9))


def test_rare_ngram_keys_leave_out_ngrams_of_function_words_only() -> None:
    """Two reports that share only phrases of function words are no rare-n-gram candidates; a shared name
    in the phrase makes the n-grams keys again."""

    def article(name: str, text: str) -> Article:
        return Article(id=name, input=name, format="text", original=text, paragraphs=[text], language="en")

    glue = "and as well as the other of them it is not the one that would have been in the"
    texts = {
        "a": f"Rain fell on Lisbon all week. {glue} harbour closed.",
        "b": f"Markets rallied in Tokyo today. {glue} yen rose.",
        "c": f"Rain fell on Lisbon all week, officials said. {glue} port shut.",
    }
    fps = fingerprint([article(k, v) for k, v in texts.items()], load_embedder("static"))
    assert ngram_pairs(fps, max_df=8, min_shared=3) == {("a", "c")}
