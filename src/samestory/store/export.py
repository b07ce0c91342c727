"""Export a store as a run's three files (JSON Lines) or as Parquet tables (one row per record, nested
fields kept as lists and structs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from samestory.io.writers import JsonlWriter, special_file
from samestory.store.errors import StoreError
from samestory.store.reclean import unfinished_message
from samestory.store.store import Store

FORMATS = ("jsonl", "parquet")
_NAMES = ("articles", "pairs", "stories")
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
    try:
        return _write_all(store, out_dir, fmt)
    except OSError as exc:
        raise StoreError(
            f"cannot write the export to {out_dir} ({exc}); the files there are as they were. "
            "Fix: free space on its disk, or give --out a folder you can write to"
        ) from exc


def _write_all(store: Store, out_dir: Path, fmt: str) -> list[Path]:
    """Each file written under a partial name, and all renamed into place once all are written: an export
    that fails leaves no articles of one store beside pairs of another. An existing file that is no regular
    file (a named pipe) is written to as it is."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{name}.{fmt}" for name in _NAMES]
    parts = [path if special_file(path) else path.with_name(path.name + ".part") for path in paths]
    try:
        for (name, rows), part in zip(_rows(store).items(), parts, strict=True):
            if fmt == "jsonl":
                with open(part, "w", encoding="utf-8") as fh, JsonlWriter(fh) as writer:
                    for row in rows:
                        writer.write(row)
            else:
                _write_parquet(part, _schemas()[name], (_flat(row) for row in rows))
        for part, path in zip(parts, paths, strict=True):
            part.replace(path)
    finally:
        for part, path in zip(parts, paths, strict=True):
            if part != path:
                part.unlink(missing_ok=True)
    return paths


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
    """Written in row groups (the caller writes to a partial name, renamed when every file is written)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
