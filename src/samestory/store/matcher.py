"""Match one new article against the store without storing it (``POST /api/match``).

:meth:`Matcher.build` loads every stored fingerprint once into in-memory indexes: LSH band keys (sorted,
one row per band), quote keys, the rare-n-gram postings (sorted hashes and their owners) and the lead
matrix with each stored article's neighbour list. :meth:`Matcher.match` applies a run's candidate rules to
the one article (a bucket over ``max_bucket`` links only id neighbours; an n-gram is rare if the store
plus the article hold it at most ``ngram_max_df`` times; the article's ``k`` nearest leads, and the stored
articles whose neighbour lists it would enter) and verifies only those candidates. On a large store the
leads that can reach ``min_lead_cosine`` are picked first by an exact bound from a smaller product
(:class:`~samestory.store.knn.LeadFilter`), so a query does not read every stored lead in full.

Verification needs each candidate's article and its view (sentences, embeddings, n-gram index). A matcher
keeps the views it built in a bounded LRU shared by every query (``view_cache`` of them; an article in
many stories is verified against often), and reads the others by id through the ``articles_id`` index,
only ``id`` and ``data``. :meth:`Matcher.preload` builds every stored view at once, from the sentence
embeddings the store kept (:mod:`samestory.store.views`), so that a query reads nothing. It is safe to
query from several threads at once: each thread reads the store through a cursor of its own (a DuckDB
connection is not thread-safe; cursors are), and the LRU is read and updated under a short lock, never
held while verifying.
"""

from __future__ import annotations

import bisect
import json
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np

from samestory.config import Config
from samestory.core.align import AlignParams, TextIndex
from samestory.core.compare import ArticleView
from samestory.core.embed import Embedder, load_embedder
from samestory.core.lsh import band_hashes, resolve_params
from samestory.core.minhash import EMPTY, MinHasher
from samestory.core.paraphrase import SentenceTerms
from samestory.core.sentences import split_sentences
from samestory.records import Article, Candidate, Fingerprint, Pair
from samestory.stages.candidates import CandidateParams
from samestory.stages.fingerprint import fingerprint
from samestory.stages.match import align_params, candidate_params, relation_params
from samestory.stages.verify import Verifier, article_views, indexes_and_tokens, text_indexes, view_key
from samestory.store.add import load_fingerprints
from samestory.store.knn import FILTER_MIN_ROWS, LeadFilter, best
from samestory.store.views import Parts, indexed_parts

if TYPE_CHECKING:
    from samestory.store.store import Store

#: Views of stored articles a matcher keeps between queries (each a few tens of kilobytes).
VIEW_CACHE = 8192


@dataclass
class Matcher:
    """An index over a store's fingerprints; build once (:meth:`Store.matcher`), query many times.

    >>> import tempfile, pathlib
    >>> from samestory import clean_text
    >>> from samestory.store import Store
    >>> with tempfile.TemporaryDirectory() as tmp, Store.open(pathlib.Path(tmp, "s.duckdb")) as store:
    ...     _ = store.add(["examples/seeds/000_d4a47ec4de73bb3b.txt"])
    ...     copy = clean_text(pathlib.Path("examples/seeds/001_fdedb239be57391e.txt").read_text(), id="new")
    ...     [(p.relation, p.a) for p in store.matcher().match(copy)]
    [('rewrite', 'new')]
    """

    store: Store
    config: Config
    embedder: Embedder
    fps: list[Fingerprint]
    bands: tuple[int, int]
    band_keys: np.ndarray  # (articles, bands) uint64, rows of live signatures
    band_order: np.ndarray  # (bands, articles): per band, the row order sorting that band's keys
    band_sorted: np.ndarray  # (bands, articles): per band, the sorted keys (contiguous rows to search)
    band_rows: np.ndarray  # live row -> index into fps
    quotes: dict[int, list[str]]
    ngram_keys: np.ndarray
    ngram_starts: np.ndarray
    ngram_owners: np.ndarray
    leads: np.ndarray
    lists: dict[str, list[tuple[float, str]]]
    #: Views of stored articles kept between queries (least recently used dropped first).
    view_cache: int = VIEW_CACHE
    views: OrderedDict[str, ArticleView] = field(default_factory=OrderedDict)
    by_id: dict[str, Fingerprint] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _local: threading.local = field(default_factory=threading.local)
    #: The signatures' hasher, built once: its probe table (a sort of num_perm^2 keys) cost about 0.5 ms of
    #: CPU a query when :func:`fingerprint` made a new one each time. The default one, as a run's.
    _hasher: MinHasher = field(default_factory=MinHasher)

    def __post_init__(self) -> None:
        self.by_id = {f.id: f for f in self.fps}
        k = candidate_params(self.config.match).neighbours
        # Per stored row: its neighbour list's last entry when the list is full (else -inf, ""), to decide
        # with arrays which lists a new article would enter.
        self._ids = np.array([f.id for f in self.fps], dtype=object)
        self._sorted_ids = [f.id for f in self.fps]  # sorted (load_fingerprints sorts by id)
        last = [self.lists.get(f.id, []) for f in self.fps]
        self._last_sim = np.array([r[-1][0] if len(r) >= k else -np.inf for r in last], np.float64)
        self._last_id = [r[-1][1] if len(r) >= k else "" for r in last]
        # On a large store, a cheaper product first picks the rows that can reach min_lead_cosine.
        self._lead_filter = LeadFilter.build(self.leads) if len(self.leads) >= FILTER_MIN_ROWS else None

    @classmethod
    def build(cls, store: Store, config: Config) -> Matcher:
        p = candidate_params(config.match)
        fps = load_fingerprints(store.con)
        sigs = np.stack([f.signature for f in fps]) if fps else np.zeros((0, 128), np.uint32)
        b, r = resolve_params(p.minhash_threshold, sigs.shape[1], None, None)
        live = np.flatnonzero(~(sigs == EMPTY).all(axis=1)) if fps else np.zeros(0, np.int64)
        keys = band_hashes(sigs[live], b, r) if len(live) else np.zeros((0, b), np.uint64)
        order = np.ascontiguousarray(np.argsort(keys, axis=0, kind="stable").T)
        ordered = np.ascontiguousarray(np.take_along_axis(keys.T, order, axis=1))
        quotes: dict[int, list[str]] = defaultdict(list)
        for f in fps:
            for q in f.quotes:
                quotes[q].append(f.id)
        ngrams = np.concatenate([f.ngrams for f in fps]) if fps else np.zeros(0, np.uint64)
        owners = np.repeat(np.arange(len(fps)), [len(f.ngrams) for f in fps]).astype(np.int32)
        by_hash = np.argsort(ngrams, kind="stable")
        ngrams, owners = ngrams[by_hash], owners[by_hash]
        uniq, starts = np.unique(ngrams, return_index=True)
        lists: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for row, nb, sim in store.con.execute("SELECT article_id, neighbour, sim FROM neighbours").fetchall():
            lists[row].append((sim, nb))
        leads = np.stack([f.lead for f in fps]).astype(np.float32) if fps else np.zeros((0, 1), np.float32)
        return cls(
            store, config, load_embedder(config.match.embedder), fps, (b, r), keys, order,
            ordered, live, dict(quotes), uniq, np.r_[starts, len(ngrams)], owners,
            leads, {k: best(v, p.neighbours) for k, v in lists.items()},
        )  # fmt: skip

    def match(self, article: Article, *, include_unrelated: bool = False) -> list[Pair]:
        """Relations of ``article`` to stored articles (most similar first); nothing is stored."""
        if not article.matchable or not self.fps:
            return []
        fp = fingerprint([article], self.embedder, self._hasher)[0]
        candidates = self.candidates(fp)
        pairs = self._verify(article, fp, candidates)
        kept = [p for p in pairs if include_unrelated or p.relation != "unrelated"]
        return sorted(kept, key=lambda p: (-p.similarity, p.a, p.b))

    def candidates(self, fp: Fingerprint) -> list[Candidate]:
        """The stored articles a run would pair with ``fp``, and the generators that propose each."""
        p = candidate_params(self.config.match)
        found: dict[str, set[str]] = defaultdict(set)
        for name, ids in (
            ("minhash", self._minhash(fp, p)), ("quote", self._quotes(fp, p)),
            ("ngram", self._ngrams(fp, p)), ("embedding", self._embedding(fp, p)),
        ):  # fmt: skip
            for other in ids:
                if other != fp.id:
                    found[other].add(name)
        out = []
        for other, names in sorted(found.items()):
            a, b = sorted((fp.id, other))
            out.append(Candidate(a, b, tuple(sorted(names))))
        return out

    def _bucket(self, query: str, members: Sequence[str], max_bucket: int) -> list[str]:
        bucket = sorted({*members, query})
        if len(bucket) <= max_bucket:
            return bucket
        at = bisect.bisect_left(bucket, query)  # a chain: only the id neighbours
        return bucket[max(0, at - 1) : at + 2]

    def _minhash(self, fp: Fingerprint, p: CandidateParams) -> set[str]:
        if (fp.signature == EMPTY).all() or not len(self.band_rows):
            return set()
        keys = band_hashes(fp.signature[None, :], *self.bands)[0]
        rank = bisect.bisect_left(self._sorted_ids, fp.id)  # stored ids before the query's
        out: set[str] = {fp.id}
        for band in range(len(keys)):
            # The key as a uint64 array: a Python int made numpy cast the whole column first (a pass over
            # the store per band and query).
            column, key = self.band_sorted[band], keys[band : band + 1]
            lo, hi = int(column.searchsorted(key, "left")[0]), int(column.searchsorted(key, "right")[0])
            # Rows of one key are in row order (a stable sort of live rows), which is id order (fps are
            # sorted by id): a bucket over max_bucket needs only the query's id neighbours, found by
            # bisection instead of sorting the bucket (large buckets grow with the store).
            rows = self.band_rows[self.band_order[band, lo:hi]]
            at = int(np.searchsorted(rows, rank))  # members with an id below the query's
            stored = at < len(rows) and int(rows[at]) == rank and self.fps[rank].id == fp.id
            if len(rows) + (not stored) <= p.max_bucket:
                out.update(self.fps[i].id for i in rows.tolist())
                continue
            if at > 0:
                out.add(self.fps[int(rows[at - 1])].id)
            after = at + 1 if stored else at
            if after < len(rows):
                out.add(self.fps[int(rows[after])].id)
        return out

    def _quotes(self, fp: Fingerprint, p: CandidateParams) -> set[str]:
        out: set[str] = set()
        for key in fp.quotes:
            if key in self.quotes:
                out.update(self._bucket(fp.id, self.quotes[key], p.max_bucket))
        return out

    def _ngrams(self, fp: Fingerprint, p: CandidateParams) -> set[str]:
        query = np.asarray(fp.ngrams, np.uint64)
        at = np.searchsorted(self.ngram_keys, query)
        inside = at < len(self.ngram_keys)
        hit = at[inside][self.ngram_keys[at[inside]] == query[inside]]
        starts, ends = self.ngram_starts[hit], self.ngram_starts[hit + 1]
        rare = ends - starts + 1 <= p.ngram_max_df  # with the query's own occurrence
        starts, sizes = starts[rare], (ends - starts)[rare]
        if not len(sizes):
            return set()
        # Every posting of each rare hit at once, each owner once per hit (as one set per hit would).
        hit_of = np.repeat(np.arange(len(sizes)), sizes)
        at = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes) + np.repeat(starts, sizes)
        pairs = np.unique(hit_of.astype(np.int64) * len(self.fps) + self.ngram_owners[at])
        owners, counts = np.unique(pairs % len(self.fps), return_counts=True)
        return {self.fps[i].id for i in owners[counts >= p.ngram_min_shared].tolist()}

    def _embedding(self, fp: Fingerprint, p: CandidateParams) -> set[str]:
        query = np.asarray(fp.lead, np.float32)
        if self._lead_filter is None:
            rows = np.arange(len(self.leads))
            sims = self.leads @ query
        else:
            rows = self._lead_filter.rows(query, p.min_lead_cosine)
            sims = self.leads[rows] @ query
        close = np.flatnonzero(sims >= p.min_lead_cosine)
        other = self._ids[rows[close]] != fp.id
        rows, close = rows[close[other]], close[other]
        if not len(rows):
            return set()
        near = sims[close].astype(np.float64)  # the float each row's stored list holds (float32 values)
        # Its k nearest: every row at least as close as the k-th closest, ties at the k-th then by id.
        kth = (
            np.partition(near, len(near) - p.neighbours)[len(near) - p.neighbours]
            if len(near) > p.neighbours
            else -np.inf
        )
        top = near >= kth
        out = {
            x for _, x in best(list(zip(near[top].tolist(), self._ids[rows[top]].tolist(), strict=True)), p.neighbours)
        }
        # Stored articles whose neighbour list the new article would enter: a list not yet full, or one whose
        # last entry it beats (closer, or as close with a smaller id).
        last = self._last_sim[rows]
        enters = near > last
        for i in np.flatnonzero(near == last).tolist():
            enters[i] = fp.id < self._last_id[int(rows[i])]
        out.update(self._ids[rows[enters]].tolist())
        return out

    def _verify(self, article: Article, fp: Fingerprint, candidates: list[Candidate]) -> list[Pair]:
        if not candidates:
            return []
        others = sorted({c.b if c.a == fp.id else c.a for c in candidates})
        with self._lock:
            cached = {i: self.views[i] for i in others if i in self.views}
        articles: dict[str, Article] = {i: v.article for i, v in cached.items()}
        articles.update(self._read_articles([i for i in others if i not in cached]))
        articles[article.id] = article
        name = self.embedder.name
        views = OrderedDict((view_key(v.article, name), v) for v in cached.values())
        fps: dict[str, Any] = {**{i: self.by_id[i] for i in others}, fp.id: fp}
        m = self.config.match
        verifier = Verifier(
            articles, fps, self.embedder, align_params(m), relation_params(m), cache_size=len(articles) + 1,
            views=views,
        )  # fmt: skip
        pairs = list(verifier.verify_all(candidates))
        stored = set(others)
        self._keep({key[0]: v for key, v in views.items() if key[0] in stored})
        return pairs

    def preload(self, chunk: int = 512) -> int:
        """Build and keep the view of every stored matchable article now, so that a query only verifies.

        Views are most of a query's time (a query meets tens of stored articles, and a view is sentences,
        their embeddings and a token index). The sentence embeddings that ``samestory add`` kept
        (:mod:`samestory.store.views`) are used as they are, so only articles that were never verified are
        embedded here; the rest of a view (sentence split, token index, keys) is built from the text. The
        store is read in one pass, ``chunk`` articles at a time. Returns the number of views kept.
        """
        with self._lock:
            self.view_cache = max(self.view_cache, len(self.fps))
        cur = self.store.con.cursor()  # a pass of its own: queries may use this thread's cursor meanwhile
        try:
            cur.execute(
                "SELECT a.id, a.data, s.data, p.bounds, p.entities, p.quotes, p.text_key FROM articles a "
                "LEFT JOIN sentence_embeddings s ON s.article_id = a.id AND s.version = a.version AND s.embedder = ? "
                "LEFT JOIN view_parts p ON p.article_id = a.id AND p.version = a.version WHERE a.matchable",
                [self.embedder.name],
            )
            while rows := cur.fetchmany(chunk):
                wanted = [r for r in rows if r[0] in self.by_id]
                articles = [Article.from_dict(json.loads(r[1])) for r in wanted]
                parts = [None if r[3] is None else Parts.from_row(*r[3:]) for r in wanted]
                built = views_from_kept(articles, [r[2] for r in wanted], self.embedder, parts)
                self._keep({a.id: v for a, v in zip(articles, built, strict=True)})
        finally:
            cur.close()
        return len(self.views)

    def _keep(self, views: dict[str, ArticleView]) -> None:
        """Remember the views of stored articles a query used (most recent last)."""
        with self._lock:
            for article_id, view in views.items():
                self.views[article_id] = view
                self.views.move_to_end(article_id)
            while len(self.views) > self.view_cache:
                self.views.popitem(last=False)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the store (created on first use)."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None or self._local.con is not self.store.con:  # first use, or the store was reopened
            cur = self._local.cursor = self.store.con.cursor()
            self._local.con = self.store.con
        return cur

    def _read_articles(self, ids: list[str]) -> dict[str, Article]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))  # a list of constants: DuckDB looks each up in the index
        found = self.cursor().execute(f"SELECT id, data FROM articles WHERE id IN ({marks})", ids).fetchall()
        return {i: Article.from_dict(json.loads(data)) for i, data in found}


def views_from_kept(
    articles: Sequence[Article], kept: Sequence[bytes | None], embedder: Embedder,
    parts: Sequence[Parts | None] | None = None, *, terms: bool = False,
) -> list[ArticleView]:  # fmt: skip
    """Views of ``articles``, with each one's kept sentence embeddings (float32 rows, one per sentence of
    ``split_sentences(text)``, as :mod:`samestory.store.views` stores them) where given and of the right
    shape; the others are embedded now, together. The same views as
    :func:`~samestory.stages.verify.article_views` gives: the kept rows are the ones the embedder gave.
    Where the view's ``parts`` (:class:`~samestory.store.views.Parts`) are kept too, only its token index
    is computed. ``terms``: keep the sentences' terms too (:func:`~samestory.store.views.indexed_parts`), as
    an add's views do; the server's preloaded views go without (some 5 KB an article, held for every stored
    article), and count the paraphrase overlap from the sentences' words, the same counts."""
    out: dict[int, ArticleView] = {}
    given = list(parts) if parts is not None else [None] * len(articles)
    whole = [
        (k, p, d) for k, (p, d) in enumerate(zip(given, kept, strict=True)) if p is not None and p.fits(d, embedder.dim)
    ]
    indexes: list[tuple[TextIndex, SentenceTerms | None]] = (
        indexed_parts([articles[k] for k, _, _ in whole], [p for _, p, _ in whole])
        if terms
        else [(index, None) for index in text_indexes([articles[k].text for k, _, _ in whole], AlignParams().anchor_n)]
    )
    for (k, p, data), (index, sentence_terms) in zip(whole, indexes, strict=True):
        rows = np.frombuffer(data or b"", "<f4").reshape(len(p.bounds.starts), embedder.dim).astype(np.float32)
        out[k] = p.view(rows, index, sentence_terms).view(articles[k])
    rest = [k for k in range(len(articles)) if k not in out]
    built = _views_from_embeddings([articles[k] for k in rest], [kept[k] for k in rest], embedder, terms)
    out.update(zip(rest, built, strict=True))
    return [out[k] for k in range(len(articles))]


def _views_from_embeddings(
    articles: Sequence[Article], kept: Sequence[bytes | None], embedder: Embedder, terms: bool
) -> list[ArticleView]:
    split = [split_sentences(article.text) for article in articles]
    usable = [
        k for k, (data, sentences) in enumerate(zip(kept, split, strict=True))
        if data is not None and len(data) == 4 * len(sentences) * embedder.dim
    ]  # fmt: skip
    # The token indexes of those built together: twice as fast as one by one.
    indexes = dict(
        zip(usable, indexes_and_tokens([articles[k].text for k in usable], AlignParams().anchor_n), strict=True)
    )
    out: list[ArticleView | None] = []
    for k, (article, data, sentences) in enumerate(zip(articles, kept, split, strict=True)):
        if k not in indexes or data is None:
            out.append(None)
            continue
        rows = np.frombuffer(data, "<f4").reshape(len(sentences), embedder.dim).astype(np.float32)
        index, tokens = indexes[k]
        out.append(ArticleView.of(article, rows, sentences=sentences, index=index, tokens=tokens if terms else None))
    built = iter(article_views([a for a, v in zip(articles, out, strict=True) if v is None], embedder))
    return [v if v is not None else next(built) for v in out]
