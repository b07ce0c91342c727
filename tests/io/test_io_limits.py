"""``max_record_bytes``: oversized records are refused, without being loaded whole."""

from __future__ import annotations

import gzip
import json
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from io_helpers import only, read

Write = Callable[[str, bytes | str], Path]

MB = 1 << 20


def _big_text_file(path: Path, size: int) -> Path:
    line = b"A line of a very long plain text dump, repeated until the file is large.\n"
    with path.open("wb") as fh:
        for _ in range(size // len(line) + 1):
            fh.write(line)
    return path


def test_50_mb_text_file_is_refused_quickly_without_reading_it(tmp_path: Path) -> None:
    path = _big_text_file(tmp_path / "huge.txt", 50 * MB)
    tracemalloc.start()
    started = time.perf_counter()
    record = only(read(path, max_record_bytes=MB))
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert record.error is not None
    assert record.error.code == "too_large"
    assert "max_record_bytes is 1,048,576" in record.error.message
    assert "Fix: raise --max-record-bytes (or [ingest] max_record_bytes in the config)" in record.error.message
    assert peak < MB, f"peak {peak} bytes: the file was read"
    assert elapsed < 2


def test_file_at_the_limit_is_read(write: Write) -> None:
    record = only(read(write("a.txt", "x" * 1000), max_record_bytes=1000))
    assert record.error is None


def test_gzip_bomb_is_refused_after_reading_just_over_the_limit(write: Write) -> None:
    path = write("bomb.txt.gz", gzip.compress(b"a" * (20 * MB)))
    tracemalloc.start()
    record = only(read(path, max_record_bytes=MB))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert record.error is not None
    assert record.error.code == "too_large"
    assert "after decompression" in record.error.message
    assert peak < 4 * MB


def test_one_oversized_json_line_among_good_ones(write: Write) -> None:
    lines = [{"text": "first story"}, {"text": "x" * 5000}, {"text": "third story"}]
    path = write("a.jsonl", "".join(json.dumps(line) + "\n" for line in lines))
    records = read(path, max_record_bytes=1000)
    assert [r.text for r in records] == ["first story", "", "third story"]
    assert records[1].error is not None
    assert records[1].error.code == "too_large"
    assert records[1].error.message.startswith(f"{path.as_posix()}: line 2: record is too large")
    assert [r.id for r in records] == [f"{path.parent.name}/a.jsonl#{n}" for n in (1, 2, 3)]


def test_jsonl_file_larger_than_the_limit_streams(write: Write) -> None:
    lines = "".join(json.dumps({"text": f"story number {n}"}) + "\n" for n in range(200))
    records = read(write("a.jsonl", lines), max_record_bytes=100)
    assert len(records) == 200
    assert all(r.error is None for r in records)
