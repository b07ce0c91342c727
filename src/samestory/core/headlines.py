"""Headlines of a crawl's documents, and the lines elsewhere that name them: teasers.

A "Read more" box, a related-stories list or a recommendation widget names other articles by their
headlines, and a crawl often holds those articles too, with the headline on top. The rules know a teaser by
its label ("Read more:", "ALSO READ |") or by its place under a heading a rule names; a teaser with a label no
rule knows, or none, reads like a subheading. What gives it away is that another document of the crawl has
that headline.

Pass 1 of corpus statistics registers each document's headline-like head lines, the lines above its first
paragraph (:func:`head_titles`; a title its metadata gives too), by their words (:func:`headline_id`), alone
and with that paragraph (:func:`continued_id`).
Cleaning then takes a short body line as a teaser when a window of its words, give or take
:data:`WRAP_WORDS` words of a label before it or a date, a source or a reading time after it ("Read more:
<headline>", "<headline> | 2 days ago"), is the registered headline of a document other than this one
(:func:`windows`; the document's own head lines are never a teaser of it), unless the line goes on as the
headline does there, with the same paragraph: then the other document is a copy that begins at this line (a
partial reprint from a subheading). Only the words count: case, punctuation, a link's target and web
addresses do not.

>>> head_titles(["Crawled 2026-02-12", "Storm closes schools across the north", "All schools shut, the council said."])
[('storm', 'closes', 'schools', 'across', 'the', 'north')]
>>> head_titles(["Storm closes schools across the north"], "Schools shut as storm hits the north")[1]
('schools', 'shut', 'as', 'storm', 'hits', 'the', 'north')
>>> [" ".join(w) for w in windows(title_words("Read more: Storm closes schools across the north"))][:2]
['read more storm closes schools across the north', 'read more storm closes schools across the']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from samestory.core.text import fold, key_hash

#: Headlines shorter than this (in words) are not registered: four words are a label's or a heading's as
#: often as a headline's ("Published July 28, 2004", "WARNING: Graphic image below" stood above other
#: documents' text and were lines of an article here).
TITLE_MIN_WORDS = 5
#: Headlines longer than this are not registered: a longer line is a standfirst or a paragraph.
TITLE_MAX_WORDS = 20
#: Head lines read for headlines: a page's title stands among its first lines, under a crawler's header,
#: a menu or a consent banner.
HEAD_LINES = 12
#: Words a teaser's line may hold besides the headline, before and after it together: a label ("Read more
#: :", "Also on Example News -") and a date, a source or a reading time.
WRAP_WORDS = 4

_WORD = re.compile(r"\w+")
#: A markdown link's target and a web address: not a headline's words.
_LINK = re.compile(r"\]\([^)]*\)|https?://\S+")
#: What may close a line after its full stop: quotation marks, brackets, white space.
_CLOSING = " \t\"'\u201d\u2019)]"
#: The fewest words (by white space) of a sentence that ends a page's head: an article's first paragraph
#: (a shorter line closed by a full stop may be a label's, a notice's or an error page's: "Reuters.",
#: "Sorry, the page you requested could not be found.").
_SENTENCE_MIN_WORDS = 12
#: Characters of the longest line that may be a teaser (:func:`candidate`), :data:`TITLE_MAX_WORDS` and
#: :data:`WRAP_WORDS` words of 20 characters: longer lines are paragraphs, not read for words.
_CANDIDATE_MAX_CHARS = (TITLE_MAX_WORDS + WRAP_WORDS) * 20


def title_words(text: str, folded: str | None = None) -> tuple[str, ...]:
    """A line's words as headlines are compared: folded, in small letters, without links' targets
    (``folded``: the line's :func:`~samestory.core.text.fold` where the caller has it)."""
    return tuple(_WORD.findall(_LINK.sub(" ", (fold(text) if folded is None else folded).casefold())))


def closed(text: str) -> bool:
    """Whether a line ends with a full stop: a headline does not (a question or an exclamation may)."""
    return text.rstrip(_CLOSING).endswith(".")


def paragraph(text: str) -> bool:
    """Whether a line is a paragraph that ends a page's head: closed by a full stop, of
    :data:`_SENTENCE_MIN_WORDS` words or more."""
    return closed(text) and len(text.split()) >= _SENTENCE_MIN_WORDS


def _head(lines: Sequence[str], given: str | None) -> tuple[list[tuple[str, ...]], str | None]:
    found: list[tuple[str, ...]] = []
    first = None
    for line in lines[:HEAD_LINES]:
        if closed(line):
            if paragraph(line):
                first = line
                break
            continue
        if len(line) <= _CANDIDATE_MAX_CHARS and TITLE_MIN_WORDS <= len(words := title_words(line)) <= TITLE_MAX_WORDS:
            found.append(words)
    if given and TITLE_MIN_WORDS <= len(words := title_words(given)) <= TITLE_MAX_WORDS:
        found.append(words)
    return found, first


def head_titles(lines: Sequence[str], given: str | None = None) -> list[tuple[str, ...]]:
    """The headline-like lines of a document's head (its first :data:`HEAD_LINES` lines, up to its first
    paragraph), by their words, and the title its metadata gives (``given``)."""
    return _head(lines, given)[0]


def registered(lines: Sequence[str], given: str | None = None) -> list[int]:
    """What a document registers: the ids of its :func:`head_titles` (:func:`headline_id`), and of each with the
    paragraph that ends its head (:func:`continued_id`)."""
    titles, first = _head(lines, given)
    ids = [headline_id(words) for words in titles]
    return ids + [continued_id(words, first) for words in titles] if first else ids


def headline_id(words: Sequence[str]) -> int:
    """The id under which a headline is registered (apart from lines' and templates' ids)."""
    return key_hash("\x02headline\x00" + " ".join(words))


def continued_id(words: Sequence[str], paragraph: str) -> int:
    """The id of a headline followed by a paragraph: a line that names a registered headline and goes on with
    the paragraph that follows the headline there is the same passage (a partial reprint that begins at a
    subheading registers the subheading), not a teaser."""
    return key_hash("\x02continued\x00" + " ".join(words) + "\x00" + " ".join(title_words(paragraph)))


def windows(words: Sequence[str]) -> list[tuple[str, ...]]:
    """The runs of a line's words that may be a headline it names: the line less at most
    :data:`WRAP_WORDS` words taken from its two ends together, of a registered headline's length."""
    n = len(words)
    found: list[tuple[str, ...]] = []
    for i in range(min(WRAP_WORDS, n) + 1):
        for j in range(n, max(i + TITLE_MIN_WORDS, n - (WRAP_WORDS - i)) - 1, -1):
            if j - i <= TITLE_MAX_WORDS:
                found.append(tuple(words[i:j]))
    return found


#: A span in quotation marks, in a line's folded form (where guillemets and curly quotes are '"').
_QUOTED = re.compile(r'"([^"]{10,240})"')


def quoted(folded: str) -> list[tuple[str, ...]]:
    """The words of each span in quotation marks of a headline's length in a line (``folded``: its
    :func:`~samestory.core.text.fold`): a citation names another article by its headline in quotation marks
    before its source and date, more words than :data:`WRAP_WORDS` ("\u00abStorm closes schools across the
    north\u00bb, Example Daily, 3 May 2026").

    >>> quoted(fold("\u00abStorm closes schools across the north\u00bb, Example Daily, 3 May 2026"))
    [('storm', 'closes', 'schools', 'across', 'the', 'north')]
    """
    spans = (title_words(m.group(1), m.group(1)) for m in _QUOTED.finditer(folded))
    return [w for w in spans if TITLE_MIN_WORDS <= len(w) <= TITLE_MAX_WORDS]


def candidate(text: str, folded: str | None = None) -> tuple[str, ...] | None:
    """The words of a body line that may be a teaser (:func:`title_words`), or None: long enough to hold a
    registered headline, short enough to hold little else, and not a sentence closed by a full stop."""
    if len(text) > _CANDIDATE_MAX_CHARS or closed(text):
        return None
    words = title_words(text, folded)
    return words if TITLE_MIN_WORDS <= len(words) <= TITLE_MAX_WORDS + WRAP_WORDS else None
