"""Figures that differ in aligned text: reports filled into one template, not copies of each other.

Newsroom robots and desks write many reports from one template with each event's facts: earnings ("Acme
Corp reported earnings of $0.87 per share, beating estimates of $0.84"), results, weather, lottery draws,
votes per district. Two of them share the template verbatim or nearly, so exact spans and strong
paraphrases cover most of each, and yet every sentence that holds a figure holds another one. A copy keeps
its figures, and a version that corrects one keeps the others: when *most* aligned sentence pairs that
hold figures hold different ones, the shared text is a template, and no evidence that one was made from
the other, nor that they tell one story.

>>> from samestory.core.sentences import split_sentences
>>> a = split_sentences("Revenue came in at $3.52 billion. A year ago it earned $0.78 per share.")
>>> b = split_sentences("Revenue came in at $4.41 billion. A year ago it earned $0.26 per share.")
>>> found, held = conflicting(a, b, [(0, 0)], [(1, 1)])
>>> sorted(found), held
([(0, 0), (1, 1)], 2)
>>> conflicting(a, a, [(0, 0)], [(1, 1)])
(set(), 2)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from samestory.core.sentences import Sentence

#: Start and end offsets of a text's sentences.
Bounds = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]

#: A figure: a run of digits, with the decimal marks, thousands separators and colons inside it ("3.52",
#: "1,200", "14:05"), so that "$0.87" and "$0.84" are two figures, not a shared "0" and two others.
_FIGURE = re.compile(r"\d+(?:[.,:]\d+)*")
#: The fewest aligned pairs with different figures that make a template: one changed figure is a correction.
MIN_CONFLICTS = 2


def figures(text: str) -> frozenset[str]:
    """The figures of a text (any script's digits).

    >>> sorted(figures("Arsenal beat Chelsea 2-1 on 12.03.2026, before 60,000 fans."))
    ['1', '12.03.2026', '2', '60,000']
    """
    return frozenset(_FIGURE.findall(text))


def differ(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sentences' figures conflict: both hold figures and each holds one the other lacks (a
    sentence that drops or adds a figure does not conflict; "won 2-1" and "won 3-1" do)."""
    return bool(a - b) and bool(b - a)


def conflicting(
    a_sents: Sequence[Sentence],
    b_sents: Sequence[Sentence],
    close: Iterable[tuple[int, int]],
    loose: Iterable[tuple[int, int]] = (),
) -> tuple[set[tuple[int, int]], int]:
    """The aligned sentence pairs (i, j) whose figures conflict, and how many aligned pairs hold figures on
    both sides. ``close``: pairs that verbatim spans join or strong paraphrases; ``loose``: other aligned pairs.

    None conflict unless at least :data:`MIN_CONFLICTS` pairs do, most of those that hold figures, and one
    of them is close: the template's own words around other figures. Independent reports of one event word
    their sentences apart, and may differ in a figure or two (a toll that rose).
    """
    close = set(close)
    held, found = 0, set()
    for i, j in sorted(close | set(loose)):
        fa, fb = figures(a_sents[i].text), figures(b_sents[j].text)
        if fa and fb:
            held += 1
            if differ(fa, fb):
                found.add((i, j))
    templated = len(found) >= MIN_CONFLICTS and 2 * len(found) > held and not found.isdisjoint(close)
    return (found if templated else set()), held


def span_pairs(a_bounds: Bounds, b_bounds: Bounds, spans: Iterable[tuple[int, int, int, int]]) -> list[tuple[int, int]]:
    """The sentence pairs that verbatim spans ``(a_start, a_end, b_start, b_end)`` join: the sentences each
    span runs over on each side, in order (a verbatim span runs over the same sentences of both texts).
    ``a_bounds``, ``b_bounds``: the sentences' start and end offsets of each side."""
    out = []
    for a_start, a_end, b_start, b_end in spans:
        left = _overlapped(a_bounds, a_start, a_end)
        right = _overlapped(b_bounds, b_start, b_end)
        out += list(zip(left, right, strict=False))
    return out


def _overlapped(bounds: Bounds, start: int, end: int) -> range:
    starts, ends = bounds  # sorted: sentences do not overlap
    return range(int(np.searchsorted(ends, start, "right")), int(np.searchsorted(starts, end)))
