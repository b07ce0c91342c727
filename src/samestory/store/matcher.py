"""Match one new article against the store without storing it (``POST /api/match``).

:meth:`Matcher.build` loads every stored fingerprint once into in-memory indexes: LSH band keys (sorted,
one column per band), quote keys, the rare-n-gram postings (sorted hashes and their owners) and the lead
matrix with each stored article's neighbour list. :meth:`Matcher.match` applies a run's candidate rules to
the one article (a bucket over ``max_bucket`` links only id neighbours; an n-gram is rare if the store
plus the article hold it at most ``ngram_max_df`` times; the article's ``k`` nearest leads, and the stored
articles whose neighbour lists it would enter) and verifies only those candidates.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from samestory.config import Config
from samestory.core.compare import ArticleView
from samestory.core.embed import Embedder, load_embedder
from samestory.core.lsh import band_hashes, resolve_params
from samestory.core.minhash import EMPTY
from samestory.records import Article, Candidate, Fingerprint, Pair
from samestory.stages.candidates import CandidateParams
from samestory.stages.fingerprint import fingerprint
from samestory.stages.match import align_params, candidate_params, relation_params
from samestory.stages.verify import Verifier
from samestory.store.add import load_articles, load_fingerprints
from samestory.store.knn import best

if TYPE_CHECKING:
    from samestory.store.store import Store


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
    band_order: np.ndarray  # per band, row order sorting that band's keys
    band_sorted: np.ndarray  # per band, the sorted keys
    band_rows: np.ndarray  # live row -> index into fps
    quotes: dict[int, list[str]]
    ngram_keys: np.ndarray
    ngram_starts: np.ndarray
    ngram_owners: np.ndarray
    leads: np.ndarray
    lists: dict[str, list[tuple[float, str]]]
    views: OrderedDict[tuple[str, str, int], ArticleView] = field(default_factory=OrderedDict)
    by_id: dict[str, Fingerprint] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {f.id: f for f in self.fps}

    @classmethod
    def build(cls, store: Store, config: Config) -> Matcher:
        p = candidate_params(config.match)
        fps = load_fingerprints(store.con)
        sigs = np.stack([f.signature for f in fps]) if fps else np.zeros((0, 128), np.uint32)
        b, r = resolve_params(p.minhash_threshold, sigs.shape[1], None, None)
        live = np.flatnonzero(~(sigs == EMPTY).all(axis=1)) if fps else np.zeros(0, np.int64)
        keys = band_hashes(sigs[live], b, r) if len(live) else np.zeros((0, b), np.uint64)
        order = np.argsort(keys, axis=0, kind="stable")
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
            np.take_along_axis(keys, order, axis=0), live, dict(quotes), uniq, np.r_[starts, len(ngrams)], owners,
            leads, {k: best(v, p.neighbours) for k, v in lists.items()},
        )  # fmt: skip

    def match(self, article: Article, *, include_unrelated: bool = False) -> list[Pair]:
        """Relations of ``article`` to stored articles (most similar first); nothing is stored."""
        if not article.matchable or not self.fps:
            return []
        fp = fingerprint([article], self.embedder)[0]
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
        out: set[str] = set()
        for band, key in enumerate(keys.tolist()):
            column = self.band_sorted[:, band]
            lo, hi = np.searchsorted(column, key, "left"), np.searchsorted(column, key, "right")
            rows = self.band_rows[self.band_order[lo:hi, band]]
            out.update(self._bucket(fp.id, [self.fps[i].id for i in rows], p.max_bucket))
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
        shared: dict[int, int] = defaultdict(int)
        for i in hit.tolist():
            start, end = int(self.ngram_starts[i]), int(self.ngram_starts[i + 1])
            if end - start + 1 <= p.ngram_max_df:
                for owner in set(self.ngram_owners[start:end].tolist()):
                    shared[owner] += 1
        return {self.fps[i].id for i, n in shared.items() if n >= p.ngram_min_shared}

    def _embedding(self, fp: Fingerprint, p: CandidateParams) -> set[str]:
        sims = self.leads @ np.asarray(fp.lead, np.float32)
        rows = np.flatnonzero(sims >= p.min_lead_cosine)
        near = [(float(sims[i]), self.fps[i].id) for i in rows.tolist() if self.fps[i].id != fp.id]
        out = {x for _, x in best(near, p.neighbours)}
        for sim, other in near:  # stored articles whose neighbour list the new article would enter
            row = self.lists.get(other, [])
            if len(row) < p.neighbours or (-sim, fp.id) < (-row[-1][0], row[-1][1]):
                out.add(other)
        return out

    def _verify(self, article: Article, fp: Fingerprint, candidates: list[Candidate]) -> list[Pair]:
        if not candidates:
            return []
        others = {c.b if c.a == fp.id else c.a for c in candidates}
        articles: dict[str, Article] = {**load_articles(self.store.con, others), article.id: article}
        fps: dict[str, Any] = {**{i: self.by_id[i] for i in others}, fp.id: fp}
        m = self.config.match
        verifier = Verifier(articles, fps, self.embedder, align_params(m), relation_params(m), views=self.views)
        return list(verifier.verify_all(candidates))
