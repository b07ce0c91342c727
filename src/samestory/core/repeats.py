"""Paragraphs that a scraper captured twice within one document.

A line is a repeat when an earlier line has the same :func:`~samestory.core.text.match_key`. Short lines
repeat legitimately ("Reuters", a subheading, "He said."), so a repeat is dropped only when it is long
enough to be a paragraph (``min_words``) or when it sits in a run of repeated lines: scrapers duplicate
blocks, not single short lines.

>>> keys = ["title", "a b c d e", "x", "y", "x", "y", "a b c d e"]
>>> find_repeats(keys, [1, 5, 1, 1, 1, 1, 5], min_words=5)
{4: 2, 5: 3, 6: 1}
"""

from __future__ import annotations


def find_repeats(keys: list[str], words: list[int], min_words: int) -> dict[int, int]:
    """Map the index of every dropped repeat to the index of its first occurrence."""
    first: dict[str, int] = {}
    repeat_of: dict[int, int] = {}
    for i, key in enumerate(keys):
        if not key:
            continue
        if key in first:
            repeat_of[i] = first[key]
        else:
            first[key] = i
    return {i: j for i, j in repeat_of.items() if words[i] >= min_words or _in_run(i, repeat_of)}


def _in_run(i: int, repeat_of: dict[int, int]) -> bool:
    """Whether line ``i`` and a neighbour repeat two neighbouring earlier lines (a copied block)."""
    j = repeat_of[i]
    return repeat_of.get(i - 1) == j - 1 or repeat_of.get(i + 1) == j + 1
