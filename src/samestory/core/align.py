"""Passage alignment between two clean texts: verbatim spans first, then paraphrased sentences.

1. **Exact spans** are found as passim finds text reuse: shared word n-grams are anchors, anchors on the
   same diagonal (the same offset between the two texts) and in sequence form a run, and each maximal run
   of at least ``min_tokens`` words is a span. Diagonals are independent, so reordered paragraphs align too.
   Runs are taken longest first, each word of either text in at most one span.
2. **Paraphrases**: sentences that exact spans leave mostly uncovered are compared by a paraphrase score
   (:mod:`~samestory.core.paraphrase`: the cosine of their sentence embeddings with word and number
   overlap, which embeddings underrate); pairs over the threshold are matched one-to-one, best first. A
   sentence left free may also pair with one that exact spans cover on the other side: a sentence kept
   verbatim with a clause added covers the short side's sentence, not its own.
3. **Merges and splits**: a rewrite often makes one sentence of two of the original's, or two of one. Two
   adjacent free sentences read as one (their embeddings' length-weighted mean, their words together) align
   with a sentence of the other side when together they score as a strong paraphrase, higher than either alone,
   and each alone shares some details with it (:attr:`AlignParams.merge_part`).

Whatever is left is each side's own material: what one version adds and the other drops.

>>> a = "The minister resigned on Friday after a long row over the budget. Critics cheered."
>>> b = "Critics cheered. The minister resigned on Friday after a long row over the budget."
>>> [(x.kind, a[x.a_start:x.a_end]) for x in exact_spans(a, b, n=4, min_tokens=6)]
[('exact', 'The minister resigned on Friday after a long row over the budget')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from samestory.core import shingles
from samestory.core.paraphrase import PairOverlap, load_model, word_set
from samestory.core.sentences import Sentence
from samestory.core.text import fold, key_hash, word_pattern
from samestory.records import Alignment, Span

FloatMatrix = npt.NDArray[np.float32]
_PARAPHRASE = load_model()
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
    return [Token(m.start(), m.end(), _key(m.group())) for m in word_pattern(text).finditer(text)]


@dataclass(frozen=True, slots=True)
class TextIndex:
    """What exact alignment needs of one text, computed once per text (an article meets many others): the
    offsets of its word tokens, the hash of the n-gram starting at each token, and the distinct hashes.

    Hashes are :mod:`~samestory.core.shingles` hashes (XXH3 of each folded token, combined per n-gram). On
    text whose words are all ASCII, nearly all English news, tokens and hashes come from its vectorised
    pass instead of a Python object per word.
    """

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    hashes: npt.NDArray[np.uint64]
    distinct: npt.NDArray[np.uint64]
    n: int
    #: The positions that sort ``hashes`` (stable; int32, 4 bytes a token in every kept view): the anchor
    #: search of every pair with this text on the B side reads it instead of sorting again.
    order: npt.NDArray[np.int32]

    @classmethod
    def of(cls, text: str, n: int = 5) -> TextIndex:
        return cls.of_tokens(token_arrays(text), n)

    @classmethod
    def of_tokens(cls, tokens: TokenArrays, n: int = 5) -> TextIndex:
        """The index of a text given its :func:`token_arrays`."""
        starts, ends, token_hashes, _numeric = tokens
        if len(token_hashes) < n:
            hashes = np.zeros(0, np.uint64)
        else:
            hashes = shingles.combine_ngrams(shingles.Ragged.from_rows([token_hashes]), n).values
        return cls.of_ngrams(starts, ends, hashes, n)

    @classmethod
    def of_ngrams(
        cls, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64], hashes: npt.NDArray[np.uint64], n: int
    ) -> TextIndex:
        """The index of a text given its tokens' offsets and the hashes of its ``n``-grams, in order."""
        order = np.argsort(hashes, kind="stable")
        return cls(starts, ends, hashes, sorted_distinct(hashes[order]), n, order.astype(np.int32))

    def shared(self, other: TextIndex) -> int:
        """How many distinct n-grams the two texts share."""
        return len(self.common(other))

    def common(self, other: TextIndex) -> npt.NDArray[np.uint64]:
        """The distinct n-grams the two texts share, sorted: ``np.intersect1d`` of the two, which sorted
        both again for every pair; both are sorted already, so a search of one in the other does."""
        mine, theirs = self.distinct, other.distinct
        if not len(mine) or not len(theirs):
            return mine[:0]
        at = np.minimum(np.searchsorted(theirs, mine), len(theirs) - 1)
        shared: npt.NDArray[np.uint64] = mine[theirs[at] == mine]
        return shared


def sorted_distinct(ordered: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The distinct values of a sorted array: ``np.unique`` of it, without sorting again (an index sorts its
    hashes anyway, and np.unique's sort and fixed cost were a fifth of building the indexes)."""
    keep = np.ones(len(ordered), np.bool_)
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    distinct: npt.NDArray[np.uint64] = ordered[keep]
    return distinct


#: A text's word tokens as arrays: starts, ends, the key hash of each, and whether each key starts with a
#: digit (a number, for the paraphrase score's number overlap).
TokenArrays = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.uint64], npt.NDArray[np.bool_]]
_DIGIT = np.zeros(256, np.bool_)
_DIGIT[ord("0") : ord("9") + 1] = True


def token_arrays(text: str) -> TokenArrays:
    """What :func:`tokens` gives, as arrays (:data:`TokenArrays`): with numpy when every word is ASCII."""
    if not ascii_worded(text):
        return _token_arrays(text)
    # Every word is ASCII (curly quotes and dashes are not words): replacing each other character with "?"
    # keeps every offset and every token.
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    starts, ends = ascii_words(ascii_text)
    return starts, ends, shingles.token_hashes(ascii_text), ascii_digits(ascii_text, starts)


def ascii_digits(ascii_text: str, starts: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Whether the character at each of ``starts`` of an ASCII text is a digit."""
    return _DIGIT[np.frombuffer(ascii_text.encode("ascii"), np.uint8)[starts]]


def _token_arrays(text: str) -> TokenArrays:
    """:func:`token_arrays` of any text, each distinct word folded and hashed once (a word recurs three times
    in an article on average)."""
    matches = list(word_pattern(text).finditer(text))
    words = [m.group() for m in matches]
    keys = {word: _key(word) for word in dict.fromkeys(words)}
    hashes = {word: key_hash(key) for word, key in keys.items()}
    return (
        np.fromiter((m.start() for m in matches), np.int64, len(matches)),
        np.fromiter((m.end() for m in matches), np.int64, len(matches)),
        np.fromiter(map(hashes.__getitem__, words), np.uint64, len(words)),
        np.fromiter((keys[w][:1].isdigit() for w in words), np.bool_, len(words)),
    )


_NON_ASCII_WORD = re.compile(r"[^\W\x00-\x7f]")


def ascii_worded(text: str) -> bool:
    """Whether every word character of ``text`` is ASCII (then :func:`ascii_words` finds its words)."""
    return text.isascii() or not _NON_ASCII_WORD.search(text)


#: True for the bytes of ``\\w`` in ASCII.
_ASCII_WORD = np.array([chr(i).isalnum() or chr(i) == "_" for i in range(128)] + [False] * 128)


def ascii_words(text: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    r"""Start and end offsets of the ``\w+`` runs of an ASCII text, found with numpy."""
    mask = _ASCII_WORD[np.frombuffer(text.encode("ascii"), np.uint8)].astype(np.int8)
    edges = np.diff(mask, prepend=np.int8(0), append=np.int8(0))
    return np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)


def _anchors(
    ha: npt.NDArray[np.uint64],
    hb: npt.NDArray[np.uint64],
    common: npt.NDArray[np.uint64],
    b_order: npt.NDArray[np.int32] | None = None,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(i, j) positions where the n-gram at token i of A equals the one at token j of B (``common``: the
    hashes they share, sorted); n-grams that occur more than ``MAX_ANCHOR_REPEATS`` times in B anchor
    nothing. Built with numpy: a copy has thousands of anchors. ``b_order``: ``hb``'s stable argsort, when
    the caller keeps it."""
    empty = np.zeros(0, np.int64)
    if not len(common):
        return empty, empty
    order = np.argsort(hb, kind="stable") if b_order is None else b_order
    hb_sorted = hb[order]
    lo = np.searchsorted(hb_sorted, common, "left")
    counts = np.searchsorted(hb_sorted, common, "right") - lo
    slot = np.minimum(np.searchsorted(common, ha), len(common) - 1)  # ha's hash among the common ones
    ia = np.flatnonzero((common[slot] == ha) & (counts[slot] <= MAX_ANCHOR_REPEATS))
    repeats = counts[slot[ia]]
    i = np.repeat(ia, repeats)
    first = np.repeat(np.cumsum(repeats) - repeats, repeats)
    j = order[np.repeat(lo[slot[ia]], repeats) + np.arange(len(i)) - first]
    return i.astype(np.int64), j.astype(np.int64)


def _runs(i: npt.NDArray[np.int64], j: npt.NDArray[np.int64], n: int) -> list[tuple[int, int, int]]:
    """Maximal runs (i, j, length in tokens) of anchors that follow each other on one diagonal: anchors
    sorted by diagonal and position, a run breaks where the diagonal changes or a position is skipped."""
    if not len(i):
        return []
    diagonal = i - j
    order = np.lexsort((i, diagonal))
    i, j, diagonal = i[order], j[order], diagonal[order]
    # np.concatenate rather than np.r_, whose index-trick machinery cost more than the runs themselves
    starts = np.flatnonzero(np.concatenate(([True], (diagonal[1:] != diagonal[:-1]) | (i[1:] != i[:-1] + 1))))
    ends = np.concatenate((starts[1:], [len(i)])) - 1
    lengths = i[ends] - i[starts] + n
    return list(zip(i[starts].tolist(), j[starts].tolist(), lengths.tolist(), strict=True))


def _longest_free(free: npt.NDArray[np.bool_]) -> tuple[int, int]:
    """(offset, length) of the longest run of True in ``free`` (the first one on ties)."""
    if free.all():  # the usual case: a run that no longer span overlaps
        return (0, len(free))
    best, start = (0, 0), None
    for k, ok in enumerate([*free.tolist(), False]):
        if ok and start is None:
            start = k
        elif not ok and start is not None:
            if k - start > best[1]:
                best = (start, k - start)
            start = None
    return best


def _opens_sentence(index: TextIndex, sentence_starts: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    """Whether each token opens a sentence: a sentence starts after the previous token and by this one."""
    after = np.concatenate(([0], index.ends[:-1]))
    opens: npt.NDArray[np.bool_] = np.searchsorted(sentence_starts, index.starts, "right") > np.searchsorted(
        sentence_starts, after, "left"
    )
    return opens


def _cover(size: int, firsts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """How many of the runs (first token, length) hold each of ``size`` tokens."""
    steps = np.zeros(size + 1, np.int64)
    np.add.at(steps, firsts, 1)
    np.add.at(steps, firsts + lengths, -1)
    return np.cumsum(steps[:-1])


def _overlapping(firsts: npt.NDArray[np.int64], lengths: npt.NDArray[np.int64]) -> bool:
    """Whether two of the runs (first token, length) hold a token in common."""
    if len(firsts) < 2:
        return False
    order = np.argsort(firsts, kind="stable")
    ends = np.maximum.accumulate((firsts + lengths)[order])
    return bool((firsts[order][1:] < ends[:-1]).any())


def _at_breaks(
    runs: list[tuple[int, int, int]],
    ia: TextIndex,
    ib: TextIndex,
    a_sentences: npt.NDArray[np.int64],
    b_sentences: npt.NDArray[np.int64],
    n: int,
    min_tokens: int,
) -> list[tuple[int, int, int]]:
    """Runs cut at a sentence break both texts share when fewer than ``n`` words lie beyond it and another
    run (long enough to be a span) holds them too. Two texts that follow one sentence with different
    paragraphs that open alike ("... busiest port.\n\nThe") share those words by chance: the run went on
    into the next paragraph and took its first word from the span of the paragraph it opens."""
    runs_array = np.array([r for r in runs if r[2] >= min_tokens], np.int64).reshape(-1, 3)
    if not (_overlapping(runs_array[:, 0], runs_array[:, 2]) or _overlapping(runs_array[:, 1], runs_array[:, 2])):
        return runs  # no two runs hold one word: nothing to give back (the usual case)
    lengths = runs_array[:, 2]
    held_a = _cover(len(ia.starts), runs_array[:, 0], lengths) > 1
    held_b = _cover(len(ib.starts), runs_array[:, 1], lengths) > 1
    opens_a, opens_b = _opens_sentence(ia, a_sentences), _opens_sentence(ib, b_sentences)
    out = []
    for i, j, length in runs:
        breaks = np.flatnonzero(opens_a[i + 1 : i + length] & opens_b[j + 1 : j + length]) + 1
        if len(breaks):
            last = int(breaks[-1])
            if length - last < n and (held_a[i + last : i + length].any() or held_b[j + last : j + length].any()):
                length = last
            first = int(breaks[0])
            if first < n and first < length and (held_a[i : i + first].any() or held_b[j : j + first].any()):
                i, j, length = i + first, j + first, length - first
        out.append((i, j, length))
    return out


def exact_spans(
    a: str,
    b: str,
    n: int = 5,
    min_tokens: int = 8,
    *,
    a_index: TextIndex | None = None,
    b_index: TextIndex | None = None,
    common: npt.NDArray[np.uint64] | None = None,
    a_sentences: npt.NDArray[np.int64] | None = None,
    b_sentences: npt.NDArray[np.int64] | None = None,
) -> list[Alignment]:
    """Verbatim (after folding case and compatibility characters) spans shared by ``a`` and ``b``.

    ``a_index``, ``b_index``: the texts' :class:`TextIndex` for ``n``, when the caller keeps them;
    ``common``: their shared n-grams (``a_index.common(b_index)``), when the caller has computed them.
    ``a_sentences``, ``b_sentences``: the start offsets of the texts' sentences (sorted), to end spans at a
    break both share (:func:`_at_breaks`)."""
    ia = a_index if a_index is not None and a_index.n == n else TextIndex.of(a, n)
    ib = b_index if b_index is not None and b_index.n == n else TextIndex.of(b, n)
    if common is None or ia is not a_index or ib is not b_index:
        common = ia.common(ib)
    anchor_i, anchor_j = _anchors(ia.hashes, ib.hashes, common, ib.order)
    runs = _runs(anchor_i, anchor_j, n)
    if not runs:
        return []
    if a_sentences is not None and b_sentences is not None:
        runs = _at_breaks(runs, ia, ib, a_sentences, b_sentences, n, min_tokens)
    sa, ea, sb, eb = ia.starts, ia.ends, ib.starts, ib.ends
    used_a, used_b = np.zeros(len(sa), bool), np.zeros(len(sb), bool)
    spans = []
    for i, j, length in sorted(runs, key=lambda r: (-r[2], r[0], r[1])):
        # A run that overlaps a longer span keeps its longest free stretch (a near copy with one edited
        # word is two runs that touch, and the second must not be lost).
        offset, length = _longest_free(~used_a[i : i + length] & ~used_b[j : j + length])
        i, j = i + offset, j + offset
        if length < min_tokens:
            continue
        used_a[i : i + length] = used_b[j : j + length] = True
        spans.append(Alignment(int(sa[i]), int(ea[i + length - 1]), int(sb[j]), int(eb[j + length - 1]), "exact", 1.0))
    return sorted(spans, key=lambda s: (s.a_start, s.b_start))


@dataclass(frozen=True, slots=True)
class SentenceBounds:
    """Offsets and lengths of a text's sentences, computed once per text (an article meets many others)."""

    starts: npt.NDArray[np.int64]
    ends: npt.NDArray[np.int64]
    lengths: list[int]
    total: int

    @classmethod
    def of(cls, sents: Sequence[Sentence]) -> SentenceBounds:
        starts, ends = _bounds(sents)
        lengths = [s.end - s.start for s in sents]
        return cls(starts, ends, lengths, sum(lengths))

    def share(self, chosen: Iterable[int]) -> float:
        """Share of the characters in the chosen sentences (indexes, each at most once): :func:`sentence_share`."""
        lengths = self.lengths
        return sum(lengths[k] for k in chosen) / self.total if self.total else 0.0


def _share_in(start: int, end: int, spans: list[tuple[int, int]]) -> float:
    """Share of the characters of ``[start, end)`` inside the given (non-overlapping) spans."""
    inside = sum(max(0, min(e, end) - max(s, start)) for s, e in spans)
    return inside / max(1, end - start)


def _bounds(sents: Sequence[Sentence]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    return (
        np.fromiter((s.start for s in sents), np.int64, len(sents)),
        np.fromiter((s.end for s in sents), np.int64, len(sents)),
    )


#: Up to this many sentence-span cells, :func:`_covered_sentences` takes every overlap at once (the same
#: integers as its prefix sums, in a third of the time for a pair of news articles).
_OVERLAP_CELLS = 1 << 16


def _covered_sentences(bounds: SentenceBounds, spans: list[tuple[int, int]], share: float) -> set[int]:
    """Sentences with at least ``share`` of their characters inside the given (non-overlapping) spans: the
    characters covered before each sentence's end less those before its start. (The overlap of every
    sentence with every span at once took sentences times spans of memory: 5 GB for a list of 50,000 lines.)"""
    if not spans or not len(bounds.starts):
        return set()
    spans = sorted(spans)
    span_starts = np.fromiter((s for s, _e in spans), np.int64, len(spans))
    span_ends = np.fromiter((e for _s, e in spans), np.int64, len(spans))
    if len(spans) * len(bounds.starts) <= _OVERLAP_CELLS:  # the usual pair: every overlap at once is quicker
        overlap = np.minimum(bounds.ends[:, None], span_ends) - np.maximum(bounds.starts[:, None], span_starts)
        inside = np.maximum(overlap, 0).sum(axis=1)
    else:
        inside = _covered_before(bounds.ends, span_starts, span_ends) - _covered_before(
            bounds.starts, span_starts, span_ends
        )
    return set(np.flatnonzero(inside / np.maximum(1, bounds.ends - bounds.starts) >= share).tolist())


def _covered_before(
    at: npt.NDArray[np.int64], starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """How many characters before each offset ``at`` the non-overlapping spans ``starts``-``ends`` (sorted)
    cover: the spans before the last that starts at or before it, and that one up to it."""
    before = np.concatenate(([0], np.cumsum(ends - starts)))
    last = np.searchsorted(starts, at, "right") - 1
    within = np.minimum(at, ends[np.maximum(last, 0)]) - starts[np.maximum(last, 0)]
    covered: npt.NDArray[np.int64] = np.where(last >= 0, before[np.maximum(last, 0)] + within, 0)
    return covered


def _jaccard(sa: frozenset[str], sb: frozenset[str]) -> float:
    if not sa or not sb:
        return 0.0
    shared = len(sa & sb)
    return shared / (len(sa) + len(sb) - shared)  # the size of the union, without building it


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
    #: Indexes of the aligned sentences of each side (``a_only`` and ``b_only`` are the others).
    aligned_a: set[int] = field(default_factory=set)
    aligned_b: set[int] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class AlignParams:
    anchor_n: int = 5
    #: The fewest words of an exact span; strong paraphrases count as evidence only where the pair has an
    #: exact span or they hold this many words together (each pair its shorter sentence's).
    min_exact_tokens: int = 8
    #: A sentence counts as covered by exact spans when this share of it is inside one.
    covered_share: float = 0.5
    #: Paraphrase score (see :func:`paraphrase_scores`) at which sentences align, and of a strong
    #: paraphrase (the only kind relations and similarity count): derived with the score's coefficients on
    #: its training data, STS-B train news (bench/train_paraphrase.py, samestory/data/paraphrase.toml).
    paraphrase_threshold: float = _PARAPHRASE.paraphrase_threshold
    strong_paraphrase: float = _PARAPHRASE.strong_paraphrase
    #: Paraphrases are sought among at most this many sentence pairs (about 1,450 sentences a side; a long
    #: news article has a few hundred): over it, two texts align by exact spans only. Every pair is scored,
    #: with 16 bytes of it held: two versions of a list of 12,500 one-word lines (80 KB) took 20 s and 2 GB
    #: to compare, of 25,000 lines 70 s and 7 GB; a text near the size limit would never finish.
    max_sentence_pairs: int = 1 << 21
    #: A rewrite merges two adjacent sentences of the original into one, or splits one in two: two adjacent
    #: sentences read as one align with a sentence of the other side when together they score as a strong
    #: paraphrase (a merge has more ways to match by chance than a pair: it must be "mostly equivalent"),
    #: higher than either alone, and each alone scores at least this. 0.4 is STS 2 on the score's scale
    #: (gold / 5), "not equivalent, but share some details": each must bring some of it.
    merge_part: float = 0.4


def paraphrase_scores(
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_emb: FloatMatrix,
    b_emb: FloatMatrix,
    overlap: tuple[PairOverlap, Sequence[int], Sequence[int]] | None = None,
) -> FloatMatrix:
    """Pairwise paraphrase scores (:mod:`~samestory.core.paraphrase`): the embedding cosine combined with
    word and number overlap by the shipped logistic model, an estimate of the STS similarity / 5.
    ``overlap``: the two texts' :class:`~samestory.core.paraphrase.PairOverlap` and the indexes of
    ``a_sents`` and ``b_sents`` among their sentences, to count the overlap there (the same scores)."""
    cosine: FloatMatrix = (a_emb @ b_emb.T).astype(np.float32)
    if overlap is not None:
        pair_overlap, rows, cols = overlap
        where = (pair_overlap, np.asarray(rows, np.int64), np.asarray(cols, np.int64))
        return _PARAPHRASE.scores(cosine, (), (), where)
    return _PARAPHRASE.scores(cosine, [s.text for s in a_sents], [s.text for s in b_sents])


def _match(scores: FloatMatrix, threshold: float) -> list[tuple[int, int, float]]:
    """One-to-one pairs over the threshold, best first (ties broken by position: deterministic)."""
    return _one_to_one([(float(scores[i, j]), int(i), int(j)) for i, j in np.argwhere(scores >= threshold)])


def _one_to_one(candidates: list[tuple[float, int, int]]) -> list[tuple[int, int, float]]:
    """(i, j, score) of scored pairs taken best first (ties by position: deterministic), each i and j once."""
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    out = []
    for score, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            out.append((int(i), int(j), score))
    return out


def remainder(sents: Sequence[Sentence], aligned: set[int]) -> list[Span]:
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


def sentence_share(sents: Sequence[Sentence], chosen: Iterable[int]) -> float:
    """Share of the sentences' characters in the chosen ones (indexes, each at most once)."""
    total = sum(s.end - s.start for s in sents)
    return sum(sents[k].end - sents[k].start for k in chosen) / total if total else 0.0


def _shorter_words(
    ia: TextIndex, ib: TextIndex, a_sents: Sequence[Sentence], b_sents: Sequence[Sentence], groups: list[Group]
) -> int:
    """The words of the shorter side of each aligned group, summed: how much text they hold."""

    def words(index: TextIndex, first: Sentence, last: Sentence) -> int:
        return int(np.searchsorted(index.starts, last.end) - np.searchsorted(index.starts, first.start))

    return sum(
        min(words(ia, a_sents[g.a[0]], a_sents[g.a[-1]]), words(ib, b_sents[g.b[0]], b_sents[g.b[-1]])) for g in groups
    )


@dataclass(frozen=True, slots=True)
class Group:
    """Sentences of A aligned as a paraphrase with sentences of B (adjacent, in order; one of each, or two
    read as one on one side), and their score."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    score: float

    def alignment(self, a_sents: Sequence[Sentence], b_sents: Sequence[Sentence]) -> Alignment:
        """The group as an alignment: its sentences' span on each side."""
        a_start, a_end = a_sents[self.a[0]].start, a_sents[self.a[-1]].end
        b_start, b_end = b_sents[self.b[0]].start, b_sents[self.b[-1]].end
        return Alignment(a_start, a_end, b_start, b_end, "paraphrase", round(self.score, 4))


@dataclass(frozen=True, slots=True)
class Block:
    """The free sentences of each side (indexes, ascending) and their paraphrase scores (rows: A's)."""

    rows: list[int]
    cols: list[int]
    scores: FloatMatrix


@dataclass(frozen=True, slots=True)
class _Texts:
    """The sentences and embeddings of both sides, to score runs of sentences read as one."""

    a_sents: Sequence[Sentence]
    b_sents: Sequence[Sentence]
    a_emb: FloatMatrix
    b_emb: FloatMatrix

    def scores(self, groups: Sequence[tuple[tuple[int, ...], tuple[int, ...]]]) -> list[float]:
        """The paraphrase score of each (sentences of A, sentences of B), each side's run read as one: its
        embedding the sentences' mean weighted by length (a static model's mean of its token vectors; an
        approximation for a transformer's), its words all of theirs."""
        cosines = [
            float(_run_vector(self.a_sents, self.a_emb, a) @ _run_vector(self.b_sents, self.b_emb, b))
            for a, b in groups
        ]
        texts = [([self.a_sents[k].text for k in a], [self.b_sents[k].text for k in b]) for a, b in groups]
        scores: list[float] = _PARAPHRASE.group_scores(texts, np.asarray(cosines, np.float64)).tolist()
        return scores


def _run_vector(sents: Sequence[Sentence], emb: FloatMatrix, run: tuple[int, ...]) -> FloatMatrix:
    if len(run) == 1:
        row: FloatMatrix = emb[run[0]]
        return row
    weights = np.array([[sents[k].end - sents[k].start] for k in run], np.float32)
    mean: FloatMatrix = (weights * emb[list(run)]).sum(axis=0)
    norm = float(np.linalg.norm(mean))
    return mean / norm if norm else mean


def _beside_copy(
    block: int, i: int, j: int, covered: set[int], copies: SpanCopies, texts: _Texts, p: AlignParams
) -> float | None:
    """A free sentence beside a copied one, where the rewrite merged the two: the score of the two read as
    one with the other side's sentence that holds the copy, when it is a strong paraphrase's and higher than the
    copied sentence's alone (its words carry the free sentence's content too); else None.

    ``block`` 1: ``i`` is a free sentence of A, ``j`` one of B that exact spans cover, ``covered`` A's
    covered sentences (a neighbour of ``i`` among them copied into ``j``). ``block`` 2: ``i`` is covered,
    ``j`` free, ``covered`` B's covered sentences (a neighbour of ``j`` holding words of ``i``): a split."""
    a, b = texts.a_sents, texts.b_sents
    for n in (i - 1, i + 1) if block == 1 else (j - 1, j + 1):
        if n not in covered:
            continue
        if block == 1 and copies.joins(a[n], j, b[j]):
            merged, alone = texts.scores([((min(n, i), max(n, i)), (j,)), ((n,), (j,))])
        elif block == 2 and copies.joins(a[i], n, b[n]):
            merged, alone = texts.scores([((i,), (min(n, j), max(n, j))), ((i,), (n,))])
        else:
            continue
        if merged >= p.strong_paraphrase and merged > alone:
            return merged
    return None


def _adjacent_runs(rows: list[int], ok: npt.NDArray[np.bool_]) -> list[tuple[int, int]]:
    """(r, c) where ``rows[r]`` and ``rows[r + 1]`` are adjacent sentences that both score at least the
    part's floor (``ok``) with column ``c``."""
    if len(rows) < 2:
        return []
    adjacent = np.diff(np.asarray(rows)) == 1
    return [(r, c) for r, c in np.argwhere(ok[:-1] & ok[1:] & adjacent[:, None]).tolist()]


def _merge_candidates(
    runs: list[tuple[int, int]], rows: list[int], cols: list[int], partner: dict[int, int], free: set[int]
) -> list[tuple[int, int]]:
    """The :func:`_adjacent_runs` of two adjacent sentences of one side (``rows``) with a sentence of the other (of
    ``cols``) that may merge: at most one of the two aligned already (``partner``: its column's sentence),
    and then only with that sentence (the run grows its pair); two unaligned ones with any unaligned
    sentence (``free``: the columns' sentences that are)."""
    col_of = {k: c for c, k in enumerate(cols)}
    out = []
    for r, c in runs:
        first, second = rows[r], rows[r + 1]
        if first in partner and second in partner:
            continue
        taken = partner.get(first, partner.get(second))
        if cols[c] in free if taken is None else col_of.get(taken) == c:
            out.append((r, c))
    return out


def _merged(para: list[Group], block: Block, texts: _Texts, p: AlignParams) -> list[Group]:
    """The one-to-one paraphrases ``para`` with two adjacent sentences read as one where a rewrite merged
    or split them (:attr:`AlignParams.merge_part`): an aligned pair grows by a neighbour, or two unaligned
    sentences align with one. Sought among the free sentences of ``block`` (those exact spans leave), best
    first, each sentence in one group (a run read as one: :meth:`_Texts.scores`)."""
    ok = block.scores >= p.merge_part
    if np.count_nonzero(ok) < 2:  # most pairs: a run needs two sentences that share details with one
        return para
    a_runs, b_runs = _adjacent_runs(block.rows, ok), _adjacent_runs(block.cols, ok.T)
    if not a_runs and not b_runs:
        return para
    rows, cols = set(block.rows), set(block.cols)
    to_b = {g.a[0]: g.b[0] for g in para if g.a[0] in rows and g.b[0] in cols}
    to_a = {b: a for a, b in to_b.items()}
    flipped = Block(block.cols, block.rows, block.scores.T)
    runs = [(r, c, True) for r, c in _merge_candidates(a_runs, block.rows, block.cols, to_b, cols - set(to_a))]
    runs += [(r, c, False) for r, c in _merge_candidates(b_runs, block.cols, block.rows, to_a, rows - set(to_b))]
    if not runs:
        return para
    found = []
    for r, c, a_side in runs:
        here = block if a_side else flipped
        run, other = (here.rows[r], here.rows[r + 1]), here.cols[c]
        alone = max(float(here.scores[r, c]), float(here.scores[r + 1, c]))
        found.append((Group(run, (other,), 0.0) if a_side else Group((other,), run, 0.0), alone))
    scores = texts.scores([(g.a, g.b) for g, _ in found])
    better = [
        Group(g.a, g.b, score)
        for (g, alone), score in zip(found, scores, strict=True)
        if score >= p.strong_paraphrase and score > alone
    ]
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    merges = []
    for g in sorted(better, key=lambda g: (-g.score, g.a, g.b)):
        if taken_a.isdisjoint(g.a) and taken_b.isdisjoint(g.b):
            taken_a.update(g.a)
            taken_b.update(g.b)
            merges.append(g)
    return [g for g in para if taken_a.isdisjoint(g.a) and taken_b.isdisjoint(g.b)] + merges


class SpanCopies:
    """Where the exact spans copy words of A into each sentence of B: for a sentence ``sb`` of B, the
    character ranges of A that the words of each span inside ``sb``, taken back to A by their token
    positions, run over. Computed once per sentence of B that a pair asks about (each pair walked every span,
    and a text of many alike sentences has many pairs and many spans: cubic, 78 s for two 110 KB texts)."""

    def __init__(self, exact: list[Alignment], ia: TextIndex, ib: TextIndex) -> None:
        self.b_starts = np.fromiter((x.b_start for x in exact), np.int64, len(exact))
        self.b_ends = np.fromiter((x.b_end for x in exact), np.int64, len(exact))
        a_starts = np.fromiter((x.a_start for x in exact), np.int64, len(exact))
        self.shifts = np.searchsorted(ia.starts, a_starts) - np.searchsorted(ib.starts, self.b_starts)
        self.ia, self.ib = ia, ib
        self._ranges: dict[int, list[tuple[int, int]]] = {}

    def joins(self, sa: Sentence, j: int, sb: Sentence) -> bool:
        """Whether an exact span copies words of sentence ``sa`` of A into sentence ``sb`` (number ``j``) of B."""
        ranges = self._ranges.get(j)
        if ranges is None:
            ranges = self._ranges[j] = self.ranges(sb)
        return any(start < sa.end and end > sa.start for start, end in ranges)

    def ranges(self, sb: Sentence) -> list[tuple[int, int]]:
        lo, hi = np.maximum(self.b_starts, sb.start), np.minimum(self.b_ends, sb.end)
        inside = lo < hi
        shifts = self.shifts[inside]
        first = np.searchsorted(self.ib.starts, lo[inside]) + shifts
        last = np.searchsorted(self.ib.starts, hi[inside]) - 1 + shifts
        runs = first <= last
        return list(zip(self.ia.starts[first[runs]].tolist(), self.ia.ends[last[runs]].tolist(), strict=True))


def align(
    a: str,
    b: str,
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    a_emb: FloatMatrix,
    b_emb: FloatMatrix,
    params: AlignParams | None = None,
    *,
    a_index: TextIndex | None = None,
    b_index: TextIndex | None = None,
    common: npt.NDArray[np.uint64] | None = None,
    a_bounds: SentenceBounds | None = None,
    b_bounds: SentenceBounds | None = None,
    remainders: bool = True,
    overlap: PairOverlap | None = None,
) -> AlignResult:
    """Align two texts given their sentences and sentence embeddings (unit rows, one per sentence).

    ``a_index``, ``b_index``, ``common`` (see :func:`exact_spans`) and ``a_bounds``, ``b_bounds`` (the
    :class:`SentenceBounds` of ``a_sents`` and ``b_sents``): what the caller keeps, to skip computing it.
    ``remainders=False`` leaves ``a_only`` and ``b_only`` empty, for a caller that needs them only for some
    results (:func:`remainder` of ``aligned_a`` and ``aligned_b`` gives them). ``overlap``: the texts'
    :class:`~samestory.core.paraphrase.PairOverlap`, when the caller has their sentence terms."""
    p = params or AlignParams()
    ba = SentenceBounds.of(a_sents) if a_bounds is None else a_bounds
    bb = SentenceBounds.of(b_sents) if b_bounds is None else b_bounds
    ia = a_index if a_index is not None and a_index.n == p.anchor_n else TextIndex.of(a, p.anchor_n)
    ib = b_index if b_index is not None and b_index.n == p.anchor_n else TextIndex.of(b, p.anchor_n)
    if ia is not a_index or ib is not b_index:
        common = None  # (counted for other indexes)
    exact = exact_spans(
        a, b, p.anchor_n, p.min_exact_tokens, a_index=ia, b_index=ib, common=common,
        a_sentences=ba.starts, b_sentences=bb.starts,
    )  # fmt: skip
    a_spans, b_spans = [(x.a_start, x.a_end) for x in exact], [(x.b_start, x.b_end) for x in exact]
    exact_a = _covered_sentences(ba, a_spans, p.covered_share)
    exact_b = _covered_sentences(bb, b_spans, p.covered_share)
    free_a = [k for k in range(len(a_sents)) if k not in exact_a]
    free_b = [k for k in range(len(b_sents)) if k not in exact_b]
    # A free sentence may pair with a sentence of the other side that exact spans cover: a rewrite that
    # keeps most of a sentence verbatim and adds a clause covers the short side's sentence, not its own.
    # Only with the sentence whose span it holds: else a sentence one side adds, a weak paraphrase of one
    # copied elsewhere, took that sentence as a second partner and was no longer the side's own material.
    blocks = [(free_a, free_b), (free_a, sorted(exact_b)), (sorted(exact_a), free_b)]
    if len(a_sents) * len(b_sents) > p.max_sentence_pairs:
        blocks = []
    # It may also pair with a covered sentence that holds its neighbour's copy, where the rewrite merged the
    # two (or split one: a covered sentence of A with a free one of B beside its copy), :func:`_beside_copy`.
    found: list[tuple[float, int, int]] = []
    copies: SpanCopies | None = None  # built when a pair of the second or third block asks (few do)
    free_scores: FloatMatrix | None = None  # the first block's: merges are sought among free sentences
    texts = _Texts(a_sents, b_sents, a_emb, b_emb)
    for block, (rows, cols) in enumerate(blocks):
        if not rows or not cols:
            continue
        where = None if overlap is None else (overlap, rows, cols)
        scores = paraphrase_scores(
            [a_sents[k] for k in rows], [b_sents[k] for k in cols], a_emb[rows], b_emb[cols], where
        )
        if not block:
            free_scores = scores
            found += [
                (float(scores[i, j]), rows[i], cols[j])
                for i, j in np.argwhere(scores >= p.paraphrase_threshold).tolist()
            ]
            continue
        for i, j in np.argwhere(scores >= min(p.merge_part, p.paraphrase_threshold)).tolist():
            copies = copies or SpanCopies(exact, ia, ib)
            ai, bj, score = rows[i], cols[j], float(scores[i, j])
            if score >= p.paraphrase_threshold and copies.joins(a_sents[ai], bj, b_sents[bj]):
                found.append((score, ai, bj))
            elif (
                merged := _beside_copy(block, ai, bj, exact_a if block == 1 else exact_b, copies, texts, p)
            ) is not None:
                found.append((merged, ai, bj))
    para = [Group((i,), (j,), s) for i, j, s in _one_to_one(found)]
    # Merges refine a copy's alignment, they start none: sought where an exact span or a strong paraphrase
    # says one text was written from the other.
    if free_scores is not None and (exact or any(g.score >= p.strong_paraphrase for g in para)):
        para = _merged(para, Block(free_a, free_b, free_scores), texts, p)
    paraphrased = [(a_sents[g.a[0]].start, a_sents[g.a[-1]].end) for g in para]
    # Short verbatim runs inside sentences that align as paraphrases add nothing a reader needs twice.
    exact = [x for x in exact if _share_in(x.a_start, x.a_end, paraphrased) < p.covered_share]
    alignment = exact + [g.alignment(a_sents, b_sents) for g in para]
    done_a = exact_a.union(*(g.a for g in para))
    done_b = exact_b.union(*(g.b for g in para))
    strong = [g for g in para if g.score >= p.strong_paraphrase]
    # Strong paraphrases are evidence of copying only over as many words as an exact span needs: two
    # one-line reports that share "Turnout reached 50 percent" score as mostly equivalent, and that sentence
    # was the whole of each text (a rewrite, similarity 1.0). Each pair counts its shorter sentence's words;
    # a short sentence among other evidence counts ("A document is represented as a vector."). Those
    # left out stay aligned, as weak paraphrases do.
    if strong and not a_spans and _shorter_words(ia, ib, a_sents, b_sents, strong) < p.min_exact_tokens:
        strong = []
    return AlignResult(
        alignment=sorted(alignment, key=lambda x: (x.a_start, x.b_start)),
        a_only=remainder(a_sents, done_a) if remainders else [],
        b_only=remainder(b_sents, done_b) if remainders else [],
        coverage_a=ba.share(done_a),
        coverage_b=bb.share(done_b),
        exact_coverage_a=ba.share(exact_a),
        exact_coverage_b=bb.share(exact_b),
        strong_coverage_a=ba.share(exact_a.union(*(g.a for g in strong))),
        strong_coverage_b=bb.share(exact_b.union(*(g.b for g in strong))),
        aligned_a=done_a,
        aligned_b=done_b,
    )
