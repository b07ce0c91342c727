"""The embedded store (DuckDB): articles, fingerprints, pairs and stories, kept as one run would give them.

Read API (stable; used by ``samestory serve``): :class:`Store` (``open``, ``close``, ``article``, ``articles``,
``story``, ``story_of``, ``stories``, ``pairs_of``, ``pair``, ``counts``, ``add``, ``add_records``,
``add_articles``, ``matcher``, ``check``), :class:`StorySummary`, :class:`Matcher` (``match``),
:class:`AddResult`, :class:`StoreError`. Design: ``docs/store.md``.
"""

from samestory.store.add import AddResult
from samestory.store.errors import StoreError
from samestory.store.matcher import Matcher
from samestory.store.store import Store, StorySummary

__all__ = ["AddResult", "Matcher", "Store", "StoreError", "StorySummary"]
