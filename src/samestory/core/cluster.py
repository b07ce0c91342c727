"""Stories and copy families from verified pairs.

A story is a connected component of the graph whose edges are related pairs (any relation but
``unrelated``) with a similarity of at least ``min_similarity``; a copy family is a component of the copy
edges (exact and near duplicates, partial reprints, rewrites) inside a story. Components come from a
union-find that always keeps the smallest id as the root, and ids are sorted everywhere, so the result does
not depend on the order in which articles or pairs arrive.

>>> from samestory.records import Pair, Direction
>>> pairs = [Pair("b", "a", "rewrite", 0.9, direction=Direction("a")), Pair("c", "d", "unrelated", 0.1)]
>>> [(s.members, [f.original for f in s.families]) for s in build_stories(["a", "b", "c", "d"], pairs)]
[(['a', 'b'], ['a']), (['c'], [None]), (['d'], [None])]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import xxhash

from samestory.core.relation import COPY_RELATIONS
from samestory.records import Family, Pair, Story


class UnionFind:
    """Disjoint sets over string ids; the root of a set is its smallest id (so roots are order-free)."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.parent: dict[str, str] = {}
        for item in items:
            self.parent.setdefault(item, item)

    def find(self, x: str) -> str:
        root = self.parent.setdefault(x, x)
        while root != self.parent[root]:
            root = self.parent[root]
        while x != root:  # path compression
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            low, high = sorted((ra, rb))
            self.parent[high] = low

    def groups(self) -> list[list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in self.parent:
            out[self.find(item)].append(item)
        return sorted((sorted(g) for g in out.values()), key=lambda g: g[0])


def story_id(members: list[str]) -> str:
    """A stable id from the sorted member ids: the same story gets the same id in every run."""
    return "s" + xxhash.xxh3_64_hexdigest("\n".join(sorted(members)).encode("utf-8"))[:12]


def _family(members: list[str], pairs: list[Pair]) -> Family:
    """A family and its original: the member named original in its pairs and never named a copy."""
    wins: dict[str, int] = defaultdict(int)
    losses: dict[str, int] = defaultdict(int)
    evidence: list[str] = []
    for p in pairs:
        if p.direction.original is None:
            continue
        copy = p.b if p.direction.original == p.a else p.a
        wins[p.direction.original] += 1
        losses[copy] += 1
        evidence.extend(p.direction.evidence)
    heads = sorted(m for m in members if wins[m] and not losses[m])
    if len(members) > 1 and len(heads) == 1:
        return Family(heads[0], members, evidence)
    why = "no pair of this family has a decided direction" if not wins else f"candidates disagree: {heads or 'none'}"
    return Family(None, members, [*evidence, why] if len(members) > 1 else [])


def build_stories(ids: Iterable[str], pairs: Iterable[Pair], min_similarity: float = 0.0) -> list[Story]:
    """Group every id into exactly one story (singletons included), each split into copy families."""
    ids = sorted(set(ids))
    stories, families = UnionFind(ids), UnionFind(ids)
    copy_pairs: list[Pair] = []
    for p in pairs:
        if p.relation == "unrelated" or p.similarity < min_similarity:
            continue
        stories.union(p.a, p.b)
        if p.relation in COPY_RELATIONS:
            families.union(p.a, p.b)
            copy_pairs.append(p)
    by_family: dict[str, list[Pair]] = defaultdict(list)
    for p in copy_pairs:
        by_family[families.find(p.a)].append(p)
    family_groups = families.groups()  # each family lies inside one story: copy edges are story edges
    story_of = {m: g[0] for g in stories.groups() for m in g}
    fams_of: dict[str, list[list[str]]] = defaultdict(list)
    for fam in family_groups:
        fams_of[story_of[fam[0]]].append(fam)
    return [
        Story(story_id(members), members, [_family(f, by_family.get(f[0], [])) for f in fams_of[members[0]]])
        for members in stories.groups()
    ]
