"""kill -9 during an add: the store stays consistent, and running the add again completes it exactly; the
same for an add that first cleans every stored article again (new cleaning rules), a chunk per transaction."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from store_helpers import snapshot_file

from samestory.store import Store
from samestory.store.add import PAUSE_ENV
from samestory.store.reclean import CHUNK_ENV


def _add(store: Path, batch: Path, **env: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "samestory", "add", str(batch), "--store", str(store), "-q"]
    return subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, **env})


def _add_done(store: Path, batch: Path, **env: str) -> None:
    proc = _add(store, batch, **env)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err


def _kill_at(store: Path, batch: Path, phase: str, **env: str) -> None:
    proc = _add(store, batch, **{PAUSE_ENV: phase}, **env)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    assert line.strip() == f"samestory-pause {phase}", line
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)


@pytest.fixture
def reference(tmp_path: Path, batches: list[Path]) -> dict[str, list[tuple[object, ...]]]:
    """The store after two uninterrupted adds."""
    path = tmp_path / "reference.duckdb"
    for batch in batches[:2]:
        _add_done(path, batch)
    return snapshot_file(path)


@pytest.mark.parametrize("phase", ["clean", "verify", "cluster", "commit"])
def test_killed_add_leaves_the_store_as_before_and_a_rerun_completes(
    tmp_path: Path, batches: list[Path], reference: dict[str, list[tuple[object, ...]]], phase: str
) -> None:
    path = tmp_path / "s.duckdb"
    _add_done(path, batches[0])
    before = snapshot_file(path)
    _kill_at(path, batches[1], phase)
    with Store.open(path) as store:
        assert store.check() == []
    assert snapshot_file(path) == before
    _add_done(path, batches[1])
    assert snapshot_file(path) == reference


def test_kills_at_random_moments(
    tmp_path: Path, batches: list[Path], reference: dict[str, list[tuple[object, ...]]]
) -> None:
    path = tmp_path / "s.duckdb"
    rng = random.Random(4)
    for _ in range(3):
        proc = _add(path, batches[0])
        time.sleep(rng.uniform(0.5, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        with Store.open(path) as store:
            assert store.check() == []
    _add_done(path, batches[0])
    _add_done(path, batches[1])
    assert snapshot_file(path) == reference


# -- a re-clean after the cleaning rules changed: chunks, each committed ------------------------------------

#: Small chunks, so that the test corpus takes several transactions.
RECLEAN_ENV = {CHUNK_ENV: "7"}


def _built_with_other_rules(path: Path, batches: list[Path]) -> None:
    """Two adds, then the store marked as built by a samestory with other cleaning rules (as an upgrade
    finds it)."""
    for batch in batches[:2]:
        _add_done(path, batch)
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = 'older rules' WHERE key = 'clean_rules'")
    con.close()


@pytest.fixture
def recleaned(tmp_path: Path, batches: list[Path]) -> dict[str, list[tuple[object, ...]]]:
    """The store after an uninterrupted add of the third batch, which first cleans every stored article
    again."""
    path = tmp_path / "recleaned.duckdb"
    _built_with_other_rules(path, batches)
    _add_done(path, batches[2], **RECLEAN_ENV)
    return snapshot_file(path)


@pytest.mark.parametrize("phase", ["reclean.lines", "reclean.clean", "reclean.verify", "reclean.commit", "commit"])
def test_a_killed_reclean_leaves_a_consistent_store_that_the_next_add_completes(
    tmp_path: Path, batches: list[Path], recleaned: dict[str, list[tuple[object, ...]]], phase: str
) -> None:
    path = tmp_path / "s.duckdb"
    _built_with_other_rules(path, batches)
    _kill_at(path, batches[2], phase, **RECLEAN_ENV)
    with Store.open(path, read_only=True) as store:
        assert store.check() == []
        state = store.reclean_state()
        assert (state is None) == (phase == "commit")  # the batch's own transaction comes after the re-clean
    _add_done(path, batches[2], **RECLEAN_ENV)
    assert snapshot_file(path) == recleaned


def test_a_reclean_killed_between_chunks_and_at_random_moments_is_completed_by_the_next_add(
    tmp_path: Path, batches: list[Path], recleaned: dict[str, list[tuple[object, ...]]]
) -> None:
    path = tmp_path / "s.duckdb"
    _built_with_other_rules(path, batches)
    done = []
    for _ in range(2):  # each add commits one more chunk of articles, then is killed
        _kill_at(path, batches[2], "reclean.committed", **RECLEAN_ENV)
        with Store.open(path, read_only=True) as store:
            assert store.check() == []
            state = store.reclean_state()
            assert state is not None and state.step == "articles"
            done.append(state.done)
    assert done == [7, 14]
    rng = random.Random(9)
    for _ in range(3):
        proc = _add(path, batches[2], **RECLEAN_ENV)
        time.sleep(rng.uniform(0.5, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        with Store.open(path, read_only=True) as store:
            assert store.check() == []
    _add_done(path, batches[2], **RECLEAN_ENV)
    assert snapshot_file(path) == recleaned
