from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from serve_data import HOSTILE_TEXT, SEEDS, TOKEN, A, make_app

from samestory import run
from samestory.serve.storeview import StoreBackend
from samestory.store import Store


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus an article whose text carries markup that must show as text."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, root / "seeds")
    (root / "hostile").mkdir()
    (root / "hostile" / "harbour.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def seeds_run(corpus: Path):  # type: ignore[no-untyped-def]
    return run([corpus / "seeds", corpus / "hostile"])


@pytest.fixture(scope="session")
def store_file(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built by ``Store.add`` from the corpus, once; tests get copies."""
    path = tmp_path_factory.mktemp("store") / "samestory.duckdb"
    with Store.open(path) as store:
        store.add([corpus / "seeds", corpus / "hostile"])
    return path


@pytest.fixture
def store_copy(store_file: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "samestory.duckdb"
    shutil.copyfile(store_file, copy)
    return copy


@pytest.fixture
def backend(store_copy: Path) -> Iterator[StoreBackend]:
    backend = StoreBackend.open(store_copy, read_only=False)
    yield backend
    backend.close()


@pytest.fixture
def story_id(seeds_run) -> str:  # type: ignore[no-untyped-def]
    return next(s.story_id for s in seeds_run.stories if A in s.members)


@pytest.fixture
def client(backend: StoreBackend) -> Iterator[TestClient]:
    with TestClient(make_app(backend, token=TOKEN, max_body=100_000)) as c:
        yield c
