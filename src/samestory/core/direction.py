"""Which of two related articles is the likely original, with the evidence, or no answer.

Each clue votes for one side with a weight; the side ahead by at least ``DECISIVE`` wins, otherwise the
answer is None and the evidence says why. Clues:

- earlier publication date (strong) or fetch date (weak: crawl order is not publication order), of two
  ISO days (a date the input gave that names no day is kept as given, and is no evidence);
- content: one carries passages the other lacks while the other adds almost nothing (a superset);
- credit: a wire service's credit against an aggregator's (wires originate copy, aggregators republish);
- cleanliness: the copy usually arrives wrapped in more boilerplate.

>>> from samestory.records import Article
>>> a = Article(id="a", input="a", format="text", original="", published="2026-02-11", credit="AP")
>>> b = Article(id="b", input="b", format="text", original="", published="2026-02-12", credit="MENAFN")
>>> decide(a, b, a_only_share=0.2, b_only_share=0.0).original
'a'
"""

from __future__ import annotations

from dataclasses import dataclass

from samestory.core.dates import ISO_DAY
from samestory.core.structure import load_agencies
from samestory.records import Article, Direction

#: A side must lead by this much for the evidence to decide.
DECISIVE = 2.0
#: A text "carries passages the other lacks" when its own material is at least this share of it ...
SUPERSET_OWN = 0.1
#: ... while the other's own material is at most this share.
SUPERSET_OTHER = 0.05


@dataclass(frozen=True, slots=True)
class Clue:
    side: str  # "a" or "b"
    weight: float
    text: str


def _dates(a: Article, b: Article) -> list[Clue]:
    # Compared as text, so only ISO days: cleaning writes every date it can read so, and keeps as given one
    # that names no day ("Updated 3 hours ago"), which sorts after any ISO date.
    for field, weight in (("published", 2.0), ("fetched", 0.5)):
        da, db = getattr(a, field), getattr(b, field)
        if da and db and ISO_DAY.match(da) and ISO_DAY.match(db) and da[:10] != db[:10]:
            early, late = (a, b) if da < db else (b, a)
            side = "a" if early is a else "b"
            return [Clue(side, weight, f"{early.id} {field} {getattr(early, field)[:10]}, before {late.id}")]
    return []


def _content(a: Article, b: Article, a_only: float, b_only: float) -> list[Clue]:
    if a_only >= SUPERSET_OWN and b_only <= SUPERSET_OTHER:
        return [Clue("a", 2.0, f"{a.id} carries passages {b.id} lacks ({a_only:.0%} of its text); not the reverse")]
    if b_only >= SUPERSET_OWN and a_only <= SUPERSET_OTHER:
        return [Clue("b", 2.0, f"{b.id} carries passages {a.id} lacks ({b_only:.0%} of its text); not the reverse")]
    return []


def _credits(a: Article, b: Article) -> list[Clue]:
    agencies = load_agencies()
    kind_a = agencies.kind(a.credit) if a.credit else None
    kind_b = agencies.kind(b.credit) if b.credit else None
    clues = []
    for art, kind, other in ((a, kind_a, "b"), (b, kind_b, "a")):
        if kind == "aggregator":
            clues.append(Clue(other, 1.5, f"{art.id} carries an aggregator credit ({art.credit})"))
    for art, kind, side in ((a, kind_a, "a"), (b, kind_b, "b")):
        if kind == "wire" and (kind_a, kind_b) != ("wire", "wire"):
            clues.append(Clue(side, 1.0, f"{art.id} carries a wire credit ({art.credit})"))
    return clues


def _noise(a: Article, b: Article) -> list[Clue]:
    share_a = sum(r.end - r.start for r in a.removed) / max(1, len(a.original))
    share_b = sum(r.end - r.start for r in b.removed) / max(1, len(b.original))
    if abs(share_a - share_b) < 0.1:
        return []
    clean, noisy = (a, b) if share_a < share_b else (b, a)
    side = "a" if clean is a else "b"
    return [Clue(side, 0.5, f"{noisy.id} came wrapped in more crawl noise ({max(share_a, share_b):.0%} removed)")]


def decide(a: Article, b: Article, a_only_share: float, b_only_share: float) -> Direction:
    """The likely original of a copy pair (``a_only_share``: share of a's text that b lacks, and so on)."""
    clues = _dates(a, b) + _content(a, b, a_only_share, b_only_share) + _credits(a, b) + _noise(a, b)
    score_a = sum(c.weight for c in clues if c.side == "a")
    score_b = sum(c.weight for c in clues if c.side == "b")
    evidence = [c.text for c in clues]
    if abs(score_a - score_b) >= DECISIVE:
        return Direction(a.id if score_a > score_b else b.id, evidence)
    reason = "evidence does not decide" if clues else "no evidence either way"
    return Direction(None, [*evidence, f"{reason} (score {score_a:g} for {a.id}, {score_b:g} for {b.id})"])
