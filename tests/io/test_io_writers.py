"""Writing JSON Lines: whole files renamed into place, and outputs that are not files written as they are."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

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
