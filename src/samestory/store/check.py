"""Consistency checks over a whole store: what must hold after any add, interrupted or not."""

from __future__ import annotations

import duckdb

from samestory.store.sql import first

#: (what must hold, SQL counting the rows that break it).
CHECKS: tuple[tuple[str, str], ...] = (
    ("article ids are unique", "SELECT count(*) - count(DISTINCT id) FROM articles"),
    ("every matchable article has one fingerprint of its version",
     "SELECT count(*) FROM articles a WHERE a.matchable AND (SELECT count(*) FROM fingerprints f "
     "WHERE f.article_id = a.id AND f.version = a.version) <> 1"),
    ("fingerprints belong to matchable articles",
     "SELECT count(*) FROM fingerprints f LEFT JOIN articles a ON a.id = f.article_id AND a.matchable "
     "WHERE a.id IS NULL"),
    ("pairs are unique and ordered",
     "SELECT count(*) - count(DISTINCT (a, b)) + count(*) FILTER (WHERE a >= b) FROM pairs"),
    ("every pair's articles exist, matchable, at the versions verified",
     "SELECT count(*) FROM pairs p LEFT JOIN articles x ON x.id = p.a AND x.matchable AND x.version = p.version_a "
     "LEFT JOIN articles y ON y.id = p.b AND y.matchable AND y.version = p.version_b "
     "WHERE x.id IS NULL OR y.id IS NULL"),
    ("every matchable article is in exactly one story",
     "SELECT count(*) FROM articles a WHERE a.matchable AND "
     "(SELECT count(*) FROM story_members m WHERE m.article_id = a.id) <> 1"),
    ("story members are matchable articles",
     "SELECT count(*) FROM story_members m LEFT JOIN articles a ON a.id = m.article_id AND a.matchable "
     "WHERE a.id IS NULL"),
    ("story ids are unique and sizes match members",
     "SELECT count(*) - count(DISTINCT story_id) + count(*) FILTER (WHERE size <> "
     "(SELECT count(*) FROM story_members m WHERE m.story_id = s.story_id)) FROM stories s"),
    ("every member's story exists",
     "SELECT count(*) FROM story_members m LEFT JOIN stories s USING (story_id) WHERE s.story_id IS NULL"),
    ("line rows and cleaning decisions belong to stored articles",
     "SELECT (SELECT count(*) FROM line_rows l WHERE l.article_id NOT IN (SELECT id FROM articles)) + "
     "(SELECT count(*) FROM clean_deps d WHERE d.article_id NOT IN (SELECT id FROM articles))"),
    ("neighbours link stored fingerprints",
     "SELECT count(*) FROM neighbours n WHERE n.article_id NOT IN (SELECT article_id FROM fingerprints) "
     "OR n.neighbour NOT IN (SELECT article_id FROM fingerprints)"),
    ("kept sentence embeddings belong to stored articles at their version",
     "SELECT count(*) FROM sentence_embeddings s LEFT JOIN articles a ON a.id = s.article_id "
     "AND a.version = s.version WHERE a.id IS NULL"),
    ("candidate keys belong to stored fingerprints",
     "SELECT count(*) FROM cand_keys k WHERE k.article_id NOT IN (SELECT article_id FROM fingerprints)"),
)  # fmt: skip


def problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Each broken rule with the number of rows breaking it; an empty list for a sound store."""
    out = []
    for rule, sql in CHECKS:
        row = first(con, sql)
        if row and row[0]:
            out.append(f"{rule}: {row[0]} rows break it")
    return out
