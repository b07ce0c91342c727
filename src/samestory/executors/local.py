"""Run the clean stage on this machine, in one process or a pool of worker processes.

Work is sharded by input file, in walk order, and results come back in that order, so the output does
not depend on the number of workers. Corpus statistics make the run two passes, an explicit
map -> merge -> map:

1. map: each shard reads its files, spills the records with their lines' keys and templates to temporary files (chunks
   of :data:`CHUNK_RECORDS`) and returns its line rows,
   which this process appends to a :class:`~samestory.executors.spill.RowSpill` (on disk, cut by line);
2. merge: the spilled rows, one part at a time, become one :class:`~samestory.core.linestats.LineStats`,
   written once to a file that each worker loads once (while this process merges, the workers load the
   rules and the line model, :func:`~samestory.stages.clean.prepare`);
3. map: each chunk of spilled records is cleaned with those statistics.

Without corpus statistics each shard reads and cleans in one go. Kernels are module-level functions so
that they pickle.

:meth:`LocalExecutor.clean` yields articles; :meth:`LocalExecutor.clean_jsonl` yields them already
encoded as JSON Lines, each shard encoded (and counted for the summary) by the worker that cleaned it, so
the articles are never pickled back to this process (measured: pickling them cost about a tenth of the
CLI's CPU time, and encoding them here kept this process busy beside the workers);
:meth:`LocalExecutor.clean_prepared` yields them in chunks, each with what a caller's function made of it
on the worker that cleaned it (``samestory run``: fingerprints and JSON Lines), so that this work runs
beside the cleaning instead of after it.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import pickle
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeAlias, TypeVar

from samestory.config import CleanConfig, Config, IngestConfig
from samestory.core.columns import Columns
from samestory.core.linestats import LineStats, UInt64Array, merge_partitions
from samestory.executors.progress import Progress
from samestory.executors.spill import RowSpill
from samestory.executors.summary import RunSummary
from samestory.io import Paths, ReadStats, Source, WalkFailure, read_source, walk
from samestory.io.writers import json_lines
from samestory.records import Article, RawRecord
from samestory.stages.clean import CorpusLines, clean_record, prepare, shard_rows

T = TypeVar("T")
#: Files per task: large enough to amortise inter-process overhead, small enough to balance two cores.
SHARD_FILES = 64
#: Records per cleaning task of pass 2: a shard's records are spilled in chunks of this many, so that a
#: few large multi-record files (JSON Lines, WARC) are cleaned by every worker, not one worker per shard
#: (a 4,000-record corpus in two JSON Lines files was cleaned by one process whatever ``workers`` said).
CHUNK_RECORDS = 64


@dataclass(frozen=True, slots=True)
class _ReadResult:
    #: The shard's records, spilled in chunks of :data:`CHUNK_RECORDS` (in order; one at least).
    spills: tuple[str, ...]
    rows: UInt64Array
    stats: ReadStats
    count: int


def _read_shard(sources: list[Source], config: IngestConfig) -> tuple[list[RawRecord], ReadStats]:
    stats = ReadStats()
    records: list[RawRecord] = []
    for source in sources:
        records.extend(read_source(source, config, stats))
    return records, stats


def _read_and_spill(sources: list[Source], config: IngestConfig, spill_dir: str, n: int) -> _ReadResult:
    records, stats = _read_shard(sources, config)
    # Each record is spilled with what pass 1 found of its lines, which pass 2 then need not compute again.
    lines, rows = shard_rows(records)
    spilled = list(zip(records, lines, strict=True))
    spills = []
    for k, start in enumerate(range(0, max(len(records), 1), CHUNK_RECORDS)):
        path = str(Path(spill_dir) / f"shard-{n:06d}-{k:06d}.pickle")
        with open(path, "wb") as fh:
            pickle.dump(spilled[start : start + CHUNK_RECORDS], fh, protocol=pickle.HIGHEST_PROTOCOL)
        spills.append(path)
    return _ReadResult(tuple(spills), rows, stats, len(sources))


#: The statistics a worker last loaded, by path: read once per process, not pickled into every task.
_LOADED: dict[str, LineStats] = {}


def _load_stats(path: str) -> LineStats:
    if path not in _LOADED:
        _LOADED.clear()
        with open(path, "rb") as fh:
            _LOADED[path] = pickle.load(fh)
    return _LOADED[path]


@dataclass(frozen=True, slots=True)
class Encoded:
    """Some articles as JSON Lines (:func:`~samestory.io.writers.json_lines`) and their summary."""

    text: str
    count: int
    summary: RunSummary


@dataclass(frozen=True, slots=True)
class Prepared(Generic[T]):
    """Some clean articles and what the caller's ``prepare`` made of them (see :meth:`LocalExecutor.clean_prepared`)."""

    articles: list[Article]
    extra: T


#: What a shard's cleaning gives back: its articles, (:func:`_encode`) their JSON Lines, or (:class:`Prepare`)
#: the articles and what a caller's function made of them.
Cleaned: TypeAlias = list[Article] | Encoded | Prepared[Any]
#: What a worker does with the articles it cleaned before it sends them back (it must pickle).
Finish: TypeAlias = Callable[[list[Article]], Cleaned]


def _as_articles(articles: list[Article]) -> Cleaned:
    return articles


def _encode(articles: list[Article]) -> Encoded:
    summary = RunSummary()
    for article in articles:
        summary.add_article(article)
    return Encoded(json_lines(a.to_dict() for a in articles), len(articles), summary)


@dataclass(frozen=True, slots=True)
class Prepare:
    """A :data:`Finish` that sends back the articles with ``fn(articles)``, computed by the worker."""

    fn: Callable[[list[Article]], Any]

    def __call__(self, articles: list[Article]) -> Prepared[Any]:
        return Prepared(Columns(articles), self.fn(articles))


def _clean_spill(spill: str, config: CleanConfig, stats_path: str, finish: Finish = _as_articles) -> Cleaned:
    stats = _load_stats(stats_path)
    with open(spill, "rb") as fh:
        records: list[tuple[RawRecord, CorpusLines | None]] = pickle.load(fh)
    Path(spill).unlink()
    return finish([clean_record(r, config, stats, corpus_lines=lines) for r, lines in records])


def _read_and_clean(sources: list[Source], config: Config, finish: Finish = _as_articles) -> tuple[Cleaned, ReadStats]:
    records, stats = _read_shard(sources, config.ingest)
    return finish([clean_record(r, config.clean) for r in records]), stats


def _bounded_map(pool: Executor, fn: Callable[..., T], calls: Iterable[tuple[Any, ...]], window: int) -> Iterator[T]:
    """``pool.map`` in order, with at most ``window`` tasks in flight: ``Executor.map`` submits every task at
    once and holds every finished result until it is read, so memory would grow with the corpus whenever
    the consumer (writing JSON) is slower than the workers."""
    pending: deque[Future[T]] = deque()
    for args in calls:
        pending.append(pool.submit(fn, *args))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@dataclass
class LocalExecutor:
    """Clean on this machine with ``workers`` processes (1: in this process, no pool).

    >>> from samestory.config import Config
    >>> ex = LocalExecutor(workers=1)
    >>> list(ex.clean([], Config())), ex.summary.records
    ([], 0)
    """

    workers: int = 1
    progress: bool = False
    summary: RunSummary = field(default_factory=RunSummary)

    def __post_init__(self) -> None:
        # Checked here, where every caller passes (clean, run, Store.add): workers="2" failed deep in the pool
        # ("'>' not supported"), and workers=0 or -1 quietly ran in one process.
        if isinstance(self.workers, bool) or not isinstance(self.workers, int):
            raise TypeError(f"workers: expected a whole number of processes, got {self.workers!r}; pass workers=2")
        if self.workers < 1:
            raise ValueError(f"workers: expected 1 or more processes, got {self.workers}; pass workers=1 or more")

    def _map(self, pool: Executor | None, fn: Callable[..., T], *iterables: Iterable[Any]) -> Iterator[T]:
        return self._calls(pool, fn, zip(*iterables, strict=True))

    def _calls(self, pool: Executor | None, fn: Callable[..., T], calls: Iterable[tuple[Any, ...]]) -> Iterator[T]:
        """``fn(*args)`` for each ``args`` of ``calls`` (read as the work goes), results in order."""
        if pool is None:
            return itertools.starmap(fn, calls)
        return _bounded_map(pool, fn, calls, window=2 * self.workers)

    @property
    def shares_memory(self) -> bool:
        """Whether :meth:`map_tasks` workers start with this process's memory as it is at the call: they
        are this process, or forked for each call (not with the spawn start method of macOS and Windows)."""
        return self.workers < 2 or multiprocessing.get_start_method() == "fork"

    def map_tasks(self, fn: Callable[[Any], T], tasks: list[Any]) -> Iterator[T]:
        """Run ``fn`` over ``tasks`` on the workers, results in task order (one process when workers == 1)."""
        if self.workers < 2 or len(tasks) < 2:
            yield from map(fn, tasks)
            return
        # Frozen while the workers are forked and run: a worker's garbage collector then leaves this
        # process's objects alone, instead of writing to every one of them and so copying every page that
        # holds one (copy-on-write). Measured on the candidate tasks of 20,000 articles: 0.5 to 0.9 s less
        # system CPU in the workers. (Left frozen when the caller froze already.)
        ours = gc.get_freeze_count() == 0
        gc.freeze()
        try:
            with ProcessPoolExecutor(self.workers) as pool:
                yield from _bounded_map(pool, fn, ((t,) for t in tasks), window=2 * self.workers)
        finally:
            if ours:
                gc.unfreeze()

    def _walk(self, paths: Paths, config: IngestConfig) -> Iterator[list[Source]]:
        """Shards of :data:`SHARD_FILES` files as the walk finds them, so that no list of every file is held;
        directories that cannot be listed go to ``_walk_failures``, the walk's counts to the summary."""
        walk_stats = ReadStats()
        self._walk_failures: list[RawRecord] = []
        shard: list[Source] = []
        for item in walk(paths, config.follow_symlinks, walk_stats, config.exclude):
            if isinstance(item, WalkFailure):
                self._walk_failures.append(item.source.unreadable("unknown", item.error))
                continue
            shard.append(item)
            self.summary.files += 1
            if len(shard) == SHARD_FILES:
                yield shard
                shard = []
        if shard:
            yield shard
        self.summary.skipped.update(walk_stats.skipped)

    def clean(self, paths: Paths, config: Config, *, corpus_stats: bool = True) -> Iterator[Article]:
        """Yield clean articles for every record under ``paths``, error records included, in input order."""
        for item in self._clean(paths, config, corpus_stats, _as_articles):
            assert isinstance(item, Article)
            yield item

    def clean_jsonl(self, paths: Paths, config: Config, *, corpus_stats: bool = True) -> Iterator[Encoded]:
        """:meth:`clean` as JSON Lines: each item holds some articles' lines, in input order, as
        :meth:`~samestory.io.writers.JsonlWriter.write_lines` takes them; the summary counts them all."""
        for item in self._clean(paths, config, corpus_stats, _encode):
            assert not isinstance(item, Prepared)
            yield _encode([item]) if isinstance(item, Article) else item

    def clean_prepared(
        self,
        paths: Paths,
        config: Config,
        prepare: Callable[[list[Article]], T],
        *,
        corpus_stats: bool = True,
    ) -> Iterator[Prepared[T]]:
        """:meth:`clean` in chunks, each with ``prepare(chunk)`` computed by the worker that cleaned it, so
        that the next step's work on clean articles (a run's fingerprints) runs beside the cleaning of later
        chunks, on every worker, instead of after it. ``prepare`` must pickle (a module-level function, or
        a ``functools.partial`` of one) and must not depend on how the articles are cut into chunks."""
        for item in self._clean(paths, config, corpus_stats, Prepare(prepare)):
            if isinstance(item, Article):  # a walk failure, cleaned here
                yield Prepared([item], prepare([item]))
            else:
                assert isinstance(item, Prepared)
                yield item

    def _clean(
        self, paths: Paths, config: Config, corpus_stats: bool, finish: Finish
    ) -> Iterator[Article | Encoded | Prepared[Any]]:
        """What ``finish`` makes of each shard's clean articles (the articles, encoded articles, prepared
        articles), of every record under ``paths``, in input order; walk failures come as articles either way."""
        self.summary = RunSummary()
        shards: Iterator[list[Source]] | list[list[Source]]
        if corpus_stats:  # the walk goes on while pass 1 reads; two shards tell whether a pool pays
            walking = self._walk(paths, config.ingest)
            first = list(itertools.islice(walking, 2))
            shards, total = itertools.chain(first, walking), None
        else:  # walk failures come first, so the walk ends before any article
            shards = first = list(self._walk(paths, config.ingest))
            total = self.summary.files
        pool = ProcessPoolExecutor(self.workers) if self.workers > 1 and len(first) > 1 else None
        with Progress(self.progress, total=total) as bar:
            try:
                if corpus_stats:
                    yield from self._two_pass(pool, shards, config, bar, finish)
                else:
                    yield from self._failures()
                    yield from self._one_pass(pool, first, config, bar, finish)
            finally:
                if pool is not None:
                    pool.shutdown(cancel_futures=True)

    def _failures(self) -> Iterator[Article]:
        for raw in self._walk_failures:
            yield self._count(clean_record(raw))

    def _results(self, cleaned: Cleaned) -> Iterator[Article | Encoded | Prepared[Any]]:
        """A shard's results, counted in the summary."""
        if isinstance(cleaned, Encoded):
            self.summary.merge(cleaned.summary)
            yield cleaned
        elif isinstance(cleaned, Prepared):
            for article in cleaned.articles:
                self._count(article)
            yield cleaned
        else:
            yield from map(self._count, cleaned)

    def _one_pass(
        self, pool: Executor | None, shards: list[list[Source]], config: Config, bar: Progress, finish: Finish
    ) -> Iterator[Article | Encoded | Prepared[Any]]:
        n = len(shards)
        results = self._map(pool, _read_and_clean, shards, [config] * n, [finish] * n)
        for shard, (cleaned, stats) in zip(shards, results, strict=True):
            self.summary.skipped.update(stats.skipped)
            yield from self._results(cleaned)
            bar.advance(len(shard))

    def _two_pass(
        self, pool: Executor | None, shards: Iterable[list[Source]], config: Config, bar: Progress, finish: Finish
    ) -> Iterator[Article | Encoded | Prepared[Any]]:
        with tempfile.TemporaryDirectory(prefix="samestory-") as spill_dir:
            done: list[tuple[str, int]] = []  # per chunk: its spilled records, its shard's files if it ends it
            with RowSpill(Path(spill_dir) / "rows") as rows:
                calls = ((shard, config.ingest, spill_dir, n) for n, shard in enumerate(bar.counting(shards, 2)))
                for result in self._calls(pool, _read_and_spill, calls):
                    self.summary.skipped.update(result.stats.skipped)
                    rows.add(result.rows)
                    done.extend((spill, 0) for spill in result.spills[:-1])
                    done.append((result.spills[-1], result.count))
                    bar.advance(result.count)
                if pool is not None:  # the workers load the rules while this process merges (results unread)
                    for _ in range(self.workers):
                        pool.submit(prepare, config.clean)
                c = config.clean
                stats = merge_partitions(
                    rows.line_parts(), rows.pair_parts(), c.corpus_min_docs, c.template_min_docs, c.template_min_sources
                )
            shutil.rmtree(Path(spill_dir) / "rows")
            stats_path = str(Path(spill_dir) / "linestats.pickle")
            with open(stats_path, "wb") as fh:
                pickle.dump(stats, fh, protocol=pickle.HIGHEST_PROTOCOL)
            yield from self._failures()
            with self._pass2_pool(pool, len(done)) as pass2_pool:
                pass2 = ((spill, config.clean, stats_path, finish) for spill, _ in done)
                for (_, files), cleaned in zip(done, self._calls(pass2_pool, _clean_spill, pass2), strict=True):
                    yield from self._results(cleaned)
                    bar.advance(files)

    @contextlib.contextmanager
    def _pass2_pool(self, pool: Executor | None, chunks: int) -> Iterator[Executor | None]:
        """Pass 1's pool, or, when pass 1 had too few shards for one, a pool of its own once the records
        make several chunks (a few large JSON Lines files)."""
        if pool is not None or self.workers < 2 or chunks < 2:
            yield pool
            return
        own = ProcessPoolExecutor(self.workers)
        try:
            yield own
        finally:
            own.shutdown(cancel_futures=True)

    def _count(self, article: Article) -> Article:
        self.summary.add_article(article)
        return article
