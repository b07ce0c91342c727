"""The JSON API under ``/api/``: the same data as the pages, and ``POST /api/match``."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from samestory.records import Article, Pair
from samestory.serve import fetch
from samestory.serve.app import Services, services
from samestory.serve.intake import IntakeError, parse_body, to_article
from samestory.serve.models import (
    ArticleModel,
    ArticleRefModel,
    CompareModel,
    ErrorModel,
    MatchModel,
    PairModel,
    RemovalModel,
    StoryDetailModel,
    StoryModel,
    StoryPageModel,
    StorySummaryModel,
)
from samestory.serve.security import check_writer

router = APIRouter(prefix="/api", tags=["api"])
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorModel, "description": "Unknown id (named in the message)."}
}
BAD_BODY: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorModel, "description": "Empty body, invalid JSON or text that is not UTF-8."},
    401: {"model": ErrorModel, "description": "`store=true` without the right bearer token."},
    403: {"model": ErrorModel, "description": "`store=true` on a server started without a token."},
    413: {"model": ErrorModel, "description": "Body over the size limit."},
    415: {"model": ErrorModel, "description": "Unsupported content type or charset."},
    422: {"model": ErrorModel, "description": "No article text in what was sent."},
}
Day = Annotated[dt.date | None, Query(description="YYYY-MM-DD")]


@router.get("/counts", summary="How many articles, pairs and stories the store holds")
def counts(request: Request) -> dict[str, int]:
    return services(request).store.counts()


@router.get("/status", summary="Whether the server is warm: matcher built, and stored views too when preloading")
def status(request: Request) -> dict[str, bool]:
    shared = services(request)
    return {"ready": shared.warmed.is_set(), "preload": shared.preload}


_SEARCH = "Words (a phrase in double quotes is one), each in a story's title or in a member's title, text or source."


@router.get("/stories", summary="List and search stories")
def stories(
    request: Request,
    q: Annotated[str | None, Query(description=_SEARCH)] = None,
    source: Annotated[str | None, Query(description="Only stories with an article from this source.")] = None,
    date_from: Day = None,
    date_to: Day = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> StoryPageModel:
    found, total = services(request).store.stories(
        search=(q or "").strip() or None,  # as the story list page does
        source=(source or "").strip() or None,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        limit=limit,
        offset=offset,
    )
    return StoryPageModel(total=total, limit=limit, offset=offset, stories=[StorySummaryModel.of(s) for s in found])


@router.get("/stories/{story_id}", summary="A story, its copy families and its pairs", responses=NOT_FOUND)
def story(request: Request, story_id: str) -> StoryDetailModel:
    store = services(request).store
    found = fetch.story(store, story_id)
    pairs = store.story_pairs(found.story_id)
    return StoryDetailModel(story=StoryModel.of(found), pairs=[PairModel.of(p) for p in pairs])


@router.get("/article", summary="An article: clean text, fields, and what cleaning removed", responses=NOT_FOUND)
def article(request: Request, id: Annotated[str, Query(description="The article id.")]) -> ArticleModel:
    return ArticleModel.of(fetch.article(services(request).store, id))


@router.get("/pairs", summary="The stored pairs of an article", responses=NOT_FOUND)
def pairs(request: Request, id: Annotated[str, Query(description="The article id.")]) -> list[PairModel]:
    store = services(request).store
    fetch.article(store, id)
    return [PairModel.of(p) for p in store.pairs_of(id)]


@router.get("/compare", summary="Two articles compared (the stored pair, or computed now)", responses=NOT_FOUND)
def compare(
    request: Request,
    a: Annotated[str, Query(description="Left article id.")],
    b: Annotated[str, Query(description="Right article id.")],
) -> CompareModel:
    result = fetch.compare(services(request), a, b)
    return CompareModel(stored=result.stored, pair=PairModel.of(result.pair))


@router.post(
    "/match",
    summary="Relations of a new article to the stored ones; stored only with ?store=true and the token",
    responses=BAD_BODY,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "object", "properties": {
                    "text": {"type": "string"}, "html": {"type": "string"}, "id": {"type": "string"},
                    "title": {"type": "string"}, "url": {"type": "string"}, "source": {"type": "string"},
                    "published": {"type": "string"}}}},
                "text/plain": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            },
        }
    },
)  # fmt: skip
async def match(
    request: Request,
    store: Annotated[bool, Query(description="Also store the article (needs the bearer token).")] = False,
    id: Annotated[str | None, Query(description="Id for the article (default: a hash of its content).")] = None,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> MatchModel:
    shared = services(request)
    if store:
        check_writer(shared.token, authorization)
    body = await request.body()
    try:
        posted = parse_body(body, request.headers.get("content-type"))
        article = await run_in_threadpool(to_article, posted, shared.config.clean, id)
    except IntakeError as exc:
        raise HTTPException(exc.status, exc.message) from None
    relations = await run_in_threadpool(_match_and_store, shared, article, store)
    return MatchModel(article=_ref(article), relations=[PairModel.of(p) for p in relations], stored=store)


def _match_and_store(shared: Services, article: Article, store: bool) -> list[Pair]:
    relations = sorted(shared.match(article), key=lambda p: (-p.similarity, p.a, p.b))
    if store:
        shared.store_matched(article, relations)
    return relations


def _ref(article: Article) -> ArticleRefModel:
    removed = [RemovalModel.model_validate(r) for r in article.to_dict()["removed"]]
    return ArticleRefModel(
        id=article.id, title=article.title, language=article.language, flags=article.flags, removed=removed,
        text=article.text,
    )  # fmt: skip
