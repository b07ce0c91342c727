"""The public API is what ``__all__`` says, and the generated CLI reference is current."""

import os
from pathlib import Path

import samestory
from samestory.cli_reference import render

PUBLIC = {
    "Alignment", "Article", "CleanConfig", "Config", "Direction", "Family", "IngestConfig", "InputError",
    "MatchConfig", "Pair", "Quote", "RawRecord", "Removal", "RunResult", "SamestoryError", "Story",
    "__version__", "clean", "clean_text", "compare", "load_config", "run",
}  # fmt: skip


def test_all_is_the_public_api() -> None:
    assert set(samestory.__all__) == PUBLIC
    for name in samestory.__all__:
        assert hasattr(samestory, name)


def test_cli_reference_is_current(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(os.environ, "COLUMNS", "100")
    doc = Path(__file__).resolve().parents[1] / "docs" / "cli.md"
    assert doc.read_text(encoding="utf-8") == render(), (
        "run: COLUMNS=100 python -m samestory.cli_reference > docs/cli.md"
    )
