"""Matching as one call: fingerprint -> candidates -> verify -> cluster, with the parameters of a
:class:`~samestory.config.MatchConfig` mapped onto each step."""

from __future__ import annotations

import gc
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from samestory.config import MatchConfig
from samestory.core.align import AlignParams, FloatMatrix, SentenceBounds, TextIndex
from samestory.core.columns import Columns
from samestory.core.compare import ArticleView
from samestory.core.embed import Embedder, load_embedder
from samestory.core.paraphrase import SentenceTerms
from samestory.core.relation import RelationParams
from samestory.core.sentences import Sentence
from samestory.records import Article, Candidate, Fingerprint, Pair, Story, shared_ids
from samestory.stages.candidates import (
    EMBEDDING_BLOCK,
    GENERATORS,
    CandidateParams,
    find_candidates,
    generate,
    merge_pairs,
)
from samestory.stages.cluster import cluster, refine_near_threshold
from samestory.stages.fingerprint import fingerprint
from samestory.stages.verify import Verifier, article_views, view_key


def align_params(c: MatchConfig) -> AlignParams:
    return AlignParams(paraphrase_threshold=c.paraphrase_threshold, strong_paraphrase=c.strong_paraphrase)


def relation_params(c: MatchConfig) -> RelationParams:
    return RelationParams(
        near_duplicate=c.near_duplicate, partial_reprint=c.partial_reprint, rewrite=c.rewrite,
        rewrite_coverage=c.rewrite_coverage, rewrite_reworded=c.rewrite_reworded, same_event=c.same_event,
        entities=c.entities, event_entities=c.event_entities,
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
    #: Ids that several matchable articles were given (say two JSON Lines files that both number their
    #: lines from 1), each with the inputs of its articles: none of them is matched (see :func:`match`).
    duplicate_ids: dict[str, list[str]] = field(default_factory=dict)


#: Candidates per verification task: enough to reuse each article's sentences and embeddings across its
#: pairs (candidates are sorted by id), few enough to spread over the workers.
VERIFY_CHUNK = 400
#: An ordered map over tasks, as an executor provides it (``map`` itself runs them in this process).
Mapper = Callable[[Callable[[Any], Any], list[Any]], Iterable[Any]]


@dataclass(frozen=True, slots=True)
class VerifyTask:
    """One chunk of candidates with each one's lead cosine (``semantic``) and the articles it needs:
    picklable, self-contained. With ``articles`` empty, articles and views come from the process's
    inherited tables (see :data:`_VIEWS`): a task is then a few kilobytes instead of megabytes of articles
    to pickle and unpickle.
    """

    candidates: list[Candidate]
    semantic: tuple[float, ...]
    articles: dict[str, Article]
    config: MatchConfig


#: Article views (sentences, embeddings, tokens) of the current run. :func:`match` builds the view of every
#: article in a candidate pair once, before verification, and the worker processes that verify, forked
#: afterwards, inherit them: built on demand with a bounded cache instead, an article's view was rebuilt
#: for most of its pairs once the corpus outgrew the cache. Keys are (article id, embedder name, text
#: hash); cleared when a run starts and when it ends.
_VIEWS: OrderedDict[tuple[str, str, int], ArticleView] = OrderedDict()
#: The articles of :data:`_VIEWS` by id, filled and cleared with it.
_ARTICLES: dict[str, Article] = {}
#: Articles per view-building task.
VIEW_CHUNK = 256


@dataclass(frozen=True, slots=True)
class ViewTask:
    """Articles whose views to build, or with none given, ``_PAIRED[start:end]`` of the process; and the
    settings that choose the embedder."""

    articles: list[Article]
    config: MatchConfig
    start: int = 0
    end: int = 0

    def members(self) -> list[Article]:
        """The task's articles, in this process or a worker forked while the view tasks run."""
        return self.articles or _PAIRED[self.start : self.end]


#: The paired articles of the current :func:`verify_candidates`, for view tasks in workers that share this
#: process's memory (the tasks then carry offsets, not articles to pickle); cleared when the views are back.
_PAIRED: list[Article] = []

_Item = TypeVar("_Item")


@contextmanager
def _shared(slot: list[_Item], items: list[_Item]) -> Iterator[None]:
    """``items`` in ``slot`` while tasks run on workers that share this process's memory (their tasks carry
    offsets into the slot, not the items), emptied when they are back."""
    slot[:] = items
    try:
        yield
    finally:
        slot.clear()


@dataclass(frozen=True, slots=True)
class ViewParts:
    """An :class:`ArticleView` as a view task sends it back: without its article, which the caller has,
    and with its sentences as their bounds (the sentences are spans of the article's text). Unpickling
    the articles and the Sentence objects took two thirds of the time the main process spent receiving
    views."""

    embeddings: FloatMatrix | None
    index: TextIndex
    quotes: set[int]
    entities: set[str]
    text_key: str
    bounds: SentenceBounds
    terms: SentenceTerms | None = None

    @classmethod
    def of(cls, view: ArticleView) -> ViewParts:
        return cls(view.embeddings, view.index, view.quotes, view.entities, view.text_key, view.bounds, view.terms)

    def view(self, article: Article) -> ArticleView:
        """The view again, given its article."""
        text = article.text
        starts, ends = self.bounds.starts.tolist(), self.bounds.ends.tolist()
        sentences = [Sentence(a, b, text[a:b]) for a, b in zip(starts, ends, strict=True)]
        return ArticleView(
            article, sentences, self.embeddings, self.index, self.quotes, self.entities, self.text_key, self.bounds,
            self.terms,
        )  # fmt: skip


def view_task(task: ViewTask) -> Columns[ViewParts]:
    """Views of one chunk of articles (module level, so that it pickles), in the order of the articles; they
    travel back as columns (:class:`~samestory.core.columns.Columns`, a fifth of the pickling time)."""
    return Columns(ViewParts.of(v) for v in article_views(task.members(), load_embedder(task.config.embedder)))


def _build_views(
    articles: list[Article], embedder: Embedder, c: MatchConfig, mapper: Mapper, *, shared_memory: bool
) -> None:
    with _shared(_PAIRED, articles):
        tasks = [
            ViewTask([] if shared_memory else articles[k : k + VIEW_CHUNK], c, k, k + VIEW_CHUNK)
            for k in range(0, len(articles), VIEW_CHUNK)
        ]
        for task, parts in zip(tasks, mapper(view_task, tasks), strict=True):
            for article, part in zip(task.members(), parts, strict=True):
                _VIEWS[view_key(article, embedder.name)] = part.view(article)
                _ARTICLES[article.id] = article


#: BLAS threads while verifying. A pair's matrix products are small (sentences x sentences): OpenBLAS
#: splits them over its threads anyway, and the threads' hand-offs and spinning cost 3 to 10 times the CPU
#: of one thread (measured: 60 x 224 by 224 x 60, 0.27 ms against 0.02 ms), more again when every worker
#: process starts its own threads on the same cores. The split is over rows and columns, not over the
#: sums, so the products are the same.
VERIFY_BLAS_THREADS = 1


#: Articles per fingerprint task.
FINGERPRINT_CHUNK = 1024
#: The matchable articles of the current :func:`match`, for fingerprint tasks in workers that share this
#: process's memory (the tasks then carry offsets, not articles); cleared when the fingerprints are back.
_USABLE: list[Article] = []


@dataclass(frozen=True, slots=True)
class FingerprintTask:
    """Fingerprint ``articles``, or with none given, ``_USABLE[start:end]`` of the process."""

    start: int
    end: int
    articles: list[Article]
    config: MatchConfig


def fingerprint_task(task: FingerprintTask) -> list[Fingerprint]:
    """Fingerprints of one chunk of articles (module level, so that it pickles)."""
    articles = task.articles or _USABLE[task.start : task.end]
    return fingerprint(articles, load_embedder(task.config.embedder))


def fingerprint_matchable(articles: list[Article], config: MatchConfig) -> dict[str, Fingerprint]:
    """The fingerprints of the matchable ones among ``articles``, by id, as :func:`match` takes them
    (``fingerprints``) when they were computed beside cleaning. Only for an embedder whose rows do not
    depend on their batch: then a fingerprint depends only on its article, not on the chunk it came in."""
    usable = [a for a in articles if a.matchable]
    return {fp.id: fp for fp in fingerprint(usable, load_embedder(config.embedder))} if usable else {}


def _fingerprints(
    usable: list[Article], embedder: Embedder, c: MatchConfig, mapper: Mapper | None, *, shared_memory: bool
) -> list[Fingerprint]:
    """Fingerprints of ``usable`` in order: in chunks on the mapper when a text's lead embedding does not
    depend on the texts it is encoded with (a fingerprint then depends only on its article), else at once."""
    if mapper is None or not embedder.row_independent or len(usable) < 2 * FINGERPRINT_CHUNK:
        return fingerprint(usable, embedder)
    with _shared(_USABLE, usable):
        tasks = [
            FingerprintTask(k, k + FINGERPRINT_CHUNK, [] if shared_memory else usable[k : k + FINGERPRINT_CHUNK], c)
            for k in range(0, len(usable), FINGERPRINT_CHUNK)
        ]
        return [fp for fps in mapper(fingerprint_task, tasks) for fp in fps]


#: The fingerprints of the current :func:`match`, for candidate tasks in workers that share this process's
#: memory; cleared when the candidates are back.
_FINGERPRINTS: list[Fingerprint] = []


@dataclass(frozen=True, slots=True)
class CandidateTask:
    """Run one candidate generator (a name of :data:`~samestory.stages.candidates.GENERATORS`) over
    ``_FINGERPRINTS`` of the process."""

    generator: str
    config: MatchConfig
    #: For ``embedding``: the blocks of the lead-neighbour search this task covers.
    blocks: range | None = None


#: Tasks the lead-neighbour search is cut into when the generators run on workers (see :func:`_candidates`).
EMBEDDING_PIECES = 4


def candidate_task(task: CandidateTask) -> set[tuple[str, str]]:
    """One generator's pairs (module level, so that it pickles). One BLAS thread: the other tasks run beside
    it on the other workers, and the lead products are the same whatever the threads."""
    with threadpool_limits(VERIFY_BLAS_THREADS, user_api="blas"):
        return generate(task.generator, _FINGERPRINTS, candidate_params(task.config), task.blocks)


def _candidates(
    fps: list[Fingerprint], c: MatchConfig, mapper: Mapper | None, *, shared_memory: bool
) -> list[Candidate]:
    """The candidates of ``fps``: the generators side by side on the mapper's workers when they see this
    process's memory (the fingerprints are not pickled), else one after another here. Each generator's
    pairs do not depend on where it runs, and the merge sorts them."""
    if mapper is None or not shared_memory or len(fps) < 2 * FINGERPRINT_CHUNK:
        return find_candidates(fps, candidate_params(c))
    with _shared(_FINGERPRINTS, fps):
        # Each other generator is one task, given out first; the lead-neighbour search, which can be cut by
        # its blocks (the same blocks as in one go), follows in pieces that the workers take as they come
        # free, so no worker waits while another runs the last long task: in halves after the others, the
        # worker that drew the rare n-grams (as long as a half on the sparse speed corpus) ran on alone
        # for most of a half.
        blocks = -(-len(fps) // EMBEDDING_BLOCK)
        pieces = min(EMBEDDING_PIECES, blocks)
        tasks = [CandidateTask(name, c) for name in GENERATORS if name != "embedding"]
        tasks += [
            CandidateTask("embedding", c, range(k * blocks // pieces, (k + 1) * blocks // pieces))
            for k in range(pieces)
        ]
        found: dict[str, set[tuple[str, str]]] = {name: set() for name in GENERATORS}
        for task, pairs in zip(tasks, mapper(candidate_task, tasks), strict=True):
            found[task.generator] |= pairs
        return merge_pairs(found)


def verify_task(task: VerifyTask) -> list[Pair]:
    """The verification kernel (module level, so that it pickles): every pair of one chunk."""
    c = task.config
    embedder = load_embedder(c.embedder)
    verifier = Verifier(
        task.articles or _ARTICLES, {}, embedder, align_params(c), relation_params(c),
        cache_size=max(len(_VIEWS), 4096), views=_VIEWS,
    )  # fmt: skip
    with threadpool_limits(VERIFY_BLAS_THREADS, user_api="blas"):
        return list(verifier.verify_all(task.candidates, semantic=task.semantic))


def _tasks(
    candidates: list[Candidate],
    articles: dict[str, Article],
    fps: dict[str, Fingerprint],
    c: MatchConfig,
    *,
    shared_views: bool,
) -> list[VerifyTask]:
    """Verification tasks of ``VERIFY_CHUNK`` candidates; with ``shared_views``, without the articles."""
    row = {fp_id: k for k, fp_id in enumerate(fps)}
    leads = np.stack([fp.lead for fp in fps.values()]) if fps else np.zeros((0, 1), np.float32)
    tasks = []
    for start in range(0, len(candidates), VERIFY_CHUNK):
        chunk = candidates[start : start + VERIFY_CHUNK]
        # np.dot pair by pair, as Verifier.verify computes it: a batched product sums in another order,
        # and the last bit can move a pair across a threshold.
        semantic = tuple(float(np.dot(leads[row[x.a]], leads[row[x.b]])) for x in chunk)
        ids = {x for cand in chunk for x in (cand.a, cand.b)}
        shipped = {} if shared_views else {i: articles[i] for i in ids}
        tasks.append(VerifyTask(chunk, semantic, shipped, c))
    return tasks


def serial(fn: Callable[[Any], Any], items: list[Any]) -> Iterable[Any]:
    """A :data:`Mapper` that runs every task in this process."""
    return map(fn, items)


def verify_candidates(
    candidates: list[Candidate],
    articles: dict[str, Article],
    fps: dict[str, Fingerprint],
    c: MatchConfig,
    embedder: Embedder,
    mapper: Mapper | None = None,
    shared_memory: bool | None = None,
) -> list[Pair]:
    """Every candidate verified, unrelated pairs included, in candidate order: each paired article's view
    built once (view tasks on the mapper), then verification tasks over the candidates.

    ``shared_memory``: whether the mapper's workers see this process's memory as it is when they start
    (this process, or workers forked for each map); then verification tasks carry ids, not articles. By
    default, true only without a mapper.
    """
    run = mapper or serial
    _VIEWS.clear()  # views of an earlier run in this process must not stand in for this run's articles
    _ARTICLES.clear()
    try:
        shared = mapper is None if shared_memory is None else shared_memory
        paired = sorted({x for cand in candidates for x in (cand.a, cand.b)})
        _build_views([articles[i] for i in paired], embedder, c, run, shared_memory=shared)
        # The views are millions of objects that only get read from now on: frozen, the garbage collector
        # stops walking them (in forked workers each walk also copied every page it touched).
        gc.freeze()
        tasks = _tasks(candidates, articles, fps, c, shared_views=shared)
        return [pair for pairs in run(verify_task, tasks) for pair in pairs]
    finally:
        _VIEWS.clear()
        _ARTICLES.clear()
        gc.unfreeze()


def match(
    articles: Sequence[Article],
    config: MatchConfig | None = None,
    embedder: Embedder | None = None,
    mapper: Mapper | None = None,
    *,
    shared_memory: bool | None = None,
    fingerprints: Mapping[str, Fingerprint] | None = None,
) -> MatchResult:
    """Match the matchable articles (read fine, not error pages, with text) and group them into stories.

    ``mapper`` runs the fingerprint, view-building and verification tasks (an executor's ordered map; by
    default, in this process). The result does not depend on it: tasks are cut from the sorted articles and
    candidates and come back in order. ``shared_memory``: see :func:`verify_candidates`. ``fingerprints``:
    every matchable article's fingerprint by id, computed already (:func:`fingerprint_matchable`).
    """
    c = config or MatchConfig()
    embedder = embedder or load_embedder(c.embedder)
    # Pairs and stories name articles by id: an id given to several articles names none of them, and the
    # caller reports those as bad input (records.shared_ids). One record read twice is one.
    matchable = {a.id: a for a in articles if a.matchable}
    duplicates = shared_ids((a.id, a.input) for a in articles if a.matchable)
    usable = sorted((a for i, a in matchable.items() if i not in duplicates), key=lambda a: a.id)
    shared = mapper is None if shared_memory is None else shared_memory
    if fingerprints is None:
        fps = _fingerprints(usable, embedder, c, mapper, shared_memory=shared)
    else:
        fps = [fingerprints[a.id] for a in usable]
    candidates = _candidates(fps, c, mapper, shared_memory=shared)
    result = MatchResult(candidates=len(candidates), duplicate_ids=duplicates)
    for cand in candidates:
        for source in cand.sources:
            result.by_source[source] = result.by_source.get(source, 0) + 1
    verified = verify_candidates(
        candidates, {a.id: a for a in usable}, {f.id: f for f in fps}, c, embedder, mapper, shared_memory
    )
    for pair in verified:
        if pair.relation == "unrelated":
            result.unrelated += 1
        else:
            result.pairs.append(pair)
    if c.transformer_band > 0:  # the hybrid tier: the transformer only where it can change a story
        result.pairs = refine_near_threshold(result.pairs, {a.id: a for a in usable}, c, relation_params(c)).pairs
    result.stories = cluster([a.id for a in usable], result.pairs, c)
    return result
