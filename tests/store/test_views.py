"""Kept sentence embeddings (store/views.py): exact, used by later adds, dropped with an old version."""

from pathlib import Path

import numpy as np

from samestory.config import MatchConfig
from samestory.stages.match import ViewTask, view_task
from samestory.store import Store
from samestory.store.views import ViewMapper, load


def test_views_built_from_kept_embeddings_equal_fresh_ones(tmp_path: Path, batches: list[Path]) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:2])
        versions = dict(store.con.execute("SELECT id, version FROM articles WHERE matchable").fetchall())
        kept = load(store.con, versions, "samestory-news-static")
        assert kept, "an add keeps the embeddings of the views it built"
        articles = [a for a in store.iter_articles() if a.id in kept]
    fresh = view_task(ViewTask(articles, MatchConfig()))
    mapper = ViewMapper(lambda fn, tasks: map(fn, tasks), kept)
    [rebuilt] = mapper(view_task, [ViewTask(articles, MatchConfig())])
    assert mapper.new == {} and mapper.timings["views"] >= 0
    for article, a, b in zip(articles, fresh, rebuilt, strict=True):
        assert a.embeddings is not None and b.embeddings is not None
        assert a.embeddings.tobytes() == b.embeddings.tobytes()
        assert a.view(article).sentences == b.view(article).sentences
        assert np.array_equal(a.index.hashes, b.index.hashes)


def test_a_later_add_uses_the_kept_embeddings(tmp_path: Path, batches: list[Path]) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:2])
        before = store.con.execute("SELECT count(*) FROM sentence_embeddings").fetchall()[0][0]
        result = store.add(batches[2:])
        after = store.con.execute("SELECT count(*) FROM sentence_embeddings").fetchall()[0][0]
        assert result.verified > 0 and result.reused_views > 0 and after > before
        assert "verify.views" in result.timings and "verify.pairs" in result.timings
        assert store.check() == []
