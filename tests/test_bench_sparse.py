"""The sparse speed corpus's disguise (bench/_sparse.py) keeps an article's shape and makes its words its own.

Bench code, checked here without the shared data: a vocabulary is made up so that every frequency band
holds many words, as the real sources' do.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from _sparse import FIXED, STOPWORDS, Disguise

FUNCTION = sorted(STOPWORDS - FIXED)
WORD = re.compile(r"[A-Za-z]+|\d+")


def made_up(k: int) -> str:
    """The ``k``-th made-up content word."""
    return f"word{chr(97 + k % 26)}{k}"


def vocabulary_texts() -> list[str]:
    """Texts in which function words and 2,000 made-up content words come 1 to 256 times each."""
    rng = random.Random(5)
    words = FUNCTION + [made_up(k) for k in range(2000)]
    tokens = [w for k, w in enumerate(words) for _ in range(2 ** (k % 9))]
    rng.shuffle(tokens)
    return [" ".join(tokens[i : i + 500]) for i in range(0, len(tokens), 500)]


def article(rng: random.Random) -> str:
    sentences = []
    for _ in range(30):
        words = [rng.choice(FUNCTION) if rng.random() < 0.5 else made_up(rng.randrange(2000))
                 for _ in range(rng.randint(8, 20))]  # fmt: skip
        sentences.append(" ".join(words).capitalize() + f" in {rng.randint(1000, 9999)}.")
    return "Mr. Wordb1 spoke on Monday. " + " ".join(sentences)


def four_grams(text: str) -> set[tuple[str, ...]]:
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def test_a_disguise_keeps_the_shape_and_the_kinds_of_words() -> None:
    disguise = Disguise.from_texts(vocabulary_texts())
    text = article(random.Random(1))
    out = disguise.apply(text, seed=7)
    assert WORD.sub("", out) == WORD.sub("", text)  # punctuation and spaces as they were
    before, after = WORD.findall(text), WORD.findall(out)
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        if old.isdigit():
            assert new.isdigit() and len(new) == len(old)
        elif old.lower() in FIXED:
            assert new == old  # "Mr." stays an abbreviation, weekdays stay dates
        elif old.lower() in STOPWORDS:
            assert new.lower() in STOPWORDS and new.lower() not in FIXED
        else:
            assert new.lower() not in STOPWORDS
        assert new[:1].isupper() == old[:1].isupper()
    assert disguise.apply(text, seed=7) == out


def test_two_disguises_of_one_body_share_almost_no_4_grams() -> None:
    """Function words are drawn per article too: two articles made from one body do not share its skeleton
    of function words (which made pairs of them share rare 4-grams by the thousand)."""
    disguise = Disguise.from_texts(vocabulary_texts())
    text = article(random.Random(2))
    a, b = four_grams(disguise.apply(text, seed=1)), four_grams(disguise.apply(text, seed=2))
    assert len(a & b) <= 0.02 * len(a)
