"""The pages at a realistic scale: a story of 30 near copies (435 related pairs), built in the test."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from serve_data import make_app
from serve_scale import build_store, wire_rows

from samestory.serve.storeview import StoreBackend
from samestory.store import Store

COPIES = 30
PAIRS = COPIES * (COPIES - 1) // 2


class Counting:
    """A backend that counts the calls made to it."""

    def __init__(self, backend: StoreBackend) -> None:
        self.backend = backend
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        found = getattr(self.backend, name)
        if not callable(found):
            return found

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            return found(*args, **kwargs)

        return counted


@pytest.fixture(scope="module")
def wire_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("wire") / "wire.duckdb", wire_rows(COPIES))


@pytest.fixture(scope="module")
def wire(wire_store: Path) -> Iterator[tuple[TestClient, Counting, str]]:
    backend = Counting(StoreBackend.open(wire_store, read_only=True))
    with TestClient(make_app(backend)) as client:  # type: ignore[arg-type]
        story_id = client.get("/api/stories").json()["stories"][0]["story_id"]
        assert client.get("/api/counts").json()["pairs"] == PAIRS
        yield client, backend, story_id


def test_a_story_page_reads_its_pairs_at_once_not_member_by_member(wire: tuple[TestClient, Counting, str]) -> None:
    client, backend, story_id = wire
    backend.calls.clear()
    assert client.get(f"/story/{story_id}").status_code == 200
    assert client.get(f"/api/stories/{story_id}").json()["pairs"].__len__() == PAIRS
    assert sum(backend.calls.values()) <= 6, backend.calls  # was one pairs_of per member: 2 x 30 reads


def test_light_story_pairs_are_the_full_ones_without_passages(wire_store: Path) -> None:
    with Store.open(wire_store, read_only=True) as store:
        story_id = store.stories()[0][0].story_id
        full, light = store.story_pairs(story_id), store.story_pairs(story_id, light=True)
    assert len(full) == PAIRS and [(p.a, p.b, p.relation, p.similarity, p.direction.original) for p in full] == [
        (p.a, p.b, p.relation, p.similarity, p.direction.original) for p in light
    ]
    assert full[0].alignment and not light[0].alignment


def test_a_big_story_page_draws_its_strongest_links_and_says_so(wire: tuple[TestClient, Counting, str]) -> None:
    client, _, story_id = wire
    html = client.get(f"/story/{story_id}").text
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="node') == COPIES and svg.count('class="edge ') == COPIES - 1  # was all 435
    assert f"Only the strongest {COPIES - 1} of the {PAIRS} pairs are drawn" in html


def _pair_rows(html: str) -> list[str]:
    table = html[html.index('<table class="pairs">') :]
    return re.findall(r'<a class="compare-link" href="([^"]+)"', table[: table.index("</table>")])


def test_a_big_story_page_lists_its_pairs_a_page_at_a_time(wire: tuple[TestClient, Counting, str]) -> None:
    client, _, story_id = wire
    first = client.get(f"/story/{story_id}").text
    assert len(first) < 150_000  # every pair on one page: 330 KB here, 3.7 MB for 150 copies
    seen = []
    for page in range(1, 6):
        html = first if page == 1 else client.get(f"/story/{story_id}", params={"page": page}).text
        seen += _pair_rows(html)
        assert (f'rel="next" href="/story/{story_id}?page={page + 1}#pairs"' in html) == (page < 5)
    assert len(seen) == len(set(seen)) == PAIRS and len(_pair_rows(first)) == 100
    assert "pairs 1\u2013100 of 435" in first
    assert client.get(f"/story/{story_id}", params={"page": 0}).status_code == 422
    assert "No pairs on this page" in client.get(f"/story/{story_id}", params={"page": 9}).text


def test_a_big_family_shows_its_verdict_and_a_few_lines_of_evidence(wire: tuple[TestClient, Counting, str]) -> None:
    # 30 copies gave 408 lines of pair evidence; 150 copies 9,045 lines, 570 KB of the page
    client, _, story_id = wire
    html = client.get(f"/story/{story_id}").text
    family = html[html.index('<article class="family">') : html.index("</article>")]
    assert family.count("<li>") == 10 and "398 more lines" in family
    assert f'href="/api/stories/{story_id}"' in family
    # the verdict, not line 409: copies 0 and 27 share the earliest date (1 and 28 the next, with the paragraph
    # that 0 and 27 drop), and no pair decides between them
    assert re.search(r"<em>undecided</em>: no pair decides between wire/copy-000, wire/copy-001, ", family)


def test_the_story_list_names_a_few_sources_and_counts_the_rest(wire: tuple[TestClient, Counting, str]) -> None:
    client, _, story_id = wire
    html = client.get("/").text
    row = html[html.index(f'href="/story/{story_id}"') :]
    row = row[: row.index("</tr>")]
    assert "site0.example, site1.example, site10.example, site11.example, site2.example" in row
    assert "site3.example" not in row and "and 7 more" in row  # all 12 were listed: 40, a screenful, for 150 copies
