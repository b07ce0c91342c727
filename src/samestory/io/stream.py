"""Open an input file: undo gzip, keep the first bytes for format detection, read with a size limit."""

from __future__ import annotations

import gzip
import os
import stat
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, NoReturn, Protocol

from samestory.errors import InputTooLarge, MalformedInput, UnreadableInput

#: How many leading bytes format detection looks at.
HEAD_BYTES = 8192
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)


class Reader(Protocol):
    """The part of a binary file object the readers use (fastwarc's type stubs ask for all of it)."""

    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int = -1, /) -> bytes: ...

    def tell(self) -> int: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Opened:
    """An open input, positioned at its start."""

    #: The decompressed content.
    stream: Reader
    #: The first :data:`HEAD_BYTES` of the decompressed content.
    head: bytes
    gzip: bool
    #: Size of the decompressed content when known without reading it (plain files), else ``None``.
    size: int | None


class GzipStream:
    """A gzip file read lazily; truncated or corrupt data raises :class:`MalformedInput`.

    Everything that decompresses is returned before the error about what follows it is raised, so that a
    reader keeps every whole record before the damage. The error is raised once; after it the stream
    reads as ended, so the reader that was interrupted reports it and the next one sees a clean end.
    """

    def __init__(self, raw: BinaryIO, name: str) -> None:
        self._file = gzip.GzipFile(fileobj=raw, mode="rb")
        self._name = name
        self._pending: Exception | None = None
        self._failed = False

    def read(self, size: int = -1, /) -> bytes:
        if self._ended():
            return b""
        chunks: list[bytes] = []
        length = 0
        try:
            while size < 0 or length < size:
                # read1 returns what one step decompresses, so data before damage is never lost.
                chunk = self._file.read1(size - length if size >= 0 else _CHUNK)
                if not chunk:
                    break
                chunks.append(chunk)
                length += len(chunk)
        except _GZIP_ERRORS as exc:
            if not chunks:
                self._fail(exc)
            self._pending = exc
        return b"".join(chunks)

    def readline(self, size: int = -1, /) -> bytes:
        if self._ended():
            return b""
        try:
            return self._file.readline(size)
        except _GZIP_ERRORS as exc:
            self._fail(exc)

    def tell(self) -> int:
        return self._file.tell()

    def seek(self, offset: int, whence: int = 0, /) -> int:
        """Move in the decompressed content; going back restarts decompression (cheap near the start)."""
        self._pending, self._failed = None, False
        return self._file.seek(offset, whence)

    def close(self) -> None:
        self._file.close()

    def _ended(self) -> bool:
        """Whether the stream reads as ended; first raises the error the last read held back."""
        if self._pending is not None:
            exc, self._pending = self._pending, None
            self._fail(exc)
        return self._failed

    def _fail(self, exc: Exception) -> NoReturn:
        self._failed = True
        raise MalformedInput(
            self._name,
            f"gzip data is truncated or corrupt ({exc})",
            "re-download or re-compress the file; `gzip -t FILE` checks it",
        ) from exc


@contextmanager
def open_input(path: Path, name: str) -> Iterator[Opened]:
    """Open ``path`` (``name`` is how messages call it), decompressing gzip whatever the file is called.
    A path that is no file (a named pipe, a device, a socket) is refused before it is opened: opening a
    pipe waits until something writes to it."""
    kind = _not_a_file(path.stat().st_mode)
    if kind:
        fix = "save what it gives to a file and pass that file's path"
        raise UnreadableInput(name, f"is {kind}, not a file", fix)
    with path.open("rb") as raw:
        head = raw.read(HEAD_BYTES)
        raw.seek(0)
        if not head.startswith(GZIP_MAGIC):
            yield Opened(raw, head, gzip=False, size=os.fstat(raw.fileno()).st_size)
            return
        stream = GzipStream(raw, name)
        head = stream.read(HEAD_BYTES)
        stream.seek(0)
        yield Opened(stream, head, gzip=True, size=None)


def _not_a_file(mode: int) -> str:
    """What a path of this ``st_mode`` is when it is no regular file ("" for a file)."""
    kinds = {stat.S_ISFIFO: "a named pipe (FIFO)", stat.S_ISCHR: "a character device", stat.S_ISBLK: "a block device",
             stat.S_ISSOCK: "a socket"}  # fmt: skip
    return next((kind for test, kind in kinds.items() if test(mode)), "")


def read_limited(opened: Opened, name: str, limit: int) -> bytes:
    """The whole content of a single-record file, refused with :class:`InputTooLarge` over ``limit`` bytes.

    A plain file is refused from its size alone; a compressed one is read at most ``limit + 1`` bytes far.
    """
    if opened.size is not None and opened.size > limit:
        raise too_large(name, f"{opened.size:,} bytes", limit)
    data = opened.stream.read(limit + 1)
    if len(data) > limit:
        raise too_large(name, f"more than {limit:,} bytes after decompression", limit)
    # Reading past the end raises any damage a short read held back (see GzipStream).
    opened.stream.read(1)
    return data


def too_large(name: str, size: str, limit: int, where: str = "record") -> InputTooLarge:
    """The error for a record over ``max_record_bytes``; ``size`` says how big, ``where`` which record."""
    return InputTooLarge(
        name,
        f"{where} is too large ({size}; max_record_bytes is {limit:,})",
        "raise --max-record-bytes (or [ingest] max_record_bytes in the config), or split the input into smaller "
        "records",
    )
