"""The clean bench's noise pools (bench/_pools.py) stay disjoint, complete and fillable.

The pools are bench code, but a broken pool only shows up when the bench runs on the shared data; these
checks need no data. They fill the held-out pool's templates without showing them (unless one fails).
"""

from __future__ import annotations

import itertools
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
import _sources

UNFILLED = re.compile(r"\{[A-Za-z_]\w*\}")
NOT_TEMPLATES = {"decorations", "tlds", "site_first", "site_second", "company_suffix"}


def templates(pool: dict[str, Any]) -> Iterator[tuple[str, _pools.Template]]:
    for key, values in pool.items():
        if key not in NOT_TEMPLATES:
            yield from ((key, value) for value in values)


def test_pools_share_no_wording_and_have_the_same_kinds() -> None:
    _pools.check_disjoint()
    assert list(_pools.POOLS) == [
        "dev",
        "test",
        "fresh",
        "fresh3",
        "fresh4",
        "fresh5",
        "fresh6",
        "fresh7",
        "fresh8",
        "fresh9",
        "fresh2",
    ]
    assert _pools.HELD_OUT == "fresh2"


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(_pools.POOLS, 2)))
def test_check_disjoint_names_any_two_pools_that_share(
    monkeypatch: pytest.MonkeyPatch, first: str, second: str
) -> None:
    pool = _pools.POOLS[second]
    leaky = {**pool, "copyright": [*pool["copyright"], _pools.POOLS[first]["copyright"][0]]}
    monkeypatch.setitem(_pools.POOLS, second, leaky)
    with pytest.raises(AssertionError, match=f"{first} and {second} pools share"):
        _pools.check_disjoint()


def test_check_disjoint_wants_the_same_kinds_in_every_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    short = {k: v for k, v in _pools.POOLS[_pools.HELD_OUT].items() if k != "read_more"}
    monkeypatch.setitem(_pools.POOLS, _pools.HELD_OUT, short)
    with pytest.raises(AssertionError, match="other keys than dev: \\['read_more'\\]"):
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


def test_every_pool_dresses_a_half_of_the_articles() -> None:
    assert set(_sources.ARTICLES_OF) == set(_pools.POOLS)
    assert set(_sources.ARTICLES_OF.values()) == {"dev", "test"}
    assert _sources.ARTICLES_OF[_pools.HELD_OUT] == "test"


def test_new_slots_fill_as_documented() -> None:
    site = _sites.make_sites(1, random.Random(3), _pools.POOLS["dev"])[0]
    slots = _sites.Slots(random.Random(3), site, _pools.POOLS["dev"], ["-"])
    assert re.fullmatch(r"[a-z]{5}", slots["az5"])
    assert slots["surt"] == ",".join(reversed(site.domain.split("."))) + ")"
