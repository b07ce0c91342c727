"""New cleaning rules: every stored article cleaned again, chunk by chunk, each chunk committed; the store
then equals one built with the new rules, and an interrupted re-clean is readable and finished by an add."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from store_corpus import make_corpus, write_batches
from store_helpers import article_without_counts, snapshot

import samestory.store.add as add
from samestory import api
from samestory.cli import main
from samestory.core import clean as core_clean
from samestory.core import direction, structure
from samestory.core.text import remember_short_lines
from samestory.stages import clean as clean_stage
from samestory.store import Store, reclean
from samestory.store.errors import StoreError
from samestory.store.export import export

#: Tables that must equal those of a store built with the new rules from the start, row for row (but for
#: article versions, see :func:`_tables`).
EXACT = ("line_rows", "fingerprints", "cand_keys", "neighbours", "pairs", "stories", "story_members")


def _with_credits(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The store corpus, with a credit line under the title of two sources' articles (each its own, so that
    none is corpus boilerplate): one the shipped agencies do not know (a corpus template and a line of
    text today, a credit under the new rules: line rows and articles change), one in capitals (a credit
    either way; only its kind, a clue to a pair's original, changes)."""
    credits = {"harbor.example": "Harbor Newswire", "granite.example": "GRANITE WIRE"}
    out = []
    for row in rows:
        title, _, rest = str(row["text"]).partition("\n")
        credit = credits.get(str(row["source"]))
        line = f"{credit} - Desk {str(row['id']).split('/')[1].replace('-', ' ')}"
        out.append({**row, "text": f"{title}\n{line}\n{rest}" if credit else row["text"]})
    return out


@pytest.fixture
def credited_batches(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "credited"
    folder.mkdir()
    return write_batches(folder, _with_credits(make_corpus()))


@pytest.fixture
def new_rules(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Other cleaning rules than the shipped ones (two more wire agencies in agencies.toml), with their own
    digest, for the rest of the test once entered."""
    shipped, digests = structure.load_agencies(), add.data_digests()

    def switch() -> None:
        agencies = structure.Agencies(
            shipped.wire | {"harbor newswire", "granite wire"}, shipped.aggregator, shipped.release
        )
        monkeypatch.setattr(structure, "load_agencies", lambda: agencies)
        monkeypatch.setattr(direction, "load_agencies", lambda: agencies)
        # Line keys are remembered per line text: a memo of their own under these rules, for both passes.
        memo = remember_short_lines(core_clean._corpus_line)
        monkeypatch.setattr(core_clean, "corpus_line", memo)
        monkeypatch.setattr(clean_stage, "corpus_line", memo)
        monkeypatch.setattr(add, "data_digests", lambda: {**digests, "clean_rules": "new rules"})

    return switch


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """The :data:`EXACT` tables, without article versions: a version hashes the whole article, and the
    document counts quoted in its removals are those of the store when it was last cleaned."""
    tables = {k: v for k, v in snapshot(store).items() if k in EXACT}
    tables["fingerprints"] = [(r[0], *r[2:]) for r in tables["fingerprints"]]
    tables["pairs"] = [(*r[:2], *r[4:]) for r in tables["pairs"]]
    return tables


def _articles(store: Store) -> dict[str, dict[str, Any]]:
    return {a.id: article_without_counts(a.to_dict()) for a in store.iter_articles()}


def test_a_reclean_gives_the_store_built_with_the_new_rules(
    tmp_path: Path, credited_batches: list[Path], new_rules: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(reclean.CHUNK_ENV, "5")  # several chunks, each its own transaction
    old_run = api.run(credited_batches)
    with Store.open(tmp_path / "old.duckdb") as store:
        for batch in credited_batches[:2]:
            store.add([batch])
        before = _tables(store)
        stored = store.counts()["articles"]
        new_rules()
        result = store.add(credited_batches[2:])
        assert result.recleaned >= stored and store.reclean_state() is None and store.check() == []
        assert dict(store.con.execute("SELECT key, value FROM meta").fetchall())["clean_rules"] == "new rules"
        recleaned, articles = _tables(store), _articles(store)
        assert store.add([]).recleaned == 0  # recorded: nothing more to do
    with Store.open(tmp_path / "new.duckdb") as store:
        for batch in credited_batches:
            store.add([batch])
        assert recleaned == _tables(store)
        assert articles == _articles(store)
    run = api.run(credited_batches)
    assert [p.to_dict() for p in run.pairs] != [p.to_dict() for p in old_run.pairs], "the rules must matter"
    assert recleaned["line_rows"] != before["line_rows"], "and change the corpus statistics"
    assert articles == {a.id: article_without_counts(a.to_dict()) for a in run.articles}
    with Store.open(tmp_path / "old.duckdb", read_only=True) as store:
        assert [p.to_dict() for p in store.iter_pairs()] == [p.to_dict() for p in run.pairs]
        assert [s.to_dict() for s in store.iter_stories()] == [s.to_dict() for s in run.stories]


def test_new_cleaning_rules_clean_every_stored_article_again(
    tmp_path: Path, batches: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = add.data_digests()
    run = api.run(batches)
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:1])
        stored = len(list(store.iter_articles()))
        # A samestory with other cleaning rules (here: only their digest differs, so the content must not).
        monkeypatch.setattr(add, "data_digests", lambda: {**shipped, "clean_rules": "other rules"})
        assert store.add(batches[1:2]).recleaned >= stored  # every stored one, and those the batch made stale
        assert store.add(batches[2:]).recleaned < stored  # recorded: the next add is an ordinary one
        assert [p.to_dict() for p in store.iter_pairs()] == [p.to_dict() for p in run.pairs]
        assert [s.to_dict() for s in store.iter_stories()] == [s.to_dict() for s in run.stories]
        monkeypatch.setattr(add, "data_digests", lambda: {**shipped, "match_data": "another model"})
        with pytest.raises(StoreError, match="matching data"):
            store.add(batches[:1])


def _fail_after(chunks: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the re-clean of the next add fail after ``chunks`` chunks of articles."""
    chunk = add.Adder._reclean_chunk
    done: list[int] = []

    def failing(self: add.Adder, *args: Any) -> None:
        if len(done) == chunks:
            monkeypatch.setattr(add.Adder, "_reclean_chunk", chunk)
            raise RuntimeError("killed")
        done.append(1)
        chunk(self, *args)

    monkeypatch.setattr(add.Adder, "_reclean_chunk", failing)


def test_an_unfinished_reclean_is_readable_and_the_next_add_finishes_it(
    tmp_path: Path, credited_batches: list[Path], new_rules: Callable[[], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(reclean.CHUNK_ENV, "4")
    path, whole = tmp_path / "s.duckdb", tmp_path / "whole.duckdb"
    for p in (path, whole):
        with Store.open(p) as store:
            for batch in credited_batches[:2]:
                store.add([batch])
    new_rules()
    _fail_after(2, monkeypatch)
    with Store.open(path) as store, pytest.raises(RuntimeError):
        store.add(credited_batches[2:])
    with Store.open(path, read_only=True) as store:
        state = store.reclean_state()
        assert state is not None and (state.step, state.done) == ("articles", 8)
        assert store.check() == []  # consistent: some articles cleaned with the old rules, some with the new
        assert store.stories()[1] > 0
        with pytest.raises(StoreError, match=r"re-clean .* under way.*Fix: samestory add --store"):
            export(store, tmp_path / "dump", "jsonl")
    listed = CliRunner().invoke(main, ["stories", "--store", str(path)])
    said = " ".join(listed.stderr.split())  # as rich wrapped it
    assert listed.exit_code == 0 and "re-clean for new cleaning rules is under way" in said
    assert "articles cleaned: 8 of" in said and f"Fix: samestory add --store {path}" in said
    finished = CliRunner().invoke(main, ["add", "--store", str(path), "-q"])  # no inputs: only the re-clean
    assert finished.exit_code == 0, finished.stderr
    with Store.open(path) as store:
        assert store.reclean_state() is None and store.check() == []
        store.add(credited_batches[2:])
        resumed = snapshot(store)
    with Store.open(whole) as store:
        store.add([])  # the re-clean, uninterrupted
        store.add(credited_batches[2:])
        assert snapshot(store) == resumed


def test_a_store_cleaned_by_other_rules_since_an_unfinished_reclean_is_recleaned_whole(
    tmp_path: Path, batches: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An older samestory, finding the 'mixed' marker, cleans everything with its rules and records them; a
    re-clean towards these rules then starts again from the first article, not where the first one stopped."""
    monkeypatch.setenv(reclean.CHUNK_ENV, "4")
    shipped = add.data_digests()
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:2])
        total = store.counts()["articles"]
        monkeypatch.setattr(add, "data_digests", lambda: {**shipped, "clean_rules": "new rules"})
        _fail_after(2, monkeypatch)
        with pytest.raises(RuntimeError):
            store.add([])
        store.con.execute("UPDATE meta SET value = 'older rules' WHERE key = 'clean_rules'")  # what it records
        assert store.add([]).recleaned == total
        assert store.reclean_state() is None and store.check() == []


@pytest.mark.parametrize("value", ["0", "-3", "2k"])
def test_a_chunk_size_that_is_no_positive_number_is_refused_before_the_store_changes(
    tmp_path: Path, batches: list[Path], monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    """SAMESTORY_RECLEAN_CHUNK=0 made chunks of no article: the re-clean cleaned nothing and recorded the new
    rules (the store kept the old rules' articles as if cleaned with the new ones, for good); a negative
    size or a word ended the add with a traceback."""
    shipped = add.data_digests()
    with Store.open(tmp_path / "s.duckdb") as store:
        store.add(batches[:1])
        before = snapshot(store)
        monkeypatch.setattr(add, "data_digests", lambda: {**shipped, "clean_rules": "new rules"})
        monkeypatch.setenv(reclean.CHUNK_ENV, value)
        with pytest.raises(StoreError, match=rf"{reclean.CHUNK_ENV}={value}: .*Fix: "):
            store.add([])
        assert snapshot(store) == before  # neither the new rules recorded nor a re-clean started
        monkeypatch.setenv(reclean.CHUNK_ENV, "4")
        assert store.add([]).recleaned == store.counts()["articles"]
