"""Incremental clustering (store/stories.py): after every add, the stories are those of clustering every
stored pair again, also when an add replaces a story's member, splits a story or makes an article
unmatchable."""

import json
from pathlib import Path
from typing import Any

from store_corpus import write_jsonl
from store_helpers import snapshot

from samestory.config import MatchConfig
from samestory.store import Store
from samestory.store.stories import components, recluster_all


def _stories(store: Store) -> dict[str, list[tuple[object, ...]]]:
    both = snapshot(store)
    return {t: both[t] for t in ("stories", "story_members")}


def _assert_as_full_recluster(store: Store) -> None:
    incremental = _stories(store)
    store.con.execute("BEGIN TRANSACTION")
    recluster_all(store.con, MatchConfig())
    full = _stories(store)
    store.con.execute("ROLLBACK")
    assert incremental == full
    assert store.check() == []


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_each_add_gives_the_stories_of_a_full_recluster(tmp_path: Path, batches: list[Path]) -> None:
    rows = [r for b in batches for r in _rows(b)]
    with Store.open(tmp_path / "s.duckdb") as store:
        for batch in batches:
            result = store.add([batch])
            assert result.timings["cluster"] >= 0
            _assert_as_full_recluster(store)
        big = max(store.iter_stories(), key=lambda s: len(s.members))
        assert len(big.members) > 2
        # replace one member of the largest story by unrelated text, and another by an error page
        by_id = {r["id"]: r for r in rows}
        changed = {**by_id[big.members[0]], "text": "Kadoru menlivas pretu sorgani.\nFelu marondi kastel."}
        emptied = {**by_id[big.members[1]], "text": "404 Not Found\nThe page you requested could not be found."}
        result = store.add([write_jsonl(tmp_path / "fix.jsonl", [changed, emptied])])
        assert result.replaced == 2
        _assert_as_full_recluster(store)
        assert store.story_of(big.members[1]) is None
        # and back: the story joins again
        result = store.add([write_jsonl(tmp_path / "back.jsonl", [by_id[big.members[0]], by_id[big.members[1]]])])
        _assert_as_full_recluster(store)
        assert store.story(big.story_id) is not None


def test_components_walk_related_pairs_only(tmp_path: Path, batches: list[Path]) -> None:
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches)
        for story in store.iter_stories():
            reached = components(store.con, [story.members[0]])
            assert set(story.members) <= reached  # a story lies inside one component
        related = store.con.execute("SELECT a, b FROM pairs WHERE relation <> 'unrelated'").fetchall()
        alone = store.con.execute(
            "SELECT id FROM articles WHERE matchable AND id NOT IN (SELECT a FROM pairs WHERE relation <> "
            "'unrelated') AND id NOT IN (SELECT b FROM pairs WHERE relation <> 'unrelated')"
        ).fetchall()
        assert related and alone
        assert components(store.con, [alone[0][0]]) == {alone[0][0]}
        assert components(store.con, ["no/such/id"]) == set()


_HARBOUR = (
    "Harbour fees in the old town will rise by a third from next spring, the port authority said on Monday. "
    "The increase, the first in nine years, pays for a new breakwater and the dredging of the inner basin. "
    "Fishing crews said the rise would cost each boat about 400 euros a year and asked for a phased change."
)


def _untitled_lead(tmp_path: Path) -> Path:
    """A story whose lead (the first member, the earlier report) has no title, and whose copy has one."""
    return write_jsonl(tmp_path / "lead.jsonl", [
        {"id": "a-wire", "text": _HARBOUR, "date": "2024-03-01"},
        {"id": "b-copy", "text": _HARBOUR + " Talks resume next week.", "date": "2024-03-02",
         "title": "Harbour fees to rise by a third"},
    ])  # fmt: skip


def test_a_story_whose_lead_has_no_title_takes_another_member_s(tmp_path: Path) -> None:
    """The list (stories, the web list, the API) named a story by its lead's title only, "Untitled story"
    when the lead had none, while the story page took another member's: both take the first title in the
    same order (originals of the larger families first, then the members)."""
    from samestory.serve.fetch import title_of

    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([_untitled_lead(tmp_path)])
        (summary,), _ = store.stories()
        story = store.story(summary.story_id)
        assert story is not None and summary.lead_id == "a-wire"
        assert summary.title == "Harbour fees to rise by a third"
        assert title_of(store.articles(story.members), story) == summary.title
        assert [s.story_id for s in store.stories(search="third")[0]] == [summary.story_id]


def test_an_older_store_s_untitled_stories_are_named_when_it_is_migrated(tmp_path: Path) -> None:
    """Stores written before story titles came from any member hold NULL for such a story: the migration
    that came with the change names them (other stories are left as they are)."""
    from samestory.store.migrations import MIGRATIONS

    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.add([_untitled_lead(tmp_path)])
        store.add(
            [write_jsonl(tmp_path / "other.jsonl", [{"id": "c-alone", "title": "Alone", "text": "A mill burned."}])]
        )
        before = store.con.execute("SELECT * FROM stories ORDER BY story_id").fetchall()
        store.con.execute("UPDATE stories SET title = NULL WHERE lead_id = 'a-wire'")
        store.con.execute("DELETE FROM schema_migrations WHERE version = ?", [MIGRATIONS[-1].version])
    with Store.open(path) as store:
        assert store.con.execute("SELECT * FROM stories ORDER BY story_id").fetchall() == before


def test_a_story_s_dates_are_iso_dates_only(tmp_path: Path) -> None:
    """A published date kept as written ("03/04/2026": day and month either way round) became the story's
    first date, which the list compares as text: it sorted before every ISO date and fell out of date ranges."""
    path = write_jsonl(tmp_path / "dated.jsonl", [
        {"id": "a-wire", "text": "Posted on 03/04/2024\n" + _HARBOUR},
        {"id": "b-copy", "text": _HARBOUR + " Talks resume next week.", "date": "2024-03-05"},
    ])  # fmt: skip
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([path])
        assert store.article("a-wire").published == "03/04/2024"  # type: ignore[union-attr]
        (summary,), _ = store.stories()
        assert (summary.first_date, summary.last_date) == ("2024-03-05", "2024-03-05")
        assert [s.story_id for s in store.stories(date_from="2024-03-05")[0]] == [summary.story_id]
