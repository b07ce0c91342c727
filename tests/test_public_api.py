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


def test_the_readmes_python_example_runs_and_prints_what_it_says(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The README's Python API block, run as written in a folder with its paths (``examples/seeds``,
    ``crawl/``, ``crawl/2026-03-01/``): every call exists, and its last line names the stored articles the
    new one relates to (not, on every row, the new article's own id)."""
    import contextlib
    import io
    import re
    import shutil

    repo = Path(__file__).resolve().parents[1]
    readme = (repo / "README.md").read_text(encoding="utf-8")
    code = re.search(r"### Python API\n\n```python\n(.*?)```", readme, re.S)
    assert code is not None, "README.md has no Python API example"
    shutil.copytree(repo / "examples/seeds", tmp_path / "examples/seeds")
    shutil.copytree(repo / "examples/seeds", tmp_path / "crawl/2026-03-01")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code.group(1), "README.md", "exec"), {})
    last = printed.getvalue().splitlines()[-1]
    assert "2026-03-01/000_d4a47ec4de73bb3b.txt" in last and "2026-03-01/001_fdedb239be57391e.txt" in last, last
