"""Exporting a store (store/export.py): every file of an export is written, or none."""

import errno
from collections.abc import Iterator
from pathlib import Path

import pytest

from samestory.records import Pair
from samestory.store import Store, StoreError
from samestory.store.export import export

SEEDS = Path("examples/seeds")


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_an_export_that_fails_leaves_the_folder_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """An export stopped by a full disk left its articles file new beside the pairs and stories of the
    export before, and a Parquet file's temporary file behind; the message did not say where it wrote."""
    out = tmp_path / "out"
    with Store.open(tmp_path / "one.duckdb") as store:
        store.add([SEEDS / "000_d4a47ec4de73bb3b.txt"])
        export(store, out, fmt)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def full(self: Store, **kwargs: object) -> Iterator[Pair]:
        raise OSError(errno.ENOSPC, "No space left on device")
        yield

    with Store.open(tmp_path / "two.duckdb") as store:
        store.add([SEEDS])
        monkeypatch.setattr(Store, "iter_pairs", full)
        with pytest.raises(StoreError, match=f"cannot write the export to {out}.*No space left.*Fix:"):
            export(store, out, fmt)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
