"""kill -9 during an add: the store stays consistent, and running the add again completes it exactly."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_helpers import snapshot_file

from samestory.store import Store
from samestory.store.add import PAUSE_ENV


def _add(store: Path, batch: Path, **env: str) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "samestory", "add", str(batch), "--store", str(store), "-q"]
    return subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env={**os.environ, **env})


def _add_done(store: Path, batch: Path) -> None:
    proc = _add(store, batch)
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err


def _kill_at(store: Path, batch: Path, phase: str) -> None:
    proc = _add(store, batch, **{PAUSE_ENV: phase})
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
