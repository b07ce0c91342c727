"""Compare two clean articles: sub-scores, alignment, relation, similarity and direction.

This is the verification of one candidate pair, given what fingerprinting computed (shingles, the
title-and-lead embedding) and the sentences with their embeddings. It does no I/O and loads no model:
the caller passes embeddings in.

>>> from samestory import clean_text
>>> a = clean_text("A Title Here\\nThe minister resigned on Friday after a long row over the budget.")
>>> b = clean_text("Other Title Now\\nThe minister resigned on Friday after a long row over the budget.")
>>> view_a, view_b = ArticleView.of(a, None), ArticleView.of(b, None)
>>> compare_views(view_a, view_b).relation
'exact_duplicate'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from samestory.core.align import AlignParams, AlignResult, FloatMatrix, align
from samestory.core.direction import decide
from samestory.core.relation import COPY_RELATIONS, RelationParams, Scores, relation_of, similarity_of
from samestory.core.sentences import Sentence, split_sentences
from samestory.core.shingles import shingle_hashes
from samestory.core.text import key_hash, match_key
from samestory.records import Article, Direction, Pair, Span

_ENTITY = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]+|\b\d[\d.,]*\b")
#: Quotes shorter than this (in words) are too generic to count as shared quotes.
MIN_QUOTE_WORDS = 4


def quote_keys(article: Article) -> set[int]:
    """Hashes of the article's quotes of :data:`MIN_QUOTE_WORDS` words or more, in a normal form."""
    return {key_hash(k) for q in article.quotes if len((k := match_key(q.text)).split()) >= MIN_QUOTE_WORDS}


def entity_keys(text: str) -> set[str]:
    """Capitalised words not opening a sentence, and numbers: names, places and figures of a story."""
    return {m.group().casefold().rstrip(".,") for m in _ENTITY.finditer(text)}


@dataclass(slots=True)
class ArticleView:
    """An article with what comparison needs, computed once: sentences, embeddings, shingles, keys."""

    article: Article
    sentences: list[Sentence]
    embeddings: FloatMatrix | None
    shingles: np.ndarray
    quotes: set[int]
    entities: set[str]
    text_key: str

    @classmethod
    def of(cls, article: Article, embeddings: FloatMatrix | None) -> ArticleView:
        """``embeddings``: one unit row per sentence of ``split_sentences(article.text)``, or None."""
        text = article.text
        return cls(
            article=article,
            sentences=split_sentences(text),
            embeddings=embeddings,
            shingles=np.unique(shingle_hashes(text)),
            quotes=quote_keys(article),
            entities=entity_keys(text),
            text_key=match_key(text),
        )

    def mean_embedding(self) -> FloatMatrix | None:
        if self.embeddings is None or not len(self.embeddings):
            return None
        mean = self.embeddings.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm else None


def _ratio(shared: int, total: int) -> float:
    return shared / total if total else 0.0


def lexical_scores(a: ArticleView, b: ArticleView) -> tuple[float, float, float]:
    """Word 5-gram Jaccard and containment each way (share of a's shingles found in b, and of b's in a)."""
    shared = len(np.intersect1d(a.shingles, b.shingles, assume_unique=True))
    union = len(a.shingles) + len(b.shingles) - shared
    return _ratio(shared, union), _ratio(shared, len(a.shingles)), _ratio(shared, len(b.shingles))


def _alignment(a: ArticleView, b: ArticleView, params: AlignParams) -> AlignResult:
    if a.embeddings is None or b.embeddings is None:
        empty_a = np.zeros((len(a.sentences), 1), dtype=np.float32)
        empty_b = np.zeros((len(b.sentences), 1), dtype=np.float32)
        return align(a.article.text, b.article.text, a.sentences, b.sentences, empty_a, empty_b, params)
    return align(a.article.text, b.article.text, a.sentences, b.sentences, a.embeddings, b.embeddings, params)


def _span_share(spans: list[Span], text: str) -> float:
    return sum(s.end - s.start for s in spans) / len(text) if text else 0.0


def compare_views(
    a: ArticleView,
    b: ArticleView,
    semantic: float | None = None,
    align_params: AlignParams | None = None,
    relation_params: RelationParams | None = None,
) -> Pair:
    """Verify one pair. ``semantic``: cosine of the two articles' embeddings, when the caller has it
    (else the cosine of the mean sentence embeddings)."""
    jaccard, cont_a, cont_b = lexical_scores(a, b)
    result = _alignment(a, b, align_params or AlignParams())
    if semantic is None:
        ma, mb = a.mean_embedding(), b.mean_embedding()
        semantic = float(ma @ mb) if ma is not None and mb is not None else 0.0
    union_q, union_e = a.quotes | b.quotes, a.entities | b.entities
    scores = Scores(
        jaccard=jaccard,
        containment_a=cont_a,
        containment_b=cont_b,
        coverage_a=result.coverage_a,
        coverage_b=result.coverage_b,
        exact_coverage_a=result.exact_coverage_a,
        exact_coverage_b=result.exact_coverage_b,
        strong_coverage_a=result.strong_coverage_a,
        strong_coverage_b=result.strong_coverage_b,
        semantic=max(0.0, semantic),
        quotes=_ratio(len(a.quotes & b.quotes), min(len(a.quotes), len(b.quotes))) if union_q else 0.0,
        entities=_ratio(len(a.entities & b.entities), len(union_e)),
    )
    relation = relation_of(scores, same_text=bool(a.text_key) and a.text_key == b.text_key, p=relation_params)
    pair = Pair(a.article.id, b.article.id, relation, similarity_of(scores, relation_params), scores.to_dict())
    if relation != "unrelated":
        pair.alignment, pair.a_only, pair.b_only = result.alignment, result.a_only, result.b_only
    if relation in COPY_RELATIONS:
        a_share = _span_share(result.a_only, a.article.text)
        b_share = _span_share(result.b_only, b.article.text)
        pair.direction = decide(a.article, b.article, a_share, b_share)
    elif relation == "same_event":
        pair.direction = Direction(None, ["independent reports of one event: neither was made from the other"])
    return pair
