"""The verify stage: candidate pairs in, verified :class:`~samestory.records.Pair` records out.

Sentence embeddings are computed when an article first appears in a candidate pair and kept in a bounded
cache (candidates arrive sorted by id, so an article's pairs arrive together).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping, Sequence

import numpy as np

from samestory.core.align import (
    AlignParams,
    TextIndex,
    TokenArrays,
    ascii_digits,
    ascii_worded,
    ascii_words,
    token_arrays,
)
from samestory.core.compare import ArticleView, compare_views
from samestory.core.embed import Embedder
from samestory.core.relation import RelationParams
from samestory.core.sentences import split_sentences
from samestory.core.shingles import batch_token_hashes, combine_ngrams
from samestory.records import Article, Candidate, Fingerprint, Pair


def article_view(article: Article, embedder: Embedder) -> ArticleView:
    """An article ready for comparison: sentences split and embedded."""
    return article_views([article], embedder)[0]


def article_views(articles: Sequence[Article], embedder: Embedder) -> list[ArticleView]:
    """Views of several articles, their sentences embedded in one call (twice as fast as one call per
    article with the static model) when the embedder's rows do not depend on the batch."""
    if len(articles) > 1 and not embedder.row_independent:
        return [article_view(a, embedder) for a in articles]
    split = [split_sentences(a.text) for a in articles]
    flat = [s.text for sentences in split for s in sentences]
    embeddings = embedder.encode(flat) if flat else np.zeros((0, embedder.dim), np.float32)
    indexes = indexes_and_tokens([a.text for a in articles], AlignParams().anchor_n)
    views, offset = [], 0
    for article, sentences, (index, tokens) in zip(articles, split, indexes, strict=True):
        rows = embeddings[offset : offset + len(sentences)]
        views.append(ArticleView.of(article, rows, sentences=sentences, index=index, tokens=tokens))
        offset += len(sentences)
    return views


def text_indexes(texts: Sequence[str], n: int) -> list[TextIndex]:
    """``[TextIndex.of(text, n) for text in texts]``, with the token hashes and n-grams of the texts whose
    words are all ASCII computed in one vectorised pass for all of them (half the time: one text at a time,
    the fixed cost of some forty numpy calls was most of it)."""
    return [index for index, _tokens in indexes_and_tokens(texts, n)]


def indexes_and_tokens(texts: Sequence[str], n: int) -> list[tuple[TextIndex, TokenArrays]]:
    """:func:`text_indexes`, each with the text's :func:`~samestory.core.align.token_arrays`."""
    fast = [k for k, text in enumerate(texts) if ascii_worded(text)]
    # As TextIndex.of does: every word is ASCII, so "?" for each other character keeps offsets and tokens.
    ascii_texts = [texts[k].encode("ascii", "replace").decode("ascii") for k in fast]
    tokens = batch_token_hashes(ascii_texts)
    counts = tokens.lengths().tolist()
    grams = combine_ngrams(tokens, n)
    built: dict[int, tuple[TextIndex, TokenArrays]] = {}
    for row, (k, text) in enumerate(zip(fast, ascii_texts, strict=True)):
        starts, ends = ascii_words(text)
        hashes = grams.row(row).copy() if counts[row] >= n else np.zeros(0, np.uint64)
        index = TextIndex.of_ngrams(starts, ends, hashes, n)
        built[k] = index, (starts, ends, tokens.row(row), ascii_digits(text, starts))
    for k, text in enumerate(texts):
        if k not in built:
            arrays = token_arrays(text)
            built[k] = TextIndex.of_tokens(arrays, n), arrays
    return [built[k] for k in range(len(texts))]


def view_key(article: Article, embedder_name: str) -> tuple[str, str, int]:
    """How a view is cached: by article id, embedder (a cache shared between verifiers must not hand one
    model's embeddings to another) and text (an article cleaned again gets a new view)."""
    return (article.id, embedder_name, hash(article.text))


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
        # Keyed by view_key: may be shared between verifiers (one per task in a worker process).
        self._views: OrderedDict[tuple[str, str, int], ArticleView] = OrderedDict() if views is None else views
        self._keys: dict[str, tuple[str, str, int]] = {}

    def _key(self, article_id: str) -> tuple[str, str, int]:
        # Remembered per id: a key hashes the article's text, which Article.text joins from its paragraphs
        # anew each time (four times per pair, about a tenth of verification's CPU on 20k articles).
        key = self._keys.get(article_id)
        if key is None:
            key = self._keys[article_id] = view_key(self.articles[article_id], self.embedder.name)
        return key

    def view(self, article_id: str) -> ArticleView:
        key = self._key(article_id)
        if key in self._views:
            self._views.move_to_end(key)
        else:
            self._keep(key, article_view(self.articles[article_id], self.embedder))
        return self._views[key]

    def prepare(self, article_ids: Iterable[str]) -> None:
        """Build the missing views of these articles together (one embedding call for all)."""
        missing = [i for i in dict.fromkeys(article_ids) if self._key(i) not in self._views]
        views = article_views([self.articles[i] for i in missing], self.embedder)
        for article_id, view in zip(missing, views, strict=True):
            self._keep(self._key(article_id), view)

    def _keep(self, key: tuple[str, str, int], view: ArticleView) -> None:
        self._views[key] = view
        if len(self._views) > self.cache_size:
            self._views.popitem(last=False)

    def verify(self, candidate: Candidate, semantic: float | None = None) -> Pair:
        """``semantic``: the cosine of the two lead embeddings, when the caller has it (else read from the
        fingerprints)."""
        if semantic is None:
            semantic = float(np.dot(self.fingerprints[candidate.a].lead, self.fingerprints[candidate.b].lead))
        pair = compare_views(
            self.view(candidate.a), self.view(candidate.b), semantic, self.align_params, self.relation_params,
            quick=True,
        )  # fmt: skip
        pair.sources = list(candidate.sources)
        return pair

    def verify_all(
        self, candidates: Iterable[Candidate], batch: int = 64, semantic: Sequence[float] | None = None
    ) -> Iterator[Pair]:
        """Verify candidates in order; the views of each ``batch`` of candidates are built together.
        ``semantic``: each candidate's lead cosine, when the caller has them."""
        it = iter(candidates)
        done = 0
        while chunk := list(itertools.islice(it, batch)):  # itertools.batched is Python 3.12
            self.prepare(itertools.chain.from_iterable((c.a, c.b) for c in chunk))
            for k, candidate in enumerate(chunk):
                yield self.verify(candidate, None if semantic is None else semantic[done + k])
            done += len(chunk)
