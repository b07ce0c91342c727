"""The Dask executor gives what the local one gives: the same articles, pairs, stories and summary."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from samestory import run
from samestory.config import Config
from samestory.executors.local import LocalExecutor

distributed = pytest.importorskip("distributed")
# A cluster's own housekeeping (sockets closed late at shutdown, slow-start notices) is not what these
# tests check; the results are.
pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning", "ignore:::distributed")

from samestory.executors.dask import DaskExecutor  # noqa: E402

DATA = Path(__file__).parent.parent / "data" / "relations"
FOOTER = "Riverside Ledger reporters cover the valley towns every day of the week"
STORY = (
    "Officials in {city} said on Monday that the river had risen {n} metres overnight.\n"
    "Residents of {n} streets were moved to schools, the mayor's office said in a statement.\n"
    '"We have never seen water this high," said Anna Berg, who has lived there for {n} years.\n'
)


@pytest.fixture(scope="module")
def dask_executor() -> Iterator[DaskExecutor]:
    """One local cluster of two worker processes for the module (starting one takes seconds)."""
    with DaskExecutor(workers=2) as executor:
        yield executor


def crawl(root: Path, seed_000: str, seed_001: str) -> Path:
    """Seeds, a partial reprint, a same-event and an unrelated report, a corpus footer, and bad inputs."""
    folder = root / "crawl"
    for k, text in enumerate([seed_000, seed_001, "\n".join(seed_000.splitlines()[:8])]):
        (folder / "wire").mkdir(parents=True, exist_ok=True)
        (folder / "wire" / f"{k}.txt").write_text(text)
    for name in ("same_event.txt", "unrelated.txt"):
        (folder / "other").mkdir(exist_ok=True)
        (folder / "other" / name).write_text((DATA / name).read_text())
    for k, city in enumerate(["Melk", "Krems", "Tulln", "Linz", "Passau", "Vienna", "Dresden", "Gyor"]):
        body = STORY.format(city=city, n=k + 3)
        (folder / "ledger").mkdir(exist_ok=True)
        (folder / "ledger" / f"{k}.txt").write_text(f"Flood Waters Rise in {city}\n{body}{FOOTER}\n")
    (folder / "bad").mkdir()
    (folder / "bad" / "empty.txt").write_bytes(b"")
    (folder / "bad" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return folder


def as_json(items: list) -> list[str]:  # type: ignore[type-arg]
    return [json.dumps(x.to_dict(), sort_keys=True) for x in items]


@pytest.mark.parametrize("corpus_stats", [True, False])
def test_run_on_dask_equals_local_run(
    dask_executor: DaskExecutor, tmp_path: Path, seed_000: str, seed_001: str, monkeypatch: pytest.MonkeyPatch,
    corpus_stats: bool,
) -> None:  # fmt: skip
    import samestory.executors.local as local
    import samestory.stages.match as match_stage

    monkeypatch.setattr(local, "SHARD_FILES", 3)  # several shards per pass
    monkeypatch.setattr(match_stage, "VERIFY_CHUNK", 1)  # one candidate per task: many tasks on the workers
    folder = crawl(tmp_path, seed_000, seed_001)
    reference = run([folder], corpus_stats=corpus_stats, executor=LocalExecutor(workers=1))
    on_dask = run([folder], corpus_stats=corpus_stats, executor=dask_executor)
    assert len(reference.pairs) >= 3 and len(reference.stories) >= 2
    assert as_json(on_dask.articles) == as_json(reference.articles)
    assert as_json(on_dask.pairs) == as_json(reference.pairs)
    assert as_json(on_dask.stories) == as_json(reference.stories)
    assert on_dask.summary.to_dict() == reference.summary.to_dict()
    assert sum(1 for a in on_dask.articles if a.error is not None) == 2  # the empty and the binary file
    ledger = [a for a in on_dask.articles if "/ledger/" in a.id]
    removed = {r.reason for a in ledger for r in a.removed}
    assert ("corpus_boilerplate" in removed) is corpus_stats  # the statistics reached the workers


def test_clean_jsonl_on_dask_equals_local(
    dask_executor: DaskExecutor, tmp_path: Path, seed_000: str, seed_001: str
) -> None:
    folder = crawl(tmp_path, seed_000, seed_001)
    local = "".join(e.text for e in LocalExecutor(workers=2).clean_jsonl([folder], Config()))
    on_dask = "".join(e.text for e in dask_executor.clean_jsonl([folder], Config()))
    assert on_dask == local and local.count("\n") == 15


def _pid(_: object) -> int:
    return os.getpid()


def test_map_tasks_keeps_task_order_and_runs_on_workers(dask_executor: DaskExecutor) -> None:
    tasks = list(range(50, 0, -1))
    assert list(dask_executor.map_tasks(abs, tasks)) == tasks
    assert os.getpid() not in set(dask_executor.map_tasks(_pid, tasks))
    assert dask_executor.shares_memory is False


def test_run_command_on_dask(seeds: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from samestory.cli import EXIT_OK, EXIT_USAGE, main

    outputs = {}
    for kind in ("local", "dask"):
        out = tmp_path / kind
        result = CliRunner().invoke(main, ["run", str(seeds), "--out", str(out), "--executor", kind, "-q"])
        assert result.exit_code == EXIT_OK, result.output
        outputs[kind] = [(out / name).read_text() for name in ("articles.jsonl", "pairs.jsonl", "stories.jsonl")]
    assert outputs["dask"] == outputs["local"]
    assert '"rewrite"' in outputs["dask"][1]
    refused = CliRunner().invoke(
        main, ["run", str(seeds), "--out", str(tmp_path / "s"), "--store", "--executor", "dask"]
    )
    assert refused.exit_code == EXIT_USAGE
