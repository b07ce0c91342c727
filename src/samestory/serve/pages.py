"""The HTML pages: story list, story, comparison, article.

Handlers fetch records (:mod:`.fetch`), cut them into pieces (:mod:`.render`, :mod:`.graph`) and hand
them to Jinja2 templates with autoescaping on, so every piece of article text reaches the page escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from samestory import __version__
from samestory.serve import fetch
from samestory.serve.app import HERE, services
from samestory.serve.graph import copy_graph
from samestory.serve.render import original_pieces, side_paragraphs
from samestory.store.store import SOURCES_SHOWN

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50
#: Rows of a story's table of pairs on one page.
PAIRS_PAGE_SIZE = 100
#: Lines of a copy family's evidence on its story page (150 near copies have 9,000: the JSON has them all).
EVIDENCE_SHOWN = 10
#: How the store's counts read on the story list (others show under their own name).
COUNT_LABELS = {
    "articles": "articles",
    "stories": "stories",
    "multi_stories": "stories with more than one article",
    "pairs": "related pairs",
    "errors": "unreadable inputs",
}

ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _url(path: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


ENV.globals.update(
    version=__version__,
    article_url=lambda article_id: _url("/article", id=article_id),
    compare_url=lambda a, b: _url("/compare", a=a, b=b),
    story_url=lambda story_id, **params: _url(f"/story/{story_id}", **params),
    list_url=lambda **params: _url("/", **params),
    unreadable_url=lambda **params: _url("/unreadable", **params),
)


def page_count(total: int, size: int) -> int:
    """Pages of ``size`` rows that ``total`` rows fill (one at least: an empty list is a page that says so)."""
    return max(1, -(-total // size))


def render(template: str, code: int = 200, headers: Mapping[str, str] | None = None, **context: Any) -> HTMLResponse:
    """A page from ``template`` (every value autoescaped) with status ``code``."""
    return HTMLResponse(ENV.get_template(template).render(**context), code, headers=headers)


def error_page(code: int, message: str, headers: Mapping[str, str] | None = None) -> HTMLResponse:
    return render("error.html", code, headers, status=code, message=message)


@router.get("/", response_class=HTMLResponse)
def story_list(
    request: Request,
    q: str = "",
    source: str = "",
    date_from: Annotated[dt.date | None, Query()] = None,
    date_to: Annotated[dt.date | None, Query()] = None,
    page: Annotated[int, Query(ge=1)] = 1,
) -> HTMLResponse:
    store = services(request).store
    found, total = store.stories(
        search=q.strip() or None,
        source=source.strip() or None,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        limit=PAGE_SIZE,
        offset=(page - 1) * PAGE_SIZE,
    )
    form = {"q": q, "source": source, "date_from": date_from or "", "date_to": date_to or ""}
    pages = page_count(total, PAGE_SIZE)
    counts = [(k, COUNT_LABELS.get(k, k.replace("_", " ")), n) for k, n in store.counts().items() if k != "candidates"]
    return render(
        "stories.html", stories=found, total=total, counts=counts, form=form, page=page, pages=pages,
        sources_shown=SOURCES_SHOWN,
    )  # fmt: skip


@router.get("/unreadable", response_class=HTMLResponse)
def unreadable_page(request: Request, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
    """The inputs that could not be read, each with the error that names it and the fix: the story list
    counts them, and they are in no story."""
    found, total = services(request).store.unreadable(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
    return render("unreadable.html", rows=found, total=total, page=page, pages=page_count(total, PAGE_SIZE))


@router.get("/story/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: str, page: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
    """The story; ``page`` pages its table of pairs (150 near copies have 11,000: 3.7 MB on one page)."""
    store = services(request).store
    story = fetch.story(store, story_id)
    articles = store.articles(story.members)
    pairs = store.story_pairs(story.story_id, light=True)  # one query (150 near copies: 11,000 pairs)
    graph = copy_graph(story, pairs)
    numbers = {node.id: node.number for node in graph.nodes}
    first = min((page - 1) * PAIRS_PAGE_SIZE, len(pairs))
    return render(
        "story.html",
        story=story,
        title=fetch.title_of(articles, story),
        articles={a.id: a for a in articles},
        pairs=pairs,
        shown=pairs[first : first + PAIRS_PAGE_SIZE],
        first=first,
        page=page,
        pages=page_count(len(pairs), PAIRS_PAGE_SIZE),
        graph=graph,
        numbers=numbers,
        evidence_shown=EVIDENCE_SHOWN,
    )


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, a: str, b: str) -> HTMLResponse:
    shared = services(request)
    result = fetch.compare(shared, a, b)
    pair = result.pair
    return render(
        "compare.html",
        result=result,
        pair=pair,
        left=side_paragraphs(result.a, pair.alignment, "a", pair.a_only),
        right=side_paragraphs(result.b, pair.alignment, "b", pair.b_only),
        story_id=shared.store.story_of(a),
    )


@router.get("/article", response_class=HTMLResponse)
def article_page(request: Request, id: str) -> HTMLResponse:
    store = services(request).store
    article = fetch.article(store, id)
    pairs = sorted(store.pairs_of(id), key=lambda p: (-p.similarity, p.a, p.b))
    return render(
        "article.html",
        article=article,
        pieces=original_pieces(article),
        pairs=pairs,
        story_id=store.story_of(id),
    )
