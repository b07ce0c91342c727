"""The web interface and JSON API over a samestory store: ``samestory serve --store FILE``.

>>> from samestory.serve import create_app  # doctest: +SKIP
>>> app = create_app("out/samestory.duckdb")  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samestory.serve.app import create_app
    from samestory.serve.limits import DEFAULT_MAX_BODY

__all__ = ["DEFAULT_MAX_BODY", "create_app"]


def __getattr__(name: str) -> Any:
    """The names of ``__all__``, imported when first asked for: ``samestory serve``'s command line lives in
    this package, and every other command would otherwise import FastAPI (a third of the CLI's start-up)."""
    if name == "create_app":
        from samestory.serve.app import create_app

        return create_app
    if name == "DEFAULT_MAX_BODY":
        from samestory.serve.limits import DEFAULT_MAX_BODY

        return DEFAULT_MAX_BODY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
