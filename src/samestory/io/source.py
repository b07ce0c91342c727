"""Where a record comes from.

A :class:`Source` is one file found by the walker. It knows the record id and the display name of the file
and of each record inside it, so that every reader builds records (and error records) the same way.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from samestory.errors import InputError, UnreadableInput
from samestory.records import InputFailure, Metadata, RawRecord


def text_name(name: str) -> str:
    """A file name as text that can be written out: bytes of the name that are not UTF-8, which Python keeps
    as lone surrogates (PEP 383), become backslash escapes, so that ids and messages stay distinct per file
    and every output stays valid UTF-8.

    >>> text_name("caf\\udce9.txt"), text_name("café.txt")
    ('caf\\\\xe9.txt', 'café.txt')
    """
    try:
        name.encode("utf-8")
        return name
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@dataclass(frozen=True, slots=True)
class Source:
    """One input file (or one record of a multi-record file) and the names its records get.

    >>> s = Source(Path("examples/seeds/a.jsonl"), id="seeds/a.jsonl", input="examples/seeds/a.jsonl")
    >>> s.part(3).id
    'seeds/a.jsonl#3'
    """

    path: Path
    id: str
    input: str
    #: Flags every record from this file carries, e.g. ``gzip``.
    flags: tuple[str, ...] = ()

    def part(self, n: int) -> Source:
        """The ``n``-th record (1-based) of a multi-record file."""
        return replace(self, id=f"{self.id}#{n}", input=f"{self.input}#{n}")

    def record(self, fmt: str, text: str, *, flags: list[str] | None = None, **fields: Any) -> RawRecord:
        """A record read from this source; ``fields`` are the other :class:`RawRecord` fields."""
        fields.setdefault("meta", Metadata())
        all_flags = [*self.flags, *(flags or [])]
        return RawRecord(id=self.id, input=self.input, format=fmt, text=text, flags=all_flags, **fields)

    def failure(self, fmt: str, error: InputError) -> RawRecord:
        """An error record: the source could not be read, ``error`` says why and how to fix it."""
        return self._failed(fmt, InputFailure(error.code, str(error)))

    def unreadable(self, fmt: str, error: OSError) -> RawRecord:
        """An error record for an operating-system failure (missing path, permission denied ...)."""
        reason = f"cannot read ({error.strerror or error})"
        return self.failure(fmt, UnreadableInput(self.input, reason, _os_fix(error)))

    def _failed(self, fmt: str, failure: InputFailure) -> RawRecord:
        return RawRecord(id=self.id, input=self.input, format=fmt, text="", flags=list(self.flags), error=failure)


def _os_fix(error: OSError) -> str:
    if error.errno == errno.ENOENT:
        return "check the path; it does not exist (a typo, or a broken symbolic link?)"
    if error.errno == errno.EACCES:
        return "make it readable (chmod +r) or run samestory as a user who can read it"
    return "check that the path is a readable file or directory"
