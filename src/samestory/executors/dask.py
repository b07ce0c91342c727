"""Run the pipeline on a Dask cluster (``dask.distributed``) instead of a local process pool.

The shards, the passes and the tasks are those of :class:`~samestory.executors.local.LocalExecutor`; only
where they run changes, so a run's output is byte-identical to a local one whatever the number of Dask
workers (tasks are cut from sorted inputs and their results are read back in task order).

What differs on a cluster:

- workers share no temporary folder, so pass 1 of the corpus statistics keeps each shard's records, with
  what it found of their lines (the same map step as locally, ``stages.clean.shard_rows``), on the
  worker that read them (a Dask future) instead of spilling them to a file; only the shard's line rows
  come back here, where they are merged into the corpus statistics exactly as locally (on disk, part by
  part), and the statistics go out once to every worker (``scatter(broadcast=True)``) for pass 2;
- tasks never share this process's memory (``shares_memory`` is False), so match tasks carry their
  articles instead of offsets into a list this process holds;
- input paths must be readable by the workers under the same names (a shared file system), as for any
  Dask job that reads files.

>>> from samestory.executors.dask import DaskExecutor
>>> with DaskExecutor(workers=1) as ex:  # doctest: +SKIP
...     result = samestory.run(["crawl/"], executor=ex)

Why Dask and not Ray or Spark: Dask's futures API maps one-to-one onto the executor's ordered map, runs
pure Python functions with no JVM, and starts a local cluster in process for tests and laptops.
"""

from __future__ import annotations

import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from samestory.config import CleanConfig, Config, IngestConfig
from samestory.core.linestats import LineStats, UInt64Array, merge_partitions
from samestory.errors import MissingDependency
from samestory.executors.local import (
    Cleaned,
    Encoded,
    Finish,
    LocalExecutor,
    Prepared,
    _read_and_clean,
    _read_shard,
)
from samestory.executors.progress import Progress
from samestory.executors.spill import RowSpill
from samestory.executors.summary import RunSummary
from samestory.io import Paths, ReadStats, Source
from samestory.records import Article, RawRecord
from samestory.stages.clean import CorpusLines, clean_record, prepare, shard_rows

if TYPE_CHECKING:
    from distributed import Client, Future

T = TypeVar("T")

#: Tasks in flight per Dask worker thread: enough to keep workers busy while results are read in order,
#: few enough that finished results do not pile up here.
WINDOW_PER_THREAD = 2


@dataclass(frozen=True, slots=True)
class _Read:
    """A shard as pass 1 leaves it on the worker that read it, for pass 2: its records, what pass 1 found of
    their lines (:func:`~samestory.stages.clean.shard_rows`), its line rows and its read stats."""

    records: list[RawRecord]
    lines: list[CorpusLines | None]
    rows: UInt64Array
    stats: ReadStats


def _read_and_key(sources: list[Source], config: IngestConfig) -> _Read:
    """Pass 1 on a worker: read a shard and compute its lines' keys and templates (the result stays there)."""
    records, stats = _read_shard(sources, config)
    lines, rows = shard_rows(records)
    return _Read(records, lines, rows, stats)


def _rows(read: _Read) -> tuple[UInt64Array, ReadStats]:
    """What pass 1 sends back of a shard: its line rows and read stats."""
    return read.rows, read.stats


def _clean_read(read: _Read, config: CleanConfig, stats: LineStats | None, finish: Finish) -> Cleaned:
    """Pass 2 on a worker: clean a shard's records (read in pass 1) with the corpus statistics."""
    records = zip(read.records, read.lines, strict=True)
    return finish([clean_record(r, config, stats, corpus_lines=lines) for r, lines in records])


def _in_order(futures: Iterable[Future[Any]], window: int) -> Iterator[Any]:
    """Results of ``futures`` (submitted as the iterable is read) in order, at most ``window`` pending."""
    pending: deque[Future[Any]] = deque()
    for fut in futures:
        pending.append(fut)
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


@dataclass
class DaskExecutor(LocalExecutor):
    """The local executor's walk, sharding and summary, with the tasks sent to a Dask cluster.

    ``scheduler``: the address of a running scheduler (``tcp://host:8786``), or None for a local cluster
    of ``workers`` processes started here (one thread each) and closed with the executor. Use it as a
    context manager, or call :meth:`close`.
    """

    scheduler: str | None = None
    _client: Client | None = field(default=None, init=False, repr=False)
    _cluster: Any = field(default=None, init=False, repr=False)

    def __enter__(self) -> DaskExecutor:
        self.client  # noqa: B018 -- connect now, not at the first task
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    @property
    def client(self) -> Client:
        """The connection to the scheduler (opened, and a local cluster started, on first use)."""
        if self._client is None:
            try:
                from distributed import Client, LocalCluster
            except ImportError as err:  # an optional dependency
                raise MissingDependency("dask.distributed", "dask") from err
            if self.scheduler is None:
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=":0"
                )
                self._client = Client(self._cluster)
            else:
                self._client = Client(self.scheduler)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    @property
    def shares_memory(self) -> bool:
        """Dask workers are other processes, maybe other machines: tasks carry what they need."""
        return False

    def _window(self) -> int:
        threads = sum(self.client.nthreads().values()) or 1
        return WINDOW_PER_THREAD * threads

    def _ordered(self, fn: Callable[..., T], calls: Iterable[tuple[Any, ...]]) -> Iterator[T]:
        """``fn(*args)`` for each ``args`` of ``calls`` on the workers, submitted as the results are read,
        results in order. ``pure=False``: every call is a task of its own (hashing the arguments to find
        repeats would cost more than it saves; two calls never repeat)."""
        client = self.client
        return _in_order((client.submit(fn, *args, pure=False) for args in calls), self._window())

    def map_tasks(self, fn: Callable[[Any], T], tasks: list[Any]) -> Iterator[T]:
        """Run ``fn`` over ``tasks`` on the Dask workers, results in task order."""
        yield from self._ordered(fn, ((t,) for t in tasks))

    def _clean(
        self, paths: Paths, config: Config, corpus_stats: bool, finish: Finish
    ) -> Iterator[Article | Encoded | Prepared[Any]]:
        self.summary = RunSummary()
        shards = self._walk(paths, config.ingest)
        with Progress(self.progress, total=None) as bar:
            if corpus_stats:
                yield from self._cluster_two_pass(shards, config, bar, finish)
            else:
                first = list(shards)  # walk failures come first, so the walk ends before any article
                yield from self._failures()
                yield from self._cluster_one_pass(first, config, bar, finish)

    def _cluster_one_pass(
        self, shards: list[list[Source]], config: Config, bar: Progress, finish: Finish
    ) -> Iterator[Article | Encoded | Prepared[Any]]:
        calls = ((shard, config, finish) for shard in bar.counting(shards, 1))
        for shard, (cleaned, stats) in zip(shards, self._ordered(_read_and_clean, calls), strict=True):
            self.summary.skipped.update(stats.skipped)
            yield from self._results(cleaned)
            bar.advance(len(shard))

    def _cluster_two_pass(
        self, shards: Iterable[list[Source]], config: Config, bar: Progress, finish: Finish
    ) -> Iterator[Article | Encoded | Prepared[Any]]:
        client = self.client
        reads: list[tuple[Future[Any], int]] = []  # per shard: its records, held by a worker; its number of files

        def rows_of_shards() -> Iterator[Future[Any]]:
            for shard in bar.counting(shards, 2):
                read = client.submit(_read_and_key, shard, config.ingest, pure=False)
                reads.append((read, len(shard)))
                yield client.submit(_rows, read, pure=False)

        with tempfile.TemporaryDirectory(prefix="samestory-") as spill_dir, RowSpill(Path(spill_dir)) as rows:
            for k, (part, stats) in enumerate(_in_order(rows_of_shards(), self._window())):
                self.summary.skipped.update(stats.skipped)
                rows.add(part)
                bar.advance(reads[k][1])  # result k comes after future k was submitted
            # Each worker loads the rules while this process merges (the futures are kept until then: a
            # future let go is a task cancelled).
            warming = [client.submit(prepare, config.clean, workers=[w], pure=False) for w in client.nthreads()]
            c = config.clean
            line_stats = merge_partitions(
                rows.line_parts(), rows.pair_parts(), c.corpus_min_docs, c.template_min_docs, c.template_min_sources
            )
            del warming
        yield from self._failures()
        [stats] = client.scatter([line_stats], broadcast=True)
        calls = ((read, config.clean, stats, finish) for read, _ in reads)
        for (_, files), cleaned in zip(reads, self._ordered(_clean_read, calls), strict=True):
            yield from self._results(cleaned)
            bar.advance(files)
