"""The web interface and JSON API over a samestory store: ``samestory serve --store FILE``.

>>> from samestory.serve import create_app  # doctest: +SKIP
>>> app = create_app("out/samestory.duckdb")  # doctest: +SKIP
"""

from __future__ import annotations

from samestory.serve.app import create_app
from samestory.serve.limits import DEFAULT_MAX_BODY

__all__ = ["DEFAULT_MAX_BODY", "create_app"]
