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

from samestory.core.text import fold

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
    return frozenset((w if w.isascii() else fold(w)).casefold() for w in _WORD.findall(text))


@functools.lru_cache(maxsize=16384)
def sentence_terms(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """A sentence's :func:`word_set` and those of its words that are numbers (digit runs: "3.4" gives "3"
    and "4")."""
    words = word_set(text)
    return words, frozenset(w for w in words if w[0].isdigit())


def overlap_features(
    pairs: Sequence[tuple[str, str]], cosine: Sequence[float] | npt.NDArray[np.floating]
) -> npt.NDArray[np.float64]:
    """The :data:`FEATURES` of sentence pairs (one row each) whose cosines are given."""
    counts = np.zeros((len(pairs), 6), np.float64)  # |A|, |B|, |A & B|, numbers: |Na|, |Nb|, |Na & Nb|
    for k, (a, b) in enumerate(pairs):
        (wa, na), (wb, nb) = sentence_terms(a), sentence_terms(b)
        counts[k] = (len(wa), len(wb), len(wa & wb), len(na), len(nb), len(na & nb) if na and nb else 0)
    return _features(np.asarray(cosine, np.float64), counts)


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

    def scores(self, cosine: FloatMatrix, a_texts: Sequence[str], b_texts: Sequence[str]) -> FloatMatrix:
        """The score of every pair of a sentence of A (rows) and one of B (columns), given their cosines."""
        out: FloatMatrix = self.far(cosine.astype(np.float64)).astype(np.float32)
        near_i, near_j = np.nonzero(cosine > self.floor)
        if len(near_i):
            pairs = [(a_texts[i], b_texts[j]) for i, j in zip(near_i.tolist(), near_j.tolist(), strict=True)]
            out[near_i, near_j] = self.near(overlap_features(pairs, cosine[near_i, near_j]))
        return out

    def score_pairs(
        self, pairs: Sequence[tuple[str, str]], cosine: npt.NDArray[np.floating]
    ) -> npt.NDArray[np.float32]:
        """The scores of aligned lists of pairs (the bench and training use this)."""
        cos = np.asarray(cosine, np.float64)
        out = self.far(cos)
        near = np.flatnonzero(cos > self.floor)
        if len(near):
            out[near] = self.near(overlap_features([pairs[k] for k in near.tolist()], cos[near]))
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
