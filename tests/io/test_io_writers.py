"""Writing JSON Lines: whole files renamed into place, and outputs that are not files written as they are."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path
from typing import IO

import pytest

from samestory.io import writers
from samestory.io.writers import JsonlWriter


def test_a_file_is_written_whole_and_renamed_into_place(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    with JsonlWriter(out) as writer:
        writer.write({"id": "a"})
        assert not out.exists() and (tmp_path / "a.jsonl.part").exists()
    assert out.read_text() == '{"id": "a"}\n' and not (tmp_path / "a.jsonl.part").exists()
    with pytest.raises(RuntimeError), JsonlWriter(out) as writer:
        writer.write({"id": "b"})
        raise RuntimeError
    assert out.read_text() == '{"id": "a"}\n' and not (tmp_path / "a.jsonl.part").exists()


def test_an_output_that_is_not_a_file_is_written_to_not_replaced(tmp_path: Path) -> None:
    """``samestory clean crawl/ -o /dev/null`` (or a named pipe): the writer wrote OUT.part and renamed it
    over OUT, so run as root it replaced /dev/null with a regular file holding the articles (and as another
    user it failed to create /dev/null.part); a pipe's reader got nothing."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(pipe.read_text()), daemon=True)
    reader.start()
    with JsonlWriter(pipe) as writer:
        writer.write({"id": "a"})
    reader.join(timeout=10)
    assert got == ['{"id": "a"}\n']
    assert stat.S_ISFIFO(pipe.stat().st_mode) and not (tmp_path / "pipe.part").exists()


class _FullDisk:
    """A file whose data never reaches the disk: flushing it fails as on a full file system."""

    def __init__(self, fh: IO[str]) -> None:
        self.fh = fh

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self) -> None:
        self.fh.close()


def test_a_file_that_cannot_be_flushed_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On a full disk the write of the last lines fails when the writer flushes them, on leaving its block:
    that error skipped the removal of OUT.part, which stayed (as large as the disk's free space was)."""
    out = tmp_path / "a.jsonl"
    out.write_text('{"id": "old"}\n')
    monkeypatch.setattr(writers, "open", lambda *a, **k: _FullDisk(open(*a, **k)), raising=False)  # noqa: SIM115
    for fail in (False, True):
        with pytest.raises(OSError, match="No space left"), JsonlWriter(out) as writer:
            writer.write({"id": "a"})
            if fail:
                writer._fh.flush()  # type: ignore[union-attr]
        assert out.read_text() == '{"id": "old"}\n' and not (tmp_path / "a.jsonl.part").exists()
