"""Stories in the store, clustered again only where an add changed the pairs.

A run clusters every related pair at once (:func:`~samestory.core.cluster.build_stories`). Its stories never
cross a connected component of the related-pair graph (families are components of copy edges, and average
linkage only joins groups that share a pair: a missing pair weighs 0), and each component's stories depend
only on that component's pairs: the merges of one component never change another's sizes or weights, and
ties break by ids within it. So after an add, only the components that hold an article the add touched
can change: an article added, replaced, re-cleaned or gone, or an end of a pair verified or dropped (pairs
that only changed their candidate sources keep relation, similarity and direction, all that clustering
reads).

Those components are found from the touched articles (*seeds*) by walking the stored related pairs, and
clustered with the pairs among their members in the run's order (by ``a, b``). The stories they replace
are those that hold a member or a seed: an old story lies inside one old component, and an old component
that meets a new one is inside the new ones plus the seeds (an edge leaving it would have changed, and
both ends of a changed edge are seeds). Every other story stays as it is. Tested against clustering
everything again (``tests/store/test_stories.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import duckdb
import pyarrow as pa

from samestory.config import MatchConfig
from samestory.records import Story
from samestory.stages.cluster import cluster
from samestory.store import rows
from samestory.store.sql import select_ids

#: Each story's title (:func:`story_title`, in SQL): of its members in naming order (``{named}``: story_id,
#: article_id, rank), the first title that is not empty.
_TITLES = """
    SELECT n.story_id, arg_min(a.title, n.rank) AS title
    FROM {named} n JOIN articles a ON a.id = n.article_id
    WHERE coalesce(a.title, '') <> '' GROUP BY n.story_id"""
_LIGHT = "SELECT a, b, relation, similarity, direction FROM pairs WHERE relation <> 'unrelated'"
_RELATED = (
    "SELECT a, b FROM pairs WHERE relation <> 'unrelated' "
    "AND (a IN (SELECT id FROM _ids) OR b IN (SELECT id FROM _ids))"
)


def components(con: duckdb.DuckDBPyConnection, seeds: Iterable[str]) -> set[str]:
    """The matchable articles connected to a matchable seed by related pairs (the seeds included)."""
    sql = "SELECT id FROM articles WHERE matchable AND id IN (SELECT id FROM _ids)"
    seen = {r[0] for r in select_ids(con, sql, seeds)}
    frontier = set(seen)
    while frontier:  # one scan of the pairs per step: the steps are the components' radius
        reached = {x for pair in select_ids(con, _RELATED, frontier) for x in pair}
        frontier = reached - seen
        seen |= frontier
    return seen


def recluster(con: duckdb.DuckDBPyConnection, seeds: Iterable[str], config: MatchConfig) -> int:
    """Cluster again the components of ``seeds`` and replace the stories they held (see the module
    docstring); return the number of articles clustered."""
    seeds = set(seeds)
    members = components(con, seeds)
    found = select_ids(con, _LIGHT + " AND a IN (SELECT id FROM _ids) ORDER BY a, b", members)
    stories = cluster(sorted(members), [rows.light_pair(*r) for r in found], config)
    old = select_ids(con, "SELECT DISTINCT story_id FROM story_members WHERE article_id IN (SELECT id FROM _ids)",
                     members | seeds)  # fmt: skip
    _delete_stories(con, [r[0] for r in old])
    write_stories(con, stories)
    return len(members)


def recluster_all(con: duckdb.DuckDBPyConnection, config: MatchConfig) -> None:
    """Every story clustered again from every stored pair (what :func:`recluster` must equal)."""
    ids = [r[0] for r in con.execute("SELECT id FROM articles WHERE matchable ORDER BY id").fetchall()]
    pairs = [rows.light_pair(*r) for r in con.execute(_LIGHT + " ORDER BY a, b").fetchall()]
    con.execute("DELETE FROM stories")
    con.execute("DELETE FROM story_members")
    write_stories(con, cluster(ids, pairs, config))


def _delete_stories(con: duckdb.DuckDBPyConnection, story_ids: list[str]) -> None:
    if not story_ids:
        return
    con.register("_old_stories", pa.table({"id": pa.array(sorted(story_ids), pa.string())}))
    try:
        con.execute("DELETE FROM story_members WHERE story_id IN (SELECT id FROM _old_stories)")
        con.execute("DELETE FROM stories WHERE story_id IN (SELECT id FROM _old_stories)")
    finally:
        con.unregister("_old_stories")


def naming_order(story: Story) -> list[str]:
    """The members in the order they lend a story its name: the originals of its families, larger families
    first, then every member. The first is the story's lead."""
    families = sorted(story.families, key=lambda f: (-len(f.members), f.members[0]))
    return list(dict.fromkeys([*(f.original for f in families if f.original), *story.members]))


def story_title(story: Story, titles: Mapping[str, str | None]) -> str | None:
    """A story's title: the first title in :func:`naming_order` (the lead's, unless it has none), or None
    when no member has one. ``titles`` maps member ids to their titles. The story list and the story page
    both name a story so (the list from the ``title`` column that :func:`write_stories` fills)."""
    return next((t for t in map(titles.get, naming_order(story)) if t), None)


def write_stories(con: duckdb.DuckDBPyConnection, stories: list[Story]) -> None:
    """Insert these stories (their ids must not be stored); titles, sources and dates come from the stored
    articles."""
    if not stories:
        return
    orders = [naming_order(s) for s in stories]
    members = pa.Table.from_pylist([{"story_id": s.story_id, "article_id": m} for s in stories for m in s.members])
    named = pa.Table.from_pylist(_ranks(stories, orders))
    new = [
        {"story_id": s.story_id, "size": len(s.members), "lead_id": o[0], "data": rows.dumps(s.to_dict(), sort=False)}
        for s, o in zip(stories, orders, strict=True)
    ]
    con.register("_new_members", members)
    con.register("_new_named", named)
    con.register("_new_stories", pa.Table.from_pylist(new))
    try:
        con.execute("INSERT INTO story_members SELECT story_id, article_id FROM _new_members")
        con.execute(f"""
            INSERT INTO stories BY NAME
            SELECT s.story_id, s.size, s.lead_id, t.title, x.sources, x.first_date, x.last_date, s.data
            FROM _new_stories s
            LEFT JOIN ({_TITLES.format(named="_new_named")}) t ON t.story_id = s.story_id
            LEFT JOIN (
                SELECT m.story_id,
                       list_sort(list_distinct(list(a.source) FILTER (WHERE a.source IS NOT NULL))) AS sources,
                       min(a.date) AS first_date, max(a.date) AS last_date
                FROM _new_members m JOIN articles a ON a.id = m.article_id GROUP BY m.story_id
            ) x ON x.story_id = s.story_id""")
    finally:
        for name in ("_new_members", "_new_named", "_new_stories"):
            con.unregister(name)


def _ranks(stories: list[Story], orders: list[list[str]]) -> list[dict[str, object]]:
    return [
        {"story_id": s.story_id, "article_id": m, "rank": i}
        for s, order in zip(stories, orders, strict=True)
        for i, m in enumerate(order)
    ]


def name_untitled(con: duckdb.DuckDBPyConnection) -> None:
    """Give the stories stored without a title, whose lead has none, the title of another member (migration
    6: stores written before :func:`story_title` named them so). Only those can change: a stored title is
    the lead's, the first in the naming order."""
    found = con.execute("SELECT story_id, data FROM stories WHERE coalesce(title, '') = '' AND size > 1").fetchall()
    stories = [Story.from_dict(json.loads(data)) for _, data in found]
    if not stories:
        return
    con.register("_named", pa.Table.from_pylist(_ranks(stories, [naming_order(s) for s in stories])))
    try:
        con.execute(f"""UPDATE stories SET title = t.title FROM ({_TITLES.format(named="_named")}) t
                        WHERE stories.story_id = t.story_id""")
    finally:
        con.unregister("_named")
