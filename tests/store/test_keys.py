"""Incremental candidates (store/keys.py): an add decides again only what its articles can change, and the
stored candidates stay exactly those of a run's candidate stage over every stored article, also when a
key crosses a cap (an n-gram stops being rare, a bucket outgrows ``max_bucket``)."""

import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from store_corpus import write_jsonl

from samestory import api
from samestory.config import MatchConfig
from samestory.core.embed import load_embedder
from samestory.stages.candidates import CandidateParams, find_candidates
from samestory.stages.fingerprint import fingerprint
from samestory.stages.match import candidate_params
from samestory.store import Store
from samestory.store.keys import NGRAM, QUOTE, _delta, _Groups

SYLLABLES = ["ba", "ko", "ril", "tes", "mun", "dav", "pe", "lor", "zi", "gun", "ash", "vel", "nor", "ti", "qua", "fen"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(n))


def _row(rng: random.Random, i: int, insert: str, quote: str = "") -> dict[str, Any]:
    """An article of random words with ``insert`` in its middle (and ``quote`` as its own paragraph)."""
    body = f"{_words(rng, 40).capitalize()}. {insert} {_words(rng, 40)}."
    paragraphs = [_words(rng, 6).capitalize(), body, *([quote] if quote else []), f"{_words(rng, 30).capitalize()}."]
    # one source per article: a line repeated across one source's articles would be cleaned as boilerplate
    source = f"site{i:03d}.example"
    return {"id": f"{source}/{i:03d}", "source": source, "date": "2026-03-02", "text": "\n".join(paragraphs)}


def _stored_candidates(store: Store) -> list[tuple[str, str, list[str]]]:
    found = store.con.execute("SELECT a, b, data FROM pairs ORDER BY a, b").fetchall()
    return [(a, b, json.loads(data)["candidate_sources"]) for a, b, data in found]


def _run_candidates(store: Store) -> list[tuple[str, str, list[str]]]:
    """The candidate stage of a run over every stored article."""
    usable = sorted((a for a in store.iter_articles() if a.matchable), key=lambda a: a.id)
    fps = fingerprint(usable, load_embedder("static"))
    return [(c.a, c.b, list(c.sources)) for c in find_candidates(fps, candidate_params(MatchConfig()))]


def _add_in_turn(tmp_path: Path, batches: list[list[dict[str, Any]]]) -> list[list[tuple[str, str, list[str]]]]:
    """Add the batches one by one; after each, the stored candidates must be the run's."""
    files = [write_jsonl(tmp_path / f"b{i}.jsonl", rows) for i, rows in enumerate(batches)]
    seen = []
    with Store.open(tmp_path / "s.duckdb") as store:
        for path in files:
            store.add([path])
            assert store.check() == []
            seen.append(_stored_candidates(store))
            assert seen[-1] == _run_candidates(store)
        run = api.run(files)
        assert [p.to_dict() for p in store.iter_pairs()] == [p.to_dict() for p in run.pairs]
        assert [s.to_dict() for s in store.iter_stories()] == [s.to_dict() for s in run.stories]
    return seen


def test_an_ngram_that_stops_being_rare_drops_its_pairs(tmp_path: Path) -> None:
    rng = random.Random(3)
    phrase = "Wexford harbour dredging contract worth 41 million euros signed by Orla Brannigan"
    cap = CandidateParams().ngram_max_df
    first = [_row(rng, i, phrase) for i in range(2)]
    later = [_row(rng, i, phrase) for i in range(2, cap + 1)]  # the phrase's 4-grams now in cap + 1 articles
    before, after = _add_in_turn(tmp_path, [first, later])
    pair = ("site000.example/000", "site001.example/001")
    assert any((a, b) == pair and "ngram" in s for a, b, s in before)
    assert not any((a, b) == pair and "ngram" in s for a, b, s in after)
    assert not any("ngram" in s for _, _, s in after)


def test_a_quote_bucket_that_outgrows_the_cap_becomes_a_chain(tmp_path: Path) -> None:
    rng = random.Random(5)
    quote = '"We will rebuild the northern pier before the winter storms arrive," said Orla Brannigan.'
    cap = CandidateParams().max_bucket
    rows = [_row(rng, i, _words(rng, 8), quote) for i in range(cap + 1)]
    before, after = _add_in_turn(tmp_path, [rows[:60], rows[60:]])
    quoted_before = sum("quote" in s for _, _, s in before)
    quoted_after = sum("quote" in s for _, _, s in after)
    assert quoted_before == 60 * 59 // 2 and quoted_after == cap  # all pairs, then the chain of id neighbours


def test_the_migration_fills_the_keys_of_a_store_made_before_them(tmp_path: Path, batches: list[Path]) -> None:
    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.add(batches[:2])
        expected = sorted(store.con.execute("SELECT * FROM cand_keys").fetchall())
        store.con.execute("DROP TABLE cand_keys")  # as a store of schema version 2 was
        store.con.execute("DROP TABLE sentence_embeddings")
        store.con.execute("DROP TABLE view_parts")
        store.con.execute("DELETE FROM schema_migrations WHERE version > 2")
    with Store.open(path) as store:
        assert sorted(store.con.execute("SELECT * FROM cand_keys").fetchall()) == expected
        store.add(batches[2:])
        assert _stored_candidates(store) == _run_candidates(store)


def test_a_new_article_sharing_exactly_the_minimum_of_rare_ngrams_is_paired(tmp_path: Path) -> None:
    rng = random.Random(9)
    phrase = "Orla Brannigan signed Wexford dredging deal"  # 6 words: 3 word 4-grams
    assert CandidateParams().ngram_min_shared == 3
    first = [_row(rng, 0, phrase), _row(rng, 1, _words(rng, 6))]
    later = [_row(rng, 2, phrase)]
    _, after = _add_in_turn(tmp_path, [first, later])
    assert any((a, b) == ("site000.example/000", "site002.example/002") and "ngram" in s for a, b, s in after)


def test_an_ngram_that_becomes_rare_again_brings_its_pairs_back(tmp_path: Path) -> None:
    """Rare n-grams lost, then regained when replacements lower their document frequency: the pair of the
    first two articles is an n-gram candidate, then not, then again (and the pairs that never shared enough
    stay without)."""
    rng = random.Random(11)
    phrase = "Orla Brannigan signed Wexford dredging deal"  # 3 word 4-grams
    cap = CandidateParams().ngram_max_df
    first = [_row(rng, i, phrase) for i in range(2)]
    crowd = [_row(rng, i, f"{phrase} {_words(rng, 3)}") for i in range(2, cap + 2)]
    calmer = [_row(rng, i, _words(rng, 8)) for i in range(2, 5)]  # three of the crowd rewritten without it
    seen = []
    with Store.open(tmp_path / "s.duckdb") as store:
        for i, rows in enumerate([first, crowd, calmer]):
            store.add([write_jsonl(tmp_path / f"b{i}.jsonl", rows)])  # the last batch replaces three articles
            assert store.check() == []
            seen.append(_stored_candidates(store))
            assert seen[-1] == _run_candidates(store)
    pair = ("site000.example/000", "site001.example/001")
    assert [any((a, b) == pair and "ngram" in s for a, b, s in found) for found in seen] == [True, False, True]


@pytest.mark.parametrize("seed", range(20))
def test_the_pairs_of_all_keys_at_once_are_those_of_each_key_alone(seed: int) -> None:
    """``_Groups.deltas`` (numpy, every key at once) gives, key by key, the pairs ``_delta`` gives from the
    key's members as sets, with small caps so that keys cross them both ways and buckets become chains."""
    rng = random.Random(seed)
    params = CandidateParams(max_bucket=4, ngram_max_df=3)
    names = [f"a{i:02d}" for i in range(12)]
    kinds, starts, members, now, then = [], [0], [], [], []
    expected: list[tuple[int, int, bool]] = []
    for _ in range(40):
        kind = rng.choice([0, 7, QUOTE, NGRAM])
        group = sorted(rng.sample(range(len(names)), rng.randint(1, 8)))
        sides = [rng.choice([(True, True), (True, False), (False, True)]) for _ in group]
        kinds.append(kind)
        members += group
        now += [s[0] for s in sides]
        then += [s[1] for s in sides]
        starts.append(len(members))
        sets = [{m for m, side in zip(group, sides, strict=True) if side[i]} for i in (0, 1)]
        gained, lost = _delta(sets[0], sets[1], kind == NGRAM, params)
        expected += [(kind, a * len(names) + b, True) for a, b in gained]
        expected += [(kind, a * len(names) + b, False) for a, b in lost]
    groups = _Groups(
        names, np.array(kinds, np.uint8), np.array(starts, np.int64), np.array(members, np.int64),
        np.array(now, bool), np.array(then, bool),
    )  # fmt: skip
    new, old = groups.deltas(params)
    found = [(int(k), int(c), True) for k, c in zip(new.kinds, new.codes, strict=True)]
    found += [(int(k), int(c), False) for k, c in zip(old.kinds, old.codes, strict=True)]
    assert sorted(found) == sorted(expected)
