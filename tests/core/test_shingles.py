from __future__ import annotations

import re

import numpy as np
import pytest
import xxhash
from hypothesis import given, settings
from hypothesis import strategies as st

from samestory.core.shingles import (
    Ragged,
    batch_shingle_hashes,
    batch_token_hashes,
    combine_ngrams,
    function_ngrams,
    shingle_hashes,
    token_hashes,
    tokens,
)
from samestory.core.stopwords import stop_hashes
from samestory.core.text import lower_fold

WORD = re.compile(r"\w+")
#: Hiragana, katakana and Han ideographs, written out here so that the reference does not lean on the code.
CJK = ((0x3040, 0x30FF), (0x31F0, 0x31FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def reference_tokens(text: str) -> list[str]:
    """The ``\\w+`` runs of the folded text, each CJK character cut out as a token of its own."""
    out = []
    for run in WORD.findall(lower_fold(text)):
        piece = ""
        for char in run:
            if any(lo <= ord(char) <= hi for lo, hi in CJK):
                out += [piece, char] if piece else [char]
                piece = ""
            else:
                piece += char
        out += [piece] if piece else []
    return out


TRICKY = [
    "",
    "   \n\t ",
    "The \u201cQuick\u201d brown-fox\u2019s STRASSE caf\u00e9",
    "Straße ﬁnal ΣΊΣΥΦΟΣ ὈΔΥΣΣΕΎΣ",  # casefold (ß, final sigma) and a ligature NFKC splits
    "naïve coöperate e\u0301te\u0301 \u00a0non\u00a0breaking",  # combining marks end a word
    "東京で3日、\uff46\uff55\uff4c\uff4c\u3000\uff34\uff25\uff38\uff34 and ½ ² x²",  # fullwidth
    "emoji 😀 in-between; snake_case_words and trailing_",
    "wait\u2026 what\u00a0now\u2009x\u202fy \u2026\u0301 \u2122 caf\u00e9\u2026",  # compatibility characters
    "a" * 17 + " " + "é" * 9 + " " + "xyz" * 40,  # longer than XXH3's 16-byte short path
]


def xxh3_of_tokens(text: str) -> list[int]:
    return [xxhash.xxh3_64_intdigest(t.encode("utf-8")) for t in tokens(text)]


@pytest.mark.parametrize("text", TRICKY)
def test_tokens_are_the_word_tokens_of_lower_fold(text: str) -> None:
    assert tokens(text) == reference_tokens(text)


@pytest.mark.parametrize("text", TRICKY)
def test_token_hashes_are_xxh3_of_each_token(text: str) -> None:
    assert token_hashes(text).tolist() == xxh3_of_tokens(text)


def test_every_xxh3_length_class_matches_the_xxhash_package() -> None:
    words = ["".join(chr(97 + (i * 7 + j) % 26) for j in range(n)) for n in range(1, 41) for i in range(3)]
    words += ["é" * n for n in range(1, 12)]  # 2-byte characters: byte lengths 2..22
    assert token_hashes(" ".join(words)).tolist() == [xxhash.xxh3_64_intdigest(w.encode()) for w in words]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_fast_tokens_and_hashes_equal_the_reference_on_any_text(text: str) -> None:
    assert tokens(text) == reference_tokens(text)
    assert token_hashes(text).tolist() == xxh3_of_tokens(text)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(alphabet="ab c\u00e9\u2019.", max_size=30), max_size=8), st.integers(1, 6))
def test_batch_equals_one_text_at_a_time(texts: list[str], n: int) -> None:
    batch = batch_shingle_hashes(texts, n)
    assert len(batch) == len(texts)
    for i, text in enumerate(texts):
        assert batch.row(i).tolist() == shingle_hashes(text, n).tolist()
        assert batch_token_hashes(texts).row(i).tolist() == token_hashes(text).tolist()


def test_shingle_count_follows_the_token_count() -> None:
    assert len(shingle_hashes("one two three four five six seven", n=5)) == 3
    assert len(shingle_hashes("one two", n=5)) == 1  # a short text is one shingle, so it can still match
    assert len(shingle_hashes("  ...  ", n=5)) == 0


def test_shingles_depend_on_word_order_and_not_on_case_or_punctuation() -> None:
    assert shingle_hashes("Hello, World!", n=2).tolist() == shingle_hashes("hello world", n=2).tolist()
    assert shingle_hashes("a b", n=2).tolist() != shingle_hashes("b a", n=2).tolist()
    shared = set(shingle_hashes("x y z a b c", n=3).tolist()) & set(shingle_hashes("a b c q", n=3).tolist())
    assert shared == set(shingle_hashes("a b c", n=3).tolist())


def test_distinct_ngrams_get_distinct_well_spread_hashes() -> None:
    rng = np.random.default_rng(5)
    words = [f"w{i}" for i in range(300)]
    text = " ".join(rng.choice(words, 20_000).tolist())
    toks = tokens(text)
    grams = {tuple(toks[i : i + 3]) for i in range(len(toks) - 2)}
    hashes = shingle_hashes(text, n=3)
    assert len(set(hashes.tolist())) == len(grams)
    bits = (hashes[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)
    assert np.abs(bits.mean(axis=0) - 0.5).max() < 0.03  # every bit is a fair coin


def test_bad_shingle_size_raises() -> None:
    with pytest.raises(ValueError, match="shingle size"):
        shingle_hashes("a b c", n=0)


def test_ragged_rows() -> None:
    r = Ragged.from_rows([np.array([5], np.uint64), np.zeros(0, np.uint64), np.array([1, 2], np.uint64)])
    assert len(r) == 3
    assert [r.row(i).tolist() for i in range(3)] == [[5], [], [1, 2]]
    assert r.lengths().tolist() == [1, 0, 2]
    assert len(Ragged.from_rows([])) == 0
    assert len(batch_shingle_hashes([])) == 0


def _reference_function_ngrams(text: str, stop: set[str] | None, n: int) -> list[bool]:
    words = tokens(text)
    if len(words) < n:
        return [False] if words else []
    return [stop is not None and all(w in stop for w in words[i : i + n]) for i in range(len(words) - n + 1)]


@given(
    st.lists(st.lists(st.sampled_from(["the", "of", "a", "Paris", "rose", "41", "in"]), max_size=9), max_size=6),
    st.integers(1, 4),
    st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_function_ngrams_mark_the_shingles_made_of_function_words_only(
    rows: list[list[str]], n: int, listed: list[bool]
) -> None:
    """Row by row, in combine_ngrams' order (short rows included); a row without a list has none."""
    texts = [" ".join(words) for words in rows]
    stop = {"the", "of", "a", "in"}
    hashes = np.unique(token_hashes(" ".join(sorted(stop))))
    lists = [hashes if listed[i] else None for i in range(len(texts))]
    tokens_ = batch_token_hashes(texts)
    found = function_ngrams(tokens_, n, lists)
    assert len(found) == len(combine_ngrams(tokens_, n).values)
    expected = [m for i, t in enumerate(texts) for m in _reference_function_ngrams(t, stop if listed[i] else None, n)]
    assert found.tolist() == expected


def test_stop_hashes_follow_the_language() -> None:
    english, german = stop_hashes("en"), stop_hashes("de")
    assert english is not None and german is not None
    assert set(token_hashes("the of would")) <= set(english.tolist())
    assert not set(token_hashes("Paris 41 Stoltenberg")) & set(english.tolist())
    assert set(token_hashes("und der nicht")) <= set(german.tolist())
    assert stop_hashes(None) is None and stop_hashes("xx") is None


def test_each_cjk_character_is_a_token() -> None:
    text = "北约秘书长吕特 said 東京で3日 한국어"
    assert tokens(text) == ["北", "约", "秘", "书", "长", "吕", "特", "said", "東", "京", "で", "3", "日", "한국어"]
    assert token_hashes(text).tolist() == xxh3_of_tokens(text)
    assert len(shingle_hashes("北约秘书长吕特", n=5)) == 3


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ab é北约秘书かな ,。\u3000", max_size=60))
def test_text_mixing_cjk_and_other_words_tokenises_as_the_reference(text: str) -> None:
    assert tokens(text) == reference_tokens(text)
    assert token_hashes(text).tolist() == xxh3_of_tokens(text)
