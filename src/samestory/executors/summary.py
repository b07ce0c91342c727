"""The run summary: every input accounted for, every removal counted by reason.

>>> s = RunSummary()
>>> s.add_article(Article(id="a", input="a", format="text", original="x", flags=["soft_error"]))
>>> s.to_dict()["articles"], s.to_dict()["flags"]
(1, {'soft_error': 1})
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from samestory.records import Article


@dataclass(slots=True)
class RunSummary:
    """Counts for one run. ``records`` = ``articles`` + ``failed``; skipped inputs are listed by reason."""

    files: int = 0
    articles: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)
    removals: Counter[str] = field(default_factory=Counter)
    removed_chars: Counter[str] = field(default_factory=Counter)
    chars_in: int = 0
    chars_kept: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def records(self) -> int:
        return self.articles + sum(self.failed.values())

    @property
    def partial_failure(self) -> bool:
        return bool(self.failed)

    def add_article(self, article: Article) -> None:
        if article.error is not None:
            self.failed[article.error.code] += 1
            self.failures.append(article.error.message)
            return
        self.articles += 1
        self.flags.update(article.flags)
        self.chars_in += len(article.original)
        self.chars_kept += sum(len(p) for p in article.paragraphs)
        for r in article.removed:
            self.removals[r.reason] += 1
            self.removed_chars[r.reason] += r.end - r.start

    def merge(self, other: RunSummary) -> None:
        """Add the counts of ``other`` (a worker's summary of some articles) to these; failures keep order."""
        self.files += other.files
        self.articles += other.articles
        for mine, theirs in (
            (self.failed, other.failed),
            (self.skipped, other.skipped),
            (self.flags, other.flags),
            (self.removals, other.removals),
            (self.removed_chars, other.removed_chars),
        ):
            mine.update(theirs)
        self.chars_in += other.chars_in
        self.chars_kept += other.chars_kept
        self.failures.extend(other.failures)

    def to_dict(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "articles": self.articles,
            "failed": dict(sorted(self.failed.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "flags": dict(sorted(self.flags.items())),
            "removals": {k: {"count": v, "chars": self.removed_chars[k]} for k, v in sorted(self.removals.items())},
            "chars_in": self.chars_in,
            "chars_kept": self.chars_kept,
            "failures": self.failures,
        }


def duplicate_id_errors(duplicates: dict[str, list[str]], done: str, limit: int = 20) -> list[str]:
    """A message for each id given to several records (the records' inputs, by id), saying that none of
    them was ``done`` ("matched", "added"); at most ``limit``, then how many more.

    >>> duplicate_id_errors({"1": ["a.jsonl#1", "b.jsonl#1"]}, "matched")[0][:60]
    "a.jsonl#1, b.jsonl#1: the id '1' is given to 2 records, so n"
    """
    lines = [
        f"{', '.join(found)}: the id {i!r} is given to {len(found)} records, so none of them was {done}. Fix: "
        "give each record its own id, or leave out the id field to have ids made from path and position"
        for i, found in list(duplicates.items())[:limit]
    ]
    if len(duplicates) > limit:
        lines.append(f"... and {len(duplicates) - limit} more ids given to several records")
    return lines
