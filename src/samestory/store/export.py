"""Export a store as a run's three files (JSON Lines) or as Parquet tables (one row per record, nested
fields kept as lists and structs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from samestory.io.writers import JsonlWriter
from samestory.store.errors import StoreError
from samestory.store.reclean import unfinished_message
from samestory.store.store import Store

FORMATS = ("jsonl", "parquet")
#: Rows per Parquet row group (bounds memory on large stores).
PARQUET_BATCH = 5000


def _rows(store: Store) -> dict[str, Iterator[dict[str, Any]]]:
    return {
        "articles": (a.to_dict() for a in store.iter_articles()),
        "pairs": (p.to_dict() for p in store.iter_pairs()),
        "stories": (s.to_dict() for s in store.iter_stories()),
    }


def export(store: Store, out_dir: Path, fmt: str) -> list[Path]:
    """Write ``articles``, ``pairs`` and ``stories`` to ``out_dir`` in ``fmt``; return the files written.
    The JSON Lines files are what ``samestory run`` writes for the same articles."""
    if fmt not in FORMATS:
        raise StoreError(f"unknown export format {fmt!r}. Fix: use one of {', '.join(FORMATS)}")
    if (state := store.reclean_state()) is not None:  # the files would be what no run gives
        raise StoreError(unfinished_message(store.path, state))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in _rows(store).items():
        path = out_dir / f"{name}.{fmt}"
        if fmt == "jsonl":
            with JsonlWriter(path) as writer:
                for row in rows:
                    writer.write(row)
        else:
            _write_parquet(path, _schemas()[name], (_flat(row) for row in rows))
        written.append(path)
    return written


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    """Parquet has no maps with open keys that pyarrow infers well: ``fields`` becomes a list of
    {name, start, end}, ``scores`` a list of {name, value}."""
    out = dict(row)
    if "fields" in out:
        out["fields"] = [{"name": k, "start": s, "end": e} for k, (s, e) in sorted(out["fields"].items())]
    if "scores" in out:
        out["scores"] = [{"name": k, "value": float(v)} for k, v in sorted(out["scores"].items())]
    return out


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    text, num, real = pa.string(), pa.int64(), pa.float64()
    spans = pa.list_(pa.list_(num))
    articles = [(k, text) for k in ("id", "input", "format", "source", "url", "author", "fetched")]
    articles += [("http_status", num)]
    articles += [(k, text) for k in ("title", "subtitle", "dateline", "credit", "published", "language", "text")]
    articles += [
        ("paragraphs", pa.list_(text)), ("paragraph_spans", spans),
        ("fields", pa.list_(pa.struct([("name", text), ("start", num), ("end", num)]))),
        ("quotes", pa.list_(pa.struct([("text", text), ("speaker", text), ("start", num), ("end", num)]))),
        ("removed", pa.list_(pa.struct([("reason", text), ("start", num), ("end", num), ("text", text),
                                        ("evidence", text)]))),
        ("flags", pa.list_(text)), ("error", pa.struct([("code", text), ("message", text)])), ("original", text),
    ]  # fmt: skip
    alignment = pa.struct(
        [(k, num) for k in ("a_start", "a_end", "b_start", "b_end")] + [("kind", text), ("score", real)]
    )
    pairs = [
        ("a", text), ("b", text), ("relation", text), ("similarity", real),
        ("scores", pa.list_(pa.struct([("name", text), ("value", real)]))), ("alignment", pa.list_(alignment)),
        ("a_only", spans), ("b_only", spans),
        ("direction", pa.struct([("original", text), ("evidence", pa.list_(text))])),
        ("candidate_sources", pa.list_(text)),
    ]  # fmt: skip
    family = pa.struct([("original", text), ("members", pa.list_(text)), ("evidence", pa.list_(text))])
    stories = [("story_id", text), ("members", pa.list_(text)), ("families", pa.list_(family))]
    return {"articles": pa.schema(articles), "pairs": pa.schema(pairs), "stories": pa.schema(stories)}


def _write_parquet(path: Path, schema: Any, rows: Iterator[dict[str, Any]]) -> None:
    """Written in row groups to a temporary name, then renamed: a reader never sees half a file."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = path.with_name(path.name + ".tmp")
    with pq.ParquetWriter(tmp, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    tmp.replace(path)
