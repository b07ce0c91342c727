"""Small helpers over a DuckDB connection."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa


def first(con: duckdb.DuckDBPyConnection, sql: str, args: list[Any] | None = None) -> tuple[Any, ...] | None:
    """The first row of a query, or None. Fetches every row: DuckDB refuses new work on a connection while
    a result is only partly read."""
    found = con.execute(sql, args or []).fetchall()
    return found[0] if found else None


def select_ids(con: duckdb.DuckDBPyConnection, sql: str, ids: Iterable[str]) -> list[tuple[Any, ...]]:
    """Run ``sql`` (which reads the table ``_ids(id)``) for a set of ids."""
    keys = pa.table({"id": pa.array(sorted(set(ids)), pa.string())})
    con.register("_ids", keys)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.unregister("_ids")
