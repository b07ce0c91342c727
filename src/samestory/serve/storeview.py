"""The DuckDB store seen through the app's :class:`~samestory.serve.backend.Backend` interface.

A DuckDB connection must not be used by two threads at once, and FastAPI runs handlers on a thread pool,
so every call into the store's connection holds one lock. Reads are short. Matches do not take it: the
store's :class:`~samestory.store.Matcher` reads stored articles through a cursor per thread (DuckDB
cursors may run side by side), so several matches run at once and overlap where they leave the
interpreter (DuckDB, tokenizers, numpy).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from samestory.config import Config
from samestory.records import Article, Pair, Story
from samestory.store import Matcher as StoreMatcher
from samestory.store import Store, StoreError, StorySummary
from samestory.store.migrations import check_current


class StoreBackend:
    """:class:`~samestory.store.Store` behind one lock, with the app's names for its writes."""

    def __init__(self, store: Store, config: Config | None = None) -> None:
        self.store = store
        self.config = config or Config()
        self._lock = threading.RLock()

    @classmethod
    def open(cls, path: Path, *, read_only: bool, config: Config | None = None) -> StoreBackend:
        """Opened for writing, the store is migrated; read-only, it must be current (see ``check_current``)."""
        store = Store.open(path, read_only=read_only)
        if read_only:
            try:
                check_current(store.schema_version(), str(path))
            except StoreError:
                store.close()
                raise
        return cls(store, config)

    def article(self, article_id: str) -> Article | None:
        with self._lock:
            return self.store.article(article_id)

    def articles(self, ids: Iterable[str]) -> list[Article]:
        with self._lock:
            return self.store.articles(list(ids))

    def story(self, story_id: str) -> Story | None:
        with self._lock:
            return self.store.story(story_id)

    def story_of(self, article_id: str) -> str | None:
        with self._lock:
            return self.store.story_of(article_id)

    def stories(
        self, *, search: str | None = None, source: str | None = None, date_from: str | None = None,
        date_to: str | None = None, limit: int = 50, offset: int = 0,
    ) -> tuple[Sequence[StorySummary], int]:  # fmt: skip
        with self._lock:
            return self.store.stories(
                search=search, source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset
            )

    def unreadable(self, *, limit: int = 50, offset: int = 0) -> tuple[list[tuple[str, str, str, str]], int]:
        with self._lock:
            return self.store.unreadable(limit=limit, offset=offset)

    def pairs_of(self, article_id: str) -> list[Pair]:
        with self._lock:
            return self.store.pairs_of(article_id)

    def story_pairs(self, story_id: str, *, light: bool = False) -> list[Pair]:
        with self._lock:
            return self.store.story_pairs(story_id, light=light)

    def pair(self, a: str, b: str) -> Pair | None:
        with self._lock:
            return self.store.pair(a, b)

    def counts(self) -> dict[str, int]:
        with self._lock:
            return self.store.counts()

    def matcher(self) -> StoreMatcher:
        """Built under the lock (it reads every fingerprint); queried without it (cursors of its own)."""
        with self._lock:
            return self.store.matcher(self.config)

    def store_matched(self, article: Article, pairs: list[Pair]) -> None:
        """Store a matched article. The store cleans and matches it again with its own corpus statistics,
        so that it holds what a run would give (``pairs`` are recomputed, not trusted)."""
        with self._lock:
            self.store.add_articles([article], self.config)

    def close(self) -> None:
        with self._lock:
            self.store.close()

    def detach(self) -> None:
        """Close the connection before a fork (:mod:`samestory.serve.workers`); :meth:`attach` reopens it."""
        self.close()

    def attach(self) -> None:
        with self._lock:
            self.store.reopen()
