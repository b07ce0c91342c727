"""The copy graph of a story laid out for an inline SVG: who copied whom, with relation labels.

The layout is layered and deterministic, so the same story always draws the same picture: an article
copied by others sits above its copies (its layer is the longest chain of originals above it), articles
in a layer are ordered by family and id. Pairs without a decided original are drawn without an arrow,
same-event pairs dashed. No JavaScript library: the template prints these coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from samestory.records import Pair, Story

COPY_RELATIONS = frozenset({"exact_duplicate", "near_duplicate", "partial_reprint", "rewrite"})
RADIUS = 18
_STEP_X, _STEP_Y, _MARGIN = 180, 120, 80


@dataclass(frozen=True, slots=True)
class Node:
    """An article of the story: ``number`` is its label in the drawing and in the member table."""

    id: str
    number: int
    x: float
    y: float
    original: bool


@dataclass(frozen=True, slots=True)
class Edge:
    """A stored pair between two members; ``directed`` when it runs from the likely original to a copy."""

    a: str
    b: str
    relation: str
    similarity: float
    directed: bool
    path: str
    label_x: float
    label_y: float

    @property
    def copy(self) -> bool:
        return self.relation in COPY_RELATIONS


@dataclass(frozen=True, slots=True)
class Graph:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def copy_graph(story: Story, pairs: Sequence[Pair]) -> Graph:
    """Lay out ``story``'s members and the ``pairs`` among them (pairs reaching outside are ignored)."""
    members = sorted(story.members)
    inside = set(members)
    pairs = sorted((p for p in pairs if p.a in inside and p.b in inside and p.a != p.b), key=lambda p: (p.a, p.b))
    arrows = [_arrow(p) for p in pairs]
    layer = _layers(members, [x for x in arrows if x is not None])
    family = {m: i for i, f in enumerate(story.families) for m in f.members}
    originals = {f.original for f in story.families if f.original}
    rows: dict[int, list[str]] = {}
    for m in sorted(members, key=lambda m: (layer[m], family.get(m, len(story.families)), m)):
        rows.setdefault(layer[m], []).append(m)
    widest = max((len(r) for r in rows.values()), default=1)
    width = max(2 * _MARGIN + (widest - 1) * _STEP_X, 320)
    numbers = {m: i + 1 for i, m in enumerate(members)}
    pos: dict[str, tuple[float, float]] = {}
    for depth, row in rows.items():
        offset = (width - (len(row) - 1) * _STEP_X) / 2
        for i, m in enumerate(row):
            pos[m] = (offset + i * _STEP_X, _MARGIN + depth * _STEP_Y)
    nodes = [Node(m, numbers[m], *pos[m], m in originals) for m in members]
    edges = [_edge(p, arrow, pos) for p, arrow in zip(pairs, arrows, strict=True)]
    height = _MARGIN * 2 + (max(rows, default=0)) * _STEP_Y
    return Graph(int(width), int(height), nodes, edges)


def _arrow(pair: Pair) -> tuple[str, str] | None:
    """``(original, copy)`` for a copy pair whose original is decided."""
    if pair.relation not in COPY_RELATIONS or pair.direction.original not in (pair.a, pair.b):
        return None
    original = pair.direction.original
    return original, pair.b if original == pair.a else pair.a


def _layers(members: list[str], arrows: list[tuple[str, str]]) -> dict[str, int]:
    """Longest chain of originals above each member (relaxation bounded by the member count, so a cycle
    in the evidence cannot loop forever)."""
    layer = dict.fromkeys(members, 0)
    for _ in range(len(members)):
        changed = False
        for original, copy in arrows:
            if layer[copy] < layer[original] + 1 < len(members):
                layer[copy] = layer[original] + 1
                changed = True
        if not changed:
            break
    return layer


def _edge(pair: Pair, arrow: tuple[str, str] | None, pos: dict[str, tuple[float, float]]) -> Edge:
    start, end = arrow or (pair.a, pair.b)
    (x1, y1), (x2, y2) = pos[start], pos[end]
    dx, dy = x2 - x1, y2 - y1
    length = max((dx * dx + dy * dy) ** 0.5, 1.0)
    ux, uy = dx / length, dy / length
    sx, sy = x1 + ux * RADIUS, y1 + uy * RADIUS
    ex, ey = x2 - ux * (RADIUS + 4), y2 - uy * (RADIUS + 4)
    if abs(dy) < 1:  # same layer: bend upwards so the line does not run through the articles between
        bend = y1 - 30 - length * 0.12
        path = f"M {sx:.1f} {sy:.1f} Q {(x1 + x2) / 2:.1f} {bend:.1f} {ex:.1f} {ey:.1f}"
        lx, ly = (x1 + x2) / 2, (y1 + bend) / 2
    else:
        path = f"M {sx:.1f} {sy:.1f} L {ex:.1f} {ey:.1f}"
        lx, ly = (x1 + x2) / 2, (y1 + y2) / 2
    return Edge(pair.a, pair.b, pair.relation, pair.similarity, arrow is not None, path, round(lx, 1), round(ly, 1))
