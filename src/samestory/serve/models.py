"""The JSON API's response shapes, as pydantic models so that ``/openapi.json`` describes them.

They mirror the JSON Lines files (``Article.to_dict``, ``Pair.to_dict``, ``Story.to_dict``): what a user
reads from ``samestory run`` is what the API returns.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from samestory.records import Article, Pair, Story
from samestory.serve.backend import Summary


class QuoteModel(BaseModel):
    text: str
    speaker: str | None
    start: int
    end: int


class RemovalModel(BaseModel):
    reason: str = Field(description="Why cleaning removed the span (a stable code, e.g. `disclaimer`).")
    start: int = Field(description="Offset into `original` (inclusive).")
    end: int = Field(description="Offset into `original` (exclusive).")
    text: str
    evidence: str


class FailureModel(BaseModel):
    code: str
    message: str


class ArticleModel(BaseModel):
    """A clean article with everything cleaning removed (offsets index `original`)."""

    id: str
    input: str
    format: str
    source: str | None
    url: str | None
    author: str | None
    fetched: str | None
    http_status: int | None
    title: str | None
    subtitle: str | None
    dateline: str | None
    credit: str | None
    published: str | None
    updated: str | None = None
    language: str | None
    text: str
    paragraphs: list[str]
    paragraph_spans: list[tuple[int, int]]
    fields: dict[str, tuple[int, int]]
    quotes: list[QuoteModel]
    removed: list[RemovalModel]
    flags: list[str]
    error: FailureModel | None
    original: str

    @classmethod
    def of(cls, article: Article) -> ArticleModel:
        return cls.model_validate(article.to_dict())


class AlignmentModel(BaseModel):
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    kind: str = Field(description="`exact` or `paraphrase`.")
    score: float


class DirectionModel(BaseModel):
    original: str | None = Field(description="The likely original, or null when undecided.")
    evidence: list[str]


class PairModel(BaseModel):
    """How two articles relate; offsets index each article's clean `text`."""

    a: str
    b: str
    relation: str
    similarity: float
    scores: dict[str, float]
    alignment: list[AlignmentModel]
    a_only: list[tuple[int, int]]
    b_only: list[tuple[int, int]]
    direction: DirectionModel
    candidate_sources: list[str]

    @classmethod
    def of(cls, pair: Pair) -> PairModel:
        return cls.model_validate(pair.to_dict())


class FamilyModel(BaseModel):
    original: str | None
    members: list[str]
    evidence: list[str]


class StoryModel(BaseModel):
    story_id: str
    members: list[str]
    families: list[FamilyModel]

    @classmethod
    def of(cls, story: Story) -> StoryModel:
        return cls.model_validate(story.to_dict())


class StoryDetailModel(BaseModel):
    """A story with its pairs (every stored pair between two of its members)."""

    story: StoryModel
    pairs: list[PairModel]


class StorySummaryModel(BaseModel):
    story_id: str
    size: int
    title: str | None
    sources: list[str]
    first_date: str | None
    last_date: str | None

    @classmethod
    def of(cls, summary: Summary) -> StorySummaryModel:
        return cls(
            story_id=summary.story_id,
            size=summary.size,
            title=summary.title,
            sources=list(summary.sources),
            first_date=summary.first_date,
            last_date=summary.last_date,
        )


class StoryPageModel(BaseModel):
    total: int = Field(description="Stories matching the filters, all pages together.")
    limit: int
    offset: int
    stories: list[StorySummaryModel]


class CompareModel(BaseModel):
    stored: bool = Field(description="True when the pair comes from the store, false when computed now.")
    pair: PairModel


class ArticleRefModel(BaseModel):
    id: str
    title: str | None
    language: str | None
    flags: list[str]
    removed: list[RemovalModel]
    text: str


class MatchModel(BaseModel):
    """The relations of a posted article to stored articles, strongest first."""

    article: ArticleRefModel
    relations: list[PairModel]
    stored: bool = Field(description="True when the article was written to the store (`?store=true`).")


class ErrorModel(BaseModel):
    detail: str
