"""The counts a reading run keeps, so that a run summary can account for every input."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from samestory.records import RawRecord


@dataclass(slots=True)
class ReadStats:
    """What a reading run saw: records read, error records by code, inputs skipped on purpose by reason.

    Skip reasons: ``hidden`` (a dot file or directory), ``symlink`` (not followed), ``not_a_file``
    (a socket, FIFO or device), ``already_walked`` (a directory reached twice through links), and for
    WARC records that are not articles ``warc_<type>`` (``warc_request``, ``warc_warcinfo``,
    ``warc_metadata``, ``warc_revisit`` ...), ``warc_redirect`` (HTTP 3xx) and ``warc_non_html``
    (an image, a PDF, a script ..., even one served as HTML).

    >>> stats = ReadStats()
    >>> stats.skipped["warc_request"] += 1
    >>> stats.to_dict()["skipped"]
    {'warc_request': 1}
    """

    files: int = 0
    records: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def count(self, record: RawRecord) -> None:
        """Count one record handed out by the readers."""
        if record.error is None:
            self.records += 1
        else:
            self.errors[record.error.code] += 1

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary with keys in a stable order."""
        return {
            "files": self.files,
            "records": self.records,
            "errors": dict(sorted(self.errors.items())),
            "skipped": dict(sorted(self.skipped.items())),
        }
