from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

#: --doctest-modules would collect the folders' conftest.py files as modules, all named "conftest", and
#: the second clashes with the first; they hold no doctests.
collect_ignore_glob = ["*/conftest.py"]

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"

# Property tests check behaviour, not speed: no per-example deadline (hypothesis's default 200 ms failed a
# test_compare example at 278 ms on a loaded 2-core machine). Speed is measured in bench/.
settings.register_profile("samestory", deadline=None)
settings.load_profile("samestory")


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def seed_000() -> str:
    return (SEEDS / "000_d4a47ec4de73bb3b.txt").read_text(encoding="utf-8")


@pytest.fixture
def seed_001() -> str:
    return (SEEDS / "001_fdedb239be57391e.txt").read_text(encoding="utf-8")
