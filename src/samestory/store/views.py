"""Sentence embeddings of stored articles, kept in the store so that an add does not compute them again.

Verifying a pair needs both articles' views (:class:`~samestory.core.compare.ArticleView`: sentences,
sentence embeddings, token n-gram index, entities). An add verifies new articles against stored ones, so
without a cache it rebuilt the view of nearly every stored article it paired with, on every add. Of a
view's cost (measured on the bench corpus, about 1 ms an article) embedding the sentences is the larger
part (0.6 ms); the token index, entities and sentence split are cheaper and far larger to store, so only
the embeddings are kept: the exact float32 rows the embedder gave (one row per sentence of
``split_sentences(text)``), so that a view built from them is the view a run builds.

The rest of a view but its token index is kept too (``view_parts``, :class:`Parts`: sentence bounds,
entity keys, quote keys, the text's match key; a few kilobytes an article, mostly the match key): with
them a stored article's view costs only its token index. Measured on 3,000 kept views of the
100,000-article bench store (view tasks and the caller's part, in one process, median of 4): 0.625 ms of
CPU a view from its embeddings alone, 0.289 ms with its parts; with workers, fewer bytes come back too.

Rows are written the first time an article's view is built in an add (an article that is never paired has
none), keyed by article version (and embedder name, for the embeddings); a changed article's rows are
deleted with its old version. The view tasks of ``stages.match.verify_candidates`` are swapped, through
the mapper it is given, for :func:`stored_view_task`, which builds the views with the kept rows
(``matcher.views_from_kept``, the one place that builds them from embeddings alone). Workers forked for
the tasks read the kept rows from this process's memory, and send views built from them back without
them: only what is computed now crosses between processes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from samestory.core.align import AlignParams, SentenceBounds, TextIndex
from samestory.core.columns import Columns
from samestory.core.compare import entity_keys, quote_keys, sentence_terms
from samestory.core.embed import load_embedder
from samestory.core.paraphrase import SentenceTerms
from samestory.core.sentences import split_sentences
from samestory.core.text import match_key
from samestory.records import Article
from samestory.stages.match import Mapper, ViewParts, ViewTask, verify_task, view_task
from samestory.stages.verify import indexes_and_tokens

SCHEMA = pa.schema([("article_id", pa.string()), ("version", pa.string()), ("embedder", pa.string()),
                    ("data", pa.binary())])  # fmt: skip
PARTS_SCHEMA = pa.schema([("article_id", pa.string()), ("version", pa.string()), ("bounds", pa.binary()),
                          ("entities", pa.list_(pa.string())), ("quotes", pa.list_(pa.uint64())),
                          ("text_key", pa.string())])  # fmt: skip


@dataclass(frozen=True, slots=True)
class Parts:
    """What a view holds besides its sentence embeddings and token index, as ``ArticleView.of`` computes it:
    the sentences' bounds (the sentences are spans of the text), entity keys, quote keys, the text's match key."""

    bounds: SentenceBounds
    entities: set[str]
    quotes: set[int]
    text_key: str

    @classmethod
    def of(cls, article: Article) -> Parts:
        text = article.text
        return cls(SentenceBounds.of(split_sentences(text)), entity_keys(text), quote_keys(article), match_key(text))

    @classmethod
    def of_view(cls, view: ViewParts) -> Parts:
        return cls(view.bounds, view.entities, view.quotes, view.text_key)

    def row(self) -> tuple[bytes, list[str], list[int], str]:
        """``bounds`` as little-endian int64 starts then ends; the sets sorted."""
        bounds = np.concatenate([self.bounds.starts, self.bounds.ends]).astype("<i8").tobytes()
        return bounds, sorted(self.entities), sorted(self.quotes), self.text_key

    @classmethod
    def from_row(cls, bounds: bytes, entities: list[str], quotes: list[int], text_key: str) -> Parts:
        starts, ends = np.frombuffer(bounds, "<i8").astype(np.int64).reshape(2, -1)
        lengths = (ends - starts).tolist()
        return cls(SentenceBounds(starts, ends, lengths, sum(lengths)), set(entities), set(quotes), text_key)

    def view(self, embeddings: np.ndarray, index: TextIndex, terms: SentenceTerms | None = None) -> ViewParts:
        return ViewParts(embeddings, index, self.quotes, self.entities, self.text_key, self.bounds, terms)

    def fits(self, embeddings: bytes | None, dim: int) -> bool:
        """Whether ``embeddings`` are kept rows of this view: one row of ``dim`` floats per sentence."""
        return embeddings is not None and len(embeddings) == 4 * dim * len(self.bounds.starts)


#: Kept embeddings and parts of the current add's view tasks, for workers forked while they run (the tasks
#: then carry neither articles nor kept rows, which were pickled to them); cleared once the tasks are back.
_KEPT: dict[str, bytes] = {}
_PARTS: dict[str, Parts] = {}


@dataclass(frozen=True, slots=True)
class StoredViewTask:
    """A view task and, unless the workers share this process's memory (then they read ``_KEPT`` and
    ``_PARTS``), each of its articles' kept sentence embeddings and parts (None: compute them)."""

    view: ViewTask
    embeddings: list[bytes | None] | None = None
    parts: list[Parts | None] | None = None

    def kept(self, articles: list[Article]) -> list[bytes | None]:
        return self.embeddings if self.embeddings is not None else [_KEPT.get(a.id) for a in articles]

    def kept_parts(self, articles: list[Article]) -> list[Parts | None]:
        return self.parts if self.parts is not None else [_PARTS.get(a.id) for a in articles]


@dataclass(frozen=True, slots=True)
class Built:
    """What a view task sends back for one article: the token index alone when the view's embeddings and
    parts are kept (the caller has the rest), else the view's parts and whether its embeddings were kept
    (then the parts come without them). A record, not a union of kinds, so that a task's list of them
    travels as columns (:class:`~samestory.core.columns.Columns`)."""

    index: TextIndex | None = None
    #: With ``index``: the sentences' terms, for the paraphrase score's overlap counts (see
    #: :func:`indexed_parts`).
    terms: SentenceTerms | None = None
    part: ViewParts | None = None
    used: bool = False


def indexed_parts(articles: list[Article], parts: list[Parts]) -> list[tuple[TextIndex, SentenceTerms | None]]:
    """Each article's token index and its sentences' terms (its sentences: its kept parts' bounds), which a
    view built from kept rows needs besides them. Without the terms, the paraphrase score counted each
    sentence pair's word overlap with Python sets, the same counts at far more cost: a third of the CPU an
    add of 10,000 articles to the 100,000-article bench store spent verifying pairs (sampled)."""
    built = indexes_and_tokens([a.text for a in articles], AlignParams().anchor_n)
    return [(index, sentence_terms(tokens, p.bounds)) for (index, tokens), p in zip(built, parts, strict=True)]


def stored_view_task(task: StoredViewTask) -> Columns[Built]:
    """What ``view_task`` would send back, from the kept rows where there are some. A view whose
    embeddings and parts are both kept needs only its token index, which is all that comes back; a view
    built from kept embeddings alone comes back without them, which the caller has (:meth:`ViewMapper.__call__`
    puts them back): about 18 KB an article, some 450 MB each way for the 24,600 kept views of the
    100,000-article bench add."""
    from samestory.store.matcher import views_from_kept  # not at the top: the matcher imports this module

    articles = task.view.members()
    embedder = load_embedder(task.view.config.embedder)
    kept, parts = task.kept(articles), task.kept_parts(articles)
    whole = [k for k, p in enumerate(parts) if p is not None and p.fits(kept[k], embedder.dim)]
    indexed = indexed_parts([articles[k] for k in whole], [p for k in whole if (p := parts[k]) is not None])
    out: dict[int, Built] = {k: Built(index, terms) for k, (index, terms) in zip(whole, indexed, strict=True)}
    rest = [k for k in range(len(articles)) if k not in out]
    built = views_from_kept([articles[k] for k in rest], [kept[k] for k in rest], embedder, terms=True)
    for k, view in zip(rest, built, strict=True):
        data = kept[k]
        used = data is not None and view.embeddings is not None and view.embeddings.nbytes == len(data)
        part = ViewParts.of(view)
        out[k] = Built(part=replace(part, embeddings=None) if used else part, used=used)
    return Columns(out[k] for k in range(len(articles)))


def kept_rows(data: bytes, sentences: int, dim: int) -> np.ndarray:
    """The kept embeddings as the embedder gave them: float32, one row per sentence."""
    return np.frombuffer(data, "<f4").reshape(sentences, dim).astype(np.float32)


def load(con: duckdb.DuckDBPyConnection, versions: dict[str, str], embedder: str) -> dict[str, bytes]:
    """Kept embeddings of these articles at these versions."""
    con.register("_want_views", _wanted(versions))
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


def load_parts(con: duckdb.DuckDBPyConnection, versions: dict[str, str]) -> dict[str, Parts]:
    """Kept view parts of these articles at these versions."""
    con.register("_want_parts", _wanted(versions))
    try:
        found = con.execute(
            "SELECT article_id, bounds, entities, quotes, text_key FROM view_parts WHERE rowid IN ("
            "SELECT p.rowid FROM view_parts p JOIN _want_parts w ON p.article_id = w.id AND p.version = w.version)"
        ).fetchall()
    finally:
        con.unregister("_want_parts")
    return {i: Parts.from_row(*rest) for i, *rest in found}


def _wanted(versions: dict[str, str]) -> pa.Table:
    keys = sorted(versions)
    return pa.table({"id": pa.array(keys, pa.string()), "version": pa.array([versions[k] for k in keys], pa.string())})


@dataclass
class ViewMapper:
    """Wraps an add's mapper: view tasks use and collect kept embeddings and parts; both kinds of task are
    timed."""

    mapper: Mapper
    kept: dict[str, bytes]
    parts: dict[str, Parts] = field(default_factory=dict)
    new: dict[str, bytes] = field(default_factory=dict)
    new_parts: dict[str, Parts] = field(default_factory=dict)
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
        _PARTS.update(self.parts if shared else {})
        try:
            done = list(self.mapper(stored_view_task, [self._task(t, shared) for t in tasks]))
        finally:
            _KEPT.clear()
            _PARTS.clear()
        dim = load_embedder(tasks[0].config.embedder).dim if tasks else 0
        return [
            [self._part(a, b, dim) for a, b in zip(t.members(), d, strict=True)]
            for t, d in zip(tasks, done, strict=True)
        ]

    def _part(self, article: Article, built: Built, dim: int) -> ViewParts:
        """The view's parts with its kept rows put back; new embeddings and parts noted (to keep)."""
        if built.part is None:
            assert built.index is not None
            parts = self.parts[article.id]
            return parts.view(kept_rows(self.kept[article.id], len(parts.bounds.starts), dim), built.index, built.terms)
        part, used = built.part, built.used
        if article.id not in self.parts:
            self.new_parts[article.id] = Parts.of_view(part)
        if used:
            return replace(part, embeddings=kept_rows(self.kept[article.id], len(part.bounds.starts), dim))
        if article.id not in self.kept and part.embeddings is not None:
            self.new[article.id] = np.asarray(part.embeddings, "<f4").tobytes()
        return part

    def _task(self, task: ViewTask, shared: bool) -> StoredViewTask:
        if shared:
            return StoredViewTask(task)
        articles = task.members()
        return StoredViewTask(task, [self.kept.get(a.id) for a in articles], [self.parts.get(a.id) for a in articles])


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


def save_parts(con: duckdb.DuckDBPyConnection, new: dict[str, Parts], versions: dict[str, str]) -> None:
    if not new:
        return
    ids = sorted(new)
    rows = [new[i].row() for i in ids]
    columns = [ids, [versions[i] for i in ids], *(list(c) for c in zip(*rows, strict=True))]
    table = pa.table([pa.array(c, f.type) for c, f in zip(columns, PARTS_SCHEMA, strict=True)], schema=PARTS_SCHEMA)
    con.register("_new_parts", table)
    try:
        con.execute("INSERT INTO view_parts SELECT * FROM _new_parts")
    finally:
        con.unregister("_new_parts")


def fill_parts(con: duckdb.DuckDBPyConnection, chunk: int = 5000) -> None:
    """Migration 5: the parts of every view whose embeddings a store kept before parts were kept too, so
    that the first add after it reads them as later adds will: once, about 0.4 ms of CPU an article (7 s for
    the 19,155 kept views of a 20,000-article bench store)."""
    import json

    found = con.execute(
        "SELECT DISTINCT a.id, a.version FROM articles a JOIN sentence_embeddings s "
        "ON s.article_id = a.id AND s.version = a.version ORDER BY a.id"
    ).fetchall()
    for start in range(0, len(found), chunk):  # bounded memory on a large store
        versions = dict(found[start : start + chunk])
        con.register("_fill_parts_ids", _wanted(versions))
        try:
            rows = con.execute(
                "SELECT a.id, a.data FROM articles a JOIN _fill_parts_ids w ON a.id = w.id AND a.version = w.version"
            ).fetchall()
        finally:
            con.unregister("_fill_parts_ids")
        save_parts(con, {i: Parts.of(Article.from_dict(json.loads(data))) for i, data in rows}, versions)
