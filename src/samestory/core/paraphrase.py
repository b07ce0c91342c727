"""The sentence paraphrase score: a small logistic model over the embedding cosine and word overlap.

The cosine of two static sentence embeddings alone ranks news sentence pairs poorly (STS-B news Spearman
0.67): mean-pooled vectors blur names and numbers, the very things that tell two reports of one event
apart from a reworded sentence. The score is a logistic regression, trained by
``bench/train_paraphrase.py`` on the STS Benchmark's *train* news pairs (gold 0-5 scaled to 0-1 as soft
labels), over features that cost a few set operations a pair:

``cosine``            the static embedding cosine;
``jaccard``           Jaccard of the two sentences' folded word sets;
``containment_min``   shared words over the smaller set (a sentence that shortens the other);
``containment_max``   shared words over the larger set;
``length_ratio``      the smaller word set's size over the larger's;
``numbers_shared``    1 when the two share a number;
``numbers_conflict``  1 when both hold numbers and their sets differ (a different figure, date or score);
``numbers_unshared``  share of their numbers that only one of them holds.

The score estimates the STS gold / 5 (3, "roughly equivalent, some important information differs or is
missing", is 0.6; 4, "mostly equivalent", 0.8); the thresholds are the scores with the best F1 on the
training pairs for gold >= 3 (``paraphrase_threshold``) and gold >= 4 (``strong_paraphrase``). Word
overlap only matters for pairs already close in meaning, and counting it costs Python set operations, so
pairs with a cosine at most ``floor`` get a second, cosine-only logistic fitted on the training pairs under
the floor. Coefficients, the floor and the thresholds live in ``samestory/data/paraphrase.toml``; numpy
applies them, deterministically. Held out (STS-B news dev+test): Spearman 0.748, against 0.672 for the
cosine alone and the cosine raised to the word Jaccard that this score replaced.

>>> model = load_model()
>>> a = "The company said profit rose 12 percent to $3.4 billion in the quarter."
>>> b = "Profit climbed 12 percent to $3.4 billion in the quarter, the company said."
>>> c = "The company said profit fell 8 percent to $2.1 billion in the quarter."
>>> cos = np.array([[0.93, 0.93]], dtype=np.float32)  # cosines given alike: the overlap tells them apart
>>> [round(x, 2) for x in model.scores(cos, [a], [b, c])[0].tolist()]
[0.89, 0.63]
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import numpy.typing as npt

from samestory.core.arrays import cells
from samestory.core.text import fold, word_pattern

FloatMatrix = npt.NDArray[np.float32]
FEATURES = (
    "cosine", "jaccard", "containment_min", "containment_max", "length_ratio",
    "numbers_shared", "numbers_conflict", "numbers_unshared",
)  # fmt: skip
MODEL_FILE = "paraphrase.toml"
_WORD = re.compile(r"\w+")


@functools.lru_cache(maxsize=16384)
def word_set(text: str) -> frozenset[str]:
    """Folded words of a sentence (the keys of :func:`samestory.core.align.tokens`: compatibility-folded,
    then case-folded). Cached: a sentence meets many others."""
    if text.isascii():
        return frozenset(_WORD.findall(text.lower()))
    return frozenset((w if w.isascii() else fold(w)).casefold() for w in word_pattern(text).findall(text))


@functools.lru_cache(maxsize=16384)
def sentence_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A sentence's :func:`word_set` and those of its words that are numbers (digit runs: "3.4" gives "3"
    and "4")."""
    words = word_set(text)
    return words, frozenset(w for w in words if w[0].isdigit())


Terms = tuple[frozenset[str], frozenset[str]]


def _group_terms(texts: Sequence[str]) -> Terms:
    """The :func:`sentence_terms` of sentences read as one."""
    if len(texts) == 1:
        return sentence_terms(texts[0])
    terms = [sentence_terms(t) for t in texts]
    return frozenset().union(*(w for w, _ in terms)), frozenset().union(*(n for _, n in terms))


def _counts(pairs: Sequence[tuple[Terms, Terms]]) -> npt.NDArray[np.float64]:
    """The six overlap counts (one row per pair of :func:`sentence_terms`): |A|, |B|, |A & B|, and of their
    numbers |Na|, |Nb|, |Na & Nb|."""
    counts = np.zeros((len(pairs), 6), np.float64)
    for k, ((wa, na), (wb, nb)) in enumerate(pairs):
        counts[k] = (len(wa), len(wb), len(wa & wb), len(na), len(nb), len(na & nb) if na and nb else 0)
    return counts


def overlap_features(
    pairs: Sequence[tuple[str, str]], cosine: Sequence[float] | npt.NDArray[np.floating]
) -> npt.NDArray[np.float64]:
    """The :data:`FEATURES` of sentence pairs (one row each) whose cosines are given."""
    counts = _counts([(sentence_terms(a), sentence_terms(b)) for a, b in pairs])
    return _features(np.asarray(cosine, np.float64), counts)


@dataclass(frozen=True, slots=True)
class SentenceTerms:
    """What :func:`sentence_terms` gives for every sentence of a text, as hashes in flat arrays: each
    sentence's distinct words (:func:`~samestory.core.text.key_hash` of the folded word, as the text's
    :class:`~samestory.core.align.TextIndex` hashes its tokens), sorted by hash, with the sentence each belongs
    to and whether it is a number. Built once per text from its tokens, so that the overlap of every sentence
    pair of two texts is a few numpy calls (:class:`PairOverlap`) instead of Python sets per pair: those
    (and the word sets of sentences not in the cache) were a third of verification's time."""

    words: npt.NDArray[np.uint64]
    #: int32: a view keeps its terms, 13 bytes a distinct word of a sentence, for the whole run.
    sentence: npt.NDArray[np.int32]
    number: npt.NDArray[np.bool_]
    #: Per sentence: how many distinct words, and of them numbers.
    sizes: npt.NDArray[np.int64]
    numbers: npt.NDArray[np.int64]

    @classmethod
    def of(
        cls,
        token_hashes: npt.NDArray[np.uint64],
        numeric: npt.NDArray[np.bool_],
        token_starts: npt.NDArray[np.int64],
        token_ends: npt.NDArray[np.int64],
        sentence_starts: npt.NDArray[np.int64],
        sentence_ends: npt.NDArray[np.int64],
    ) -> SentenceTerms | None:
        """The terms of sentences given their bounds and the text's ``\\w+`` tokens (bounds, key hashes, and
        whether each key starts with a digit); None when a token crosses a sentence's bound (then a
        sentence's own words are not whole tokens of the text; never seen, since sentences end before white
        space)."""
        n = len(sentence_starts)
        bounds = np.concatenate((sentence_starts, sentence_ends))
        before = np.searchsorted(token_starts, bounds, "left") - 1  # the last token starting before a bound
        # (a text of only emoji and marks has sentences but no token to index)
        if len(token_ends) and np.any((before >= 0) & (token_ends[np.maximum(before, 0)] > bounds)):
            return None
        which = np.searchsorted(sentence_starts, token_starts, "right") - 1
        inside = (which >= 0) & (token_ends <= sentence_ends[np.maximum(which, 0)])
        hashes, which, numeric = token_hashes[inside], which[inside], numeric[inside]
        order = np.argsort(hashes, kind="stable")  # by hash, then sentence: tokens come in text order
        hashes, which, numeric = hashes[order], which[order], numeric[order]
        first = np.ones(len(hashes), np.bool_)
        first[1:] = (hashes[1:] != hashes[:-1]) | (which[1:] != which[:-1])
        hashes, which, numeric = hashes[first], which[first], numeric[first]
        sizes, numbers = np.bincount(which, minlength=n), np.bincount(which[numeric], minlength=n)
        return cls(hashes, which.astype(np.int32), numeric, sizes, numbers)


#: How many (word, sentence pair) entries :meth:`PairOverlap._count` holds at once, at most (a bound: words
#: times sentences of B; the entries are those of the shared words).
COUNT_ENTRIES = 1 << 21


#: How many sentence pairs :meth:`ParaphraseModel.scores` scores at once, at most (one row at least).
SCORE_CELLS = 1 << 18


class PairOverlap:
    """The overlap counts of :func:`overlap_features` for sentence pairs of two texts, from their
    :class:`SentenceTerms`: shared words and numbers of every sentence pair, counted on first use."""

    def __init__(self, a: SentenceTerms, b: SentenceTerms) -> None:
        self.a, self.b = a, b
        self._shared: tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]] | None = None

    def _count(self) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
        """Shared words and shared numbers of every sentence pair (rows: a's sentences), flat: a word in
        ``k`` sentences of A and ``m`` of B adds one to each of the ``k * m`` pairs. Counted a few rows of A
        at a time, so that the ``k * m`` entries of the words in them are at most about
        :data:`COUNT_ENTRIES` (all at once, two versions of a 0.9 MB article of 10,000 short paragraphs took
        7.8 GB: every pair of sentences shares "the")."""
        a, b = self.a, self.b
        columns = len(b.sizes)
        lo = np.searchsorted(b.words, a.words, "left")
        hits = np.searchsorted(b.words, a.words, "right") - lo
        if int(hits.sum()) <= COUNT_ENTRIES:  # the usual pair: every row at once, the same counts
            shared, numeric = self._count_rows(np.arange(len(a.words)), lo, hits, 0, len(a.sizes))
            return shared.astype(np.int32), numeric.astype(np.int32)
        by_row = np.argsort(a.sentence, kind="stable")
        row_ends = np.cumsum(a.sizes)  # where each sentence's words end among a's words sorted by sentence
        words = np.zeros(len(a.sizes) * columns, np.int32)
        numbers = np.zeros(len(a.sizes) * columns, np.int32)
        first = 0
        while first < len(a.sizes):
            # rows from ``first`` while their words times b's sentences stay in the budget (one row at least)
            start = int(row_ends[first - 1]) if first else 0
            last = max(first + 1, int(np.searchsorted(row_ends, start + COUNT_ENTRIES // max(1, columns), "right")))
            entries = by_row[start : int(row_ends[last - 1])]
            cells = slice(first * columns, last * columns)
            words[cells], numbers[cells] = self._count_rows(entries, lo[entries], hits[entries], first, last)
            first = last
        return words, numbers

    def _count_rows(
        self,
        entries: npt.NDArray[np.int64],
        lo: npt.NDArray[np.int64],
        hits: npt.NDArray[np.int64],
        first: int,
        last: int,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The counts of the pairs of a's sentences ``first`` to ``last`` (excluded), flat; ``entries``: their
        words among a's, with where each is found in b's words and how many times."""
        a, b = self.a, self.b
        ends = np.cumsum(hits)
        total = int(ends[-1]) if len(ends) else 0
        at = np.repeat(lo - (ends - hits), hits) + np.arange(total)
        cells = np.repeat(a.sentence[entries].astype(np.int64) - first, hits) * len(b.sizes) + b.sentence[at]
        size = (last - first) * len(b.sizes)
        words = np.bincount(cells, minlength=size)
        numbers = np.bincount(cells[np.repeat(a.number[entries], hits)], minlength=size)
        return words, numbers

    def counts(self, i: npt.NDArray[np.int64], j: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """The six counts of :func:`overlap_features` (one row per pair) of a's sentences ``i`` and b's ``j``."""
        if self._shared is None:
            self._shared = self._count()
        words, numbers = self._shared
        cells = i * len(self.b.sizes) + j
        a, b = self.a, self.b
        return np.column_stack(
            [a.sizes[i], b.sizes[j], words[cells], a.numbers[i], b.numbers[j], numbers[cells]]
        ).astype(np.float64)


def _features(cosine: npt.NDArray[np.float64], counts: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    size_a, size_b, shared, num_a, num_b, num_shared = counts.T
    small, large = np.minimum(size_a, size_b), np.maximum(size_a, size_b)
    union = size_a + size_b - shared
    num_union = num_a + num_b - num_shared
    both_numbers = (num_a > 0) & (num_b > 0)
    return np.column_stack([
        cosine,
        shared / np.maximum(union, 1),
        shared / np.maximum(small, 1),
        shared / np.maximum(large, 1),
        small / np.maximum(large, 1),
        num_shared > 0,
        both_numbers & ((num_shared < num_a) | (num_shared < num_b)),
        (num_union - num_shared) / np.maximum(num_union, 1),
    ]).astype(np.float64)  # fmt: skip


def _sigmoid(z: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out: npt.NDArray[np.float64] = 1.0 / (1.0 + np.exp(-z))
    return out


@dataclass(frozen=True, slots=True)
class ParaphraseModel:
    """Coefficients of the two logistic pieces, the floor between them and the derived thresholds."""

    weights: tuple[float, ...]
    bias: float
    floor: float
    far_weight: float
    far_bias: float
    #: Score at which a sentence pair aligns as a paraphrase (``AlignParams.paraphrase_threshold``).
    paraphrase_threshold: float
    #: Score of a *strong* paraphrase (``AlignParams.strong_paraphrase``).
    strong_paraphrase: float

    def near(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Scores of pairs over the floor, from their :data:`FEATURES` rows."""
        return _sigmoid(features @ np.asarray(self.weights, np.float64) + self.bias)

    def far(self, cosine: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Scores of pairs at or under the floor, from their cosines alone."""
        return _sigmoid(cosine * self.far_weight + self.far_bias)

    def scores(
        self,
        cosine: FloatMatrix,
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        overlap: tuple[PairOverlap, npt.NDArray[np.int64], npt.NDArray[np.int64]] | None = None,
    ) -> FloatMatrix:
        """The score of every pair of a sentence of A (rows) and one of B (columns), given their cosines.
        ``overlap``: the two texts' :class:`PairOverlap` and which of their sentences the rows and the columns
        are, to count word overlap from there (the same scores) instead of from the sentences' texts.
        Scored a few rows at a time: a pair's features take about 150 bytes, every pair's at once some GB
        for two long texts of many sentences."""
        step = max(1, SCORE_CELLS // max(1, cosine.shape[1]))
        if cosine.shape[0] <= step:  # the usual pair: every row at once
            return self._scores(cosine, a_texts, b_texts, overlap)
        out: FloatMatrix = np.empty(cosine.shape, np.float32)
        for first in range(0, cosine.shape[0], step):
            rows = slice(first, first + step)
            where = None if overlap is None else (overlap[0], overlap[1][rows], overlap[2])
            out[rows] = self._scores(cosine[rows], a_texts[rows], b_texts, where)
        return out

    def _scores(
        self,
        cosine: FloatMatrix,
        a_texts: Sequence[str],
        b_texts: Sequence[str],
        overlap: tuple[PairOverlap, npt.NDArray[np.int64], npt.NDArray[np.int64]] | None,
    ) -> FloatMatrix:
        out: FloatMatrix = self.far(cosine.astype(np.float64)).astype(np.float32)
        near_i, near_j = cells(cosine > self.floor)
        if not len(near_i):
            return out
        if overlap is not None:
            pair_overlap, rows, cols = overlap
            counts = pair_overlap.counts(rows[near_i], cols[near_j])
            out[near_i, near_j] = self.near(_features(cosine[near_i, near_j].astype(np.float64), counts))
        else:
            pairs = [(a_texts[i], b_texts[j]) for i, j in zip(near_i.tolist(), near_j.tolist(), strict=True)]
            out[near_i, near_j] = self.near(overlap_features(pairs, cosine[near_i, near_j]))
        return out

    def score_pairs(
        self, pairs: Sequence[tuple[str, str]], cosine: npt.NDArray[np.floating]
    ) -> npt.NDArray[np.float32]:
        """The scores of aligned lists of pairs (the bench and training use this)."""
        return self.group_scores([((a,), (b,)) for a, b in pairs], cosine)

    def group_scores(
        self, pairs: Sequence[tuple[Sequence[str], Sequence[str]]], cosine: npt.NDArray[np.floating]
    ) -> npt.NDArray[np.float32]:
        """The scores of pairs of sentence groups, each side one sentence or several read as one (a rewrite
        that merges two sentences of the original into one), given each pair's cosine: the word and number
        overlap of a group is that of its sentences' words together."""
        cos = np.asarray(cosine, np.float64)
        out = self.far(cos)
        near = np.flatnonzero(cos > self.floor)
        if len(near):
            counts = _counts([(_group_terms(pairs[k][0]), _group_terms(pairs[k][1])) for k in near.tolist()])
            out[near] = self.near(_features(cos[near], counts))
        return out.astype(np.float32)

    def to_toml(self, header: str) -> str:
        """The model as the data file :func:`load_model` reads, after ``header`` (comment lines)."""
        lines = [header.rstrip("\n"), "", f"floor = {self.floor!r}", f"bias = {self.bias!r}",
                 f"far_weight = {self.far_weight!r}", f"far_bias = {self.far_bias!r}",
                 f"paraphrase_threshold = {self.paraphrase_threshold!r}",
                 f"strong_paraphrase = {self.strong_paraphrase!r}", "", "[weights]"]  # fmt: skip
        lines += [f"{name} = {weight!r}" for name, weight in zip(FEATURES, self.weights, strict=True)]
        return "\n".join(lines) + "\n"


def parse_model(raw: str) -> ParaphraseModel:
    """A model from the text of a data file; every feature of :data:`FEATURES` must have a weight."""
    data = tomllib.loads(raw)
    weights = data["weights"]
    if set(weights) != set(FEATURES):
        raise ValueError(f"paraphrase model weights must name exactly {', '.join(FEATURES)}")
    return ParaphraseModel(
        weights=tuple(float(weights[name]) for name in FEATURES),
        bias=float(data["bias"]),
        floor=float(data["floor"]),
        far_weight=float(data["far_weight"]),
        far_bias=float(data["far_bias"]),
        paraphrase_threshold=float(data["paraphrase_threshold"]),
        strong_paraphrase=float(data["strong_paraphrase"]),
    )


@functools.cache
def load_model() -> ParaphraseModel:
    """The shipped model (``samestory/data/paraphrase.toml``), read once per process."""
    return parse_model(resources.files("samestory").joinpath("data", MODEL_FILE).read_text(encoding="utf-8"))
