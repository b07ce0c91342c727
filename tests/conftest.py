from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"


@pytest.fixture
def seeds() -> Path:
    return SEEDS


@pytest.fixture
def seed_000() -> str:
    return (SEEDS / "000_d4a47ec4de73bb3b.txt").read_text(encoding="utf-8")


@pytest.fixture
def seed_001() -> str:
    return (SEEDS / "001_fdedb239be57391e.txt").read_text(encoding="utf-8")
