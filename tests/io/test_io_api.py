"""The public API of :mod:`samestory.io` is exactly what ``__all__`` says."""

from __future__ import annotations

import inspect

import samestory.io


def test_public_names() -> None:
    assert samestory.io.__all__ == ["Paths", "ReadStats", "Source", "WalkFailure", "read_inputs", "read_source", "walk"]
    public = {n for n, v in vars(samestory.io).items() if not n.startswith("_") and not inspect.ismodule(v)}
    assert public == set(samestory.io.__all__)
