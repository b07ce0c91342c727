"""Small helpers over a DuckDB connection."""

from __future__ import annotations

from typing import Any

import duckdb


def first(con: duckdb.DuckDBPyConnection, sql: str, args: list[Any] | None = None) -> tuple[Any, ...] | None:
    """The first row of a query, or None. Fetches every row: DuckDB refuses new work on a connection while
    a result is only partly read."""
    found = con.execute(sql, args or []).fetchall()
    return found[0] if found else None
