"""The store: one DuckDB file holding articles, fingerprints, pairs and stories, behind a narrow API.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp, Store.open(pathlib.Path(tmp, "s.duckdb")) as store:
...     result = store.add(["examples/seeds"])
...     [(s.size, s.title[:10]) for s in store.stories()[0]], store.check()
([(2, 'NATO chief')], [])
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb

from samestory.config import Config
from samestory.io import Paths, ReadStats, read_inputs
from samestory.records import Article, Pair, RawRecord, Story
from samestory.store import add as adding
from samestory.store import reclean
from samestory.store.errors import StoreError
from samestory.store.migrations import check_version, migrate
from samestory.store.reclean import RecleanState
from samestory.store.rows import light_pair
from samestory.store.sql import first

if TYPE_CHECKING:
    from samestory.store.matcher import Matcher

AddResult = adding.AddResult


@dataclass(slots=True)
class StorySummary:
    """One row of the story list: enough to show and sort stories without loading their members.

    ``lead_id`` is the story's lead article (the original of its largest family, else its first member);
    ``title`` is the lead's title, else the first title of the other originals and members in that order
    (:func:`samestory.store.stories.story_title`, as the story page names it), None when no member has one;
    ``first_date``/``last_date`` span the members' published (else fetched) dates, ISO strings.
    """

    story_id: str
    size: int
    title: str | None
    lead_id: str
    sources: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


#: Sources a story list names (the story list page, ``samestory stories``); the others are counted.
SOURCES_SHOWN = 5

_SUMMARY = "SELECT story_id, size, title, lead_id, coalesce(sources, []), first_date, last_date FROM stories"


class Store:
    """An embedded store of articles, pairs and stories (one DuckDB file; one writer at a time).

    Open with :meth:`open` (a context manager); read with :meth:`article`, :meth:`story`, :meth:`stories`,
    :meth:`pairs_of`, :meth:`pair`, :meth:`counts`; write with :meth:`add` (files) or :meth:`add_records`;
    query one new article against the store with :meth:`matcher`.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path, read_only: bool) -> None:
        self.con, self.path, self.read_only = con, path, read_only

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        """Open a store; unless ``read_only``, create the file and apply pending migrations.

        A store written by a newer samestory, or held open for writing by another process, raises
        :class:`~samestory.store.errors.StoreError`.
        """
        path = Path(path)
        if read_only and not path.exists():
            raise StoreError(f"{path}: no such store. Fix: create it with samestory add INPUT... --store {path}")
        if read_only and not _is_duckdb_file(path):
            # DuckDB would open a CSV, JSON or Parquet file as a table in memory, which read-only it cannot
            # create: its message ("Cannot launch in-memory database") named neither the file nor the fix.
            raise StoreError(
                f"{path}: not a store file (a samestory store is a DuckDB database). Fix: give --store the "
                "file samestory add or samestory run --store made"
            )
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"{path}: cannot open the store ({exc}). Fix: close the other samestory process "
                             "using it, or check that the file is a samestory store") from exc  # fmt: skip
        try:
            _check_file_backed(con, path)
            if read_only:
                check_version(current_version_read_only(con), str(path), read_only=True)
            else:
                migrate(con, str(path))
        except BaseException:
            con.close()
            raise
        return cls(con, path, read_only)

    def close(self) -> None:
        self.con.close()

    def reopen(self) -> None:
        """A new connection to the same file, as opened (a forked server process: a DuckDB connection does
        not survive a fork, see :mod:`samestory.serve.workers`)."""
        self.con = duckdb.connect(str(self.path), read_only=self.read_only)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        """The stored article (error records included), exactly as cleaning produced it, or None."""
        row = first(self.con, "SELECT data FROM articles WHERE id = ?", [article_id])
        return Article.from_dict(json.loads(row[0])) if row else None

    def articles(self, ids: Sequence[str]) -> list[Article]:
        """The stored articles among ``ids``, in the order given (unknown ids are left out)."""
        found = adding.load_articles(self.con, ids)
        return [found[i] for i in ids if i in found]

    def story(self, story_id: str) -> Story | None:
        row = first(self.con, "SELECT data FROM stories WHERE story_id = ?", [story_id])
        return Story.from_dict(json.loads(row[0])) if row else None

    def story_of(self, article_id: str) -> str | None:
        """The id of the story an article belongs to (None for unknown ids and unmatchable articles)."""
        row = first(self.con, "SELECT story_id FROM story_members WHERE article_id = ?", [article_id])
        return str(row[0]) if row else None

    def stories(
        self, *, search: str | None = None, source: str | None = None, date_from: str | None = None,
        date_to: str | None = None, limit: int = 50, offset: int = 0,
    ) -> tuple[list[StorySummary], int]:  # fmt: skip
        """A page of stories, largest first, and the number of stories that match.

        ``search``: words (case-insensitive substrings), each found in the story's title or in a member's
        title, text or source; ``source`` is a member's source exactly; ``date_from``/``date_to`` (ISO dates, inclusive)
        keep stories with a member dated in the range.
        """
        where, args = _story_filters(search, source, date_from, date_to)
        row = first(self.con, f"SELECT count(*) FROM stories WHERE {where}", args)
        total = int(row[0]) if row else 0
        if offset >= total:  # DuckDB's LIMIT and OFFSET are 64-bit integers: larger ones are errors
            return [], total
        page = self.con.execute(
            f"{_SUMMARY} WHERE {where} ORDER BY size DESC, story_id LIMIT ? OFFSET ?",
            [*args, min(limit, total - offset), offset],
        ).fetchall()
        return [StorySummary(*r) for r in page], total

    def unreadable(self, *, limit: int = 50, offset: int = 0) -> tuple[list[tuple[str, str, str, str]], int]:
        """A page of the stored inputs that could not be read, by id, as ``(id, input, code, message)``, and
        how many there are: the error records the counts call ``errors``."""
        row = first(self.con, "SELECT count(*) FROM articles WHERE error_code IS NOT NULL")
        total = int(row[0]) if row else 0
        if offset >= total:
            return [], total
        found = self.con.execute(
            "SELECT id, data->>'$.input', error_code, data->>'$.error.message' FROM articles "
            "WHERE error_code IS NOT NULL ORDER BY id LIMIT ? OFFSET ?",
            [min(limit, total - offset), offset],
        ).fetchall()
        return [(str(i), str(source or ""), str(code), str(message or "")) for i, source, code, message in found], total

    def pairs_of(self, article_id: str) -> list[Pair]:
        """Every related pair (not ``unrelated``) the article is part of, most similar first."""
        found = self.con.execute(
            "SELECT data FROM pairs WHERE (a = ? OR b = ?) AND relation <> 'unrelated' ORDER BY similarity DESC, a, b",
            [article_id, article_id],
        ).fetchall()
        return [Pair.from_dict(json.loads(r[0])) for r in found]

    def story_pairs(self, story_id: str, *, light: bool = False) -> list[Pair]:
        """Every related pair between two members of the story, by (a, b), in one query. ``light`` pairs
        carry no scores or passages (what a graph or a table of pairs needs: much cheaper to load)."""
        members = "(SELECT article_id FROM story_members WHERE story_id = ?)"
        columns = "a, b, relation, similarity, direction" if light else "data"
        found = self.con.execute(
            f"SELECT {columns} FROM pairs WHERE a IN {members} AND b IN {members} AND relation <> 'unrelated' "
            "ORDER BY a, b",
            [story_id, story_id],
        ).fetchall()
        if light:
            return [light_pair(*r) for r in found]
        return [Pair.from_dict(json.loads(r[0])) for r in found]

    def pair(self, a: str, b: str) -> Pair | None:
        """The stored pair of two articles, given in either order (``a``/``b`` as stored: ``a < b``).
        Candidates found unrelated are returned too (relation ``unrelated``, no alignment)."""
        low, high = sorted((a, b))
        row = first(self.con, "SELECT data FROM pairs WHERE a = ? AND b = ?", [low, high])
        return Pair.from_dict(json.loads(row[0])) if row else None

    def counts(self) -> dict[str, int]:
        """articles, errors, matchable, stories, multi_stories (more than one member), pairs (related),
        candidates (verified candidate pairs, unrelated included)."""
        return adding.store_counts(self.con)

    def schema_version(self) -> int:
        """The newest migration the store records."""
        return current_version_read_only(self.con)

    def reclean_state(self) -> RecleanState | None:
        """The progress of a re-clean left unfinished (the cleaning rules changed, and the add that cleans
        every stored article again was stopped; the next add goes on with it), or None."""
        return reclean.load(self.con)

    def iter_articles(self, batch: int = 1000) -> Iterator[Article]:
        """Every stored article (error records included), by id."""
        for data in self._scan("SELECT data FROM articles ORDER BY id", batch):
            yield Article.from_dict(json.loads(data))

    def iter_pairs(self, *, include_unrelated: bool = False, batch: int = 1000) -> Iterator[Pair]:
        """Every stored pair by (a, b): the related ones, as ``pairs.jsonl`` of a run holds them."""
        where = "" if include_unrelated else " WHERE relation <> 'unrelated'"
        for data in self._scan(f"SELECT data FROM pairs{where} ORDER BY a, b", batch):
            yield Pair.from_dict(json.loads(data))

    def iter_stories(self, batch: int = 1000) -> Iterator[Story]:
        """Every story, in the order of a run's ``stories.jsonl`` (by first member)."""
        for data in self._scan("SELECT data FROM stories ORDER BY data->>'$.members[0]'", batch):
            yield Story.from_dict(json.loads(data))

    def _scan(self, sql: str, batch: int) -> Iterator[str]:
        """Rows of a one-column query, ``batch`` at a time, on a cursor of its own (so that the caller may
        query the store while iterating)."""
        cursor = self.con.cursor()
        try:
            result = cursor.execute(sql)
            while chunk := result.fetchmany(batch):
                for (value,) in chunk:
                    yield str(value)
        finally:
            cursor.close()

    # -- writing ---------------------------------------------------------------------------------------

    def add(self, paths: Paths, config: Config | None = None, *, workers: int = 1, progress: bool = False) -> AddResult:
        """Read files and directories (any input format), and add their records as :meth:`add_records` does.
        The store's own file (and its log) is never read, even inside a folder of ``paths``."""
        config = (config or Config()).excluding([self.path])
        stats = ReadStats()
        records = list(read_inputs(paths, config.ingest, stats))
        result = self.add_records(records, config, workers=workers, progress=progress)
        result.files, result.skipped = stats.files, stats.to_dict()["skipped"]
        return result

    def add_records(
        self, records: Sequence[RawRecord], config: Config | None = None, *, workers: int = 1, progress: bool = False
    ) -> AddResult:
        """Clean new records, match them against everything stored, update the stories, in one transaction.

        A record whose id is stored with the same content changes nothing; with other content, it replaces
        the stored one. The result equals a run over everything stored (see ``docs/store.md``). When the
        cleaning rules changed since the store was built (or a re-clean was left unfinished), every stored
        article is cleaned again first, in transactions of a chunk each (:mod:`samestory.store.reclean`).
        """
        self._writable()
        from samestory.executors.local import LocalExecutor

        executor = LocalExecutor(workers=workers, progress=progress)
        adder = adding.Adder(
            self.con, config or Config(), executor.map_tasks, executor.shares_memory, progress=progress
        )
        return adder.run(records)

    def add_articles(self, articles: Sequence[Article], config: Config | None = None) -> AddResult:
        """Store articles cleaned elsewhere (``POST /api/match`` with store=true): each is stored as the
        record it was cleaned from (its ``original`` text and metadata), and cleaned again with the store's
        corpus statistics, so the store stays what a run would give."""
        return self.add_records([_as_record(a) for a in articles], config)

    def matcher(self, config: Config | None = None) -> Matcher:
        """An in-memory index over the stored fingerprints, for matching one article at a time."""
        from samestory.store.matcher import Matcher

        return Matcher.build(self, config or Config())

    def check(self) -> list[str]:
        """Consistency problems (empty when the store is sound): see :func:`samestory.store.check.problems`."""
        from samestory.store.check import problems

        return problems(self.con)

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only. Fix: open it with read_only=False to add articles")


#: Where a DuckDB database file says what it is: bytes 8 to 12 of its header.
_DUCKDB_MAGIC = (8, b"DUCK")


def _is_duckdb_file(path: Path) -> bool:
    """Whether ``path`` is a DuckDB database file by its header (a folder or an unreadable path is left to
    DuckDB, whose errors name them)."""
    if not path.is_file():
        return True
    at, magic = _DUCKDB_MAGIC
    try:
        with path.open("rb") as f:
            f.seek(at)
            return f.read(len(magic)) == magic
    except OSError:
        return True


def _check_file_backed(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a connection whose database is not kept in ``path``: DuckDB opens an existing CSV, JSON or
    Parquet file as a database held in memory with the file as a view, and an add to it would be lost."""
    row = first(con, "SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    if row is None or row[0] is None:
        raise StoreError(
            f"{path}: not a store file (DuckDB reads it as a {path.suffix or 'data'} table, so an add to it "
            f"would be kept only in memory and lost). Fix: give --store a file of its own, e.g. "
            f"--store {path.with_suffix('.duckdb')}"
        )


def current_version_read_only(con: duckdb.DuckDBPyConnection) -> int:
    try:
        row = first(con, "SELECT coalesce(max(version), 0) FROM schema_migrations")
    except duckdb.CatalogException:
        return 0
    return int(row[0]) if row else 0


#: A term of a search: a phrase in double quotes (straight or curly), or a word.
_TERM = re.compile(r'["\u201c\u201d]([^"\u201c\u201d]+)["\u201c\u201d]|(\S+)')


def search_terms(search: str) -> list[str]:
    """The terms of a story search: each word, and each phrase in double quotes as one term (``"Tara Reid"``
    is that name, not the two words anywhere; a quote mark left open is a character of the word).

    >>> search_terms('"Tara Reid" rehab'), search_terms("50% rise"), search_terms('say "no')
    (['Tara Reid', 'rehab'], ['50%', 'rise'], ['say', '"no'])
    """
    return [" ".join(m[1].split()) if m[1] else m[2] for m in _TERM.finditer(search) if (m[1] or m[2]).strip()]


def _story_filters(
    search: str | None, source: str | None, date_from: str | None, date_to: str | None
) -> tuple[str, list[Any]]:
    clauses: list[str] = ["TRUE"]
    args: list[Any] = []
    members = "story_id IN (SELECT m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id WHERE {})"
    title, member = (f"{column} ILIKE ? ESCAPE '\\'" for column in ("title", "a.{}"))
    for word in search_terms(search or ""):  # each term somewhere: in the story's title, or a member's
        # A substring: LIKE's wildcards and escape character in it stand for themselves ("50%" is not "50...").
        like = "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"
        clauses.append(
            f"({title} OR " + members.format(" OR ".join(member.format(c) for c in ("title", "text", "source"))) + ")"
        )
        args += [like] * 4
    if source:
        clauses.append("list_contains(sources, ?)")
        args.append(source)
    dated: list[str] = ["TRUE"]
    dates: list[Any] = []  # one member dated inside the range (not one after the start, another before the end)
    if date_from:
        dated.append("a.date >= ?")
        dates.append(date_from)
    if date_to:
        dated.append("substr(a.date, 1, ?) <= ?")
        dates += [len(date_to), date_to]
    if len(dated) > 1:
        clauses.append(members.format(" AND ".join(dated)))
        args += dates
    return " AND ".join(clauses), args


def _as_record(article: Article) -> RawRecord:
    """The record ``article`` was cleaned from, as far as cleaning again needs it. Each field goes back as
    metadata: cleaning keeps a given one (a title, a date, an author from JSON or a page's tags, which were
    otherwise lost), and one it found in the text it finds again, the title given helping it to."""
    from samestory.records import Metadata

    meta = Metadata(
        title=article.title, url=article.url, published=article.published, author=article.author, source=article.source
    )
    return RawRecord(article.id, article.input, article.format, article.original, meta, flags=[])
