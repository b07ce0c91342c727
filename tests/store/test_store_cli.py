"""The store commands: add, stories, show, export (JSON Lines and Parquet), and run --store."""

import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from samestory import api
from samestory.cli import main

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
