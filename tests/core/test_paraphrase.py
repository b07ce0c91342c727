import dataclasses
from importlib import resources

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory.core.align import AlignParams, paraphrase_scores
from samestory.core.embed import load_embedder
from samestory.core.paraphrase import FEATURES, MODEL_FILE, load_model, overlap_features, parse_model, sentence_terms
from samestory.core.sentences import Sentence

Ints = npt.NDArray[np.int64]

# News sentences: each left one with a reworded version (paraphrase), a report of other figures in much
# the same words (not a paraphrase), and an unrelated sentence.
CASES = [
    (
        "Shares of Acme Corp. fell 8 percent on Tuesday after the company cut its full-year forecast.",
        "Acme Corp. shares dropped 8 percent Tuesday after the company lowered its forecast for the year.",
        "Shares of Acme Corp. rose 3 percent on Friday after the company raised its dividend.",
        "The city council voted to extend the library's opening hours on weekends.",
    ),
    (
        "The storm killed at least 12 people and left 40,000 homes without power, officials said.",
        "At least 12 people died in the storm and 40,000 homes lost power, according to officials.",
        "The storm killed at least 3 people and left 9,000 homes without power, officials said.",
        "Researchers found the new drug reduced symptoms in most patients after six weeks.",
    ),
]


def _scores(left: str, rights: list[str]) -> np.ndarray:
    embedder = load_embedder("static")
    ea, eb = embedder.encode([left]), embedder.encode(rights)
    return paraphrase_scores([Sentence(0, len(left), left)], [Sentence(0, len(r), r) for r in rights], ea, eb)[0]


@pytest.mark.parametrize(("left", "paraphrase", "other_figures", "unrelated"), CASES)
def test_paraphrase_scores_over_the_threshold_and_others_under(
    left: str, paraphrase: str, other_figures: str, unrelated: str
) -> None:
    same, figures, other = _scores(left, [paraphrase, other_figures, unrelated]).tolist()
    assert same >= AlignParams().strong_paraphrase
    assert other < AlignParams().paraphrase_threshold
    # Other figures in the same words score lower than the reworded sentence, though not always under the
    # threshold (0.77 for the storm: most of its words are shared).
    assert same > figures > other


def test_conflicting_numbers_lower_the_score() -> None:
    model = load_model()
    pairs = [("Police arrested 14 people on Monday.", "Police arrested 14 people on Monday night.")]
    pairs.append(("Police arrested 14 people on Monday.", "Police arrested 41 people on Monday night."))
    features = overlap_features(pairs, [0.9, 0.9])
    assert features[:, FEATURES.index("numbers_conflict")].tolist() == [0.0, 1.0]
    assert features[:, FEATURES.index("numbers_shared")].tolist() == [1.0, 0.0]
    assert model.near(features)[0] > model.near(features)[1]


def test_scores_are_deterministic_and_the_matrix_matches_the_pairs() -> None:
    lefts = [c[0] for c in CASES]
    rights = [text for c in CASES for text in c[1:]]
    embedder = load_embedder("static")
    ea, eb = embedder.encode(lefts), embedder.encode(rights)
    cosine = (ea @ eb.T).astype(np.float32)
    model = load_model()
    first = model.scores(cosine, lefts, rights)
    assert np.array_equal(first, model.scores(cosine, lefts, rights))
    flat = model.score_pairs([(a, b) for a in lefts for b in rights], cosine.ravel())
    assert np.array_equal(first.ravel(), flat)
    assert first.dtype == np.float32 and ((first > 0) & (first < 1)).all()


def test_pairs_under_the_floor_get_the_cosine_only_piece() -> None:
    model = load_model()
    cosine = np.array([[model.floor, model.floor + 0.2]], dtype=np.float32)
    text = "The minister resigned on Friday."
    scores = model.scores(cosine, [text], [text, text])
    assert scores[0, 0] == np.float32(model.far(np.array([float(np.float32(model.floor))]))[0])
    assert scores[0, 1] > scores[0, 0]  # identical words count only over the floor


def test_the_shipped_model_loads_from_package_data() -> None:
    raw = resources.files("samestory").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    model = parse_model(raw)
    assert model == load_model()
    assert len(model.weights) == len(FEATURES)
    assert 0 < model.floor < model.paraphrase_threshold < model.strong_paraphrase < 1
    # The thresholds of alignment come from the model file.
    assert AlignParams().paraphrase_threshold == model.paraphrase_threshold
    # A model written back reads the same.
    assert parse_model(model.to_toml("# test")) == model


def test_a_model_file_must_weigh_every_feature() -> None:
    raw = load_model().to_toml("# test").replace("numbers_unshared", "other_feature")
    with pytest.raises(ValueError, match="weights must name exactly"):
        parse_model(raw)
    assert dataclasses.is_dataclass(load_model())


def test_sentence_terms_fold_words_and_find_numbers() -> None:
    words, numbers = sentence_terms("Café sales rose 3.5% to 1,200 units in 2024.")
    assert {"café", "sales", "3", "5", "1", "200", "2024"} <= words
    assert numbers == frozenset({"3", "5", "1", "200", "2024"})
    fullwidth = "\uff21\uff22\uff23 said"  # fullwidth ABC: compatibility-folded, as align's token keys
    assert sentence_terms(fullwidth) == (frozenset({"abc", "said"}), frozenset())


_WORDS = st.sampled_from(["The", "minister", "said", "3.4", "12", "café", "Café", "İstanbul", "ﬁne", "²", "x_y"])
_GLUE = st.sampled_from([" ", ", ", ". ", "! ", "? ", "\n\n", " \u201c", "\u201d ", " - ", "'s "])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_WORDS, _GLUE), min_size=1, max_size=40))
    return "".join(word + glue for word, glue in parts)


@settings(max_examples=150, deadline=None)
@given(_texts(), _texts())
def test_sentence_terms_give_the_scores_of_the_sentence_texts(a: str, b: str) -> None:
    """Overlap counted from the views' sentence terms scores every sentence pair as the texts do."""
    from samestory.core.align import token_arrays
    from samestory.core.compare import ArticleView
    from samestory.core.paraphrase import PairOverlap
    from samestory.records import Article

    articles = [Article(id=t, input=t, format="text", original=t, paragraphs=[t]) for t in (a, b)]
    views = [ArticleView.of(x, None, tokens=token_arrays(x.text)) for x in articles]
    va, vb = views
    assert va.terms is not None and vb.terms is not None
    rng = np.random.default_rng(len(a) + len(b))
    cosine = rng.uniform(0.0, 1.0, (len(va.sentences), len(vb.sentences))).astype(np.float32)
    model = load_model()
    by_text = model.scores(cosine, [s.text for s in va.sentences], [s.text for s in vb.sentences])
    rows, cols = np.arange(len(va.sentences)), np.arange(len(vb.sentences))
    by_terms = model.scores(cosine, (), (), (PairOverlap(va.terms, vb.terms), rows, cols))
    assert np.array_equal(by_text, by_terms)


@settings(max_examples=150, deadline=None)
@given(_texts(), _texts(), st.integers(1, 40), st.integers(1, 12))
def test_scores_a_few_rows_at_a_time_are_the_scores_of_all_at_once(a: str, b: str, entries: int, cells: int) -> None:
    """Overlap counted, and pairs scored, a few rows at a time (in budgets :data:`COUNT_ENTRIES` and
    :data:`SCORE_CELLS`, here made tiny) give every pair the score it had when all were done at once."""
    from unittest import mock

    from samestory.core import paraphrase
    from samestory.core.align import token_arrays
    from samestory.core.compare import ArticleView
    from samestory.records import Article

    articles = [Article(id=t, input=t, format="text", original=t, paragraphs=[t]) for t in (a, b)]
    va, vb = (ArticleView.of(x, None, tokens=token_arrays(x.text)) for x in articles)
    assert va.terms is not None and vb.terms is not None
    rng = np.random.default_rng(len(a) + len(b))
    cosine = rng.uniform(0.0, 1.0, (len(va.sentences), len(vb.sentences))).astype(np.float32)
    rows, cols = np.arange(len(va.sentences)), np.arange(len(vb.sentences))
    model = load_model()

    terms = va.terms, vb.terms

    def scores() -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
        overlap = paraphrase.PairOverlap(*terms)
        by_terms = model.scores(cosine, (), (), (overlap, rows, cols))
        return by_terms, model.scores(cosine, [s.text for s in va.sentences], [s.text for s in vb.sentences])

    whole = scores()
    with mock.patch.object(paraphrase, "COUNT_ENTRIES", entries), mock.patch.object(paraphrase, "SCORE_CELLS", cells):
        parts = scores()
    assert np.array_equal(whole[0], parts[0]) and np.array_equal(whole[1], parts[1])


def test_overlap_is_counted_a_few_rows_at_a_time() -> None:
    # Two versions of an article of 10,000 short paragraphs: every pair of sentences shares "the", and the
    # entries of every pair at once (word by pair) took 7.8 GB. The rows counted at once hold at most
    # COUNT_ENTRIES words times B's sentences (or are one row).
    from unittest import mock

    from samestory.core import paraphrase
    from samestory.core.align import token_arrays
    from samestory.core.compare import ArticleView
    from samestory.records import Article

    text = " ".join(f"The minister said the plan {k} would be reviewed by the end of the year." for k in range(60))
    article = Article(id="a", input="a", format="text", original=text, paragraphs=[text])
    view = ArticleView.of(article, None, tokens=token_arrays(text))
    assert view.terms is not None
    overlap = paraphrase.PairOverlap(view.terms, view.terms)
    calls: list[tuple[int, int, int]] = []
    count_rows = paraphrase.PairOverlap._count_rows

    def counted(
        self: paraphrase.PairOverlap, entries: Ints, lo: Ints, hits: Ints, first: int, last: int
    ) -> tuple[Ints, Ints]:
        calls.append((len(entries), first, last))
        return count_rows(self, entries, lo, hits, first, last)

    with (
        mock.patch.object(paraphrase, "COUNT_ENTRIES", 3000),
        mock.patch.object(paraphrase.PairOverlap, "_count_rows", counted),
    ):
        overlap.counts(np.arange(60), np.arange(60))
    assert len(calls) > 10 and calls[0][1] == 0 and calls[-1][2] == 60
    assert all(entries * 60 <= 3000 or last == first + 1 for entries, first, last in calls)
