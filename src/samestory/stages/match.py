"""Matching as one call: fingerprint -> candidates -> verify -> cluster, with the parameters of a
:class:`~samestory.config.MatchConfig` mapped onto each step."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from samestory.config import MatchConfig
from samestory.core.align import AlignParams
from samestory.core.compare import ArticleView
from samestory.core.embed import Embedder, load_embedder
from samestory.core.relation import RelationParams
from samestory.records import Article, Candidate, Fingerprint, Pair, Story
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


#: Candidates per verification task: enough to reuse each article's sentences and embeddings across its
#: pairs (candidates are sorted by id), few enough to spread over the workers.
VERIFY_CHUNK = 400
#: An ordered map over tasks, as an executor provides it (``map`` itself runs them in this process).
Mapper = Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]]


@dataclass(frozen=True, slots=True)
class VerifyTask:
    """One chunk of candidates with the articles and fingerprints it needs: picklable, self-contained."""

    candidates: list[Candidate]
    articles: dict[str, Article]
    fingerprints: dict[str, Fingerprint]
    config: MatchConfig


#: Article views (sentences, embeddings, tokens) kept by this process across verification tasks: an
#: article meets its candidates in several chunks. Keys are (article id, embedder name, text hash); the
#: cache is also cleared when a run starts.
_VIEWS: OrderedDict[tuple[str, str, int], ArticleView] = OrderedDict()


def verify_task(task: VerifyTask) -> list[Pair]:
    """The verification kernel (module level, so that it pickles): every pair of one chunk."""
    c = task.config
    embedder = load_embedder(c.embedder)
    verifier = Verifier(task.articles, task.fingerprints, embedder, align_params(c), relation_params(c), views=_VIEWS)
    return list(verifier.verify_all(task.candidates))


def _tasks(
    candidates: list[Candidate], articles: dict[str, Article], fps: dict[str, Fingerprint], c: MatchConfig
) -> list[VerifyTask]:
    tasks = []
    for start in range(0, len(candidates), VERIFY_CHUNK):
        chunk = candidates[start : start + VERIFY_CHUNK]
        ids = {x for cand in chunk for x in (cand.a, cand.b)}
        tasks.append(VerifyTask(chunk, {i: articles[i] for i in ids}, {i: fps[i] for i in ids}, c))
    return tasks


def _serial(fn: Callable[[Any], Any], items: list[Any]) -> Iterable[Any]:
    return map(fn, items)


def match(
    articles: Sequence[Article],
    config: MatchConfig | None = None,
    embedder: Embedder | None = None,
    mapper: Mapper | None = None,
) -> MatchResult:
    """Match the matchable articles (read fine, not error pages, with text) and group them into stories.

    ``mapper`` runs the verification tasks (an executor's ordered map; by default, in this process). The
    result does not depend on it: tasks are cut from the sorted candidates and come back in order.
    """
    c = config or MatchConfig()
    embedder = embedder or load_embedder(c.embedder)
    usable = sorted((a for a in articles if a.matchable), key=lambda a: a.id)
    fps = fingerprint(usable, embedder)
    candidates: list[Candidate] = find_candidates(fps, candidate_params(c))
    result = MatchResult(candidates=len(candidates))
    for cand in candidates:
        for source in cand.sources:
            result.by_source[source] = result.by_source.get(source, 0) + 1
    _VIEWS.clear()  # views of an earlier run in this process must not stand in for this run's articles
    tasks = _tasks(candidates, {a.id: a for a in usable}, {f.id: f for f in fps}, c)
    verified = (pair for pairs in (mapper or _serial)(verify_task, tasks) for pair in pairs)
    for pair in verified:
        if pair.relation == "unrelated":
            result.unrelated += 1
        else:
            result.pairs.append(pair)
    result.stories = cluster([a.id for a in usable], result.pairs, c)
    return result
