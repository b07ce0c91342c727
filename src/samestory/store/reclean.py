"""Cleaning every stored article again when samestory's cleaning rules changed: in chunks, each committed.

The cleaning rules (``boilerplate.toml``, ``agencies.toml``, the line model) decide the articles, and through
``agencies.toml`` (which line is a credit line, and so no corpus template) the corpus statistics too. A store
built with other rules must be cleaned again from its kept input records, every article, so that it holds
what a run with these rules gives. Holding a whole store in one transaction does not fit in memory at
100,000 articles, so :class:`~samestory.store.add.Adder` does it in two passes over the articles by id, a
chunk at a time, each chunk in a transaction of its own that also moves the progress kept in ``meta``:

1. ``lines``: each chunk's line rows (the map step of the corpus statistics) computed again with these rules;
2. ``articles``: with the statistics of every new line row, each chunk cleaned again and added like a batch
   of replaced records (fingerprints, candidates through :mod:`samestory.store.keys`, verification,
   stories); adding in batches equals one run over the union (``docs/store.md``), so after the last chunk
   the store equals a store built with these rules. Pairs of a chunk's articles that carry a credit are
   verified again even when the article is unchanged: which credits are wire agencies or aggregators, a
   clue to a pair's original, is in ``agencies.toml``.

The new rules' digest is recorded when the last chunk is done. Meanwhile ``clean_rules`` holds
:data:`MIXED`, which no samestory's digest equals (an older samestory would clean everything again), and
``reclean`` the progress (:class:`RecleanState`). A killed re-clean leaves the store at its last commit: each
table consistent with the articles as stored (``Store.check()`` holds), some cleaned with the old rules and
some with the new. The next add (``samestory add --store FILE``, inputs or none) goes on from there;
``stories``, ``show`` and ``serve`` say that a re-clean is under way, and ``export`` refuses until it is done.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass

import duckdb

from samestory.store.errors import StoreError
from samestory.store.sql import first

#: The ``meta`` key holding the progress of a re-clean under way.
META_KEY = "reclean"
#: What ``meta.clean_rules`` holds while a re-clean is under way (the store holds results of two rule sets).
MIXED = "mixed: re-clean under way"
#: Stored articles per chunk (one transaction each). Peak memory grows with it, and so does the time a
#: chunk spends on what every add pays once however small (reading every lead, a scan of the candidate keys).
CHUNK = 2000
#: DuckDB's memory limit while a re-clean runs (its default, 80% of the machine's memory, lets the pages it
#: caches as the chunks read the whole store grow with the store: on a 20,000-article store they were 600 MB
#: of the process's peak).
DUCKDB_MEMORY = "1GB"
#: Environment variable overriding :data:`CHUNK` (crash tests use small chunks, to be killed between two).
CHUNK_ENV = "SAMESTORY_RECLEAN_CHUNK"
#: The two passes, in order.
STEPS = ("lines", "articles")


@dataclass(slots=True)
class RecleanState:
    """The progress of a re-clean: the rules digest it moves the store to, the pass, the last article id
    that pass has done ("" before the first chunk), and how many articles of how many it has done."""

    rules: str
    step: str = STEPS[0]
    after: str = ""
    done: int = 0
    total: int = 0

    def describe(self) -> str:
        what = "corpus lines counted" if self.step == "lines" else "articles cleaned"
        return f"{what}: {self.done:,} of {self.total:,}"


def chunk_size() -> int:
    """:data:`CHUNK`, or the size :data:`CHUNK_ENV` gives: a positive whole number (a chunk of no article
    would end the re-clean at once, and record the new rules over articles cleaned with the old)."""
    value = os.environ.get(CHUNK_ENV)
    if value is None:
        return CHUNK
    if not value.strip().isdecimal() or int(value) < 1:
        raise StoreError(
            f"{CHUNK_ENV}={value}: not a number of articles (a re-clean commits that many stored articles "
            f"at a time). Fix: set it to a whole number of 1 or more, e.g. {CHUNK_ENV}={CHUNK}, or unset it"
        )
    return int(value)


@contextmanager
def bounded_duckdb(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """DuckDB's memory limited to :data:`DUCKDB_MEMORY` (larger queries spill to disk), then as it was."""
    row = first(con, "SELECT current_setting('memory_limit')")
    con.execute(f"SET memory_limit = '{DUCKDB_MEMORY}'")
    try:
        yield
    finally:
        if row is not None:
            con.execute(f"SET memory_limit = '{row[0]}'")


def load(con: duckdb.DuckDBPyConnection) -> RecleanState | None:
    """The re-clean under way in this store, if any."""
    row = first(con, "SELECT value FROM meta WHERE key = ?", [META_KEY])
    return RecleanState(**json.loads(row[0])) if row else None


def save(con: duckdb.DuckDBPyConnection, state: RecleanState | None) -> None:
    """Record the progress (None: no re-clean under way); inside the caller's transaction."""
    con.execute("DELETE FROM meta WHERE key = ?", [META_KEY])
    if state is not None:
        con.execute("INSERT INTO meta VALUES (?, ?)", [META_KEY, json.dumps(asdict(state), sort_keys=True)])


def start(con: duckdb.DuckDBPyConnection, rules: str) -> RecleanState:
    """A re-clean from the first article, towards ``rules`` (the caller commits)."""
    row = first(con, "SELECT count(*) FROM articles")
    state = RecleanState(rules, total=int(row[0]) if row else 0)
    con.execute("DELETE FROM meta WHERE key = 'clean_rules'")
    con.execute("INSERT INTO meta VALUES ('clean_rules', ?)", [MIXED])
    save(con, state)
    return state


def next_chunk(con: duckdb.DuckDBPyConnection, after: str, size: int) -> list[str]:
    """The ids of the next ``size`` stored articles after ``after``, in order."""
    found = con.execute("SELECT id FROM articles WHERE id > ? ORDER BY id LIMIT ?", [after, size]).fetchall()
    return [r[0] for r in found]


def unfinished_message(path: object, state: RecleanState) -> str:
    """What readers say about a store whose re-clean is under way, and how to finish it."""
    return (
        f"{path}: a re-clean for new cleaning rules is under way ({state.describe()}); until it is done some "
        f"articles are cleaned with the old rules and some with the new. Fix: samestory add --store {path}"
    )
