"""The cluster stage: verified pairs in, :class:`~samestory.records.Story` records out.

Optionally, before clustering, the hybrid embedding tier (:func:`refine_near_threshold`): the same-event
pairs whose similarity lies within ``transformer_band`` of the story linkage get their closeness in meaning
measured again with the MiniLM transformer, so that the slow model runs only where it can change whether
two articles join one story.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from samestory.config import MatchConfig
from samestory.core.cluster import build_stories
from samestory.core.embed import Embedder, load_embedder
from samestory.core.relation import RelationParams, Scores, relation_of, similarity_of
from samestory.records import Article, Pair, Story
from samestory.stages.fingerprint import lead_text

#: The transformer's lead cosine put on the static model's scale (``static ~ a * transformer + b``), so that
#: the relation thresholds and the similarity apply unchanged. Least squares over the 2,889 candidate pairs
#: of the ECB+ dev split (odd topics), no labels used: a = 0.671, b = 0.226.
TRANSFORMER_TO_STATIC = (0.671, 0.226)


def cluster(ids: Iterable[str], pairs: Iterable[Pair], config: MatchConfig | None = None) -> list[Story]:
    """Every id in exactly one story; stories split into copy families with their likely originals."""
    c = config or MatchConfig()
    return build_stories(
        ids, pairs, c.story_linkage, attach_size=c.story_attach_size, attach_linkage=c.story_attach_linkage
    )


@dataclass(frozen=True, slots=True)
class Refined:
    """Pairs after the hybrid tier (those that became ``unrelated`` left out), and what it cost."""

    pairs: list[Pair]
    touched: int
    encoded: int
    changed: int


def near_threshold(pairs: Iterable[Pair], config: MatchConfig) -> list[Pair]:
    """The same-event pairs whose similarity is within ``transformer_band`` of the story linkage: where a
    better measure of meaning can decide whether two articles join one story. Copies are decided by their
    aligned text, not by meaning."""
    band, linkage = config.transformer_band, config.story_linkage
    return [p for p in pairs if p.relation == "same_event" and abs(p.similarity - linkage) <= band]


def rescored(pair: Pair, semantic: float, params: RelationParams) -> Pair:
    """The pair decided again with another semantic score (its other sub-scores as verified)."""
    known = {f.name for f in dataclasses.fields(Scores)}
    scores = dataclasses.replace(Scores(**{k: v for k, v in pair.scores.items() if k in known}), semantic=semantic)
    relation = relation_of(scores, same_text=False, p=params)
    out = dataclasses.replace(pair, relation=relation, similarity=similarity_of(scores, params))
    out.scores = {**scores.to_dict(), "semantic_static": pair.scores.get("semantic", 0.0)}
    return out


def refine_near_threshold(
    pairs: list[Pair],
    articles: Mapping[str, Article],
    config: MatchConfig,
    params: RelationParams,
    embedder: Embedder | None = None,
) -> Refined:
    """The hybrid tier: the :func:`near_threshold` pairs decided again with the transformer's lead cosine
    (on the static scale, :data:`TRANSFORMER_TO_STATIC`); the other pairs as they are.

    Each lead is encoded alone: padded batches change a transformer row in its last bits, and which leads
    share a batch would depend on the corpus, so a pair's score would too.
    """
    near = near_threshold(pairs, config)
    if not near:
        return Refined(pairs, 0, 0, 0)
    model = embedder or load_embedder("transformer")
    ids = sorted({x for p in near for x in (p.a, p.b)})
    with _one_torch_thread():
        leads = {i: model.encode([lead_text(articles[i])])[0] for i in ids}
    slope, intercept = TRANSFORMER_TO_STATIC
    redone: dict[tuple[str, str], Pair] = {}
    for p in near:
        cosine = float(np.dot(leads[p.a], leads[p.b]))
        redone[(p.a, p.b)] = rescored(p, round(max(0.0, slope * cosine + intercept), 4), params)
    changed = sum(redone[(p.a, p.b)].relation != p.relation for p in near)
    kept = [redone.get((p.a, p.b), p) for p in pairs]
    return Refined([p for p in kept if p.relation != "unrelated"], len(near), len(ids), changed)


@contextlib.contextmanager
def _one_torch_thread() -> Iterator[None]:
    """torch on one thread while leads are encoded one by one: with its default threads, a one-text call
    spends most of its CPU spinning (100 ECB+ leads on 2 cores: 28 CPU-s on 2 threads, 2.5 on one, about
    what one batched call costs)."""
    try:
        torch = importlib.import_module("torch")
    except ImportError:  # another embedder than the transformer was passed in
        yield
        return
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)
