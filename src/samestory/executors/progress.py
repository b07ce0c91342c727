"""Progress on stderr (rich), or nothing: results go to stdout and files, never mixed with progress."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import TracebackType
from typing import TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichProgress

T = TypeVar("T")


class Progress:
    """A context manager with ``advance(n)``; a no-op when disabled (tests, pipes, ``--quiet``)."""

    def __init__(self, enabled: bool, total: int | None, description: str = "cleaning") -> None:
        """``total``: units of work, or None while unknown (see :meth:`counting`)."""
        self._bar: RichProgress | None = None
        self._task = None
        if enabled and total != 0:
            self._bar = RichProgress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TimeElapsedColumn(), TimeRemainingColumn(), console=Console(stderr=True), transient=True,
            )  # fmt: skip
            self._task = self._bar.add_task(description, total=total)

    def __enter__(self) -> Progress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._bar is not None:
            self._bar.stop()

    def counting(self, shards: Iterable[list[T]], passes: int) -> Iterator[list[T]]:
        """Pass ``shards`` through, adding ``passes`` units per item of each to the total as it comes."""
        for shard in shards:
            if self._bar is not None and self._task is not None:
                total = self._bar.tasks[0].total or 0
                self._bar.update(self._task, total=total + passes * len(shard))
            yield shard

    def advance(self, n: int) -> None:
        if self._bar is not None and self._task is not None:
            self._bar.advance(self._task, n)
