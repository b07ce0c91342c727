"""Matching as one call: fingerprint -> candidates -> verify -> cluster, with the parameters of a
:class:`~samestory.config.MatchConfig` mapped onto each step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from samestory.config import MatchConfig
from samestory.core.align import AlignParams
from samestory.core.embed import Embedder, load_embedder
from samestory.core.relation import RelationParams
from samestory.records import Article, Candidate, Pair, Story
from samestory.stages.candidates import CandidateParams, find_candidates
from samestory.stages.cluster import cluster
from samestory.stages.fingerprint import fingerprint
from samestory.stages.verify import Verifier


def align_params(c: MatchConfig) -> AlignParams:
    return AlignParams(paraphrase_threshold=c.paraphrase_threshold, strong_paraphrase=c.strong_paraphrase)


def relation_params(c: MatchConfig) -> RelationParams:
    return RelationParams(
        near_duplicate=c.near_duplicate, partial_reprint=c.partial_reprint, rewrite=c.rewrite,
        same_event=c.same_event, entities=c.entities,
    )  # fmt: skip


def candidate_params(c: MatchConfig) -> CandidateParams:
    return CandidateParams(
        minhash_threshold=c.minhash_threshold, ngram_max_df=c.ngram_max_df, ngram_min_shared=c.ngram_min_shared,
        neighbours=c.neighbours, min_lead_cosine=c.min_lead_cosine,
    )  # fmt: skip


@dataclass(slots=True)
class MatchResult:
    """Related pairs, stories, and counts of what was considered on the way."""

    pairs: list[Pair] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    candidates: int = 0
    unrelated: int = 0
    by_source: dict[str, int] = field(default_factory=dict)


def match(
    articles: Sequence[Article], config: MatchConfig | None = None, embedder: Embedder | None = None
) -> MatchResult:
    """Match the matchable articles (read fine, not error pages, with text) and group them into stories."""
    c = config or MatchConfig()
    embedder = embedder or load_embedder(c.embedder)
    usable = sorted((a for a in articles if a.matchable), key=lambda a: a.id)
    fps = fingerprint(usable, embedder)
    candidates: list[Candidate] = find_candidates(fps, candidate_params(c))
    verifier = Verifier(
        {a.id: a for a in usable}, {f.id: f for f in fps}, embedder, align_params(c), relation_params(c)
    )
    result = MatchResult(candidates=len(candidates))
    for cand in candidates:
        for source in cand.sources:
            result.by_source[source] = result.by_source.get(source, 0) + 1
    for pair in verifier.verify_all(candidates):
        if pair.relation == "unrelated":
            result.unrelated += 1
        else:
            result.pairs.append(pair)
    result.stories = cluster([a.id for a in usable], result.pairs, c)
    return result
