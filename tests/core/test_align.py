import numpy as np

from samestory.core.align import align, exact_spans, word_overlap
from samestory.core.sentences import split_sentences

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
