"""Kept sentence embeddings (store/views.py): exact, used by later adds, dropped with an old version."""

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from samestory.config import MatchConfig
from samestory.core.compare import ArticleView
from samestory.core.embed import Embedder
from samestory.records import Article
from samestory.stages.match import ViewTask, view_task
from samestory.store import Store
from samestory.store.views import Parts, ViewMapper, load, load_parts


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


def test_preloaded_views_come_from_kept_embeddings_and_match_the_same(
    tmp_path: Path, batches: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The matcher's preload embeds only the articles without kept rows, builds the same views as from
    scratch, and a preloaded matcher answers as one that builds every view on demand."""
    from samestory.stages import verify
    from samestory.store import matcher as matcher_module

    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches)
        versions = dict(store.con.execute("SELECT id, version FROM articles WHERE matchable").fetchall())
        dropped = sorted(versions)[1::4]  # as if never verified: no kept rows
        store.con.execute("DELETE FROM sentence_embeddings WHERE list_contains(?, article_id)", [dropped])
        kept = load(store.con, versions, "samestory-news-static")
        assert kept and set(kept) == set(versions) - set(dropped)
        embedded: list[str] = []

        def counting(articles: list[Article], embedder: Embedder) -> list[ArticleView]:
            embedded.extend(a.id for a in articles)
            return verify.article_views(articles, embedder)

        preloaded = store.matcher()
        with monkeypatch.context() as patch:
            patch.setattr(matcher_module, "article_views", counting)
            assert preloaded.preload() == len(versions)
        assert sorted(embedded) == sorted(set(versions) - set(kept))
        fresh = dict(
            zip(versions, verify.article_views(store.articles(list(versions)), preloaded.embedder), strict=True)
        )
        for article_id, view in preloaded.views.items():
            again = fresh[article_id]
            assert view.embeddings is not None and again.embeddings is not None
            assert view.embeddings.tobytes() == again.embeddings.tobytes()
            assert view.sentences == again.sentences and view.article == again.article
            assert np.array_equal(view.index.hashes, again.index.hashes)
        on_demand = store.matcher()
        queries = [replace(a, id=f"query/{a.id}") for a in store.articles(sorted(versions)[::3])]
        answers = [on_demand.match(q, include_unrelated=True) for q in queries]
        assert any(answers)
        assert [preloaded.match(q, include_unrelated=True) for q in queries] == answers


def test_forked_view_tasks_read_kept_embeddings_in_place_and_give_the_same_views(
    tmp_path: Path, batches: list[Path]
) -> None:
    """Tasks that carry offsets (workers forked from the add) get neither articles nor embeddings pickled;
    the views that come back, their kept embeddings put back, equal views built from scratch."""
    from samestory.stages.match import _PAIRED, _shared
    from samestory.store import views

    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:2])
        versions = dict(store.con.execute("SELECT id, version FROM articles WHERE matchable").fetchall())
        kept = dict(sorted(load(store.con, versions, "samestory-news-static").items())[::2])  # half never kept
        articles = [a for a in store.iter_articles() if a.matchable]
    assert 0 < len(kept) < len(articles)
    fresh = view_task(ViewTask(articles, MatchConfig()))
    mapper = ViewMapper(lambda fn, tasks: map(fn, tasks), kept)
    with _shared(_PAIRED, articles):
        [rebuilt] = mapper(view_task, [ViewTask([], MatchConfig(), 0, len(articles))])
    assert views._KEPT == {}, "cleared once the tasks are back"
    assert set(mapper.new) == {a.id for a in articles} - kept.keys()
    for article, a, b in zip(articles, fresh, rebuilt, strict=True):
        assert a.embeddings is not None and b.embeddings is not None
        assert a.embeddings.dtype == b.embeddings.dtype and a.embeddings.tobytes() == b.embeddings.tobytes()
        assert a.embeddings.shape == b.embeddings.shape
        assert a.view(article).sentences == b.view(article).sentences
        assert a.entities == b.entities and a.text_key == b.text_key


def test_views_built_from_kept_parts_equal_fresh_ones(tmp_path: Path, batches: list[Path]) -> None:
    """With the embeddings and the parts kept, a view task computes only the token index; the view equals
    one built from scratch, field by field."""
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:2])
        versions = dict(store.con.execute("SELECT id, version FROM articles WHERE matchable").fetchall())
        kept, parts = load(store.con, versions, "samestory-news-static"), load_parts(store.con, versions)
        assert parts and set(parts) == set(kept), "an add keeps the parts of the views whose embeddings it keeps"
        articles = [a for a in store.iter_articles() if a.id in kept]
    fresh = view_task(ViewTask(articles, MatchConfig()))
    mapper = ViewMapper(lambda fn, tasks: map(fn, tasks), kept, parts)
    [rebuilt] = mapper(view_task, [ViewTask(articles, MatchConfig())])
    assert mapper.new == {} and mapper.new_parts == {}
    for article, a, b in zip(articles, fresh, rebuilt, strict=True):
        assert Parts.of(article).row() == Parts.of_view(a).row() == Parts.of_view(b).row()
        assert a.embeddings is not None and b.embeddings is not None
        assert a.embeddings.tobytes() == b.embeddings.tobytes()
        assert a.view(article).sentences == b.view(article).sentences
        for name in ("starts", "ends", "hashes", "distinct", "order"):
            assert np.array_equal(getattr(a.index, name), getattr(b.index, name))
        assert a.bounds.lengths == b.bounds.lengths and a.bounds.total == b.bounds.total
        assert np.array_equal(a.bounds.starts, b.bounds.starts) and np.array_equal(a.bounds.ends, b.bounds.ends)


def test_the_migration_fills_the_parts_of_a_store_made_before_them(tmp_path: Path, batches: list[Path]) -> None:
    """A store of schema version 4 kept embeddings without parts: the migration computes the parts of
    every kept view, as the adds would have kept them, and the next add gives what it gives without."""
    from samestory.store.export import export

    paths = {name: tmp_path / f"{name}.duckdb" for name in ("old", "new")}
    expected = []
    for name, path in paths.items():
        with Store.open(path) as store:
            store.add(batches[:2])
            expected = sorted(store.con.execute("SELECT * FROM view_parts").fetchall())
            if name == "old":
                store.con.execute("DROP TABLE view_parts")
                store.con.execute("DELETE FROM schema_migrations WHERE version > 4")
    with Store.open(paths["old"]) as store:
        assert sorted(store.con.execute("SELECT * FROM view_parts").fetchall()) == expected
    for name, path in paths.items():
        with Store.open(path) as store:
            store.add(batches[2:])
            assert store.check() == []
            export(store, tmp_path / name, "jsonl")
    for table in ("articles", "pairs", "stories"):
        assert (tmp_path / "old" / f"{table}.jsonl").read_bytes() == (tmp_path / "new" / f"{table}.jsonl").read_bytes()
