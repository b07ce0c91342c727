"""Corpus statistics in the store, and cleaning that remembers what it looked up in them.

A batch run cleans every record with the statistics of the whole corpus. For ``add`` to give the same
articles as a run over the union, the store keeps every record's line rows (the map step,
:func:`~samestory.stages.clean.corpus_rows`) and merges them in SQL exactly as
:func:`~samestory.core.linestats.merge_counts` does. Cleaning runs with a :class:`RecordingStats`, which
answers like :class:`~samestory.core.linestats.LineStats` and records each decision it was asked for (is
this line boilerplate in its source, is this template frequent). After an add, an article whose recorded
decisions would now come out differently is cleaned again; the others would clean to the same text,
because cleaning reads the statistics only through those decisions. Only the counts quoted in a removal's
evidence ("line in 12 documents") stay as they were when the article was last cleaned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np

from samestory.config import CleanConfig
from samestory.core.linestats import (
    HEADLINES,
    LONG_LINE_SHARE,
    SENTENCE_SHARE,
    LineStats,
    line_id,
    share,
    template_id,
)
from samestory.core.text import key_hash
from samestory.records import Article, RawRecord
from samestory.stages.clean import CorpusLines, clean_record, source_group

#: One recorded decision: (kind, id, group id, long line, decided). Kind 0 is a source line, 1 a template, 2
#: a source line closed as a sentence (not long), which needs :data:`SENTENCE_SHARE` of its source's documents,
#: 3 a headline (:mod:`~samestory.core.headlines`: is it another document's).
Dep = tuple[int, int, int, bool, bool]
LINE, TEMPLATE, SENTENCE, HEADLINE = 0, 1, 2, 3


class _AlwaysTrue(dict[int, tuple[int, int]]):
    """Templates that test true even when empty: cleaning skips template lookups when there are none, and
    the store must still record them (a template can become frequent later). A lookup in an empty dict
    answers None, as skipping does, so results do not change."""

    def __bool__(self) -> bool:
        return True


@dataclass(frozen=True, slots=True)
class RecordingStats(LineStats):
    """:class:`LineStats` that records every boilerplate decision it makes (see the module docstring)."""

    seen: list[Dep] = field(default_factory=list)

    def is_boilerplate(self, group: str, key: str, sentence: bool = False) -> bool:
        decided = LineStats.is_boilerplate(self, group, key, sentence)
        if key:
            least = share(key, sentence)
            long = least == LONG_LINE_SHARE
            kind = SENTENCE if least and not long else LINE
            self.seen.append((kind, line_id(group, key), key_hash(group), long, decided))
        return decided

    def template(self, template: str) -> tuple[int, int] | None:
        found = LineStats.template(self, template)
        if template:
            self.seen.append((TEMPLATE, template_id(template), 0, False, found is not None))
        return found

    def named(self, ids: Sequence[int]) -> list[bool]:
        found = LineStats.named(self, ids)
        self.seen.extend((HEADLINE, i, 0, False, hit) for i, hit in zip(ids, found, strict=True))
        return found


class _Headlines(bytes):
    """Registered headlines that test true even when there are none, as :class:`_AlwaysTrue` does for
    templates: cleaning asks about headlines only when some are registered, and the store must record its
    questions (another document's headline may be added later)."""

    def __bool__(self) -> bool:
        return True


def recording(stats: LineStats) -> RecordingStats:
    return RecordingStats(
        stats.counts, stats.min_docs, _AlwaysTrue(stats.templates), stats.source_docs, _Headlines(stats.headlines)
    )


def clean_with_deps(
    raw: RawRecord, config: CleanConfig, stats: LineStats, corpus_lines: CorpusLines | None = None
) -> tuple[Article, list[Dep]]:
    """Clean one record as a run does, and return the decisions it took from the corpus statistics."""
    rec = recording(stats)
    article = clean_record(raw, config, rec, corpus_lines=corpus_lines)
    return article, sorted(set(rec.seen))


ChunkTask = tuple[list[RawRecord], CleanConfig, LineStats, list[CorpusLines | None]]


def clean_chunk(task: ChunkTask) -> list[tuple[Article, list[Dep]]]:
    """A picklable cleaning kernel for the executor's workers: records, with what pass 1 found of their
    lines where the caller has it."""
    raws, config, stats, lines = task
    return [clean_with_deps(r, config, stats, found) for r, found in zip(raws, lines, strict=True)]


def group_of(raw: RawRecord) -> str:
    return source_group(raw)


def load_stats(con: duckdb.DuckDBPyConnection, config: CleanConfig) -> LineStats:
    """The merged statistics of every stored record: :func:`merge_counts` in SQL (same rules, same result).

    A line's distinct (document, source) rows are counted only for lines with enough rows to reach a
    threshold (rows bound distinct documents from above): most lines are in one document, and counting
    distinct rows over every line took most of the time (5 times as long at 100,000 articles)."""
    lines = con.execute(
        """WITH often AS (SELECT line_id FROM line_rows WHERE group_id <> $3 GROUP BY line_id
                          HAVING count(*) >= least($1, $2)),
                rows AS (SELECT DISTINCT l.line_id, l.doc_id, l.group_id FROM line_rows l
                         SEMI JOIN often o ON l.line_id = o.line_id WHERE l.group_id <> $3)
           SELECT line_id, count(*) AS docs, count(DISTINCT group_id) AS sources FROM rows GROUP BY line_id
           HAVING count(*) >= least($1, $2)""",
        [config.corpus_min_docs, config.template_min_docs, HEADLINES],
    ).fetchnumpy()
    groups = con.execute(
        "SELECT group_id, count(*) FROM (SELECT DISTINCT group_id, doc_id FROM line_rows WHERE group_id <> ?) "
        "GROUP BY group_id",
        [HEADLINES],
    ).fetchnumpy()
    headlines = con.execute(
        "SELECT DISTINCT line_id FROM line_rows WHERE group_id = ? ORDER BY line_id", [HEADLINES]
    ).fetchnumpy()["line_id"]
    ids, docs, sources = (np.asarray(lines[k]) for k in ("line_id", "docs", "sources"))
    keep = docs >= config.corpus_min_docs
    tpl = (docs >= config.template_min_docs) & (sources >= config.template_min_sources)
    counts = dict(zip(ids[keep].tolist(), docs[keep].tolist(), strict=True))
    templates = {int(i): (int(d), int(s)) for i, d, s in zip(ids[tpl], docs[tpl], sources[tpl], strict=True)}
    gids, gdocs = (np.asarray(v) for v in groups.values())
    group_docs = dict(zip(gids.tolist(), gdocs.tolist(), strict=True))
    known = np.asarray(headlines, dtype=np.uint64).tobytes()
    return LineStats(counts, config.corpus_min_docs, templates, group_docs, known)


def stale_articles(con: duckdb.DuckDBPyConnection, stats: LineStats) -> list[str]:
    """Stored articles with a recorded decision that the current statistics would take differently."""
    con.execute("CREATE OR REPLACE TEMP TABLE _counts (id UBIGINT, n BIGINT)")
    con.execute("CREATE OR REPLACE TEMP TABLE _templates (id UBIGINT)")
    con.execute("CREATE OR REPLACE TEMP TABLE _groups (id UBIGINT, n BIGINT)")
    con.execute("CREATE OR REPLACE TEMP TABLE _headlines (id UBIGINT)")
    _fill(con, "_counts", {"id": list(stats.counts), "n": list(stats.counts.values())})
    _fill(con, "_templates", {"id": list(stats.templates)})
    _fill(con, "_groups", {"id": list(stats.source_docs), "n": list(stats.source_docs.values())})
    _fill(con, "_headlines", {"id": np.frombuffer(stats.headlines, dtype=np.uint64)})
    lines = f"d.kind IN ({LINE}, {SENTENCE})"
    rows = con.execute(
        f"""
        SELECT DISTINCT d.article_id FROM clean_deps d
        LEFT JOIN _counts c ON {lines} AND c.id = d.dep_id
        LEFT JOIN _groups g ON {lines} AND g.id = d.group_id
        LEFT JOIN _templates t ON d.kind = {TEMPLATE} AND t.id = d.dep_id
        LEFT JOIN _headlines h ON d.kind = {HEADLINE} AND h.id = d.dep_id
        WHERE CASE WHEN d.kind = {TEMPLATE} THEN t.id IS NOT NULL
              WHEN d.kind = {HEADLINE} THEN h.id IS NOT NULL
              ELSE (coalesce(c.n, 0) >= ? AND c.n >= CAST(CASE WHEN d.long THEN {LONG_LINE_SHARE!r}
                   WHEN d.kind = {SENTENCE} THEN {SENTENCE_SHARE!r} ELSE 0 END AS DOUBLE)
                   * CAST(coalesce(g.n, c.n) AS DOUBLE)) END <> d.decided
        ORDER BY 1""",
        [stats.min_docs],
    ).fetchall()
    for name in ("_counts", "_templates", "_groups", "_headlines"):
        con.execute(f"DROP TABLE {name}")
    return [r[0] for r in rows]


def _fill(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, Any]) -> None:
    import pyarrow as pa

    data = pa.table({k: pa.array(v, type=pa.uint64() if k == "id" else pa.int64()) for k, v in columns.items()})
    con.register("_fill_view", data)
    con.execute(f"INSERT INTO {table} SELECT * FROM _fill_view")
    con.unregister("_fill_view")
