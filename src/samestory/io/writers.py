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
from pathlib import Path
from types import TracebackType
from typing import IO, Any


class JsonlWriter:
    """Write one JSON object per line. Given a path, writes to a temporary file renamed into place on
    success, so a crashed run never leaves a truncated file under the final name."""

    def __init__(self, target: str | Path | IO[str]) -> None:
        self._path = Path(target) if isinstance(target, str | Path) else None
        self._tmp = self._path.with_name(self._path.name + ".part") if self._path else None
        self._fh: IO[str] | None = None if self._path else target  # type: ignore[assignment]
        self.count = 0

    def __enter__(self) -> JsonlWriter:
        if self._tmp is not None:
            self._tmp.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self._tmp, "w", encoding="utf-8")
        return self

    def write(self, obj: dict[str, Any]) -> None:
        assert self._fh is not None, "use JsonlWriter as a context manager"
        self._fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
        self.count += 1

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fh is None:
            return
        self._fh.flush()
        if self._tmp is None or self._path is None:
            return
        self._fh.close()
        if exc_type is None:
            os.replace(self._tmp, self._path)
        else:
            self._tmp.unlink(missing_ok=True)
