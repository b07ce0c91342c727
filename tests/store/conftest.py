import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from store_corpus import make_corpus, write_batches


@pytest.fixture(scope="session")
def corpus_rows() -> list[dict[str, object]]:
    return make_corpus()


@pytest.fixture
def batches(tmp_path: Path, corpus_rows: list[dict[str, object]]) -> list[Path]:
    folder = tmp_path / "crawl"
    folder.mkdir()
    return write_batches(folder, corpus_rows)
