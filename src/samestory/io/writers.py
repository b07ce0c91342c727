"""Writers for results: JSON Lines to a file or stdout.

>>> import io
>>> buf = io.StringIO()
>>> with JsonlWriter(buf) as w:
...     w.write({"id": "a", "text": "é"})
>>> buf.getvalue()
'{"id": "a", "text": "é"}\\n'
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any


def json_line(obj: dict[str, Any]) -> str:
    """One object as a line of JSON Lines, newline included: the one encoding every writer uses.

    >>> json_line({"id": "a", "n": [1, 2]})
    '{"id": "a", "n": [1, 2]}\\n'
    """
    return _ENCODER.encode(obj) + "\n"


def json_lines(objs: Iterable[dict[str, Any]]) -> str:
    """Objects as JSON Lines (:func:`json_line` each), joined: what :meth:`JsonlWriter.write_lines` takes."""
    return "".join(map(json_line, objs))


#: What ``json.dumps(obj, ensure_ascii=False)`` builds on every call, built once (saves about 5 us of an
#: article's 75; orjson, 6x faster, cannot write ``json``'s ", " and ": " separators, and encoding values
#: one by one with it around a Python walk of the record saved only a fifth).
_ENCODER = json.JSONEncoder(ensure_ascii=False)


class JsonlWriter:
    """Write one JSON object per line. Given a path, writes to a temporary file renamed into place on
    success, so a crashed run never leaves a truncated file under the final name; a path that exists and
    is no regular file (``/dev/null``, a named pipe) is written to as it is, never replaced."""

    def __init__(self, target: str | Path | IO[str]) -> None:
        self._path = Path(target) if isinstance(target, str | Path) else None
        self._tmp = self._path.with_name(self._path.name + ".part") if self._path else None
        self._fh: IO[str] | None = None if self._path else target  # type: ignore[assignment]
        self.count = 0

    def __enter__(self) -> JsonlWriter:
        if self._path is not None and special_file(self._path):
            self._tmp = None
            self._fh = open(self._path, "w", encoding="utf-8")
        elif self._tmp is not None:
            self._tmp.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self._tmp, "w", encoding="utf-8")
        return self

    def write(self, obj: dict[str, Any]) -> None:
        self.write_lines(json_line(obj), 1)

    def write_lines(self, text: str, count: int) -> None:
        """Write ``count`` objects already encoded by :func:`json_line` (and joined)."""
        assert self._fh is not None, "use JsonlWriter as a context manager"
        self._fh.write(text)
        self.count += count

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fh is None:
            return
        if self._path is None:  # a stream the caller gave: the caller closes it
            self._fh.flush()
            return
        written = exc_type is None
        try:  # the last lines reach the disk here: on a full disk, this fails too
            self._fh.flush()
        except BaseException:
            written = False
            raise
        finally:
            self._close(written)

    def _close(self, written: bool) -> None:
        """Close the file; rename the partial file into place if all was written, else remove it."""
        assert self._fh is not None and self._path is not None
        try:
            self._fh.close()
        except BaseException:
            written = False
            raise
        finally:
            if self._tmp is not None and written:
                os.replace(self._tmp, self._path)
            elif self._tmp is not None:
                self._tmp.unlink(missing_ok=True)


def special_file(path: Path) -> bool:
    """Whether ``path`` exists and is no regular file (a device, a named pipe): renamed over, it would be
    replaced by a file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)
