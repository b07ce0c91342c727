"""Fetching the records a page or an API answer shows; unknown ids become 404s that name the id.

Both the pages and the JSON API go through here, so they always agree on what a story's pairs are and on
how a comparison is made (the stored pair when there is one, else :func:`samestory.compare` now).
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import HTTPException

from samestory import api
from samestory.errors import InputError
from samestory.records import Article, Pair, Story
from samestory.serve.app import Services
from samestory.serve.backend import Reader
from samestory.serve.render import oriented
from samestory.store.stories import story_title


def article(store: Reader, article_id: str) -> Article:
    found = store.article(article_id)
    if found is None:
        raise HTTPException(404, f"no article with id {article_id!r} in the store")
    return found


def story(store: Reader, story_id: str) -> Story:
    found = store.story(story_id)
    if found is None:
        raise HTTPException(404, f"no story with id {story_id!r} in the store")
    return found


@dataclass(slots=True)
class Comparison:
    a: Article
    b: Article
    pair: Pair
    stored: bool


def compare(services: Services, a: str, b: str) -> Comparison:
    """``a`` against ``b`` (``a`` on the left): the stored pair, or one computed now when not stored."""
    if a == b:
        raise HTTPException(400, f"compare two different articles (both are {a!r})")
    left, right = article(services.store, a), article(services.store, b)
    stored = services.store.pair(a, b) or services.store.pair(b, a)
    if stored is not None and stored.relation != "unrelated":  # unrelated candidates are kept without passages
        return Comparison(left, right, oriented(stored, a), True)
    for side in (left, right):  # computed now: an input without article text could only be "unrelated"
        try:
            api.with_text(side, side.id)
        except InputError as exc:
            raise HTTPException(422, f"cannot compare: {exc}") from exc
    return Comparison(left, right, api.compare(left, right, services.config), False)


def title_of(articles: list[Article], story: Story) -> str | None:
    """A story's title as the story list gives it (:func:`samestory.store.stories.story_title`), or None."""
    return story_title(story, {x.id: x.title for x in articles})
