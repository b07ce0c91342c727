"""Sentence embeddings of stored articles, kept in the store so that an add does not compute them again.

Verifying a pair needs both articles' views (:class:`~samestory.core.compare.ArticleView`: sentences,
sentence embeddings, token n-gram index, entities). An add verifies new articles against stored ones, so
without a cache it rebuilt the view of nearly every stored article it paired with, on every add. Of a
view's cost (measured on the bench corpus, about 1 ms an article) embedding the sentences is the larger
part (0.6 ms); the token index, entities and sentence split are cheaper and far larger to store, so only
the embeddings are kept: the exact float32 rows the embedder gave (one row per sentence of
``split_sentences(text)``), so that a view built from them is the view a run builds.

Rows are written the first time an article's view is built in an add (an article that is never paired has
none), keyed by article version and embedder name; a changed article's row is deleted with its old
version. The view tasks of ``stages.match.verify_candidates`` are swapped, through the mapper it is given,
for :func:`stored_view_task`, which builds the views with the kept rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from samestory.config import MatchConfig
from samestory.core.align import AlignParams
from samestory.core.compare import ArticleView
from samestory.core.embed import load_embedder
from samestory.core.sentences import split_sentences
from samestory.records import Article
from samestory.stages.match import Mapper, ViewParts, ViewTask, verify_task, view_task
from samestory.stages.verify import article_views, text_indexes

SCHEMA = pa.schema([("article_id", pa.string()), ("version", pa.string()), ("embedder", pa.string()),
                    ("data", pa.binary())])  # fmt: skip


@dataclass(frozen=True, slots=True)
class StoredViewTask:
    """A view task with each article's kept sentence embeddings (None: compute them)."""

    articles: list[Article]
    config: MatchConfig
    embeddings: list[bytes | None]


def stored_view_task(task: StoredViewTask) -> list[ViewParts]:
    """What ``view_task`` would send back, from the kept embeddings where there are some."""
    embedder = load_embedder(task.config.embedder)
    missing = [a for a, e in zip(task.articles, task.embeddings, strict=True) if e is None]
    built = iter(article_views(missing, embedder))
    kept = [a for a, e in zip(task.articles, task.embeddings, strict=True) if e is not None]
    indexes = iter(text_indexes([a.text for a in kept], AlignParams().anchor_n))  # together: twice as fast
    out = []
    for article, data in zip(task.articles, task.embeddings, strict=True):
        if data is None:
            out.append(next(built))
            continue
        sentences = split_sentences(article.text)
        rows = np.frombuffer(data, "<f4").reshape(len(sentences), embedder.dim).astype(np.float32)
        out.append(ArticleView.of(article, rows, sentences=sentences, index=next(indexes)))
    return [ViewParts.of(v) for v in out]


def load(con: duckdb.DuckDBPyConnection, versions: dict[str, str], embedder: str) -> dict[str, bytes]:
    """Kept embeddings of these articles at these versions."""
    keys = sorted(versions)
    table = pa.table({"id": pa.array(keys, pa.string()), "version": pa.array([versions[k] for k in keys], pa.string())})
    con.register("_want_views", table)
    try:
        found = con.execute(
            "SELECT s.article_id, s.data FROM sentence_embeddings s JOIN _want_views w "
            "ON s.article_id = w.id AND s.version = w.version WHERE s.embedder = ?",
            [embedder],
        ).fetchall()
    finally:
        con.unregister("_want_views")
    return dict(found)


@dataclass
class ViewMapper:
    """Wraps an add's mapper: view tasks use and collect kept embeddings; both kinds of task are timed."""

    mapper: Mapper
    kept: dict[str, bytes]
    new: dict[str, bytes] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def __call__(self, fn: Callable[[Any], Any], tasks: list[Any]) -> Iterable[Any]:
        start = time.perf_counter()
        if fn is view_task:
            out = list(self.mapper(stored_view_task, [self._task(t) for t in tasks]))
            for task, parts in zip(tasks, out, strict=True):
                for article, part in zip(task.members(), parts, strict=True):
                    if article.id not in self.kept and part.embeddings is not None:
                        self.new[article.id] = np.asarray(part.embeddings, "<f4").tobytes()
            name = "views"
        else:
            out = list(self.mapper(fn, tasks))
            name = "pairs" if fn is verify_task else getattr(fn, "__name__", "other")
        self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 3)
        return out

    def _task(self, task: ViewTask) -> StoredViewTask:
        articles = task.members()  # the articles themselves: the mapper may run it in another process
        return StoredViewTask(articles, task.config, [self.kept.get(a.id) for a in articles])


def save(con: duckdb.DuckDBPyConnection, new: dict[str, bytes], versions: dict[str, str], embedder: str) -> None:
    if not new:
        return
    ids = sorted(new)
    table = pa.table(
        [pa.array(ids), pa.array([versions[i] for i in ids]), pa.array([embedder] * len(ids)),
         pa.array([new[i] for i in ids], pa.binary())],
        schema=SCHEMA,
    )  # fmt: skip
    con.register("_new_views", table)
    try:
        con.execute("INSERT INTO sentence_embeddings SELECT * FROM _new_views")
    finally:
        con.unregister("_new_views")
