"""Corpus statistics in SQL (store/corpus.py) equal merge_counts over the same line rows."""

import dataclasses

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from samestory.config import CleanConfig
from samestory.core.linestats import HEADLINES, LineStats, line_id, merge_counts
from samestory.core.text import key_hash
from samestory.store.add import _insert_deps
from samestory.store.corpus import load_stats, recording, stale_articles
from samestory.store.migrations import migrate


def _random_rows(rng: np.random.Generator, n: int) -> np.ndarray:
    """(line, document, group) rows: repeated rows, lines in one document, lines near the thresholds, lines
    shared by many documents and groups."""
    docs = rng.integers(0, 300, n)
    groups = docs % 7  # a document belongs to one group
    pick = rng.random(n)
    lines = np.where(pick < 0.2, rng.integers(0, 40, n), rng.integers(0, 1 << 40, n))
    lines = np.where(pick > 0.6, rng.integers(100, 1400, n), lines)  # about 2 rows each: near every threshold
    rows = np.stack([lines, docs, groups], axis=1).astype(np.uint64)
    rows[pick > 0.9, 2] = HEADLINES  # headlines: registered apart, from one document on
    return rows


@pytest.mark.parametrize(("min_docs", "template_docs", "template_sources"), [(4, 8, 3), (2, 12, 5), (9, 3, 1)])
def test_load_stats_equals_merge_counts(min_docs: int, template_docs: int, template_sources: int) -> None:
    rows = _random_rows(np.random.default_rng(min_docs), 6000)
    con = duckdb.connect()
    migrate(con, ":memory:")
    columns = {k: rows[:, i] for i, k in enumerate(["line_id", "doc_id", "group_id"])}
    table = pa.table({"article_id": ["a"] * len(rows), **columns})
    con.register("_r", table)
    con.execute("INSERT INTO line_rows SELECT * FROM _r")
    config = dataclasses.replace(
        CleanConfig(), corpus_min_docs=min_docs, template_min_docs=template_docs, template_min_sources=template_sources
    )
    got = load_stats(con, config)
    want = merge_counts([rows], min_docs, template_docs, template_sources)
    assert got.counts == want.counts and got.templates == want.templates and got.source_docs == want.source_docs
    assert got.headlines == want.headlines
    assert got.counts and got.templates and got.headlines


def test_stale_articles_decide_as_the_line_stats_do() -> None:
    """A recorded decision is stale exactly when the statistics now decide otherwise, for a short line, a
    sentence (which needs a share of its source's documents) and a paragraph-sized line, in a source of 100
    documents and one of 10."""
    lines = [
        (g, key, sentence)
        for g in ("big", "small")
        for key, sentence in [("more to come", False), ("he was 77", True), (" ".join(["word"] * 31), True)]
    ]
    sizes = {key_hash("big"): 100, key_hash("small"): 10}

    def stats(n: int) -> LineStats:
        return LineStats({line_id(g, key): n for g, key, _ in lines}, 4, {}, sizes)

    con = duckdb.connect()
    migrate(con, ":memory:")
    before = recording(stats(4))
    decided = [before.is_boilerplate(*line) for line in lines]
    _insert_deps(con, {f"a{i}": [dep] for i, dep in enumerate(before.seen)})
    for n in (2, 4, 6, 25):
        now = stats(n)
        changed = [f"a{i}" for i, line in enumerate(lines) if now.is_boilerplate(*line) != decided[i]]
        assert stale_articles(con, now) == changed, n


def test_stale_articles_know_a_headline_registered_or_gone_since() -> None:
    """An article that asked whether a headline was another document's is cleaned again when the answer
    changes: the document that has it was added, or replaced by a version without it."""
    con = duckdb.connect()
    migrate(con, ":memory:")

    def stats(*ids: int) -> LineStats:
        return LineStats({}, 4, {}, {}, np.array(sorted(ids), dtype=np.uint64).tobytes())

    asked = recording(LineStats())
    assert asked.named([5, 9]) == [False, False]
    said = recording(stats(9))
    assert said.named([9]) == [True]
    _insert_deps(con, {"asked": asked.seen, "said": said.seen})
    assert stale_articles(con, stats()) == ["said"]
    assert stale_articles(con, stats(9)) == ["asked"]
    assert stale_articles(con, stats(5, 9)) == ["asked"]
    assert stale_articles(con, stats(3)) == ["said"]
