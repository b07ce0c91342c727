"""What the web app needs from a store, as a narrow interface.

Pages and API handlers take records (:class:`Article`, :class:`Pair`, :class:`Story`); the store is only
where they are fetched from. Stating the reads as a :class:`Reader` protocol keeps the app testable with
any object that answers them, and keeps the DuckDB store's other methods out of the handlers' reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from samestory.records import Article, Pair, Story


class Summary(Protocol):
    """One row of the story list."""

    @property
    def story_id(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def title(self) -> str | None: ...
    @property
    def sources(self) -> Sequence[str]: ...
    @property
    def first_date(self) -> str | None: ...
    @property
    def last_date(self) -> str | None: ...


class Matcher(Protocol):
    def match(self, article: Article) -> list[Pair]: ...
    def preload(self) -> int: ...


class Reader(Protocol):
    """The reads the pages and the API make."""

    def article(self, article_id: str) -> Article | None: ...
    def articles(self, ids: Iterable[str]) -> list[Article]: ...
    def story(self, story_id: str) -> Story | None: ...
    def story_of(self, article_id: str) -> str | None: ...
    def stories(
        self,
        *,
        search: str | None = None,
        source: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> tuple[Sequence[Summary], int]: ...
    def pairs_of(self, article_id: str) -> list[Pair]: ...
    def story_pairs(self, story_id: str, *, light: bool = False) -> list[Pair]:
        """Every related pair between two members of the story, by (a, b); ``light``: no scores or passages."""

    def pair(self, a: str, b: str) -> Pair | None: ...
    def counts(self) -> dict[str, int]: ...
    def unreadable(self, *, limit: int = 50, offset: int = 0) -> tuple[list[tuple[str, str, str, str]], int]:
        """A page of the inputs that could not be read, ``(id, input, code, message)`` by id, and their number."""


class Backend(Reader, Protocol):
    """A :class:`Reader` that can also match a new article and store it."""

    def matcher(self) -> Matcher: ...
    def store_matched(self, article: Article, pairs: list[Pair]) -> None: ...
    def close(self) -> None: ...
    def detach(self) -> None:
        """Let go of what must not cross a fork (a database connection)."""

    def attach(self) -> None:
        """Take it again, in the forked process."""
