"""Records cut into the pieces the pages draw: pure functions, no web framework, no store.

A page highlights spans of a text (aligned passages, unique passages, removals, fields). Spans may overlap
(a verbatim run inside a paraphrased sentence), so texts are cut at every span edge into elementary
pieces, each knowing which spans cover it; templates then only print pieces, escaped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from samestory.records import Alignment, Article, Pair, Span

#: Pair scores measured per side; flipping a pair swaps them.
_SIDED = ("containment", "coverage", "exact_coverage", "strong_coverage")


def cut(length: int, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, tuple[int, ...]]]:
    """Cut ``[0, length)`` at every span edge: ``(start, end, indices of the spans covering the piece)``.

    >>> cut(10, [(2, 6), (4, 8)])
    [(0, 2, ()), (2, 4, (0,)), (4, 6, (0, 1)), (6, 8, (1,)), (8, 10, ())]
    """
    starts: dict[int, list[int]] = defaultdict(list)
    ends: dict[int, list[int]] = defaultdict(list)
    points = {0, length}
    for i, (s, e) in enumerate(spans):
        s, e = max(0, min(s, length)), max(0, min(e, length))
        if s < e:
            starts[s].append(i)
            ends[e].append(i)
            points.update((s, e))
    ordered = sorted(points)
    active: set[int] = set()
    pieces = []
    for lo, hi in pairwise(ordered):
        active.difference_update(ends[lo])
        active.update(starts[lo])
        pieces.append((lo, hi, tuple(sorted(active))))
    return pieces


def paragraph_bounds(article: Article) -> list[Span]:
    """Where each paragraph lies in ``article.text`` (paragraphs joined by blank lines)."""
    bounds, pos = [], 0
    for paragraph in article.paragraphs:
        bounds.append(Span(pos, pos + len(paragraph)))
        pos += len(paragraph) + 2
    return bounds


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one side of a comparison with the same highlighting.

    ``links`` are the indices (in ``pair.alignment``) of the aligned passages covering it, ``main`` the one
    it links to (an exact passage before a paraphrase), ``anchors`` the passages that start here (the page
    gives each its element id), ``only`` whether this side alone has it.
    """

    text: str
    kind: str | None = None
    links: tuple[int, ...] = ()
    main: int | None = None
    anchors: tuple[int, ...] = ()
    only: bool = False


def side_paragraphs(
    article: Article, passages: Sequence[Alignment], side: str, only: Sequence[Span]
) -> list[list[Piece]]:
    """One side (``a`` or ``b``) of a comparison as paragraphs of :class:`Piece`; the pieces of a paragraph
    join up to its text exactly."""
    aligned = [(x.a_start, x.a_end) if side == "a" else (x.b_start, x.b_end) for x in passages]
    bounds = paragraph_bounds(article)
    n, m = len(aligned), len(aligned) + len(only)
    spans = [*aligned, *((s.start, s.end) for s in only), *((b.start, b.end) for b in bounds)]
    paragraphs: list[list[Piece]] = [[] for _ in bounds]
    opened: set[int] = set()
    for lo, hi, covering in cut(len(article.text), spans):
        inside = [i - m for i in covering if i >= m]
        if not inside:
            continue  # the blank line between two paragraphs
        links = tuple(i for i in covering if i < n)
        only_here = any(n <= i < m for i in covering)
        paragraphs[inside[0]].append(_piece(article.text[lo:hi], links, passages, opened, only=only_here))
    return paragraphs


def _piece(text: str, links: tuple[int, ...], passages: Sequence[Alignment], opened: set[int], *, only: bool) -> Piece:
    if not links:
        return Piece(text, only=only)
    exact = [i for i in links if passages[i].kind == "exact"]
    main = (exact or list(links))[0]
    fresh = tuple(i for i in links if i not in opened)
    opened.update(fresh)
    kind = "exact" if exact else passages[main].kind
    return Piece(text, kind, links, main, fresh, only)


def flip(pair: Pair) -> Pair:
    """The same pair seen from the other side (``a`` and ``b`` swapped, with their offsets and scores)."""
    scores = dict(pair.scores)
    for name in _SIDED:
        if f"{name}_a" in scores and f"{name}_b" in scores:
            scores[f"{name}_a"], scores[f"{name}_b"] = scores[f"{name}_b"], scores[f"{name}_a"]
    alignment = [Alignment(x.b_start, x.b_end, x.a_start, x.a_end, x.kind, x.score) for x in pair.alignment]
    return replace(pair, a=pair.b, b=pair.a, scores=scores, alignment=alignment, a_only=pair.b_only, b_only=pair.a_only)


def oriented(pair: Pair, a: str) -> Pair:
    """``pair`` with ``a`` on the left."""
    return pair if pair.a == a else flip(pair)


@dataclass(frozen=True, slots=True)
class OriginalPiece:
    """A run of an article's original text: ``removal`` (an index into ``article.removed``) when cleaning
    took it out, else ``field`` (title, byline ...) or ``kept`` (a body paragraph) or neither (spacing)."""

    text: str
    start: int
    end: int
    removal: int | None = None
    first: bool = False
    field: str | None = None
    kept: bool = False


def original_pieces(article: Article) -> list[OriginalPiece]:
    """The original text cut by removals (first), fields, and kept paragraphs, in that priority."""
    removals = [(r.start, r.end) for r in article.removed]
    fields = sorted(article.fields.items(), key=lambda kv: (kv[1].start, kv[0]))
    spans = [*removals, *((s.start, s.end) for _, s in fields), *((s.start, s.end) for s in article.paragraph_spans)]
    nr, nf = len(removals), len(fields)
    pieces, seen = [], set()
    for lo, hi, covering in cut(len(article.original), spans):
        text = article.original[lo:hi]
        removal = next((i for i in covering if i < nr), None)
        if removal is not None:
            pieces.append(OriginalPiece(text, lo, hi, removal=removal, first=removal not in seen))
            seen.add(removal)
            continue
        field = next((fields[i - nr][0] for i in covering if nr <= i < nr + nf), None)
        pieces.append(OriginalPiece(text, lo, hi, field=field, kept=any(i >= nr + nf for i in covering)))
    return pieces
