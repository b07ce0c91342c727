"""The store's schema, as an ordered list of migrations applied when a store is opened.

Each migration runs in its own transaction together with the row that records it in
``schema_migrations``, so a crash leaves the store either before or after a migration, never half-way.
A store whose newest recorded migration is unknown to this code was written by a newer samestory: opening
it fails with a message, instead of reading columns this code does not understand.

Never edit a released migration; append a new one.

>>> [m.version for m in MIGRATIONS][:5]
[1, 2, 3, 4, 5]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from samestory.store.errors import StoreError
from samestory.store.keys import fill_keys
from samestory.store.sql import first
from samestory.store.stories import name_untitled
from samestory.store.views import fill_parts


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    #: Rows that SQL alone cannot compute (run after the statements, in the same transaction).
    fill: Callable[[duckdb.DuckDBPyConnection], None] | None = None


_INITIAL = (
    # Settings the store was built with (config JSON, embedder): adds with other settings are refused.
    "CREATE TABLE meta (key VARCHAR NOT NULL, value VARCHAR NOT NULL)",
    # One row per article. ``data`` is Article.to_dict() (rebuilds the article exactly); ``raw`` is the
    # RawRecord without its text (the text is ``original``), kept so that the article can be re-cleaned
    # when corpus statistics change. ``raw_hash`` identifies the input record, ``version`` the clean result.
    """CREATE TABLE articles (
        id VARCHAR NOT NULL, raw_hash VARCHAR NOT NULL, version VARCHAR NOT NULL, matchable BOOLEAN NOT NULL,
        error_code VARCHAR, source VARCHAR, title VARCHAR, published VARCHAR, fetched VARCHAR, date VARCHAR,
        text VARCHAR NOT NULL, raw VARCHAR NOT NULL, data VARCHAR NOT NULL)""",
    # Corpus statistics, the map output of every stored record (samestory.stages.clean.corpus_rows).
    "CREATE TABLE line_rows (article_id VARCHAR NOT NULL, line_id UBIGINT, doc_id UBIGINT, group_id UBIGINT)",
    # What each article's cleaning looked up in the corpus statistics and what it decided (kind 0: a line,
    # kind 1: a template, 2: a line closed as a sentence, 3: a headline, see store.corpus); when a decision would now
    # differ, the article is cleaned again.
    """CREATE TABLE clean_deps (article_id VARCHAR NOT NULL, kind TINYINT NOT NULL, dep_id UBIGINT NOT NULL,
        group_id UBIGINT NOT NULL, long BOOLEAN NOT NULL, decided BOOLEAN NOT NULL)""",
    # Fingerprints of matchable articles: MinHash signature (uint32), lead embedding (float32 unit row),
    # quote keys, rare-n-gram keys (uint64), as little-endian bytes.
    """CREATE TABLE fingerprints (article_id VARCHAR NOT NULL, version VARCHAR NOT NULL, signature BLOB NOT NULL,
        lead BLOB NOT NULL, quotes UBIGINT[] NOT NULL, ngrams BLOB NOT NULL)""",
    # Each matchable article's nearest leads (cosine >= min_lead_cosine, at most ``neighbours``).
    "CREATE TABLE neighbours (article_id VARCHAR NOT NULL, neighbour VARCHAR NOT NULL, sim FLOAT NOT NULL)",
    # Every current candidate pair and its verification (relation 'unrelated' included, so it is not
    # verified again), with the versions of the two articles it was verified on.
    """CREATE TABLE pairs (a VARCHAR NOT NULL, b VARCHAR NOT NULL, version_a VARCHAR NOT NULL,
        version_b VARCHAR NOT NULL, relation VARCHAR NOT NULL, similarity DOUBLE NOT NULL, direction VARCHAR NOT NULL,
        data VARCHAR NOT NULL)""",
    """CREATE TABLE stories (story_id VARCHAR NOT NULL, size INTEGER NOT NULL, lead_id VARCHAR NOT NULL,
        title VARCHAR, sources VARCHAR[], first_date VARCHAR, last_date VARCHAR, data VARCHAR NOT NULL)""",
    "CREATE TABLE story_members (story_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL)",
)

#: Every migration, oldest first. The store's version is the last one applied.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    # Without it every lookup of a few articles by id (the matcher's candidates, an add's pairs) scans the
    # whole ``data`` column: ~0.1 s at 10,000 articles, ~1 s at 100,000; with it, a few milliseconds.
    Migration(2, "index articles by id", ("CREATE INDEX articles_id ON articles (id)",)),
    # Candidate keys of every fingerprint (store/keys.py): an add looks up the keys of its new articles
    # instead of running candidate generation over every stored fingerprint again. No index: DuckDB
    # joins a batch's keys against the table with a hash join over one scan, and an ART index over tens of
    # millions of rows would live in memory.
    Migration(
        3,
        "candidate keys",
        ("CREATE TABLE cand_keys (kind UTINYINT NOT NULL, key UBIGINT NOT NULL, article_id VARCHAR NOT NULL)",),
        fill_keys,
    ),
    # Sentence embeddings of articles whose view an add built (store/views.py): float32 rows, exact, so
    # that a later add builds a stored article's view without embedding its sentences again.
    Migration(
        4,
        "sentence embeddings",
        (
            "CREATE TABLE sentence_embeddings (article_id VARCHAR NOT NULL, version VARCHAR NOT NULL, "
            "embedder VARCHAR NOT NULL, data BLOB NOT NULL)",
        ),
    ),
    # The rest of those views but their token index (store/views.py, ``Parts``): sentence bounds, entity and
    # quote keys, match key; filled for every view whose embeddings were kept, so that the first add after
    # the migration builds a kept view from its token index alone, as later adds do.
    Migration(
        5,
        "view parts",
        (
            "CREATE TABLE view_parts (article_id VARCHAR NOT NULL, version VARCHAR NOT NULL, bounds BLOB NOT NULL, "
            "entities VARCHAR[] NOT NULL, quotes UBIGINT[] NOT NULL, text_key VARCHAR NOT NULL)",
        ),
        fill_parts,
    ),
    # A story whose lead has no title takes the first title of its other members (store/stories.py,
    # ``story_title``), as its page always did; stories stored before were listed as untitled.
    Migration(6, "story titles from any member", (), name_untitled),
)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The newest migration recorded in the store (0 for a new file)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    row = first(con, "SELECT coalesce(max(version), 0) FROM schema_migrations")
    return int(row[0]) if row else 0


def check_version(version: int, path: str, *, read_only: bool = False) -> None:
    """Refuse a store written by a newer samestory, and, opened read-only (nothing to create), a file
    without the migrations table: another DuckDB database, or one whose creation never committed."""
    if read_only and version == 0:
        raise StoreError(
            f"{path}: not a samestory store (a DuckDB file without its schema_migrations table). "
            f"Fix: give the file samestory add made, or make one with samestory add INPUT... --store FILE"
        )
    known = MIGRATIONS[-1].version
    if version > known:
        raise StoreError(
            f"{path}: the store has schema version {version}, newer than this samestory knows ({known}). "
            "Fix: upgrade samestory (pip install -U samestory), or use another --store file"
        )


def check_current(version: int, path: str) -> None:
    """Refuse a store older than the code where it cannot be migrated and every table is needed: a
    read-only server, whose matcher reads the tables the newer migrations made."""
    known = MIGRATIONS[-1].version
    if version < known:
        raise StoreError(
            f"{path}: the store has schema version {version}, older than this samestory ({known}), and a "
            f"server without a token opens it read-only, so it cannot upgrade it. Fix: run samestory add "
            f"--store {path} once (with no inputs it only upgrades the store), then serve it"
        )


def migrate(con: duckdb.DuckDBPyConnection, path: str) -> list[int]:
    """Apply the migrations the store lacks, each in its own transaction; return the versions applied."""
    con.execute("BEGIN TRANSACTION")
    try:
        version = current_version(con)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    check_version(version, path)
    applied = []
    for migration in MIGRATIONS:
        if migration.version <= version:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in migration.statements:
                con.execute(statement)
            if migration.fill is not None:
                migration.fill(con)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [migration.version, migration.name]
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
