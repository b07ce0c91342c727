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
for :func:`stored_view_task`, which builds the views with the kept rows (``matcher.views_from_kept``, the
one place that does). Workers forked for the tasks read the kept rows from this process's memory, and
send views built from them back without them: only embeddings computed now cross between processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from samestory.core.embed import load_embedder
from samestory.records import Article
from samestory.stages.match import Mapper, ViewParts, ViewTask, verify_task, view_task

SCHEMA = pa.schema([("article_id", pa.string()), ("version", pa.string()), ("embedder", pa.string()),
                    ("data", pa.binary())])  # fmt: skip


#: Kept embeddings of the current add's view tasks, for workers forked while they run (the tasks then
#: carry neither articles nor embeddings, which were pickled to them); cleared once the tasks are back.
_KEPT: dict[str, bytes] = {}


@dataclass(frozen=True, slots=True)
class StoredViewTask:
    """A view task and, unless the workers share this process's memory (then they read ``_KEPT``), each
    of its articles' kept sentence embeddings (None: compute them)."""

    view: ViewTask
    embeddings: list[bytes | None] | None = None

    def kept(self, articles: list[Article]) -> list[bytes | None]:
        return self.embeddings if self.embeddings is not None else [_KEPT.get(a.id) for a in articles]


def stored_view_task(task: StoredViewTask) -> list[tuple[ViewParts, bool]]:
    """What ``view_task`` would send back, from the kept embeddings where there are some; with each view,
    whether it was built from kept rows. Those come back without their embeddings, which the caller has
    (:meth:`ViewMapper.__call__` puts them back): about 18 KB an article, some 450 MB each way for the
    24,600 kept views of the 100,000-article bench add."""
    from samestory.store.matcher import views_from_kept  # not at the top: the matcher imports this module

    articles = task.view.members()
    kept = task.kept(articles)
    out = []
    for view, data in zip(views_from_kept(articles, kept, load_embedder(task.view.config.embedder)), kept, strict=True):
        used = data is not None and view.embeddings is not None and view.embeddings.nbytes == len(data)
        parts = ViewParts.of(view)
        out.append((replace(parts, embeddings=None) if used else parts, used))
    return out


def kept_rows(data: bytes, sentences: int, dim: int) -> np.ndarray:
    """The kept embeddings as the embedder gave them: float32, one row per sentence."""
    return np.frombuffer(data, "<f4").reshape(sentences, dim).astype(np.float32)


def load(con: duckdb.DuckDBPyConnection, versions: dict[str, str], embedder: str) -> dict[str, bytes]:
    """Kept embeddings of these articles at these versions."""
    keys = sorted(versions)
    table = pa.table({"id": pa.array(keys, pa.string()), "version": pa.array([versions[k] for k in keys], pa.string())})
    con.register("_want_views", table)
    try:
        # Rows found on the narrow columns first, then only their data read: joined directly, every row's
        # data was read (1.7 GB at 100,000 articles, of which an add wants a quarter): 4.9 s against 2.7 s.
        found = con.execute(
            "SELECT article_id, data FROM sentence_embeddings WHERE rowid IN ("
            "SELECT s.rowid FROM sentence_embeddings s JOIN _want_views w "
            "ON s.article_id = w.id AND s.version = w.version WHERE s.embedder = ?)",
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
            out = self._views(tasks)
            name = "views"
        else:
            out = list(self.mapper(fn, tasks))
            name = "pairs" if fn is verify_task else getattr(fn, "__name__", "other")
        self.timings[name] = round(self.timings.get(name, 0.0) + time.perf_counter() - start, 3)
        return out

    def _views(self, tasks: list[ViewTask]) -> list[list[ViewParts]]:
        """What ``view_task`` gives for ``tasks``. Tasks that carry no articles run in workers forked from
        this process: they read the kept embeddings from ``_KEPT`` too, instead of receiving them."""
        shared = all(not t.articles for t in tasks)
        _KEPT.update(self.kept if shared else {})
        try:
            done = list(self.mapper(stored_view_task, [self._task(t, shared) for t in tasks]))
        finally:
            _KEPT.clear()
        dim = load_embedder(tasks[0].config.embedder).dim if tasks else 0
        return [
            [self._part(a, p, used, dim) for a, (p, used) in zip(t.members(), d, strict=True)]
            for t, d in zip(tasks, done, strict=True)
        ]

    def _part(self, article: Article, part: ViewParts, used: bool, dim: int) -> ViewParts:
        """The view's parts with its kept embeddings put back; new embeddings noted (to keep)."""
        if used:
            return replace(part, embeddings=kept_rows(self.kept[article.id], len(part.bounds.starts), dim))
        if article.id not in self.kept and part.embeddings is not None:
            self.new[article.id] = np.asarray(part.embeddings, "<f4").tobytes()
        return part

    def _task(self, task: ViewTask, shared: bool) -> StoredViewTask:
        if shared:
            return StoredViewTask(task)
        articles = task.members()
        return StoredViewTask(task, [self.kept.get(a.id) for a in articles])


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
