"""The clean bench's noise pools (bench/_pools.py) stay disjoint, complete and fillable.

The pools are bench code, but a broken pool only shows up when the bench runs on the shared data; these
checks need no data.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import _pools
import _sites

UNFILLED = re.compile(r"\{[A-Za-z_]\w*\}")
NOT_TEMPLATES = {"decorations", "tlds", "site_first", "site_second", "company_suffix"}


def templates(pool: dict[str, Any]) -> Iterator[tuple[str, _pools.Template]]:
    for key, values in pool.items():
        if key not in NOT_TEMPLATES:
            yield from ((key, value) for value in values)


def test_pools_share_no_wording_and_have_the_same_kinds() -> None:
    _pools.check_disjoint()
    assert set(_pools.POOLS) == {"dev", "test", "fresh"}
    assert _pools.HELD_OUT == "fresh"


def test_check_disjoint_names_the_pools_that_share(monkeypatch: pytest.MonkeyPatch) -> None:
    leaky = {**_pools.FRESH, "copyright": [*_pools.FRESH["copyright"], _pools.TEST["copyright"][0]]}
    monkeypatch.setitem(_pools.POOLS, "fresh", leaky)
    with pytest.raises(AssertionError, match="test and fresh pools share"):
        _pools.check_disjoint()


@pytest.mark.parametrize("name", sorted(_pools.POOLS))
def test_every_template_fills(name: str) -> None:
    pool = _pools.POOLS[name]
    rng = random.Random(7)
    site = _sites.make_sites(1, rng, pool)[0]
    for key, template in templates(pool):
        slots = _sites.Slots(rng, site, pool, ["Council approves the new harbour plan"])
        lines = _sites.fill(template, slots)
        assert all(line and not UNFILLED.search(line) for line in lines), (key, lines)
