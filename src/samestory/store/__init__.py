"""The embedded store (DuckDB): articles, fingerprints, pairs and stories, kept as one run would give them.

Read API (stable; used by ``samestory serve``): :class:`Store` (``open``, ``close``, ``article``, ``articles``,
``story``, ``story_of``, ``stories``, ``pairs_of``, ``story_pairs``, ``pair``, ``counts``, ``add``, ``add_records``,
``add_articles``, ``matcher``, ``check``), :class:`StorySummary`, :class:`Matcher` (``match``),
:class:`AddResult`, :class:`StoreError`. Design: ``docs/store.md``.
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from samestory.store.add import AddResult
    from samestory.store.errors import StoreError
    from samestory.store.matcher import Matcher
    from samestory.store.store import Store, StorySummary

__all__ = ["AddResult", "Matcher", "Store", "StoreError", "StorySummary"]
#: Where each name of ``__all__`` lives.
_HOMES = {
    "AddResult": "samestory.store.add", "Matcher": "samestory.store.matcher", "Store": "samestory.store.store",
    "StoreError": "samestory.store.errors", "StorySummary": "samestory.store.store",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    """The names of ``__all__``, imported when first asked for: the store's command line lives in this
    package, and every command would otherwise import DuckDB and the store's modules at start-up."""
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
