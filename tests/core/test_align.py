from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import samestory.core.align as align_module
from samestory.core.align import (
    AlignParams,
    SentenceBounds,
    TextIndex,
    _covered_sentences,
    align,
    exact_spans,
    paraphrase_scores,
    remainder,
    sentence_share,
    word_overlap,
)
from samestory.core.sentences import Sentence, split_sentences
from samestory.records import Alignment

DATA = Path(__file__).parents[1] / "data" / "align"

A = (
    "The storm hit the coast on Monday night, flooding hundreds of homes. "
    "Officials said 40,000 people lost power across the region. "
    "The mayor called it the worst flood in fifty years."
)
B = (
    "Officials said 40,000 people lost power across the region. "
    "A storm struck the coastline late on Monday, leaving hundreds of houses under water. "
    "Rescue teams were still searching for two missing fishermen."
)


def test_exact_spans_survive_reordering() -> None:
    spans = exact_spans(A, B, n=4, min_tokens=6)
    assert [A[s.a_start : s.a_end] for s in spans] == ["Officials said 40,000 people lost power across the region"]
    assert [B[s.b_start : s.b_end] for s in spans] == ["Officials said 40,000 people lost power across the region"]


def test_paraphrase_alignment_and_remainders() -> None:
    sa, sb = split_sentences(A), split_sentences(B)
    # Hand-made unit embeddings: sentence 0 of A paraphrases sentence 1 of B; the rest are orthogonal.
    ea = np.eye(3, 4, dtype=np.float32)
    eb = np.zeros((3, 4), dtype=np.float32)
    eb[1, 0] = 1.0
    eb[2, 3] = 1.0
    result = align(A, B, sa, sb, ea, eb)
    kinds = sorted((x.kind, A[x.a_start : x.a_end][:20], B[x.b_start : x.b_end][:20]) for x in result.alignment)
    assert kinds == [
        ("exact", "Officials said 40,00", "Officials said 40,00"),
        ("paraphrase", "The storm hit the co", "A storm struck the c"),
    ]
    assert [A[s.start : s.end] for s in result.a_only] == ["The mayor called it the worst flood in fifty years."]
    assert [B[s.start : s.end] for s in result.b_only] == [
        "Rescue teams were still searching for two missing fishermen."
    ]
    lengths = [len(s.text) for s in sa]
    assert result.coverage_a == (lengths[0] + lengths[1]) / sum(lengths)
    assert result.exact_coverage_a == lengths[1] / sum(lengths)


def test_word_overlap() -> None:
    assert word_overlap("The cat sat.", "the CAT sat") == 1.0
    assert word_overlap("a b", "c d") == 0.0


def test_overlapping_run_keeps_its_free_part() -> None:
    words = [f"w{k}" for k in range(40)]
    a = " ".join(words)
    # An inserted phrase that ends with the word before it: the run after the insertion starts one word
    # early and overlaps the run before it by that word, which must not cost the earlier run.
    b = " ".join([*words[:20], "z1", "z2", "z3", words[19], *words[20:]])
    spans = exact_spans(a, b, n=4, min_tokens=8)
    covered = sum(len(a[s.a_start : s.a_end].split()) for s in spans)
    assert covered == 40


def _covered_by_prefix(sents: list[Sentence], spans: list[tuple[int, int]], share: float) -> set[int]:
    """The coverage rule spelled out character by character: the reference for _covered_sentences."""
    covered = {c for s, e in spans for c in range(s, e)}
    return {
        k
        for k, x in enumerate(sents)
        if sum(c in covered for c in range(x.start, x.end)) / max(1, x.end - x.start) >= share
    }


def test_covered_sentences_match_a_character_count() -> None:
    text = A + " " + B
    sents = split_sentences(text)
    bounds = SentenceBounds.of(sents)
    for spans in ([], [(0, 40)], [(10, 60), (70, 200)], [(0, 5), (130, 131), (140, len(text))]):
        for share in (0.01, 0.5, 1.0):
            assert _covered_sentences(bounds, spans, share) == _covered_by_prefix(sents, spans, share)


def test_sentence_bounds_share_is_sentence_share() -> None:
    sents = split_sentences(A)
    bounds = SentenceBounds.of(sents)
    for chosen in ([], [0], [0, 2], [0, 1, 2]):
        assert bounds.share(chosen) == sentence_share(sents, chosen)
    assert SentenceBounds.of([]).share([]) == 0.0


def test_exact_spans_with_kept_indexes_and_common_ngrams() -> None:
    ia, ib = TextIndex.of(A, 4), TextIndex.of(B, 4)
    common = ia.common(ib)
    assert len(common) == ia.shared(ib) > 0
    kept = exact_spans(A, B, n=4, min_tokens=6, a_index=ia, b_index=ib, common=common)
    assert kept == exact_spans(A, B, n=4, min_tokens=6)
    # Indexes of another n are rebuilt, and then a ``common`` of the kept ones is not used.
    assert exact_spans(A, B, n=5, min_tokens=6, a_index=ia, b_index=ib, common=common) == exact_spans(
        A, B, n=5, min_tokens=6
    )


def test_remainders_later_are_the_remainders() -> None:
    sa, sb = split_sentences(A), split_sentences(B)
    # Sentence 0 of A paraphrases sentence 2 of B; sentence 2 of A has no partner.
    ea, eb = np.eye(3, 4, dtype=np.float32), np.zeros((3, 4), dtype=np.float32)
    eb[0, 3] = eb[1, 1] = eb[2, 0] = 1.0
    full = align(A, B, sa, sb, ea, eb)
    lazy = align(A, B, sa, sb, ea, eb, remainders=False)
    assert lazy.a_only == lazy.b_only == [] and full.a_only
    assert remainder(sa, lazy.aligned_a) == full.a_only and remainder(sb, lazy.aligned_b) == full.b_only
    assert lazy.alignment == full.alignment and lazy.coverage_a == full.coverage_a


def test_a_sentence_that_adds_a_clause_aligns_with_the_sentence_it_keeps() -> None:
    # B keeps A's first sentence verbatim and adds a long clause: exact spans cover A's sentence but less
    # than half of B's, which must still align (with the sentence it keeps), not count as B's own material.
    from samestory.core.embed import load_embedder

    a = "The minister resigned on Friday after a long row over the budget. Critics cheered outside."
    b = (
        "The minister resigned on Friday after a long row over the budget, which his own party had said for "
        "months hid a deficit twice the size of the one reported to parliament. Nobody else spoke."
    )
    sa, sb = split_sentences(a), split_sentences(b)
    embedder = load_embedder("static")
    result = align(a, b, sa, sb, embedder.encode([s.text for s in sa]), embedder.encode([s.text for s in sb]))
    assert result.exact_coverage_b < 0.5 and 0 in result.aligned_b
    assert [(x.kind, x.a_start, x.b_start) for x in result.alignment] == [("paraphrase", 0, 0)]
    assert [b[s.start : s.end] for s in result.b_only] == ["Nobody else spoke."]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 40), max_size=30), st.lists(st.integers(0, 40), max_size=30))
def test_common_ngrams_are_the_sorted_intersection(a: list[int], b: list[int]) -> None:
    def index(values: list[int]) -> TextIndex:
        hashes = np.array(values, np.uint64)
        empty = np.zeros(0, np.int64)
        return TextIndex(empty, empty, hashes, np.unique(hashes), 5, np.argsort(hashes, kind="stable").astype(np.int32))

    expected = np.intersect1d(np.unique(np.array(a, np.uint64)), np.unique(np.array(b, np.uint64)))
    found = index(a).common(index(b))
    assert found.dtype == np.uint64 and found.tolist() == expected.tolist()


def test_a_sentence_one_side_adds_does_not_pair_with_a_sentence_copied_elsewhere() -> None:
    # B is A with a sentence added at the end. Exact spans cover A's first sentence, copied as B's first; the
    # added sentence, left free, scored as a weak paraphrase of it (the same fire) and took it as a partner:
    # B's own sentence was counted aligned and b_only came out empty. A free sentence pairs with a covered
    # one only when an exact span runs between the two (a sentence kept with a clause added).
    from samestory.core.embed import load_embedder

    a = (DATA / "ru_fire.txt").read_text().strip()
    b = (DATA / "ru_fire_update.txt").read_text().strip()
    sa, sb = split_sentences(a), split_sentences(b)
    embedder = load_embedder("static")
    result = align(a, b, sa, sb, embedder.encode([s.text for s in sa]), embedder.encode([s.text for s in sb]))
    assert [x.kind for x in result.alignment] == ["exact"]
    assert [b[s.start : s.end] for s in result.b_only] == [b[len(a) :].strip()]  # the sentence B adds
    assert result.a_only == [] and result.coverage_a == 1.0 and result.coverage_b < 0.85


def test_reordered_paragraphs_align_as_whole_sentences() -> None:
    # B prints A's paragraphs in another order. Both texts follow "busiest port." with a paragraph opening
    # "The": the first span ran on one word into the next paragraph ("... busiest port.\n\nThe"), and the
    # spans of the two paragraphs that really open with that "The" began at "FNV union" and "Port of".
    # A break both texts share ends a span when the few words past it belong to another span.
    paragraphs = [
        "Thousands of dock workers at the port of Rotterdam walked off the job on Tuesday in protest against "
        "plans to automate two container terminals, halting most cargo handling at Europe's busiest port.",
        "The FNV union said about 4,200 workers joined the 24-hour strike, which began at 6 a.m. local time.",
        "The Port of Rotterdam Authority said it expected delays of up to three days for container vessels.",
        "Talks between the union and the employers' association are scheduled to resume on Thursday.",
    ]
    a = "\n\n".join(paragraphs)
    b = "\n\n".join(paragraphs[k] for k in (0, 2, 3, 1))
    sa, sb = split_sentences(a), split_sentences(b)
    result = align(a, b, sa, sb, np.eye(len(sa), dtype=np.float32), -np.eye(len(sb), dtype=np.float32))
    spans = [(a[x.a_start : x.a_end], b[x.b_start : x.b_end]) for x in result.alignment]
    assert all(x.kind == "exact" for x in result.alignment)
    whole = [paragraphs[0], paragraphs[1], paragraphs[2] + "\n\n" + paragraphs[3]]  # A and B both run 2 to 3
    assert [sa_ for sa_, sb_ in spans if sa_ == sb_] == [p.rstrip(".") for p in whole]


def _span_joins_walking_every_span(
    exact: list[Alignment], ia: TextIndex, ib: TextIndex, sa: Sentence, sb: Sentence
) -> bool:
    """The check as it was, walking every exact span for each pair of sentences."""
    for x in exact:
        lo, hi = max(x.b_start, sb.start), min(x.b_end, sb.end)
        if lo >= hi:
            continue
        shift = int(np.searchsorted(ia.starts, x.a_start)) - int(np.searchsorted(ib.starts, x.b_start))
        first = int(np.searchsorted(ib.starts, lo)) + shift
        last = int(np.searchsorted(ib.starts, hi)) - 1 + shift
        if first <= last and ia.starts[first] < sa.end and ia.ends[last] > sa.start:
            return True
    return False


def _quotes(n: int, added: str) -> str:
    return " ".join(f'"We will review plan {k}{added}," said John Smith, the minister of {k}.' for k in range(n))


def test_span_copies_join_the_sentences_the_walk_over_every_span_joins() -> None:
    from samestory.core.align import SpanCopies

    a, b = _quotes(40, ""), _quotes(40, " next year") + " " + A + " " + B
    sa, sb = split_sentences(a), split_sentences(b)
    ia, ib = TextIndex.of(a), TextIndex.of(b)
    exact = exact_spans(a, b, a_index=ia, b_index=ib)
    assert len(exact) > 10
    copies = SpanCopies(exact, ia, ib)
    for sentence_a in sa:
        for j, sentence_b in enumerate(sb):
            expected = _span_joins_walking_every_span(exact, ia, ib, sentence_a, sentence_b)
            assert copies.joins(sentence_a, j, sentence_b) == expected


def test_align_walks_the_exact_spans_once_per_sentence_of_b_not_per_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    # Quotes alike in every way but their numbers: each pair of sentences scores as a paraphrase and the
    # texts share a span per quote, so walking every span for each pair was cubic (two 110 KB texts: 78 s).
    from samestory.core import align as align_module

    calls: list[Sentence] = []
    ranges = align_module.SpanCopies.ranges

    def counted(self: align_module.SpanCopies, sb: Sentence) -> list[tuple[int, int]]:
        calls.append(sb)
        return ranges(self, sb)

    monkeypatch.setattr(align_module.SpanCopies, "ranges", counted)
    a, b = _quotes(60, ""), _quotes(60, " next year")
    sa, sb = split_sentences(a), split_sentences(b)
    ea = np.ones((len(sa), 4), np.float32) / 2
    align(a, b, sa, sb, ea, ea[: len(sb)].copy())
    assert 0 < len(calls) <= len(sb)


def test_texts_of_more_sentence_pairs_than_the_budget_align_by_exact_spans_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every sentence pair was scored as a paraphrase, its scores held at once: two versions of a list of
    # 12,500 one-word lines (80 KB) took 20 s and 2 GB to compare, 25,000 lines 70 s and 7 GB. Over
    # max_sentence_pairs no pair is scored, and what exact spans align still does.
    from dataclasses import replace

    from samestory.core import align as align_module

    scored: list[int] = []
    scores = align_module.paraphrase_scores

    def counted(*args: object) -> object:
        scored.append(1)
        return scores(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(align_module, "paraphrase_scores", counted)
    sa, sb = split_sentences(A), split_sentences(B)
    ea = np.eye(3, 4, dtype=np.float32)
    eb = np.zeros((3, 4), dtype=np.float32)
    eb[1, 0] = 1.0
    within = align(A, B, sa, sb, ea, eb, AlignParams(max_sentence_pairs=9))
    assert scored and "paraphrase" in [x.kind for x in within.alignment]
    scored.clear()
    over = align(A, B, sa, sb, ea, eb, replace(AlignParams(), max_sentence_pairs=8))
    assert not scored
    assert over.alignment == [x for x in within.alignment if x.kind == "exact"]
    assert over.aligned_a == within.aligned_a - {0} and over.coverage_a < within.coverage_a


def _covered_by_every_span(bounds: SentenceBounds, spans: list[tuple[int, int]], share: float) -> set[int]:
    """The covered sentences as first computed: the overlap of every sentence with every span at once."""
    if not spans or not len(bounds.starts):
        return set()
    starts, ends = bounds.starts[:, None], bounds.ends[:, None]
    span_starts, span_ends = np.array([s for s, _ in spans]), np.array([e for _, e in spans])
    inside = np.maximum(np.minimum(ends, span_ends) - np.maximum(starts, span_starts), 0).sum(axis=1)
    return set(np.flatnonzero(inside / np.maximum(1, bounds.ends - bounds.starts) >= share).tolist())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 30), min_size=1, max_size=12),
    st.lists(st.integers(0, 25), max_size=16),
    st.sampled_from([0.01, 0.5, 1.0]),
)
def test_covered_sentences_from_prefix_sums_are_those_of_every_overlap(
    lengths: list[int], cuts: list[int], share: float
) -> None:
    # Sentences of the given lengths one space apart; spans between sorted cut points, every other gap, in
    # shuffled order (non-overlapping, some empty, some across sentences).
    sents, at = [], 0
    for n in lengths:
        sents.append(Sentence(at, at + n, "x" * n))
        at += n + 1
    points = sorted(c * at // 25 for c in cuts)
    spans = [(points[k], points[k + 1]) for k in range(0, len(points) - 1, 2)][::-1]
    bounds = SentenceBounds.of(sents)
    assert _covered_sentences(bounds, spans, share) == _covered_by_every_span(bounds, spans, share)
    with mock.patch.object(align_module, "_OVERLAP_CELLS", 0):  # the prefix sums, which long texts take
        assert _covered_sentences(bounds, spans, share) == _covered_by_every_span(bounds, spans, share)


def _sentences_of(text: str, start: int, end: int) -> list[str]:
    return [s.text for s in split_sentences(text) if s.start >= start and s.end <= end]


def test_a_rewrite_that_merges_or_splits_sentences_aligns_them_as_one() -> None:
    # An aggregator's rewrite of a wire story (written for this test, in the shape of the qa-aggregators
    # pass's transfer rewrite): two pairs of the wire's sentences are each one sentence of the rewrite, and
    # one sentence of the wire is two of the rewrite. Paraphrases paired one to one, so one sentence of
    # each merge and one half of the split were reported as the side's own material.
    from samestory import clean_text
    from samestory.core.embed import load_embedder

    a = clean_text((DATA / "transfer_wire.txt").read_text()).text  # the bodies: headlines are titles
    b = clean_text((DATA / "transfer_rewrite.txt").read_text()).text
    sa, sb = split_sentences(a), split_sentences(b)
    embedder = load_embedder("static")
    result = align(a, b, sa, sb, embedder.encode([s.text for s in sa]), embedder.encode([s.text for s in sb]))
    groups = [
        (_sentences_of(a, x.a_start, x.a_end), _sentences_of(b, x.b_start, x.b_end))
        for x in result.alignment
        if x.kind == "paraphrase"
    ]
    merged = {tuple(ga): tuple(gb) for ga, gb in groups if len(ga) > 1 or len(gb) > 1}
    assert merged == {
        (
            "The club had agreed a fee of 45 million pounds with Benfica last week.",
            "Lindqvist travelled to the northeast on Monday to complete the move.",
        ): (
            "Last week the Magpies had settled on a 45 million pound fee with Benfica, and Lindqvist flew to the "
            "northeast on Monday to finalise the deal.",
        ),
        (
            "Doctors found a problem with his right knee during the tests.",
            "The player had surgery on the same knee in 2023.",
        ): (
            "During the examination, club doctors discovered an issue with his right knee, which had already "
            "been operated on in 2023.",
        ),
        ("Benfica said the striker would return to Lisbon on Wednesday and rejoin training next week.",): (
            "The striker will go back to Lisbon on Wednesday.",
            "He will rejoin training with the Portuguese side next week, Benfica said.",
        ),
    }
    # What only the wire says stays its own, though its neighbour is in a split; the rewrite adds nothing.
    assert [a[s.start : s.end] for s in result.a_only] == [
        "The Portuguese club had hoped to use the money to strengthen its defence."
    ]
    assert result.b_only == []


def test_a_neighbour_that_adds_nothing_to_a_paraphrase_does_not_join_it() -> None:
    # Hand-made unit embeddings: A's first sentence paraphrases B's only sentence (the same rows); A's
    # second is about something else (an orthogonal row, no shared words). Read as one, the two score lower
    # than the first alone, so the pair does not grow.
    a = "The storm hit the coast on Monday night, flooding hundreds of homes. Tickets for the concert sold out."
    b = "A storm struck the coast late on Monday, flooding hundreds of houses."
    sa, sb = split_sentences(a), split_sentences(b)
    ea = np.array([[1, 0, 0], [0, 1, 0]], np.float32)
    eb = np.array([[0.96, 0, 0.28]], np.float32)
    result = align(a, b, sa, sb, ea, eb)
    assert [(a[x.a_start : x.a_end], x.kind) for x in result.alignment] == [(sa[0].text, "paraphrase")]
    assert [a[s.start : s.end] for s in result.a_only] == [sa[1].text]


def test_two_unaligned_sentences_that_each_share_some_details_align_with_one_that_holds_both() -> None:
    # Neither of A's first two sentences alone scores as a paraphrase of B's first, but read as one they do:
    # a merge also starts from two sentences left unaligned, in a pair aligned elsewhere (the last sentence).
    a = (
        "The council approved the budget on Tuesday. It raises property taxes by 3 percent. "
        "The mayor said the vote was a relief."
    )
    b = (
        "On Tuesday the council passed a budget that lifts the tax on property by 3 percent. "
        "The mayor said the vote was a relief."
    )
    sa, sb = split_sentences(a), split_sentences(b)
    ea = np.array([[0.6, 0.8, 0], [0.6, -0.8, 0], [0, 0, 1]], np.float32)
    eb = np.array([[1, 0, 0], [0, 0, 1]], np.float32)
    alone = paraphrase_scores(sa[:2], sb[:1], ea[:2], eb[:1])
    assert AlignParams().merge_part <= alone.min() and alone.max() < AlignParams().paraphrase_threshold
    result = align(a, b, sa, sb, ea, eb)
    paraphrases = [(a[x.a_start : x.a_end], b[x.b_start : x.b_end]) for x in result.alignment if x.kind == "paraphrase"]
    assert paraphrases == [(sa[0].text + " " + sa[1].text, sb[0].text)]
    assert result.a_only == [] and result.b_only == []


BRIDGE = (
    "The city council voted on Tuesday to close the old harbour bridge for six months of repairs starting in "
    "May. Engineers found deep cracks in two of the bridge's steel supports during an inspection last month."
)
BRIDGE_MERGED = (
    "The city council voted on Tuesday to close the old harbour bridge for six months of repairs starting in "
    "May, after engineers discovered serious cracks in two steel supports last month."
)


def _static_align(a: str, b: str) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    from samestory.core.embed import load_embedder

    sa, sb = split_sentences(a), split_sentences(b)
    embedder = load_embedder("static")
    result = align(a, b, sa, sb, embedder.encode([s.text for s in sa]), embedder.encode([s.text for s in sb]))
    spans = [(x.kind, a[x.a_start : x.a_end], b[x.b_start : x.b_end]) for x in result.alignment]
    return spans, [a[s.start : s.end] for s in result.a_only], [b[s.start : s.end] for s in result.b_only]


def test_a_sentence_merged_into_a_copied_one_aligns_with_it() -> None:
    # The rewrite keeps the wire's first sentence word for word and folds the second into it: exact spans
    # cover both first sentences, and the wire's second, a paraphrase of the rewrite's added clause, was
    # reported as the wire's own. It pairs with the sentence that holds its neighbour's copy, since read with
    # that neighbour it scores higher than the neighbour alone; and so does the split the other way round.
    second = split_sentences(BRIDGE)[1]
    spans, a_only, b_only = _static_align(BRIDGE, BRIDGE_MERGED)
    assert ("paraphrase", second.text, BRIDGE_MERGED) in spans and a_only == [] and b_only == []
    spans, a_only, b_only = _static_align(BRIDGE_MERGED, BRIDGE)
    assert ("paraphrase", BRIDGE_MERGED, second.text) in spans and a_only == [] and b_only == []


def test_a_sentence_beside_a_copied_one_that_the_copy_does_not_hold_stays_its_own() -> None:
    added = "Tickets for the summer festival in the old town went on sale on Friday."
    spans, a_only, _ = _static_align(BRIDGE.split(". ")[0] + ". " + added, BRIDGE_MERGED)
    assert [kind for kind, _, _ in spans] == ["exact"] and a_only == [added]
