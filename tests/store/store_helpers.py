"""Comparing a store with a run, and snapshotting a store's whole content."""

from __future__ import annotations

import re
from typing import Any

import duckdb

from samestory.store import Store

_COUNT = re.compile(r"\b(line in|template .* in) \d+ documents")
TABLES = (
    "articles",
    "line_rows",
    "clean_deps",
    "fingerprints",
    "neighbours",
    "cand_keys",
    "sentence_embeddings",
    "pairs",
    "stories",
    "story_members",
    "meta",
)


def article_without_counts(row: dict[str, Any]) -> dict[str, Any]:
    """An article with the document counts of corpus evidence masked: they are the counts of the store when
    the article was last cleaned (docs/store.md)."""
    removed = [{**r, "evidence": _COUNT.sub(r"\1 N documents", r["evidence"])} for r in row["removed"]]
    return {**row, "removed": removed}


def snapshot(store: Store, tables: tuple[str, ...] = TABLES) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (of ``tables``), sorted: two stores with equal snapshots hold the same content."""
    return {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}


def snapshot_file(path: Any) -> dict[str, list[tuple[Any, ...]]]:
    with Store.open(path, read_only=True) as store:
        return snapshot(store)


def table_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0])
