"""The cluster stage: verified pairs in, :class:`~samestory.records.Story` records out."""

from __future__ import annotations

from collections.abc import Iterable

from samestory.config import MatchConfig
from samestory.core.cluster import build_stories
from samestory.records import Pair, Story


def cluster(ids: Iterable[str], pairs: Iterable[Pair], config: MatchConfig | None = None) -> list[Story]:
    """Every id in exactly one story; stories split into copy families with their likely originals."""
    return build_stories(ids, pairs, (config or MatchConfig()).story_linkage)
