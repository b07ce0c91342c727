"""The store commands: add, stories, show, export (JSON Lines and Parquet), and run --store."""

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from samestory import api
from samestory.cli import main
from samestory.records import Pair

SEEDS = "examples/seeds"


def _invoke(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_add_stories_show(tmp_path: Path) -> None:
    store = str(tmp_path / "s.duckdb")
    _invoke("add", SEEDS, "--store", store)
    listing = _invoke("stories", "--store", store, "--search", "nato")
    story_id = listing.split("│")[1].strip() if "│" in listing else ""
    assert story_id.startswith("s") and "1 of 1 stories" in listing
    shown = _invoke("show", story_id, "--store", store)
    assert "original: seeds/000_d4a47ec4de73bb3b.txt" in shown and "rewrite" in shown
    article = _invoke("show", "seeds/001_fdedb239be57391e.txt", "--store", store)
    assert "duplicate_block" in article and "MENAFN" in article and story_id in article
    missing = CliRunner().invoke(main, ["show", "nope", "--store", store])
    assert missing.exit_code == 1


def test_missing_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["stories", "--store", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "samestory add" in result.output


def test_export_jsonl_equals_run_and_parquet_reads_back(tmp_path: Path, batches: list[Path]) -> None:
    store = str(tmp_path / "s.duckdb")
    for batch in batches:
        _invoke("add", str(batch), "--store", store, "-q")
    _invoke("export", "--store", store, "--format", "jsonl", "--out", str(tmp_path / "j"))
    _invoke("export", "--store", store, "--format", "parquet", "--out", str(tmp_path / "p"))
    run = api.run(batches)
    pairs = [json.loads(line) for line in (tmp_path / "j/pairs.jsonl").read_text().splitlines()]
    assert pairs == [json.loads(json.dumps(p.to_dict())) for p in run.pairs]
    for name, count in (("articles", len(run.articles)), ("pairs", len(run.pairs)), ("stories", len(run.stories))):
        table = pq.read_table(tmp_path / "p" / f"{name}.parquet")
        assert table.num_rows == count
    stories = pq.read_table(tmp_path / "p/stories.parquet").to_pylist()
    assert [s["members"] for s in stories] == [s.members for s in run.stories]


def test_run_with_store_writes_the_same_files(tmp_path: Path) -> None:
    _invoke("run", SEEDS, "--out", str(tmp_path / "a"), "-q")
    _invoke("run", SEEDS, "--out", str(tmp_path / "b"), "--store", "-q")
    assert (tmp_path / "b/samestory.duckdb").exists()
    for name in ("articles.jsonl", "pairs.jsonl", "stories.jsonl"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


def test_run_with_store_again_starts_a_new_store(tmp_path: Path) -> None:
    """A second ``run --store`` into the same folder gives that run's results, as a run without a store does,
    not the union with what the folder's store held before."""
    one = str(Path(SEEDS, "000_d4a47ec4de73bb3b.txt"))
    _invoke("run", one, "--out", str(tmp_path / "a"), "-q")
    for inputs in ([SEEDS], [one]):
        _invoke("run", *inputs, "--out", str(tmp_path / "b"), "--store", "-q")
    for name in ("articles.jsonl", "pairs.jsonl", "stories.jsonl"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [
        "articles.jsonl", "pairs.jsonl", "samestory.duckdb", "stories.jsonl",
    ]  # fmt: skip
    _invoke("export", "--store", str(tmp_path / "b/samestory.duckdb"), "--out", str(tmp_path / "c"))
    assert (tmp_path / "c/articles.jsonl").read_text() == (tmp_path / "a/articles.jsonl").read_text()


def test_an_id_given_to_two_records_is_neither_matched_nor_added(tmp_path: Path) -> None:
    # Two JSON Lines files that both number their records from 1: "1" names no article in particular.
    wire = Path(SEEDS, "000_d4a47ec4de73bb3b.txt").read_text()
    rewrite = Path(SEEDS, "001_fdedb239be57391e.txt").read_text()
    (tmp_path / "x.jsonl").write_text(
        json.dumps({"id": "1", "text": wire}) + "\n" + json.dumps({"id": "2", "text": rewrite}) + "\n"
    )
    (tmp_path / "y.jsonl").write_text(json.dumps({"id": "1", "text": rewrite}) + "\n")
    inputs = [str(tmp_path / "x.jsonl"), str(tmp_path / "y.jsonl")]
    result = api.run(inputs)
    assert result.match.duplicate_ids == {"1": [f"{inputs[0]}#1", f"{inputs[1]}#1"]}
    assert result.pairs == [] and [s.members for s in result.stories] == [["2"]]
    runner = CliRunner(env={"COLUMNS": "1000"})
    for extra in ([], ["--store"]):
        out = tmp_path / f"out{len(extra)}"
        done = runner.invoke(main, ["run", *inputs, "--out", str(out), *extra])
        assert done.exit_code == 3, done.output
        assert "the id '1' is given to 2 records, so none of them was" in done.output
        stories = [json.loads(line) for line in (out / "stories.jsonl").read_text().splitlines()]
        assert [s["members"] for s in stories] == [["2"]]
    added = runner.invoke(main, ["add", *inputs, "--store", str(tmp_path / "s.duckdb")])
    assert added.exit_code == 3 and "none of them was added" in added.output


def test_add_names_each_input_it_could_not_read_every_time(tmp_path: Path) -> None:
    """As run does: the add says which input failed and the fix, not only how many; and an input that still
    cannot be read is an exit code of 3 on the next add too (the exit code is about this add's inputs)."""
    crawl = Path(shutil.copytree(SEEDS, tmp_path / "crawl"))
    (crawl / "empty.txt").write_bytes(b"")
    runner = CliRunner(env={"COLUMNS": "1000"})
    for _ in range(2):
        added = runner.invoke(main, ["add", str(crawl), "--store", str(tmp_path / "s.duckdb")])
        assert added.exit_code == 3, added.output
        assert "error " + str(crawl / "empty.txt") + ": file is empty (0 bytes). Fix:" in added.output
    message = added.output.split(str(crawl / "empty.txt") + ": ", 1)[1].splitlines()[0]
    quiet = runner.invoke(main, ["add", str(crawl), "--store", str(tmp_path / "s.duckdb"), "-q"])
    assert (quiet.exit_code, quiet.output) == (3, "error " + str(crawl / "empty.txt") + ": " + message + "\n")
    ran = runner.invoke(main, ["run", str(crawl), "--out", str(tmp_path / "out"), "--store"])
    assert ran.exit_code == 3 and str(crawl / "empty.txt") + ": file is empty" in ran.output


def test_ids_and_paths_with_brackets_are_printed_as_they_are(tmp_path: Path) -> None:
    """Ids and paths are data, not rich markup: "[/b]" is no closing tag (that was a MarkupError traceback)
    and "[red]" no colour (that printed another id than the one given)."""
    wire = Path(SEEDS, "000_d4a47ec4de73bb3b.txt").read_text()
    crawl = tmp_path / "[red]crawl"
    crawl.mkdir()
    (crawl / "a.jsonl").write_text(
        json.dumps({"id": "[/b]wire", "text": wire}) + "\n" + json.dumps({"id": "[red]copy", "text": wire}) + "\n"
    )
    store = str(tmp_path / "[/x]s.duckdb")
    runner = CliRunner(env={"COLUMNS": "1000"})
    added = runner.invoke(main, ["add", str(crawl), "--store", store])
    assert added.exit_code == 0 and f"samestory add -> {store}" in added.output, added.output
    story_id = runner.invoke(main, ["stories", "--store", store]).output.split("│")[1].strip()
    shown = runner.invoke(main, ["show", story_id, "--store", store])
    assert shown.exit_code == 0 and "[/b]wire" in shown.output and "[red]copy" in shown.output, shown.output
    article = runner.invoke(main, ["show", "[/b]wire", "--store", store])
    assert article.exit_code == 0 and "article [/b]wire" in article.output, article.output
    missing = runner.invoke(main, ["show", "[/i]nope", "--store", store])
    assert missing.exit_code == 1 and f"no story or article '[/i]nope' in {store}" in missing.output
    no_store = runner.invoke(main, ["stories", "--store", str(tmp_path / "[/y]none.duckdb")])
    assert no_store.exit_code == 1 and "[/y]none.duckdb: no such store" in no_store.output
    ran = runner.invoke(main, ["run", str(crawl), "--out", str(tmp_path / "[b]out"), "--store"])
    assert ran.exit_code == 0 and f"wrote {tmp_path / '[b]out' / 'samestory.duckdb'}" in ran.output, ran.output
    exported = runner.invoke(main, ["export", "--store", store, "--out", str(tmp_path / "[b]dump")])
    assert f"wrote {tmp_path / '[b]dump' / 'articles.jsonl'}" in exported.output
    for name in ("[b]one.txt", "[i]two.txt"):
        (tmp_path / name).write_text(wire)
    compared = runner.invoke(main, ["compare", str(tmp_path / "[b]one.txt"), str(tmp_path / "[i]two.txt")])
    assert compared.exit_code == 0 and "[b]one.txt" in compared.output and "[i]two.txt" in compared.output


def test_standard_input_is_refused_with_the_fix() -> None:
    for command in (["clean", "-"], ["run", "-", "--out", "x"], ["add", "-", "--store", "x.duckdb"]):
        result = CliRunner().invoke(main, command, input="{}\n")
        assert result.exit_code == 2 and "save the input to a file" in result.output, command


def test_outputs_inside_an_input_folder_are_not_read_back(tmp_path: Path) -> None:
    def seeds_in(name: str) -> Path:
        return Path(shutil.copytree(SEEDS, tmp_path / name))

    def ok(*args: str) -> str:
        result = CliRunner().invoke(main, list(args))
        assert result.exit_code == 0, result.output
        return result.output

    crawl = seeds_in("crawl")
    for extra in ([], ["--store"], []):  # the second run also leaves its store in the folder
        ok("run", str(crawl), "--out", str(crawl / "out"), *extra)
        articles = [json.loads(line)["id"] for line in (crawl / "out/articles.jsonl").read_text().splitlines()]
        assert articles == ["crawl/000_d4a47ec4de73bb3b.txt", "crawl/001_fdedb239be57391e.txt"]
    pages = seeds_in("pages")
    for _ in range(2):
        ok("clean", str(pages), "--out", str(pages / "clean.jsonl"), "-q")
        assert len((pages / "clean.jsonl").read_text().splitlines()) == 2
    store = seeds_in("store")
    for _ in range(2):
        ok("add", str(store), "--store", str(store / "s.duckdb"), "-q")


def test_stories_refuses_a_date_that_is_not_iso(tmp_path: Path) -> None:
    store = str(tmp_path / "s.duckdb")
    _invoke("add", SEEDS, "--store", store, "-q")
    bad = CliRunner().invoke(main, ["stories", "--store", store, "--from", "12/02/2026"])
    assert bad.exit_code == 2 and "give it as YYYY-MM-DD" in bad.output
    assert "1 of 1 stories" in _invoke("stories", "--store", store, "--from", "2026-02-01", "--to", "2026-02-28")


def test_stories_with_a_limit_past_64_bits_lists_them_all(tmp_path: Path) -> None:
    store = str(tmp_path / "s.duckdb")
    _invoke("add", SEEDS, "--store", store, "-q")
    # DuckDB's LIMIT is a 64-bit integer: a larger one ended in a ConversionException traceback
    assert "1 of 1 stories" in _invoke("stories", "--store", store, "--limit", str(10**20))


def test_a_path_given_twice_is_read_twice_but_names_one_article_each(tmp_path: Path) -> None:
    result = api.run([SEEDS, SEEDS])
    assert result.match.duplicate_ids == {} and [len(s.members) for s in result.stories] == [2]
    _invoke("add", SEEDS, SEEDS, "--store", str(tmp_path / "s.duckdb"), "-q")


def test_add_accounts_for_the_inputs_it_skipped(tmp_path: Path) -> None:
    """run lists what it skipped on purpose, by reason (hidden files, links not followed, a path named
    twice, WARC records that are no pages ...); add and run --store read the same way and said nothing of
    them: a crawl of linked files was 'read 0, added 0', with no word of why."""
    from samestory.store import Store

    crawl = Path(shutil.copytree(SEEDS, tmp_path / "crawl"))
    (crawl / ".draft.txt").write_text("A draft that is not read.\n")
    (crawl / "link.txt").symlink_to(crawl / "000_d4a47ec4de73bb3b.txt")
    expected = {"hidden": 1, "named_twice": 1, "symlink": 1}
    assert dict(api.run([crawl, crawl]).summary.skipped) == expected
    with Store.open(tmp_path / "s.duckdb") as store:
        result = store.add([crawl, crawl])
    assert (result.files, result.read, result.skipped) == (2, 2, expected)
    runner = CliRunner(env={"COLUMNS": "1000"})
    added = runner.invoke(main, ["add", str(crawl), str(crawl), "--store", str(tmp_path / "t.duckdb")])
    assert added.exit_code == 0 and all(f"skipped: {why}" in added.output for why in expected), added.output
    ran = runner.invoke(main, ["run", str(crawl), str(crawl), "--out", str(tmp_path / "out"), "--store"])
    assert ran.exit_code == 0 and "skipped 3 inputs: hidden 1, named_twice 1, symlink 1" in ran.output, ran.output


def test_show_reads_a_story_s_pairs_in_one_query(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """show read a story's pairs member by member (``pairs_of``: 150 near copies, 150 queries, each pair read
    twice with its passages); it reads them as the story page does, in one light query."""
    from samestory.store import Store

    wire = Path(SEEDS, "000_d4a47ec4de73bb3b.txt").read_text()
    rows = [{"id": f"c{i}", "text": wire.replace("NATO", "NATO " + "very " * i, 1)} for i in range(4)]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    store = str(tmp_path / "s.duckdb")
    _invoke("add", str(tmp_path / "c.jsonl"), "--store", store, "-q")
    with Store.open(store, read_only=True) as opened:
        (summary,), _ = opened.stories()
        expected = opened.story_pairs(summary.story_id)
    assert len(expected) == 6
    calls: list[bool] = []
    real = Store.story_pairs

    def story_pairs(self: Store, story_id: str, *, light: bool = False) -> list[Pair]:
        calls.append(light)
        return real(self, story_id, light=light)

    monkeypatch.setattr(Store, "pairs_of", lambda self, article_id: pytest.fail("pairs read member by member"))
    monkeypatch.setattr(Store, "story_pairs", story_pairs)
    shown = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["show", summary.story_id, "--store", store])
    assert shown.exit_code == 0, shown.output
    assert calls == [True]
    cells = [[c.strip() for c in line.split("│")[1:4]] for line in shown.output.splitlines() if line.startswith("│ c")]
    assert cells == [[p.a, p.b, p.relation] for p in expected]


def test_stories_names_a_few_sources_of_a_story_and_counts_the_rest(tmp_path: Path) -> None:
    """Every source of a story was listed, one per line in a narrow column: a story copied by 150 sites took
    150 lines of the table. As the web list does, the first few are named and the rest counted."""
    wire = Path(SEEDS, "000_d4a47ec4de73bb3b.txt").read_text()
    rows = [{"id": f"c{i}", "source": f"site{i}.example", "text": wire.replace("NATO", "NATO " + "very " * i, 1)}
            for i in range(8)]  # fmt: skip
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    store = str(tmp_path / "s.duckdb")
    _invoke("add", str(tmp_path / "c.jsonl"), "--store", store, "-q")
    listing = CliRunner(env={"COLUMNS": "300"}).invoke(main, ["stories", "--store", store]).output
    assert "site0.example, site1.example, site2.example, site3.example, site4.example and 3 more" in listing
    assert "site5.example" not in listing and "1 of 1 stories" in listing


def _column(output: str, title: str, index: int) -> str:
    """The text of a table's column ``index`` (0-based), each cell's lines joined: what the reader can read."""
    lines = output.split(f" {title} ")[1].splitlines()
    return "".join(line.split("│")[index + 1].strip() for line in lines if line.startswith("│"))


def test_long_ids_are_shown_whole_in_every_table(tmp_path: Path) -> None:
    """At 80 columns, show's relations table cut the long ids of a crawl ('crawl/2026-03-0…'): every row read
    the same and no id could be given to show; the story list cut a long source the same way. A cell too
    narrow for a word now folds it onto the next lines."""
    wire = Path(SEEDS, "000_d4a47ec4de73bb3b.txt").read_text()
    slug = "crawl/2026-03-01/www.example-news-site.com/world/2026/03/01/nato-chief-says-{}-a-very-long-slug.html"
    rows = [{"id": slug.format(i), "source": slug[:60], "text": wire.replace("NATO", "NATO " + "very " * i, 1)}
            for i in range(3)]  # fmt: skip
    (tmp_path / "c.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    store = str(tmp_path / "s.duckdb")
    _invoke("add", str(tmp_path / "c.jsonl"), "--store", store, "-q")
    runner = CliRunner(env={"COLUMNS": "80"})
    listing = runner.invoke(main, ["stories", "--store", store]).output
    assert _column(listing, "dates", 3) == ", ".join(sorted({r["source"] for r in rows}))
    story_id = _column(listing, "dates", 0)
    shown = runner.invoke(main, ["show", story_id, "--store", store]).output
    pairs = [(rows[i]["id"], rows[j]["id"]) for i in range(3) for j in range(i + 1, 3)]
    assert _column(shown, "original", 0) == "".join(a for a, _ in pairs)
    assert _column(shown, "original", 1) == "".join(b for _, b in pairs)


def test_show_of_an_unreadable_input_says_it_has_no_text(tmp_path: Path) -> None:
    """As the article page does (500f10a): show printed an empty line for the text and an empty table of
    removals for an error record, and an empty table for an article cleaning removed nothing from."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "plain.txt").write_text("The old mill burned down overnight, the fire service said.\n")
    store = str(tmp_path / "s.duckdb")
    CliRunner().invoke(main, ["add", str(tmp_path / "in"), "--store", store, "-q"])
    runner = CliRunner(env={"COLUMNS": "200"})
    empty = runner.invoke(main, ["show", "in/empty.txt", "--store", store]).output
    assert "file is empty" in empty and "No clean text: this input could not be read" in empty
    assert "removed by cleaning" not in empty
    plain = runner.invoke(main, ["show", "in/plain.txt", "--store", store]).output
    assert "The old mill burned down" in plain and "Cleaning removed nothing" in plain
    assert "removed by cleaning" not in plain


def test_stories_and_show_print_what_the_api_gives_with_json(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from samestory.serve.app import create_app

    store = tmp_path / "s.duckdb"
    _invoke("add", SEEDS, "--store", str(store))
    listing = json.loads(_invoke("stories", "--store", str(store), "--json", "--limit", "5"))
    (story_id,) = [s["story_id"] for s in listing["stories"]]
    story = json.loads(_invoke("show", story_id, "--store", str(store), "--json"))
    article_id = "seeds/001_fdedb239be57391e.txt"
    article = json.loads(_invoke("show", article_id, "--store", str(store), "--json"))
    with TestClient(create_app(store)) as client:
        assert listing == client.get("/api/stories", params={"limit": 5}).json()
        assert story == client.get(f"/api/stories/{story_id}").json()
        assert article["article"] == client.get("/api/article", params={"id": article_id}).json()
        assert article["pairs"] == client.get("/api/pairs", params={"id": article_id}).json()
    assert article["story_id"] == story_id and story["pairs"][0]["relation"] == "rewrite"
    past = json.loads(_invoke("stories", "--store", str(store), "--json", "--offset", "1"))
    assert past == {"total": 1, "limit": 20, "offset": 1, "stories": []}


def test_the_store_named_as_an_input_of_add_is_refused(tmp_path: Path) -> None:
    """The README: an input named on the command line that is itself an output file (the store of add among
    them) is refused, exit code 2. ``samestory add news.duckdb --store news.duckdb`` (or the default store
    named as an input) skipped it as an output and exited 0, having added nothing."""
    store = tmp_path / "s.duckdb"
    _invoke("add", SEEDS, "--store", str(store), "-q")
    before = store.read_bytes()
    result = CliRunner().invoke(main, ["add", str(store), "--store", str(store)])
    assert result.exit_code == 2 and "is also an output" in result.output and "Fix: " in result.output, result.output
    assert store.read_bytes() == before
