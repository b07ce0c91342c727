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
import numpy.typing as npt

from samestory.core.align import (
    AlignParams,
    AlignResult,
    FloatMatrix,
    SentenceBounds,
    TextIndex,
    TokenArrays,
    align,
    paraphrase_scores,
    remainder,
)
from samestory.core.direction import decide
from samestory.core.paraphrase import PairOverlap, SentenceTerms
from samestory.core.quotes import quote_words
from samestory.core.relation import COPY_RELATIONS, RelationParams, Scores, relation_of, similarity_of
from samestory.core.sentences import Sentence, split_sentences
from samestory.core.text import UPPER, key_hash, match_key
from samestory.records import Alignment, Article, Direction, Pair, Span

#: A capitalised word not after a sentence end or at the start of a line, or a number but a list item's
#: ("1." or "2)" opening a line: two list articles share them all). The lookahead lets the regex engine skip,
#: with one test, the positions where neither can start (a third of the view's CPU before). Capitals of any
#: cased script: with A-Z only, "Özdemir", "Łódź" and every name in a Greek or Cyrillic text were no names.
#: Written to open with the class of its first character, the conditions on what stands before it read
#: from the next character back (``(?<=\b.)`` is ``\b`` before it): a pattern that opens with a class lets
#: the regex engine scan for that class in one loop instead of trying the whole pattern at each position
#: (the same matches: tested against the pattern written with lookaheads; a fifth less time on news).
_ENTITY = re.compile(
    rf"[{UPPER}\d](?<=\b.)(?:(?<=[{UPPER}])(?<![.!?]\s.)(?<!^.)[\w'-]+|(?<=\d)(?!(?<=^\d)\d{{0,2}}[.)]\s)[\d.,]*\b)",
    re.MULTILINE,
)
#: English function words, which are capitalised at the start of quotes, headlines and list items without
#: being names ("The", "In", "He" were the commonest keys shared by different events of one topic on the
#: ECB+ dev split). A closed class, written out here because the lists libraries ship are frequency lists
#: that also hold months, nationalities and other words that are names in news (jusText's has "April",
#: "American"). Only title-case matches are dropped: "US" stays a name.
_FUNCTION_WORDS = frozenset(
    """a about above after again against all also although am an and another any are as at be because been
    before being below between both but by can could did do does during each either every few for from had
    has have having he her here hers herself him himself his how i if in into is it its itself just me
    more most my myself neither no nor not now of off on once only or other our ours ourselves out over own
    same she should since so some such than that the their theirs them themselves then there these they
    this those though through to too under until up upon very was we were what when where whether which
    while who whom whose why will with within without would yet you your yours yourself yourselves""".split()  # noqa: SIM905 (a word per line reads worse)
)
#: Quotes shorter than this (in words) are too generic to count as shared quotes.
MIN_QUOTE_WORDS = 4


def quote_keys(article: Article) -> set[int]:
    """Hashes of the article's quotes of :data:`MIN_QUOTE_WORDS` words or more (each Chinese or Japanese
    character a word), in a normal form."""
    return {key_hash(k) for q in article.quotes if quote_words(k := match_key(q.text)) >= MIN_QUOTE_WORDS}


def entity_keys(text: str) -> set[str]:
    """Capitalised words not opening a sentence, and numbers: names, places and figures of a story."""
    keys = set()
    for word in set(_ENTITY.findall(text)):  # a name recurs in a story: each distinct word once
        key = word.casefold().rstrip(".,")
        if key in _FUNCTION_WORDS and not (word.isupper() and len(word) > 1):
            continue
        keys.add(key)
    return keys


@dataclass(slots=True)
class ArticleView:
    """An article with what comparison needs, computed once: sentences, embeddings, word n-grams, keys."""

    article: Article
    sentences: list[Sentence]
    embeddings: FloatMatrix | None
    #: Tokens and word 5-gram hashes: exact alignment and the lexical scores.
    index: TextIndex
    quotes: set[int]
    entities: set[str]
    text_key: str
    #: Offsets and lengths of ``sentences``: coverage shares without a pass over Sentence objects per pair.
    bounds: SentenceBounds
    #: The sentences' word sets as hashes, for the paraphrase score's overlap counts (None: counted from the
    #: sentences' texts, the same counts).
    terms: SentenceTerms | None = None

    @classmethod
    def of(
        cls,
        article: Article,
        embeddings: FloatMatrix | None,
        *,
        sentences: list[Sentence] | None = None,
        index: TextIndex | None = None,
        tokens: TokenArrays | None = None,
    ) -> ArticleView:
        """``embeddings``: one unit row per sentence of ``split_sentences(article.text)`` (pass those
        ``sentences`` when already split), or None. ``index``: the text's :class:`TextIndex` for
        ``AlignParams().anchor_n``, when already built. ``tokens``: the text's
        :func:`~samestory.core.align.token_arrays`, to keep the sentences' :class:`SentenceTerms`."""
        text = article.text
        sentences = split_sentences(text) if sentences is None else sentences
        bounds = SentenceBounds.of(sentences)
        return cls(
            article=article,
            sentences=sentences,
            embeddings=embeddings,
            index=TextIndex.of(text, AlignParams().anchor_n) if index is None else index,
            quotes=quote_keys(article),
            entities=entity_keys(text),
            text_key=match_key(text),
            bounds=bounds,
            terms=None if tokens is None else sentence_terms(tokens, bounds),
        )

    def mean_embedding(self) -> FloatMatrix | None:
        if self.embeddings is None or not len(self.embeddings):
            return None
        mean = self.embeddings.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm).astype(np.float32) if norm else None


def sentence_terms(tokens: TokenArrays, bounds: SentenceBounds) -> SentenceTerms | None:
    """The :class:`~samestory.core.paraphrase.SentenceTerms` of a text's sentences (``bounds``), from the
    text's :func:`~samestory.core.align.token_arrays`."""
    starts, ends, hashes, numeric = tokens
    return SentenceTerms.of(hashes, numeric, starts, ends, bounds.starts, bounds.ends)


def _ratio(shared: int, total: int) -> float:
    return shared / total if total else 0.0


def lexical_scores(a: ArticleView, b: ArticleView, shared: int | None = None) -> tuple[float, float, float]:
    """Word 5-gram Jaccard and containment each way (share of a's 5-grams found in b, and of b's in a).
    ``shared``: the number of distinct 5-grams they share, when the caller has counted it."""
    na, nb = len(a.index.distinct), len(b.index.distinct)
    shared = a.index.shared(b.index) if shared is None else shared
    return _ratio(shared, na + nb - shared), _ratio(shared, na), _ratio(shared, nb)


def _embeddings(view: ArticleView) -> FloatMatrix:
    if view.embeddings is None:
        return np.zeros((len(view.sentences), 1), dtype=np.float32)
    return view.embeddings


def _alignment(
    a: ArticleView,
    b: ArticleView,
    params: AlignParams,
    common: npt.NDArray[np.uint64] | None = None,
    overlap: PairOverlap | None = None,
) -> AlignResult:
    # The texts are read only to index them, and the views keep their indexes: Article.text joins the
    # paragraphs anew each time, for nothing.
    text_a = a.article.text if a.index.n != params.anchor_n else ""
    text_b = b.article.text if b.index.n != params.anchor_n else ""
    return align(
        text_a, text_b, a.sentences, b.sentences, _embeddings(a), _embeddings(b), params,
        a_index=a.index, b_index=b.index, common=common, a_bounds=a.bounds, b_bounds=b.bounds, remainders=False,
        overlap=overlap,
    )  # fmt: skip


def _overlap(a: ArticleView, b: ArticleView) -> PairOverlap | None:
    """The two views' sentence overlap counter, when both keep their sentence terms."""
    return None if a.terms is None or b.terms is None else PairOverlap(a.terms, b.terms)


def _entities(a: ArticleView, b: ArticleView) -> float:
    shared = len(a.entities & b.entities)
    return _ratio(shared, len(a.entities) + len(b.entities) - shared)  # the union's size, without building it


def cannot_relate(
    a: ArticleView,
    b: ArticleView,
    semantic: float,
    shared: int,
    ap: AlignParams,
    rp: RelationParams,
    common: npt.NDArray[np.uint64] | None = None,
    overlap: PairOverlap | None = None,
) -> bool:
    """Whether the pair is surely ``unrelated``, decided without aligning: a candidate generator proposes
    many pairs that share a few rare phrases or a topic and nothing more.

    Exact, not a heuristic: it answers True only when every relation's rule must fail.
    ``same_event`` needs the semantic and entity scores, known here. The copy relations need exact spans or
    strong paraphrases: a span of ``min_exact_tokens`` words holds that many minus ``anchor_n - 1`` shared
    n-grams in a row, so with fewer there is no span; then only strong paraphrases can make a rewrite, and
    the share of sentences that have *any* strong partner bounds what a one-to-one matching covers.
    ``common``: the distinct n-grams the two share (``a.index.common(b.index)``), when the caller has them;
    ``overlap``: their sentences' overlap counter (:func:`_overlap`), when the views keep sentence terms.
    """
    if a.text_key and a.text_key == b.text_key:
        return False
    if semantic >= rp.same_event and _entities(a, b) >= rp.entities:
        return False
    need = ap.min_exact_tokens - ap.anchor_n + 1
    if shared >= need or (shared and _shared_positions(a.index, b.index, common) >= need):
        return False  # (positions, for a text that repeats a short phrase: one n-gram, many places)
    if len(a.sentences) * len(b.sentences) > ap.max_sentence_pairs:
        return True  # no paraphrase is sought (``AlignParams.max_sentence_pairs``), and no span can be
    where = None if overlap is None else (overlap, range(len(a.sentences)), range(len(b.sentences)))
    strong = paraphrase_scores(a.sentences, b.sentences, _embeddings(a), _embeddings(b), where) >= ap.strong_paraphrase
    # Both rewrite rules need strong paraphrases: ``rewrite`` or ``rewrite_coverage`` of one side.
    return max(_side_shares(a, b, strong)) < min(rp.rewrite, rp.rewrite_coverage)


def _side_shares(a: ArticleView, b: ArticleView, partners: npt.NDArray[np.bool_]) -> tuple[float, float]:
    """Share of each side's sentences that have at least one partner in the other: an upper bound on what a
    one-to-one matching of those sentence pairs covers."""
    return (
        a.bounds.share(np.flatnonzero(np.any(partners, axis=1)).tolist()),
        b.bounds.share(np.flatnonzero(np.any(partners, axis=0)).tolist()),
    )


def _shared_positions(a: TextIndex, b: TextIndex, common: npt.NDArray[np.uint64] | None = None) -> int:
    """How many of a's n-gram positions hold an n-gram of b. With ``common`` (their shared distinct n-grams,
    fewer than a span needs here), one comparison per shared n-gram instead of a sorted search of all of b's."""
    if common is None:
        return int(np.isin(a.hashes, b.distinct).sum())
    return sum(int(np.count_nonzero(a.hashes == h)) for h in common.tolist())


def _same_text(a: ArticleView, b: ArticleView, ap: AlignParams) -> bool:
    """Whether the two clean texts are the same, and long enough for that to be evidence: like an exact span,
    ``min_exact_tokens`` words (unrelated pages share a stub body, "Watch the video.")."""
    return bool(a.text_key) and a.text_key == b.text_key and len(a.index.starts) >= ap.min_exact_tokens


def _span_share(spans: list[Span], text: str) -> float:
    return sum(s.end - s.start for s in spans) / len(text) if text else 0.0


#: What joins the digit runs of one figure: decimal marks, separators, a score's or a range's dash, a date's slash.
_FIGURE_JOINERS = ".,:-\u2013/"


def _cuts_figure(text: str, at: int) -> bool:
    """Whether offset ``at`` falls inside a figure, between a digit and a decimal mark, separator or joiner
    and the digits after it ("$0|.87", "$0.|87", "1|,200", a score "2|-1", a date "03|/25")."""
    mark = text[at : at + 1] if text[at - 1 : at].isdigit() else text[at - 1 : at]
    before, after = (at - 1, at + 1) if text[at - 1 : at].isdigit() else (at - 2, at)
    return mark in _FIGURE_JOINERS and text[max(before, 0) : before + 1].isdigit() and text[after : after + 1].isdigit()


def _whole_figures(alignment: list[Alignment], a: ArticleView, b: ArticleView) -> list[Alignment]:
    """Exact spans without the part of a figure at either end: words are digit runs, so "$0.87" and "$0.84"
    share the word "0", and a span ran on to it, showing as verbatim part of two figures that differ."""
    text_a, text_b = a.article.text, b.article.text
    out = []
    for x in alignment:
        if x.kind != "exact":
            out.append(x)
            continue
        ia, ib = a.index, b.index
        first_a, last_a = int(np.searchsorted(ia.starts, x.a_start)), int(np.searchsorted(ia.ends, x.a_end))
        first_b, last_b = int(np.searchsorted(ib.starts, x.b_start)), int(np.searchsorted(ib.ends, x.b_end))
        while last_a >= first_a and (
            _cuts_figure(text_a, int(ia.ends[last_a])) or _cuts_figure(text_b, int(ib.ends[last_b]))
        ):
            last_a, last_b = last_a - 1, last_b - 1
        while first_a <= last_a and (
            _cuts_figure(text_a, int(ia.starts[first_a])) or _cuts_figure(text_b, int(ib.starts[first_b]))
        ):
            first_a, first_b = first_a + 1, first_b + 1
        if first_a <= last_a:
            out.append(
                Alignment(
                    int(ia.starts[first_a]),
                    int(ia.ends[last_a]),
                    int(ib.starts[first_b]),
                    int(ib.ends[last_b]),
                    "exact",
                    x.score,
                )
            )
    return out


def compare_views(
    a: ArticleView,
    b: ArticleView,
    semantic: float | None = None,
    align_params: AlignParams | None = None,
    relation_params: RelationParams | None = None,
    *,
    quick: bool = False,
) -> Pair:
    """Verify one pair. ``semantic``: cosine of the two articles' embeddings, when the caller has it
    (else the cosine of the mean sentence embeddings).

    ``quick``: return an ``unrelated`` pair with only the lexical and semantic scores as soon as
    :func:`cannot_relate` proves it (for candidate verification, which keeps only related pairs).
    """
    ap, rp = align_params or AlignParams(), relation_params or RelationParams()
    if semantic is None:
        ma, mb = a.mean_embedding(), b.mean_embedding()
        semantic = float(ma @ mb) if ma is not None and mb is not None else 0.0
    common = a.index.common(b.index)  # counted here, anchors of the exact spans below
    shared = len(common)
    jaccard, cont_a, cont_b = lexical_scores(a, b, shared)
    overlap = _overlap(a, b)
    if quick and cannot_relate(a, b, semantic, shared, ap, rp, common, overlap):
        partial = Scores(jaccard=jaccard, containment_a=cont_a, containment_b=cont_b, semantic=max(0.0, semantic))
        return Pair(a.article.id, b.article.id, "unrelated", similarity_of(partial, rp), partial.to_dict())
    result = _alignment(a, b, ap, common, overlap)
    union_q = a.quotes | b.quotes
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
        entities=_entities(a, b),
    )
    relation = relation_of(scores, same_text=_same_text(a, b, ap), p=relation_params)
    pair = Pair(a.article.id, b.article.id, relation, similarity_of(scores, relation_params), scores.to_dict())
    if relation != "unrelated":  # the remainders only now: most aligned candidates turn out unrelated
        result.a_only = remainder(a.sentences, result.aligned_a)
        result.b_only = remainder(b.sentences, result.aligned_b)
        alignment = _whole_figures(result.alignment, a, b)
        pair.alignment, pair.a_only, pair.b_only = alignment, result.a_only, result.b_only
    if relation in COPY_RELATIONS:
        a_share = _span_share(result.a_only, a.article.text)
        b_share = _span_share(result.b_only, b.article.text)
        pair.direction = decide(a.article, b.article, a_share, b_share)
    elif relation == "same_event":
        pair.direction = Direction(None, [_same_event_note(a.article.id, b.article.id, scores)])
    return pair


def _same_event_note(a: str, b: str, s: Scores) -> str:
    """Why a same-event pair names no original. Verbatim passages too short for a copy (a follow-up that repeats
    background paragraphs of the first report, a roundup's item) are not independent reporting: say so."""
    if max(s.exact_coverage_a, s.exact_coverage_b) > 0:
        return (
            f"reports of one event that share verbatim passages ({s.exact_coverage_a:.0%} of {a}, "
            f"{s.exact_coverage_b:.0%} of {b}), too little of either for a copy"
        )
    return "independent reports of one event: neither was made from the other"
