"""The verify stage: candidate pairs in, verified :class:`~samestory.records.Pair` records out.

Sentence embeddings are computed when an article first appears in a candidate pair and kept in a bounded
cache (candidates arrive sorted by id, so an article's pairs arrive together).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping

import numpy as np

from samestory.core.align import AlignParams
from samestory.core.compare import ArticleView, compare_views
from samestory.core.embed import Embedder
from samestory.core.relation import RelationParams
from samestory.core.sentences import split_sentences
from samestory.records import Article, Candidate, Fingerprint, Pair


def article_view(article: Article, embedder: Embedder) -> ArticleView:
    """An article ready for comparison: sentences split and embedded."""
    sentences = split_sentences(article.text)
    embeddings = embedder.encode([s.text for s in sentences]) if sentences else np.zeros((0, embedder.dim), np.float32)
    return ArticleView.of(article, embeddings)


class Verifier:
    """Verifies candidate pairs of one corpus; keeps the last ``cache_size`` article views."""

    def __init__(
        self,
        articles: Mapping[str, Article],
        fingerprints: Mapping[str, Fingerprint],
        embedder: Embedder,
        align_params: AlignParams | None = None,
        relation_params: RelationParams | None = None,
        cache_size: int = 4096,
        views: OrderedDict[tuple[str, str, int], ArticleView] | None = None,
    ) -> None:
        self.articles, self.fingerprints, self.embedder = articles, fingerprints, embedder
        self.align_params, self.relation_params = align_params, relation_params
        self.cache_size = cache_size
        # Keyed by id and embedder: a cache shared between verifiers (one per task in a worker process)
        # must not hand one model's embeddings to another.
        self._views: OrderedDict[tuple[str, str, int], ArticleView] = OrderedDict() if views is None else views

    def view(self, article_id: str) -> ArticleView:
        key = (article_id, self.embedder.name, hash(self.articles[article_id].text))
        if key in self._views:
            self._views.move_to_end(key)
        else:
            self._views[key] = article_view(self.articles[article_id], self.embedder)
            if len(self._views) > self.cache_size:
                self._views.popitem(last=False)
        return self._views[key]

    def verify(self, candidate: Candidate) -> Pair:
        fa, fb = self.fingerprints[candidate.a], self.fingerprints[candidate.b]
        lead_cosine = float(np.dot(fa.lead, fb.lead))
        pair = compare_views(
            self.view(candidate.a), self.view(candidate.b), lead_cosine, self.align_params, self.relation_params
        )
        pair.sources = list(candidate.sources)
        return pair

    def verify_all(self, candidates: Iterable[Candidate]) -> Iterator[Pair]:
        for candidate in candidates:
            yield self.verify(candidate)
