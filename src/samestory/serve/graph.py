"""The copy graph of a story laid out for an inline SVG: who copied whom, with relation labels.

The layout is layered and deterministic, so the same story always draws the same picture: an article
copied by others sits above its copies (its layer is the longest chain of originals above it), articles
in a layer are ordered by family and id, at most :data:`ROW_MAX` to a row (a wider layer wraps). Pairs
without a decided original are drawn without an arrow, same-event pairs dashed. A story with more than
:data:`MAX_EDGES` pairs draws only its strongest links, the fewest that still join what the pairs join (150
near copies are 11,000 pairs: drawn, a solid block). A relation label is printed where it hides no other
label and no article. No JavaScript library: the template prints these coordinates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from samestory.core.cluster import UnionFind
from samestory.records import Pair, Story

COPY_RELATIONS = frozenset({"exact_duplicate", "near_duplicate", "partial_reprint", "rewrite"})
RADIUS = 18
#: Articles side by side in a row (a row then fits the page, 1,420 px scaled to its width).
ROW_MAX = 8
#: Pairs drawn in full; above, the strongest links only (see :func:`strongest_links`).
MAX_EDGES = 60
_STEP_X, _STEP_Y, _MARGIN = 180, 120, 80
#: A relation label's box: 12 px text (about 6.8 px a character), 16 px tall, drawn 4 px above its point.
_CHAR_W, _LABEL_H = 6.8, 16


@dataclass(frozen=True, slots=True)
class Node:
    """An article of the story: ``number`` is its label in the drawing and in the member table."""

    id: str
    number: int
    x: float
    y: float
    original: bool

    @property
    def box(self) -> tuple[float, float, float, float]:
        """Where the circle and the title under it (at most 24 characters of 11 px text) lie."""
        return self.x - 80, self.y - RADIUS, self.x + 80, self.y + 40


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
    #: Whether the relation is printed (it would hide no other label and no article).
    label: bool = True

    @property
    def copy(self) -> bool:
        return self.relation in COPY_RELATIONS

    @property
    def label_box(self) -> tuple[float, float, float, float]:
        """Where the printed relation lies: ``(left, top, right, bottom)``."""
        half = len(self.relation) * _CHAR_W / 2 + 4
        return self.label_x - half, self.label_y - _LABEL_H + 2, self.label_x + half, self.label_y + 4


@dataclass(frozen=True, slots=True)
class Graph:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]
    #: The story's pairs, drawn or not.
    pairs: int = 0


def copy_graph(story: Story, pairs: Sequence[Pair]) -> Graph:
    """Lay out ``story``'s members and the ``pairs`` among them (pairs reaching outside are ignored)."""
    members = sorted(story.members)
    inside = set(members)
    pairs = sorted((p for p in pairs if p.a in inside and p.b in inside and p.a != p.b), key=lambda p: (p.a, p.b))
    drawn = pairs if len(pairs) <= MAX_EDGES else strongest_links(story, pairs)
    arrows = [_arrow(p) for p in drawn]
    layer = _layers(members, [x for x in arrows if x is not None])
    family = {m: i for i, f in enumerate(story.families) for m in f.members}
    originals = {f.original for f in story.families if f.original}
    layers: dict[int, list[str]] = {}
    for m in sorted(members, key=lambda m: (layer[m], family.get(m, len(story.families)), m)):
        layers.setdefault(layer[m], []).append(m)
    rows = [layers[d][i : i + ROW_MAX] for d in sorted(layers) for i in range(0, len(layers[d]), ROW_MAX)]
    widest = max((len(r) for r in rows), default=1)
    width = max(2 * _MARGIN + (widest - 1) * _STEP_X, 320)
    numbers = {m: i + 1 for i, m in enumerate(members)}
    pos: dict[str, tuple[float, float]] = {}
    for depth, row in enumerate(rows):
        offset = (width - (len(row) - 1) * _STEP_X) / 2
        for i, m in enumerate(row):
            pos[m] = (offset + i * _STEP_X, _MARGIN + depth * _STEP_Y)
    nodes = [Node(m, numbers[m], *pos[m], m in originals) for m in members]
    edges = _labelled([_edge(p, arrow, pos) for p, arrow in zip(drawn, arrows, strict=True)], nodes)
    height = _MARGIN * 2 + max(len(rows) - 1, 0) * _STEP_Y
    return Graph(int(width), int(height), nodes, edges, len(pairs))


def strongest_links(story: Story, pairs: Sequence[Pair]) -> list[Pair]:
    """The fewest pairs that join every member the ``pairs`` join (a maximum spanning forest), by (a, b).
    Strongest first: a family's original with one of its copies, then copy pairs whose original is decided,
    then other copy pairs, then the rest; within each, the most similar."""
    original = {m: f.original for f in story.families if f.original for m in f.members}

    def strength(p: Pair) -> tuple[bool, bool, bool, float, str, str]:
        in_family = original.get(p.a) == p.b or original.get(p.b) == p.a
        return not in_family, _arrow(p) is None, p.relation not in COPY_RELATIONS, -p.similarity, p.a, p.b

    joined, kept = UnionFind(story.members), []
    for pair in sorted(pairs, key=strength):
        if joined.find(pair.a) != joined.find(pair.b):
            joined.union(pair.a, pair.b)
            kept.append(pair)
    return sorted(kept, key=lambda p: (p.a, p.b))


def _labelled(edges: list[Edge], nodes: list[Node]) -> list[Edge]:
    """``edges`` with ``label`` set where the relation's box overlaps no article and no label set before."""
    taken = [n.box for n in nodes]
    out = []
    for edge in edges:
        box = edge.label_box
        free = not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3] and t[1] < box[3] for t in taken)
        if free:
            taken.append(box)
        out.append(replace(edge, label=free))
    return out


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
