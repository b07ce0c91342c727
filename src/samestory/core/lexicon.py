"""Word classes with a scoring rule: a line of a page's own messages told by its vocabulary, not its wording.

An error or interstitial page speaks of its own machinery (the page, the browser, a redirect, a search,
a refresh) and to the reader ("please", "you", "sorry") or as the site ("we", "our"). Each site words it
differently ("Something went wrong on our end. Please refresh the page", "This process is automatic. Your
browser will redirect ..."), so listing sentences misses the next site; a news sentence about a website
outage uses some of the words, but seldom several of them at once, in a short line, addressed to the
reader and outside quotation marks. A regex cannot count distinct words of a class, hence this module.

>>> lex = Lexicon("error_page", frozenset({"page", "refresh", "browser"}), ("try again",),
...               frozenset({"please", "you"}), frozenset({"said"}), max_words=40, min_hits=3, min_share=0.2)
>>> lex.evidence("please refresh the page or try again")
'error_page words page, refresh, try again (3 of 7 words), addressed to the reader (please)'
>>> lex.evidence("the minister said the page was refreshed") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


@dataclass(frozen=True, slots=True)
class Lexicon:
    """A reason, its class words and phrases, the words of address, and the thresholds of the score."""

    reason: str
    #: Single class words, matched as whole words of the line's lower-case normal form.
    words: frozenset[str]
    #: Class phrases of several words ("try again"), matched as substrings.
    phrases: tuple[str, ...]
    #: Words that address the reader or speak as the site: one of them must be in the line.
    voice: frozenset[str]
    #: Words of reported speech ("said", "told"): a line holding one reports what someone said of a page.
    reported: frozenset[str]
    #: Longer lines are article paragraphs, not a page's messages.
    max_words: int
    #: At least this many distinct class words and phrases ...
    min_hits: int
    #: ... making up at least this share of the line's words.
    min_share: float
    #: Substrings one of which a line with a voice word holds (the voice words that hold no other one):
    #: a few ``in`` tests settle most lines before they are split into words (a regex search of the
    #: voice words cost as much as all the rest).
    needles: tuple[str, ...] = ()

    def evidence(self, low: str) -> str | None:
        """Why the line (already in :func:`~samestory.core.text.rule_form`) belongs to the class, or None."""
        if '"' in low:  # a quotation: someone's words about a page, not the page's own
            return None
        if not any(needle in low for needle in self.needles or self.voice):
            return None
        tokens = _WORD.findall(low)
        if not tokens or len(tokens) > self.max_words:
            return None
        voice = sorted(self.voice.intersection(tokens))
        if not voice or not self.reported.isdisjoint(tokens):  # the cheap tests first: most lines address no one
            return None
        hits = sorted(self.words.intersection(tokens)) + [p for p in self.phrases if p in low]
        if len(hits) < self.min_hits or len(hits) < self.min_share * len(tokens):
            return None
        return (
            f"{self.reason} words {', '.join(hits)} ({len(hits)} of {len(tokens)} words), "
            f"addressed to the reader ({', '.join(voice)})"
        )


def _needles(words: list[str]) -> tuple[str, ...]:
    """The words none of the others is a substring of ("you" stands for "your" and "you're")."""
    return tuple(sorted(w for w in set(words) if not any(o != w and o in w for o in words)))


def load_lexicons(data: list[dict[str, Any]]) -> tuple[Lexicon, ...]:
    """Lexicons from the ``[[lexicon]]`` tables of ``boilerplate.toml``."""
    return tuple(
        Lexicon(
            reason=d["reason"],
            words=frozenset(w for w in d["words"] if " " not in w),
            phrases=tuple(w for w in d["words"] if " " in w),
            voice=frozenset(d["voice"]),
            reported=frozenset(d.get("reported", ())),
            max_words=int(d.get("max_words", 40)),
            min_hits=int(d.get("min_hits", 3)),
            min_share=float(d.get("min_share", 0.2)),
            needles=_needles(d["voice"]),
        )
        for d in data
    )
