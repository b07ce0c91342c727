"""Sentences of a clean text, with offsets.

A regular-expression splitter rather than a library: the usual ones either need model data downloaded at
run time (NLTK's punkt) or run a hundred times slower (pysbd), and news copy is regular enough: a sentence
ends with ``.``, ``!`` or ``?`` (or the Arabic question mark, the Urdu full stop, the Devanagari danda;
perhaps followed by a closing quote or bracket) before white space and a capital (or a Greek or Cyrillic
letter, or a letter of a script without case: Arabic, Hebrew, Devanagari, Hangul ...), a digit or an opening
mark (quotes of any language, the Spanish ``¿`` and ``¡``), unless the full stop ends a known abbreviation,
an initial (of any script) or a day before a month's name ("am 4. März"); or with the ideographic full stop
or a full-width ``!``/``?``, wherever it stands. Paragraph breaks always end a sentence.

>>> [(s.start, s.end) for s in split_sentences('Mr. Rutte spoke. "We agree," he said.\\n\\nU.S. troops left.')]
[(0, 16), (17, 37), (39, 56)]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from samestory.core.dates import OTHER_MONTHS
from samestory.core.text import UNCASED

#: What may open the next sentence: a capital or a digit, a letter of the Latin ranges past ASCII, Greek or
#: Cyrillic (whole blocks, both cases, as for Latin: the lower case is rare there), or a letter of a script
#: without case (Arabic, Persian, Hebrew, Devanagari, Hangul, Thai ...: Unicode's "other letters").
_OPENING = r"A-Z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff" + UNCASED
#: Marks that close a sentence: also the Arabic question mark, the Urdu full stop and the Devanagari dandas.
_STOPS = ".!?\u061f\u06d4\u0964\u0965"
#: Quotes and brackets that may close a sentence after its mark, or open the next before its first letter
#: (guillemets both ways, the German low and high marks, corner brackets, the Spanish opening marks).
_CLOSERS = "\"'\u201d\u2019\u201c\u00bb\u00ab\u300d\u300f)\\]"
_OPENERS = "\"'\u201c\u2018\u201e\u201a\u00ab\u00bb\u300c\u300e\u00bf\u00a1(\\["
# The white space after the mark is captured (inside the lookahead, so the match still ends at the mark): where
# the next sentence starts, without a Python step per character of it.
_END = re.compile(f"[{_STOPS}]+[{_CLOSERS}]*(?=(\\s+)[{_OPENERS}]?[{_OPENING}])")
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


#: A day written as an ordinal before a month's name, as German, Polish, Czech and the Nordic languages write
#: dates ("am 4. März", "do 15. května"): the month names the date reader knows (``data/months.json``).
_DAY_DOT = re.compile(r"(?<![\d.])\d{1,2}$")
_NEXT_WORD = re.compile(r"\s+(\w+)")


def _is_day(text: str, dot: int, end: int) -> bool:
    """Whether the full stop at ``dot`` follows a day before a month's name."""
    if not _DAY_DOT.search(text, max(0, dot - 3), dot):
        return False
    word = _NEXT_WORD.match(text, dot + 1, end)
    return word is not None and word.group(1).casefold() in OTHER_MONTHS


def split_sentences(text: str, limit: int | None = None) -> list[Sentence]:
    """Sentences of ``text`` in order; paragraph breaks (blank lines) always separate sentences.

    ``limit``: only the first ``limit`` sentences (a paragraph's sentences do not depend on the text after
    it, so the rest is not read: the lead of a long article costs its first paragraphs)."""
    ends = _END if text.isascii() or not _FULL_WIDTH_END.search(text) else _END_WITH_FULL_WIDTH
    # The ends are sought once in the whole text rather than paragraph by paragraph (a regex call and the
    # slices of each paragraph were most of the time): an end found in a paragraph's text is one found in the
    # text cut at the paragraph's end, except an end whose lookahead needed the text past it, which is then
    # at the paragraph's last character and ends the sentence the paragraph's end closes anyway.
    marks = ends.finditer(text)  # lazy: a limit reads the ends of the first paragraphs only
    sentences: list[Sentence] = []
    cursor = 0
    mark = next(marks, None)
    for m in itertools.chain(_PARAGRAPH.finditer(text), [None]):
        end = m.start() if m else len(text)
        block = text[cursor:end]
        start = cursor + len(block) - len(block.lstrip())
        stop = cursor + len(block.rstrip())
        cursor = m.end() if m else len(text)
        while mark is not None and mark.end() < stop:
            at, after = mark.span()
            if text[at] != "." or not (_is_abbreviation(text, at) or _is_day(text, at, stop)):
                sentences.append(Sentence(start, after, text[start:after]))
                start = mark.end(1) if mark.lastindex else _after_space(text, after, stop)
            mark = next(marks, None)
        if mark is not None and mark.start() < stop:
            mark = next(marks, None)  # an end at the paragraph's end: the paragraph's end closes its sentence
        if stop > start:
            sentences.append(Sentence(start, stop, text[start:stop]))
        if limit is not None and len(sentences) >= limit:
            return sentences[:limit]
    return sentences


def _after_space(text: str, at: int, end: int) -> int:
    """The first offset from ``at`` that is not white space, at most ``end``."""
    while at < end and text[at].isspace():
        at += 1
    return at
