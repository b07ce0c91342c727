"""The records that pipeline stages hand to each other.

One dataclass per boundary, as in datatrove's ``Document``: readers produce :class:`RawRecord`,
the clean stage turns each one into an :class:`Article`. Offsets (``start``, ``end``) always index the
record's ``original`` text, the text as read (for HTML and WARC: the main text trafilatura extracted),
so every removal and every extracted field can be traced back to the characters it came from.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar


def flat_dict(record: Any) -> dict[str, Any]:
    """A record whose fields are plain values (or lists of them) as a dict, for JSON.

    ``dataclasses.asdict`` deep-copies every value, which cost 1.4 ms an article on output; this is a
    shallow view: the dict shares the record's lists.
    """
    names = _FIELD_NAMES.get(type(record))
    if names is None:
        names = _FIELD_NAMES[type(record)] = tuple(f.name for f in fields(record))
    return {name: getattr(record, name) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}

_Record = TypeVar("_Record", bound=type)


def _pickled_by_position(cls: _Record) -> _Record:
    """Pickle ``cls`` as its constructor and its field values in order. Records cross process boundaries
    by the thousand (spilled raw records, articles back from cleaning workers, pairs back from
    verification); the ``__getstate__``/``__setstate__`` that ``dataclass(slots=True)`` writes loop over
    the fields in Python, and took twice the time (measured: 2,000 articles, 0.12 s to dump and 0.12 s
    to load, against 0.06 and 0.07). The constructor runs again on load: records validate nothing in it."""
    get = operator.attrgetter(*(f.name for f in fields(cls)))
    one = len(fields(cls)) == 1

    def reduce(self: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        values = get(self)
        return cls, ((values,) if one else values)

    cls.__reduce__ = reduce  # type: ignore[method-assign,assignment]
    return cls


#: How much of a long string, and how many items of a long list, a record's repr shows.
_REPR_CHARS, _REPR_ITEMS = 80, 3


def _brief(value: Any) -> str:
    """``repr(value)``, with a long string cut to its start and a long list to its first items, each with
    its size."""
    if isinstance(value, str) and len(value) > _REPR_CHARS:
        return f"{value[:_REPR_CHARS]!r}... ({len(value):,} chars)"
    if isinstance(value, list):
        items = ", ".join(_brief(v) for v in value[:_REPR_ITEMS])
        more = f", ... ({len(value):,} items)" if len(value) > _REPR_ITEMS else ""
        return f"[{items}{more}]"
    return repr(value)


def _brief_repr(cls: _Record) -> _Record:
    """Give ``cls`` the dataclass's repr with long strings and lists cut (:func:`_brief`): printed in a
    notebook, an article showed its whole text twice (``original`` and ``paragraphs``) and the text of
    every removal, megabytes for a big page."""
    names = tuple(f.name for f in fields(cls))

    def brief_repr(self: Any) -> str:
        return f"{cls.__name__}({', '.join(f'{n}={_brief(getattr(self, n))}' for n in names)})"

    cls.__repr__ = brief_repr  # type: ignore[method-assign,assignment]
    return cls


@_pickled_by_position
@dataclass(slots=True, frozen=True)
class Span:
    """A half-open character range ``[start, end)`` into an original text."""

    start: int
    end: int


@_pickled_by_position
@dataclass(slots=True)
class Metadata:
    """What the container told us about a document (JSONL fields, HTML meta tags, WARC headers)."""

    title: str | None = None
    url: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    source: str | None = None
    #: When the page was last changed, as its container says (an HTML page's ``article:modified_time``).
    updated: str | None = None

    def filled_from(self, other: Metadata) -> Metadata:
        """These fields, each empty one taken from ``other`` (what a page's own tags say, say).

        >>> Metadata(title="Given").filled_from(Metadata(title="Page", author="Ann")).author
        'Ann'
        """
        return Metadata(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(Metadata)})


@_pickled_by_position
@dataclass(slots=True, frozen=True)
class InputFailure:
    """Why an input could not be read: a stable ``code`` and a message naming the input and the fix."""

    code: str
    message: str


@_brief_repr
@_pickled_by_position
@dataclass(slots=True)
class RawRecord:
    """One document as a reader found it, before any cleaning.

    >>> RawRecord(id="seeds/a.txt", input="examples/seeds/a.txt", format="text", text="Hello").text
    'Hello'
    """

    id: str
    input: str
    format: str
    text: str
    meta: Metadata = field(default_factory=Metadata)
    fetched: str | None = None
    http_status: int | None = None
    flags: list[str] = field(default_factory=list)
    error: InputFailure | None = None


@_brief_repr
@_pickled_by_position
@dataclass(slots=True, frozen=True)
class Removal:
    """A span of the original text that cleaning took out, with the reason and the evidence."""

    reason: str
    start: int
    end: int
    text: str
    evidence: str = ""


@_brief_repr
@_pickled_by_position
@dataclass(slots=True, frozen=True)
class Quote:
    """A quoted span of the original text and, when attributable, who said it."""

    text: str
    speaker: str | None
    start: int
    end: int


@_brief_repr
@_pickled_by_position
@dataclass(slots=True)
class Article:
    """A cleaned article: structured fields, body paragraphs, and an account of everything removed.

    ``paragraphs[i]`` is exactly ``original[paragraph_spans[i].start:paragraph_spans[i].end]``:
    cleaning selects characters, it never rewrites them.
    """

    id: str
    input: str
    format: str
    original: str
    source: str | None = None
    url: str | None = None
    author: str | None = None
    fetched: str | None = None
    http_status: int | None = None
    title: str | None = None
    subtitle: str | None = None
    dateline: str | None = None
    credit: str | None = None
    published: str | None = None
    #: The last update the page gives, when later than ``published`` (ISO, with its time where given).
    updated: str | None = None
    language: str | None = None
    paragraphs: list[str] = field(default_factory=list)
    paragraph_spans: list[Span] = field(default_factory=list)
    fields: dict[str, Span] = field(default_factory=dict)
    quotes: list[Quote] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    error: InputFailure | None = None

    @property
    def text(self) -> str:
        """The clean body: paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def matchable(self) -> bool:
        """Whether later stages should match this article: it read fine, is not only an error page, and has
        text (a word at least: a page of only "* * *" or "---" has paragraphs and nothing to match)."""
        return (
            self.error is None
            and "error_page" not in self.flags
            and "no_text" not in self.flags
            and bool(self.paragraphs)
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict with the documented output fields, in a stable order."""
        return {
            "id": self.id,
            "input": self.input,
            "format": self.format,
            "source": self.source,
            "url": self.url,
            "author": self.author,
            "fetched": self.fetched,
            "http_status": self.http_status,
            "title": self.title,
            "subtitle": self.subtitle,
            "dateline": self.dateline,
            "credit": self.credit,
            "published": self.published,
            "updated": self.updated,
            "language": self.language,
            "text": self.text,
            "paragraphs": self.paragraphs,
            "paragraph_spans": [[s.start, s.end] for s in self.paragraph_spans],
            "fields": {k: [s.start, s.end] for k, s in self.fields.items()},
            "quotes": [flat_dict(q) for q in self.quotes],
            "removed": [flat_dict(r) for r in self.removed],
            "flags": self.flags,
            "error": flat_dict(self.error) if self.error else None,
            "original": self.original,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        """Rebuild an article from :meth:`to_dict` output (for reading ``articles.jsonl`` back)."""
        err = d.get("error")
        return cls(
            id=d["id"],
            input=d["input"],
            format=d["format"],
            original=d["original"],
            source=d.get("source"),
            url=d.get("url"),
            author=d.get("author"),
            fetched=d.get("fetched"),
            http_status=d.get("http_status"),
            title=d.get("title"),
            subtitle=d.get("subtitle"),
            dateline=d.get("dateline"),
            credit=d.get("credit"),
            published=d.get("published"),
            updated=d.get("updated"),
            language=d.get("language"),
            paragraphs=list(d.get("paragraphs", [])),
            paragraph_spans=[Span(s, e) for s, e in d.get("paragraph_spans", [])],
            fields={k: Span(s, e) for k, (s, e) in d.get("fields", {}).items()},
            quotes=[Quote(**q) for q in d.get("quotes", [])],
            removed=[Removal(**r) for r in d.get("removed", [])],
            flags=list(d.get("flags", [])),
            error=InputFailure(**err) if err else None,
        )


@_pickled_by_position
@dataclass(slots=True, frozen=True)
class Alignment:
    """A passage of article ``a`` aligned with one of article ``b``: offsets into each clean ``text``.

    ``kind`` is ``exact`` (the same words, after folding case and compatibility characters) or
    ``paraphrase`` (a sentence reworded); ``score`` is 1.0 for exact spans, else the paraphrase score.
    """

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str
    score: float


@_brief_repr
@_pickled_by_position
@dataclass(slots=True)
class Direction:
    """Which article of a pair is the likely original, and why; ``original`` is None when undecided."""

    original: str | None
    evidence: list[str] = field(default_factory=list)


@_brief_repr
@_pickled_by_position
@dataclass(slots=True)
class Pair:
    """A verified pair of articles: how they relate, how surely, and the passages behind it.

    Offsets in ``alignment``, ``a_only`` and ``b_only`` index the articles' clean ``text``.
    """

    a: str
    b: str
    relation: str
    similarity: float
    scores: dict[str, float] = field(default_factory=dict)
    alignment: list[Alignment] = field(default_factory=list)
    a_only: list[Span] = field(default_factory=list)
    b_only: list[Span] = field(default_factory=list)
    direction: Direction = field(default_factory=lambda: Direction(None))
    #: The candidate generators that proposed the pair (minhash, quote, ngram, embedding).
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "relation": self.relation,
            "similarity": self.similarity,
            "scores": self.scores,
            "alignment": [flat_dict(x) for x in self.alignment],
            "a_only": [[s.start, s.end] for s in self.a_only],
            "b_only": [[s.start, s.end] for s in self.b_only],
            "direction": flat_dict(self.direction),
            "candidate_sources": self.sources,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Pair:
        """Rebuild a pair from :meth:`to_dict` output (for reading ``pairs.jsonl`` or a store back)."""
        direction = d.get("direction") or {}
        return cls(
            a=d["a"],
            b=d["b"],
            relation=d["relation"],
            similarity=d["similarity"],
            scores=dict(d.get("scores", {})),
            alignment=[Alignment(**x) for x in d.get("alignment", [])],
            a_only=[Span(s, e) for s, e in d.get("a_only", [])],
            b_only=[Span(s, e) for s, e in d.get("b_only", [])],
            direction=Direction(direction.get("original"), list(direction.get("evidence", []))),
            sources=list(d.get("candidate_sources", [])),
        )


@_brief_repr
@_pickled_by_position
@dataclass(slots=True)
class Family:
    """Articles that copy one another (exact, near copies, rewrites, partial reprints) within a story."""

    original: str | None
    members: list[str]
    evidence: list[str] = field(default_factory=list)


@_brief_repr
@_pickled_by_position
@dataclass(slots=True)
class Story:
    """Articles that report the same news event, grouped into copy families."""

    story_id: str
    members: list[str]
    families: list[Family] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"story_id": self.story_id, "members": self.members, "families": [flat_dict(f) for f in self.families]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        """Rebuild a story from :meth:`to_dict` output."""
        families = [Family(f.get("original"), list(f["members"]), list(f.get("evidence", []))) for f in d["families"]]
        return cls(d["story_id"], list(d["members"]), families)


@_pickled_by_position
@dataclass(slots=True)
class Fingerprint:
    """What candidate generation needs of an article: its MinHash signature, title-and-lead embedding,
    quote keys and rare-n-gram hashes. Arrays are numpy (``signature`` uint32, ``lead`` float32 unit row)."""

    id: str
    signature: Any
    lead: Any
    quotes: list[int] = field(default_factory=list)
    ngrams: Any = None


@_pickled_by_position
@dataclass(slots=True, frozen=True)
class Candidate:
    """A pair worth verifying (``a < b``) and the generators that proposed it."""

    a: str
    b: str
    sources: tuple[str, ...]


def shared_ids(records: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Of ``(id, input)`` pairs, each id given to records of more than one input, with those inputs, sorted:
    an id must name one record, so none of them is taken (which one was meant would depend on the order of
    the inputs). One record read twice (the same input) is one.

    >>> shared_ids([("1", "a.jsonl#1"), ("1", "b.jsonl#1"), ("2", "a.jsonl#2"), ("2", "a.jsonl#2")])
    {'1': ['a.jsonl#1', 'b.jsonl#1']}
    """
    inputs: dict[str, set[str]] = defaultdict(set)
    for record_id, record_input in records:
        inputs[record_id].add(record_input)
    return {i: sorted(found) for i, found in sorted(inputs.items()) if len(found) > 1}
