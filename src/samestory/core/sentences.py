"""Sentences of a clean text, with offsets.

A regular-expression splitter rather than a library: the usual ones either need model data downloaded at
run time (NLTK's punkt) or run a hundred times slower (pysbd), and news copy is regular enough: a sentence
ends with ``.``, ``!`` or ``?`` (perhaps followed by a closing quote or bracket) before white space and a
capital (or a Greek, Cyrillic, Hebrew or Arabic letter), a digit or an opening quote, unless the full stop
ends a known abbreviation or an initial (of any script); or with the ideographic full stop or a full-width
``!``/``?``, wherever it stands. Paragraph breaks always end a sentence.

>>> [(s.start, s.end) for s in split_sentences('Mr. Rutte spoke. "We agree," he said.\\n\\nU.S. troops left.')]
[(0, 16), (17, 37), (39, 56)]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

#: What may open the next sentence: a capital or a digit, or a letter of the Latin ranges past ASCII, Greek,
#: Cyrillic, Hebrew or Arabic (whole blocks, both cases, as for Latin: the lower case is rare there).
_OPENING = r"A-Z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\u05d0-\u05ea\u0620-\u064a"
_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s+[\"'\u201c\u2018(\[]?[" + _OPENING + "])")
# The ideographic full stop and the full-width marks end a sentence wherever they stand (Chinese and
# Japanese put no space after them), with any closing quote or bracket. A pattern of its own, for the text
# that holds such a mark: as one alternation for every text, splitting English was 60% slower.
_FULL_WIDTH_END = re.compile("[\u3002\uff01\uff1f]")
_END_WITH_FULL_WIDTH = re.compile(f"{_END.pattern}|[\u3002\uff01\uff1f]+[\u300d\u300f\u201d\u2019\uff09)]*")
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "mt",
        "gen",
        "lt",
        "col",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "vs",
        "etc",
        "inc",
        "ltd",
        "corp",
        "co",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "fig",
        "al",
        "approx",
        "dept",
        "est",
        "univ",
        "ave",
        "blvd",
        "rd",
    ]
)
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: ``text[start:end]`` of the text it was split from."""

    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` closes an abbreviation or an initial rather than a sentence."""
    # The run of letters and dots that ends at ``dot``, read backwards: a regex anchored at the end of
    # ``text[:dot]`` scanned the whole prefix for every full stop (quadratic in the paragraph).
    start = dot
    while start > 0 and (text[start - 1] == "." or text[start - 1].isalpha()):  # initials of any script
        start -= 1
    token = text[start:dot]
    if not token:
        return False
    return token.lower().strip(".") in _ABBREVIATIONS or len(token.strip(".")) == 1 or "." in token.strip(".")


def _split_block(text: str, start: int, end: int, ends: re.Pattern[str]) -> list[Sentence]:
    out: list[Sentence] = []
    cursor = start
    for m in ends.finditer(text, start, end):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        out.append(Sentence(cursor, m.end(), text[cursor : m.end()]))
        cursor = m.end()
        while cursor < end and text[cursor].isspace():
            cursor += 1
    if cursor < end and text[cursor:end].strip():
        out.append(Sentence(cursor, end, text[cursor:end]))
    return out


def split_sentences(text: str, limit: int | None = None) -> list[Sentence]:
    """Sentences of ``text`` in order; paragraph breaks (blank lines) always separate sentences.

    ``limit``: only the first ``limit`` sentences (a paragraph's sentences do not depend on the text after
    it, so the rest is not read: the lead of a long article costs its first paragraphs)."""
    sentences: list[Sentence] = []
    cursor = 0
    ends = _END if text.isascii() or not _FULL_WIDTH_END.search(text) else _END_WITH_FULL_WIDTH
    for m in itertools.chain(_PARAGRAPH.finditer(text), [None]):
        end = m.start() if m else len(text)
        block = text[cursor:end]
        lead = len(block) - len(block.lstrip())
        stop = cursor + len(block.rstrip())
        if stop > cursor + lead:
            sentences.extend(_split_block(text, cursor + lead, stop, ends))
        cursor = m.end() if m else len(text)
        if limit is not None and len(sentences) >= limit:
            return sentences[:limit]
    return sentences
