"""Real news text made into articles that share no text with one another (the "sparse" speed corpus).

A crawl with 70% distinct stories has articles whose words differ, not articles recombined from one small
pool of bodies. :class:`Disguise` keeps the shape of a real article and makes its content its own:

- the text is split into words, numbers and everything else; everything else (spaces, paragraph breaks,
  punctuation, quotes) is kept, so paragraph and sentence lengths and punctuation are those of real news;
- function words (a fixed list of English ones) are replaced by function words: each by one of the same
  frequency band among them (counted over every source body, as below), consistently within the article,
  so an article keeps the share and the frequencies of function words that a sentence splitter, an n-gram
  index and an embedding see in every text. Kept as they are: the courtesy titles (the sentence splitter
  reads "Mr." as an abbreviation) and the names of the weekdays. (Until session 26 every function word was
  kept: two articles made from one body then shared that body's whole skeleton of function words, and at
  20,000 articles, 5.6 per body, 7,846 of the candidates, 36% of all, were such pairs sharing rare 4-grams
  ("but not from whom", "this one might be"), verified unrelated. A crawl of distinct stories has no
  handful of texts with one skeleton.);
- every other word is replaced, consistently within the article (a word repeated in the article is repeated
  in the output), by a word of the same *frequency band* of the source vocabulary (``floor(log2(count))``
  over every source body), of the same kind (a word mostly written capitalised, a name, by another such
  word) and written with the same capitalisation (``Paris`` -> ``Denver``, ``NATO`` -> ``FIFA``). The
  replacements are drawn by a random generator seeded with the article, so two articles made from the same
  body share the shape of their sentences but (nearly) none of their words' choices, and the corpus keeps
  the word frequency distribution of the sources: frequent words stay frequent, rare ones rare;
- every number keeps its length and gets seeded digits (``2014`` -> ``7391``).

So the articles read as news-shaped word salad: a reader finds no story, a fingerprint finds the
statistics of news, and two articles share only what function words and common words give any two
news texts.

>>> d = Disguise.from_texts(["The cat sat on the mat in Paris.", "A dog ran to Paris and Rome."])
>>> out = d.apply("The cat sat in Paris 2014.", seed=1)
>>> out.endswith(".") and len(out.split()) == 6
True
>>> d.apply("Mr. Smith said on Monday", seed=1).split()[::4]
['Mr.', 'Monday']
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

#: English function words, replaced by function words (lower case; matched case-insensitively).
STOPWORDS = frozenset(
    " ".join(
        [
            "a about above after again against all also am an and any are as at be because been before being",
            "below between both but by can could did do does doing down during each either few for from further",
            "had has have having he her here hers herself him himself his how i if in into is it its itself just",
            "least less many may me might more most much must my myself neither no nor not now of off on once",
            "only or other our ours ourselves out over own per same shall she should since so some such than that",
            "the their theirs them themselves then there these they this those though through to too under until",
            "up upon very was we were what when where whether which while who whom whose why will with within",
            "without would yet you your yours yourself yourselves said says say one two three four five six seven",
            "eight nine ten first last new monday tuesday wednesday thursday friday saturday sunday mr mrs ms",
        ]
    ).split()
)
#: The corpus's version: raised when :meth:`Disguise.apply` gives other text for the same source and seed, so
#: that caches of the corpus (``bench_store.py``'s) are built again (2: function words replaced too).
VERSION = 2
#: Function words kept as they are, and never drawn as a replacement: the courtesy titles (abbreviations
#: to a sentence splitter) and the weekdays.
FIXED = frozenset(["mr", "mrs", "ms", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
_PIECE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d+")


def _shape(word: str, new: str) -> str:
    """``new`` written with the capitalisation of ``word``."""
    if len(word) > 1 and word.isupper():
        return new.upper()
    if word[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


@dataclass(frozen=True)
class Disguise:
    """The source vocabulary by (kind, frequency band); :meth:`apply` disguises one article. Function words
    are a kind of their own (``None``), names another (``True``)."""

    band_of: dict[str, tuple[bool | None, int]]
    words: dict[tuple[bool | None, int], list[str]]

    @classmethod
    def from_texts(cls, texts: list[str]) -> Disguise:
        counts: Counter[str] = Counter()
        capitalised: Counter[str] = Counter()
        for text in texts:
            for m in _PIECE.finditer(text):
                w = m.group()
                if w[0].isdigit() or w.lower() in FIXED:
                    continue
                counts[w.lower()] += 1
                capitalised[w.lower()] += w[0].isupper()
        band_of: dict[str, tuple[bool | None, int]] = {
            w: (None if w in STOPWORDS else 2 * capitalised[w] > n, int(math.log2(n))) for w, n in counts.items()
        }
        words: dict[tuple[bool | None, int], list[str]] = defaultdict(list)
        for w in sorted(band_of):
            words[band_of[w]].append(w)
        return cls(band_of, dict(words))

    def apply(self, text: str, seed: int) -> str:
        rng = random.Random(seed)
        mapping: dict[str, str] = {}

        def replace(m: re.Match[str]) -> str:
            w = m.group()
            if w[0].isdigit():
                return str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in w[1:])
            low = w.lower()
            if low not in self.band_of:  # a fixed word
                return w
            if low not in mapping:
                mapping[low] = rng.choice(self.words[self.band_of[low]])
            return _shape(w, mapping[low])

        return _PIECE.sub(replace, text)
