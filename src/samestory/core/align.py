"""Passage alignment between two clean texts: verbatim spans first, then paraphrased sentences.

1. **Exact spans** are found as passim finds text reuse: shared word n-grams are anchors, anchors on the
   same diagonal (the same offset between the two texts) and in sequence form a run, and each maximal run
   of at least ``min_tokens`` words is a span. Diagonals are independent, so reordered paragraphs align too.
   Runs are taken longest first, each word of either text in at most one span.
2. **Paraphrases**: sentences that exact spans leave mostly uncovered are compared by the cosine of their
   sentence embeddings (and by word overlap, which embeddings underrate on names and numbers); pairs over
   the threshold are matched one-to-one, best first.

Whatever is left is each side's own material: what one version adds and the other drops.

>>> a = "The minister resigned on Friday after a long row over the budget. Critics cheered."
>>> b = "Critics cheered. The minister resigned on Friday after a long row over the budget."
>>> [(x.kind, a[x.a_start:x.a_end]) for x in exact_spans(a, b, n=4, min_tokens=6)]
[('exact', 'The minister resigned on Friday after a long row over the budget')]
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from samestory.core.sentences import Sentence
from samestory.core.text import fold, key_hash
from samestory.records import Alignment, Span

_TOKEN = re.compile(r"\w+")
FloatMatrix = npt.NDArray[np.float32]
#: An n-gram that occurs more often than this in one text is too common to anchor anything.
MAX_ANCHOR_REPEATS = 4


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    key: str


def _key(word: str) -> str:
    return word.casefold() if word.isascii() else fold(word).casefold()


def tokens(text: str) -> list[Token]:
    """Word tokens with offsets into ``text`` and a case- and compatibility-folded key."""
    return [Token(m.start(), m.end(), _key(m.group())) for m in _TOKEN.finditer(text)]


@functools.lru_cache(maxsize=1024)
def _cached_tokens(text: str) -> list[Token]:
    """Tokens of texts compared again and again (an article in many candidate pairs): computed once."""
    return tokens(text)


@functools.lru_cache(maxsize=1024)
def _ngram_hashes(text: str, n: int) -> npt.NDArray[np.uint64]:
    """Hash of the n-gram starting at each token (once per text: an article meets many others)."""
    keys = [t.key for t in _cached_tokens(text)]
    grams = ("\x1f".join(keys[i : i + n]) for i in range(len(keys) - n + 1))
    return np.fromiter((key_hash(g) for g in grams), dtype=np.uint64)


def _anchors(ha: npt.NDArray[np.uint64], hb: npt.NDArray[np.uint64]) -> list[tuple[int, int]]:
    """(i, j) positions where the n-gram at token i of A equals the one at token j of B; n-grams that
    occur more than ``MAX_ANCHOR_REPEATS`` times in B anchor nothing."""
    common = np.intersect1d(ha, hb)
    if not len(common):
        return []
    order = np.argsort(hb, kind="stable")
    lo = np.searchsorted(hb[order], common, "left")
    hi = np.searchsorted(hb[order], common, "right")
    keep = (hi - lo) <= MAX_ANCHOR_REPEATS
    where = {int(h): order[s:e].tolist() for h, s, e in zip(common[keep], lo[keep], hi[keep], strict=True)}
    pairs: list[tuple[int, int]] = []
    for i in np.flatnonzero(np.isin(ha, common[keep])).tolist():
        pairs.extend((i, j) for j in where[int(ha[i])])
    return pairs


def _runs(anchors: list[tuple[int, int]], n: int) -> list[tuple[int, int, int]]:
    """Maximal runs (i, j, length in tokens) of anchors that follow each other on one diagonal."""
    runs: list[tuple[int, int, int]] = []
    for i, j in sorted(anchors, key=lambda p: (p[0] - p[1], p[0])):
        if runs:
            ri, rj, length = runs[-1]
            if i - j == ri - rj and i <= ri + length - n + 1:
                runs[-1] = (ri, rj, max(length, i - ri + n))
                continue
        runs.append((i, j, n))
    return runs


def _longest_free(free: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """(offset, length) of the longest run of True in ``free`` (the first one on ties)."""
    best, start = (0, 0), None
    for k, ok in enumerate([*free.tolist(), False]):
        if ok and start is None:
            start = k
        elif not ok and start is not None:
            if k - start > best[1]:
                best = (start, k - start)
            start = None
    return best


def exact_spans(a: str, b: str, n: int = 5, min_tokens: int = 8) -> list[Alignment]:
    """Verbatim (after folding case and compatibility characters) spans shared by ``a`` and ``b``."""
    ta, tb = _cached_tokens(a), _cached_tokens(b)
    used_a, used_b = np.zeros(len(ta), bool), np.zeros(len(tb), bool)
    spans = []
    anchors = _anchors(_ngram_hashes(a, n), _ngram_hashes(b, n))
    for i, j, length in sorted(_runs(anchors, n), key=lambda r: (-r[2], r[0], r[1])):
        # A run that overlaps a longer span keeps its longest free stretch (a near copy with one edited
        # word is two runs that touch, and the second must not be lost).
        offset, length = _longest_free(~used_a[i : i + length] & ~used_b[j : j + length])
        i, j = i + offset, j + offset
        if length < min_tokens:
            continue
        used_a[i : i + length] = used_b[j : j + length] = True
        ea, eb = ta[i + length - 1], tb[j + length - 1]
        spans.append(Alignment(ta[i].start, ea.end, tb[j].start, eb.end, "exact", 1.0))
    return sorted(spans, key=lambda s: (s.a_start, s.b_start))


def _share_in(start: int, end: int, spans: list[tuple[int, int]]) -> float:
    """Share of the characters of ``[start, end)`` inside the given (non-overlapping) spans."""
    inside = sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
    return inside / max(1, end - start)


def _covered(sentence: Sentence, spans: list[tuple[int, int]]) -> float:
    """Share of a sentence's characters inside the given spans."""
    return _share_in(sentence.start, sentence.end, spans)


@functools.lru_cache(maxsize=16384)
def word_set(text: str) -> frozenset[str]:
    """Folded words of a sentence (cached: a sentence meets many others)."""
    return frozenset(t.key for t in tokens(text))


def _jaccard(sa: frozenset[str], sb: frozenset[str]) -> float:
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0


def word_overlap(a: str, b: str) -> float:
    """Jaccard of the two sentences' word sets (folded), a lexical view of paraphrase."""
    return _jaccard(word_set(a), word_set(b))


@dataclass(slots=True)
class AlignResult:
    """Aligned spans, each side's unaligned remainder, and how much of each side is aligned."""

    alignment: list[Alignment] = field(default_factory=list)
    a_only: list[Span] = field(default_factory=list)
    b_only: list[Span] = field(default_factory=list)
    coverage_a: float = 0.0
    coverage_b: float = 0.0
    exact_coverage_a: float = 0.0
    exact_coverage_b: float = 0.0
    #: Coverage by exact spans and *strong* paraphrases only (score >= ``strong_paraphrase``): the evidence
    #: that one text was written from the other, where weak paraphrases of one event's facts do not count.
    strong_coverage_a: float = 0.0
    strong_coverage_b: float = 0.0


@dataclass(frozen=True, slots=True)
class AlignParams:
    anchor_n: int = 5
    min_exact_tokens: int = 8
    #: A sentence counts as covered by exact spans when this share of it is inside one.
    covered_share: float = 0.5
    #: Paraphrase score (max of embedding cosine and word overlap, see :func:`paraphrase_scores`).
    paraphrase_threshold: float = 0.72
    strong_paraphrase: float = 0.8


def paraphrase_scores(
    a_sents: Sequence[Sentence], b_sents: Sequence[Sentence], a_emb: FloatMatrix, b_emb: FloatMatrix
) -> FloatMatrix:
    """Pairwise paraphrase scores: the embedding cosine, raised to the word overlap where that is higher."""
    scores: FloatMatrix = (a_emb @ b_emb.T).astype(np.float32)
    near = np.argwhere(scores > 0.4)  # overlap only matters for pairs already close in meaning
    if len(near):
        words_a = {i: word_set(a_sents[i].text) for i in set(near[:, 0].tolist())}
        words_b = {j: word_set(b_sents[j].text) for j in set(near[:, 1].tolist())}
        for i, j in near.tolist():
            scores[i, j] = max(scores[i, j], _jaccard(words_a[i], words_b[j]))
    return scores


def _match(scores: FloatMatrix, threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs over the threshold, best first (ties broken by position: deterministic)."""
    candidates = sorted(
        ((float(scores[i, j]), i, j) for i, j in zip(*np.nonzero(scores >= threshold), strict=True)),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    out = []
    for score, i, j in candidates:
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            out.append((int(i), int(j), score))
    return out


def _remainder(sents: Sequence[Sentence], aligned: set[int]) -> list[Span]:
    """Unaligned sentences, neighbours merged into one span."""
    out: list[Span] = []
    for k, s in enumerate(sents):
        if k in aligned:
            continue
        if out and k - 1 not in aligned and k > 0:
            out[-1] = Span(out[-1].start, s.end)
        else:
            out.append(Span(s.start, s.end))
    return out


def _share(sents: Sequence[Sentence], chosen: set[int]) -> float:
    total = sum(s.end - s.start for s in sents)
    return sum(sents[k].end - sents[k].start for k in chosen) / total if total else 0.0


def align(
    a: str,
    b: str,
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_emb: FloatMatrix,
    b_emb: FloatMatrix,
    params: AlignParams | None = None,
) -> AlignResult:
    """Align two texts given their sentences and sentence embeddings (unit rows, one per sentence)."""
    p = params or AlignParams()
    exact = exact_spans(a, b, p.anchor_n, p.min_exact_tokens)
    a_spans, b_spans = [(x.a_start, x.a_end) for x in exact], [(x.b_start, x.b_end) for x in exact]
    exact_a = {k for k, s in enumerate(a_sents) if _covered(s, a_spans) >= p.covered_share}
    exact_b = {k for k, s in enumerate(b_sents) if _covered(s, b_spans) >= p.covered_share}
    free_a = [k for k in range(len(a_sents)) if k not in exact_a]
    free_b = [k for k in range(len(b_sents)) if k not in exact_b]
    para: list[tuple[int, int, float]] = []
    if free_a and free_b:
        scores = paraphrase_scores(
            [a_sents[k] for k in free_a], [b_sents[k] for k in free_b], a_emb[free_a], b_emb[free_b]
        )
        para = [(free_a[i], free_b[j], s) for i, j, s in _match(scores, p.paraphrase_threshold)]
    paraphrased = [(a_sents[i].start, a_sents[i].end) for i, _, _ in para]
    # Short verbatim runs inside sentences that align as paraphrases add nothing a reader needs twice.
    exact = [x for x in exact if _share_in(x.a_start, x.a_end, paraphrased) < p.covered_share]
    alignment = exact + [
        Alignment(a_sents[i].start, a_sents[i].end, b_sents[j].start, b_sents[j].end, "paraphrase", round(s, 4))
        for i, j, s in para
    ]
    done_a, done_b = exact_a | {i for i, _, _ in para}, exact_b | {j for _, j, _ in para}
    strong = [(i, j) for i, j, s in para if s >= p.strong_paraphrase]
    return AlignResult(
        alignment=sorted(alignment, key=lambda x: (x.a_start, x.b_start)),
        a_only=_remainder(a_sents, done_a),
        b_only=_remainder(b_sents, done_b),
        coverage_a=_share(a_sents, done_a),
        coverage_b=_share(b_sents, done_b),
        exact_coverage_a=_share(a_sents, exact_a),
        exact_coverage_b=_share(b_sents, exact_b),
        strong_coverage_a=_share(a_sents, exact_a | {i for i, _ in strong}),
        strong_coverage_b=_share(b_sents, exact_b | {j for _, j in strong}),
    )
