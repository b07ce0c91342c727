"""The library's front door: the functions the CLI calls and users import from :mod:`samestory`."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from samestory.config import CleanConfig, Config
from samestory.records import Article, RawRecord
from samestory.stages.clean import clean_record


def clean_text(text: str, *, config: CleanConfig | None = None, id: str = "text") -> Article:
    """Clean one document given as a string (a text dump: optional crawler header, title, body, noise).

    >>> clean_text("date 2026-02-12 403\\nA Headline Here\\nThe story itself, told in a sentence.").http_status
    403
    """
    return clean_record(RawRecord(id=id, input=id, format="text", text=text), config)


def clean(
    paths: Sequence[str | Path], config: Config | None = None, *, workers: int = 1, corpus_stats: bool = True
) -> Iterator[Article]:
    """Read files and directory trees in any supported format and yield clean articles in input order.

    ``corpus_stats`` counts lines across the corpus first, so that a line repeated across many documents
    of one source is removed as boilerplate (a second pass over the input).
    """
    from samestory.executors.local import LocalExecutor

    executor = LocalExecutor(workers=workers)
    yield from executor.clean(paths, config or Config(), corpus_stats=corpus_stats)
