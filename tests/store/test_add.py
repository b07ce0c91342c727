"""add: batches give what one run over the union gives; re-adding changes nothing; replacements."""

import json
import shutil
from pathlib import Path

import pytest
from store_helpers import TABLES, article_without_counts, snapshot

from samestory import api
from samestory.store import Store


def _added(path: Path, batches: list[Path]) -> tuple[Store, list[int]]:
    store = Store.open(path)
    recleaned = [store.add([b]).recleaned for b in batches]
    return store, recleaned


def test_batches_give_the_pairs_and_stories_of_one_run(tmp_path: Path, batches: list[Path]) -> None:
    run = api.run(batches)
    store, recleaned = _added(tmp_path / "s.duckdb", batches)
    with store:
        assert store.check() == []
        assert [p.to_dict() for p in store.iter_pairs()] == [p.to_dict() for p in run.pairs]
        assert [s.to_dict() for s in store.iter_stories()] == [s.to_dict() for s in run.stories]
        stored = {a.id: article_without_counts(a.to_dict()) for a in store.iter_articles()}
        assert stored == {a.id: article_without_counts(a.to_dict()) for a in run.articles}
    assert len(run.pairs) > 10 and any(len(s.members) > 2 for s in run.stories)
    assert sum(recleaned) > 0, "the corpus must make footers cross the boilerplate threshold between batches"


def test_one_add_of_everything_equals_the_run_exactly(tmp_path: Path, batches: list[Path]) -> None:
    run = api.run(batches)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches)
        assert [a.to_dict() for a in store.iter_articles()] == sorted(
            (a.to_dict() for a in run.articles), key=lambda d: d["id"]
        )


def test_readding_changes_nothing(tmp_path: Path, batches: list[Path]) -> None:
    store, _ = _added(tmp_path / "s.duckdb", batches)
    with store:
        before = snapshot(store)
        result = store.add(batches[1:2])
        assert (result.added, result.replaced, result.verified) == (0, 0, 0)
        assert result.unchanged > 0
        assert snapshot(store) == before


def _moved_copies(batches: list[Path], folder: Path) -> list[Path]:
    folder.mkdir()
    return [Path(shutil.copy(b, folder / b.name)) for b in batches]


def test_records_read_from_another_path_update_only_their_provenance(tmp_path: Path, batches: list[Path]) -> None:
    """A crawl moved to another folder and added again: nothing is cleaned or verified again, and the store
    is the one the moved files would have built, row for row (articles, versions, fingerprints, kept
    embeddings, pairs), with the new paths as the articles' inputs."""
    store, _ = _added(tmp_path / "s.duckdb", batches)
    moved = _moved_copies(batches, tmp_path / "elsewhere")
    with store:
        result = store.add(moved)
        assert (result.moved, result.added, result.replaced, result.recleaned, result.verified) == (
            result.read,
            0,
            0,
            0,
            0,
        )
        assert result.read > 0 and store.check() == []
        assert {a.input.rsplit("#", 1)[0] for a in store.iter_articles()} == {str(p) for p in moved}
        got = snapshot(store, (*TABLES, "view_parts"))
        again = store.add(moved)
        assert (again.unchanged, again.moved) == (again.read, 0)
    fresh, _ = _added(tmp_path / "fresh.duckdb", moved)
    with fresh:
        assert got == snapshot(fresh, (*TABLES, "view_parts"))


def test_moved_records_that_new_ones_make_stale_are_cleaned_from_their_new_path(
    tmp_path: Path, batches: list[Path]
) -> None:
    """Moved records added with new ones whose lines make some of them stale (a footer crosses the corpus
    threshold): those are cleaned again, as read from their new path; the store is the one the moved files
    would have built."""
    moved = _moved_copies(batches, tmp_path / "elsewhere")
    store, _ = _added(tmp_path / "s.duckdb", [batches[0], batches[1]])
    with store:
        result = store.add(moved)
        assert result.moved > 0 and result.added > 0 and result.recleaned > 0
        assert store.check() == []
        got = snapshot(store)
    fresh, _ = _added(tmp_path / "fresh.duckdb", [moved[0], moved[1], moved[2]])
    with fresh:
        assert got == snapshot(fresh)


def test_a_moved_record_whose_text_changed_is_replaced(tmp_path: Path, batches: list[Path]) -> None:
    """Another path and other content: a new version, cleaned and matched like any replaced record."""
    store, _ = _added(tmp_path / "s.duckdb", batches)
    rows = [json.loads(line) for line in batches[0].read_text().splitlines()]
    (tmp_path / "elsewhere").mkdir()
    changed = tmp_path / "elsewhere" / batches[0].name
    changed.write_text("".join(json.dumps({**r, "text": r["text"] + "\nA closing line."}) + "\n" for r in rows[:1]))
    with store:
        result = store.add([changed])
        assert (result.moved, result.replaced) == (0, 1)
        article = store.article(rows[0]["id"])
        assert article is not None and article.input.startswith(f"{changed}#") and "A closing line." in article.text


def test_every_add_reports_the_store_totals(tmp_path: Path, batches: list[Path]) -> None:
    """An add's articles, pairs, stories and candidates are the store's after it, also when the add stored
    nothing (a re-add, an add of no inputs): candidates said 0 then, beside the store's other totals."""
    with Store.open(tmp_path / "s.duckdb") as store:
        for paths in (batches[:2], batches[1:2], [], batches[2:]):
            result = store.add(paths)
            counts = store.counts()
            totals = (counts["articles"], counts["pairs"], counts["stories"], counts["candidates"])
            assert (result.articles, result.pairs, result.stories, result.candidates) == totals, paths
        assert counts["candidates"] > counts["pairs"] > 0


def test_a_changed_record_replaces_the_stored_one(tmp_path: Path, batches: list[Path]) -> None:
    rows = [json.loads(line) for line in batches[0].read_text().splitlines()]
    changed = {**rows[0], "text": rows[0]["text"] + "\nA new closing paragraph with plenty of fresh words in it."}
    fixed = tmp_path / "fix.jsonl"
    fixed.write_text(json.dumps(changed) + "\n")
    store, _ = _added(tmp_path / "s.duckdb", batches)
    with store:
        result = store.add([fixed])
        assert (result.added, result.replaced) == (0, 1)
        article = store.article(rows[0]["id"])
        assert article is not None and "fresh words" in article.text
        assert store.check() == []
    lines = [r for r in rows if r["id"] != rows[0]["id"]]
    first = tmp_path / "first.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in [*lines, changed]))
    run = api.run([first, *batches[1:]])
    with Store.open(tmp_path / "s.duckdb", read_only=True) as store:
        assert [p.to_dict() for p in store.iter_pairs()] == [p.to_dict() for p in run.pairs]
        assert [s.to_dict() for s in store.iter_stories()] == [s.to_dict() for s in run.stories]


def test_input_errors_are_stored_and_counted(tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    with Store.open(tmp_path / "s.duckdb") as store:
        result = store.add([bad, "examples/seeds"])
        assert result.errors == 1
        assert store.counts()["errors"] == 1 and store.counts()["stories"] == 1
        assert store.check() == []


def test_an_input_that_cannot_be_read_now_keeps_the_stored_article_of_its_id(tmp_path: Path) -> None:
    """Re-adding a folder in which a stored article's file is now empty (or binary, or over the size limit)
    reports the error and keeps the stored article: it replaced the article with an error record, and the
    article left its story."""
    folder = tmp_path / "seeds"
    shutil.copytree("examples/seeds", folder)
    (name,) = [p.name for p in folder.iterdir() if p.name.startswith("001")]
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add([folder])
        before = snapshot(store)
        (folder / name).write_bytes(b"")
        result = store.add([folder])
        assert (result.errors, result.kept, result.replaced, result.unchanged) == (1, 1, 0, 1)
        (message,) = result.failures
        assert "empty" in message and f"the stored article seeds/{name} stays as it was" in message
        assert snapshot(store) == before and store.check() == []
        (folder / name).write_text("A new text for this file, which now reads as a short article of its own.\n")
        assert store.add([folder]).replaced == 1  # readable again: it replaces the stored article as before


def test_an_add_turns_cyclic_gc_off_while_it_works_and_back_on(
    tmp_path: Path, batches: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Full collections over an add's millions of live objects are turned off; they must come back when
    the add is done, even when it fails."""
    import gc

    from samestory.store.add import Adder

    seen: list[bool] = []
    apply = Adder._apply

    def spy(self: Adder, *args: object) -> None:
        seen.append(gc.isenabled())
        apply(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Adder, "_apply", spy)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:1])
        assert seen == [False] and gc.isenabled()

        def fail(self: Adder, *args: object) -> None:
            raise RuntimeError("boom")

        monkeypatch.setattr(Adder, "_apply", fail)
        with pytest.raises(RuntimeError):
            store.add(batches[1:2])
        assert gc.isenabled()


def test_every_shipped_data_file_is_in_a_recorded_digest() -> None:
    # A store notices an upgrade by these digests: a data file left out would change what cleaning or
    # matching does without the store cleaning or matching again.
    from importlib import resources

    import samestory.store.add as add

    shipped = {item.name for item in resources.files("samestory").joinpath("data").iterdir()}
    recorded = {name for names in add.DATA_FILES.values() for name in names}
    assert shipped - {"__pycache__"} == recorded


def test_an_add_never_reads_its_own_store_file(tmp_path: Path) -> None:
    """Store.add over a folder that holds the store, as samestory add: the store file and its log are not
    inputs (they were read as two unreadable records, stored as error articles)."""
    crawl = Path(shutil.copytree("examples/seeds", tmp_path / "crawl"))
    with Store.open(crawl / "s.duckdb") as store:
        for _ in range(2):
            result = store.add([crawl])
            assert (result.errors, result.failures) == (0, [])
        assert store.counts()["articles"] == 2


def test_a_release_that_changes_no_data_or_code_version_keeps_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digests a store records name the shipped data and the code versions (CLEAN_VERSION and the
    matching ones), not the release number: with it in them, any upgrade re-cleaned every stored article
    and then refused the add (other matching data)."""
    import samestory
    import samestory.store.add as add

    path = tmp_path / "s.duckdb"
    with Store.open(path) as store:
        store.add(["examples/seeds"])
    for module in (samestory, add):  # the release number wherever the store code could read it
        monkeypatch.setattr(module, "__version__", "99.0.0", raising=False)
    with Store.open(path) as store:
        result = store.add(["examples/seeds"])
    assert (result.unchanged, result.recleaned, result.added) == (2, 0, 0)
    # A code version still counts: other fingerprint code changes the matching digest alone.
    before = add.data_digests()
    monkeypatch.setattr(add, "CODE_VERSIONS", {**add.CODE_VERSIONS, "match_data": "fingerprint 999"})
    after = add.data_digests()
    assert after["match_data"] != before["match_data"] and after["clean_rules"] == before["clean_rules"]


def test_a_teaser_goes_when_the_article_it_names_is_added_later(tmp_path: Path) -> None:
    """A line that names another article's headline is a teaser once that article is in the store: the article
    holding it is cleaned again, as one run over both would clean it."""
    lead = "The council voted on Tuesday to close the old bridge to lorries while engineers inspect its piers."
    other = "Shares of the carmaker fell 4 percent after it cut its forecast for the year, citing weak demand."
    more = "Officials said the work would take about six weeks and cost the county nearly two million euros."
    teaser = "Catch up - Bridge closed to lorries after cracks found in piers"
    first = tmp_path / "cars.jsonl"
    first.write_text(
        json.dumps({"id": "cars", "text": f"Carmaker cuts forecast as demand slows\n{other}\n{teaser}\n{more}"}) + "\n"
    )
    second = tmp_path / "bridge.jsonl"
    second.write_text(
        json.dumps({"id": "bridge", "text": f"Bridge closed to lorries after cracks found in piers\n{lead}\n{more}"})
        + "\n"
    )
    with Store.open(tmp_path / "s.duckdb") as store:
        assert store.add([first]).recleaned == 0
        assert teaser in store.article("cars").paragraphs
        assert store.add([second]).recleaned == 1
        cars = store.article("cars")
        assert teaser not in cars.paragraphs and [r.reason for r in cars.removed] == ["read_more"]
        run = {a.id: a.to_dict() for a in api.run([first, second]).articles}
        assert {a.id: a.to_dict() for a in store.iter_articles()} == run
        assert store.check() == []
