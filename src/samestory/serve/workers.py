"""``samestory serve --workers N``: matches run in N processes forked from the warm server.

Matching is CPU-bound Python, so concurrent matches use more than one core only in more than one process.
Each process building its own matcher and views would multiply the memory (some 11.5 GB of views for
100,000 stored articles) and the start time by N. Instead the server warms once and then forks N match
processes, which share every page it filled, copy-on-write: the views are only read from then on, and
:func:`gc.freeze` keeps the garbage collector from writing to every object (measured on 100,000 articles:
after 200 matches each child owned 150-180 MB of its own, the rest stayed shared).

The server process keeps HTTP, parsing and cleaning the posted article, and every page; it hands each
match to whichever process is free (a :class:`~concurrent.futures.ProcessPoolExecutor` queue), so a slow
match never holds the others back behind one busy process, as it would with forked copies of the whole
server each accepting its own connections.

A DuckDB connection does not survive a fork (its threads stay behind in the parent), so the server closes
its connection to the store before forking and each process, the server included, opens its own again,
read-only: several processes may read a store, only one may write it, so a server with match processes
is read-only.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from threadpoolctl import threadpool_limits

from samestory.records import Article, Pair

if TYPE_CHECKING:
    from samestory.serve.app import Services

#: The warm services of the server, as each forked match process inherits them.
_FORKED: list[Services] = []


def _attach() -> None:
    """In each match process, as it starts: a connection of its own to the store, and the server's one BLAS
    thread (see :data:`~samestory.serve.app.MATCH_BLAS_THREADS`)."""
    from samestory.serve.app import MATCH_BLAS_THREADS

    threadpool_limits(MATCH_BLAS_THREADS, user_api="blas")
    _FORKED[0].attach()


def _pid(_: int) -> int:
    return os.getpid()


def _match(article: Article) -> list[Pair]:
    return _FORKED[0].match_here(article)


class MatchWorkers:
    """``n`` match processes forked from ``services``, which must be warm (its matcher built)."""

    def __init__(self, services: Services, n: int) -> None:
        _FORKED[:] = [services]
        services.detach()
        gc.collect()
        gc.freeze()  # from here on the collector leaves the shared objects alone, in every process
        try:
            self._pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context("fork"), initializer=_attach)
            # With the fork method the pool starts all n processes at its first task, from this thread,
            # before the server starts any other.
            list(self._pool.map(_pid, range(n)))
        finally:
            services.attach()

    def match(self, article: Article) -> list[Pair]:
        return self._pool.submit(_match, article).result()

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
