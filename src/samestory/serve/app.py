"""The web app: ``create_app(store)`` builds a FastAPI application over a samestory store.

Pages (:mod:`.pages`) and the JSON API (:mod:`.routes`) share one :class:`Services` object kept on
``app.state``: the store, the settings, the write token and the matcher, built once (lazily, on the first
match or by :meth:`Services.warm` at start) and rebuilt after a write.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from threadpoolctl import threadpool_limits

from samestory import __version__
from samestory.config import Config
from samestory.records import Article, Pair
from samestory.serve.backend import Backend, Matcher
from samestory.serve.limits import DEFAULT_MAX_BODY, BodyLimit
from samestory.serve.security import SecurityHeaders

if TYPE_CHECKING:
    from samestory.serve.workers import MatchWorkers

HERE = Path(__file__).parent
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
#: Matches run at once (more only share the same cores and hold more views in memory).
MATCH_THREADS = max(2, os.cpu_count() or 1)
#: BLAS threads of the serving process (see ``_lifespan``).
MATCH_BLAS_THREADS = 1


class Services:
    """What request handlers share. The matcher is built once under a lock, queried by up to
    :data:`MATCH_THREADS` requests at a time (it is thread-safe), and thrown away after a write so the next
    match sees the new article."""

    def __init__(self, store: Backend, config: Config, token: str | None, preload: bool = False) -> None:
        self.store = store
        self.config = config
        self.token = token
        #: Whether warming also builds the view of every stored article (see ``Matcher.preload``).
        self.preload = preload
        #: Set when the matcher (and, with ``preload``, every view) is built: ``GET /api/status``.
        self.warmed = threading.Event()
        self._lock = threading.Lock()
        self._matcher: Matcher | None = None
        self._matching = threading.BoundedSemaphore(MATCH_THREADS)
        #: Match processes forked from this one (:meth:`start_workers`), or None: matches run here.
        self._workers: MatchWorkers | None = None
        #: Set when the server stops (:meth:`close`): a warm-up still running in the background then ends.
        self.closing = threading.Event()

    def warm(self) -> None:
        """Build the matcher now (the first match would otherwise pay for it), and with ``preload`` the
        views of the stored articles (matches go on meanwhile, building the views they need). A warm-up the
        server's stop cuts short (its store closed under it, by the server or by the caller that gave it) ends
        quietly."""
        self.warmed.clear()
        try:
            with self._lock:
                matcher = self._matcher_locked()
            if self.preload:
                matcher.preload()
        except Exception:
            if self.closing.is_set():
                return
            raise
        with self._lock:
            if self._matcher is matcher:  # not dropped by a write meanwhile: that write's warm-up says so
                self.warmed.set()

    def close(self) -> None:
        """Close the store the server owns; a warm-up still reading it stops (see :meth:`warm`)."""
        self.closing.set()
        self.store.close()

    def match(self, article: Article) -> list[Pair]:
        if self._workers is not None:
            return self._workers.match(article)
        return self.match_here(article)

    def match_here(self, article: Article) -> list[Pair]:
        """Match in this process (a server without match processes, or one of them)."""
        with self._lock:
            matcher = self._matcher_locked()
        with self._matching:
            return matcher.match(article)

    def start_workers(self, n: int) -> None:
        """Warm now, then fork ``n`` match processes that share this one's matcher and views (see
        :mod:`samestory.serve.workers`). Read-only: writes would leave their matchers behind."""
        from samestory.serve.workers import MatchWorkers

        if self.token is not None:
            raise ValueError("a server with match processes is read-only: start it without a token")
        self.warm()
        self._workers = MatchWorkers(self, n)
        self._matching = threading.BoundedSemaphore(max(MATCH_THREADS, n))

    def stop_workers(self) -> None:
        if self._workers is not None:
            self._workers.close()
            self._workers = None

    def store_matched(self, article: Article, pairs: list[Pair]) -> None:
        with self._lock:
            self.store.store_matched(article, pairs)
            self._matcher = None
            self.warmed.clear()
        # Rebuilt now, not by the next match (stored articles may have been cleaned again: with preloading,
        # their views are built anew); /api/status says when.
        threading.Thread(target=self.warm, name="samestory-warm", daemon=True).start()

    def detach(self) -> None:
        """Before this process is forked into match processes (:mod:`samestory.serve.workers`)."""
        with self._lock:
            self.store.detach()

    def attach(self) -> None:
        """After the fork, in every process."""
        with self._lock:
            self.store.attach()

    def _matcher_locked(self) -> Matcher:
        if self._matcher is None:
            self._matcher = self.store.matcher()
        return self._matcher


def services(request: Request) -> Services:
    return cast(Services, request.app.state.services)


def create_app(
    store: str | Path | Backend,
    *,
    token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    allowed_hosts: list[str] | None = None,
    config: Config | None = None,
    warm: bool = False,
    preload: bool = False,
) -> FastAPI:
    """The application over ``store`` (a path to a store file, or an opened store).

    ``token`` enables writes; ``max_body`` caps request bodies (bytes); ``allowed_hosts`` restricts the
    Host header (the CLI passes the loopback names when bound to loopback, against DNS rebinding);
    ``warm`` builds the matcher in the background at start; ``preload`` also builds the view of every stored
    article then (memory for latency: about 115 KB an article).
    """
    from samestory.serve import pages, routes

    config = config or Config()
    backend = open_backend(store, writable=token is not None, config=config) if isinstance(store, str | Path) else store
    shared = Services(backend, config, token or None, preload=preload)
    app = FastAPI(
        title="samestory",
        version=__version__,
        summary="Stories, articles, copies and their evidence, from a samestory store.",
        docs_url=None,  # the Swagger and ReDoc pages load their scripts from a CDN; the app works offline
        redoc_url=None,
        lifespan=_lifespan(shared, owned=backend is not store, warm=warm),
    )
    app.state.services = shared
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(routes.router)
    app.include_router(pages.router)
    _handle_errors(app)
    app.add_middleware(BodyLimit, max_body=max_body)
    if allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadAsGet)
    return app


class HeadAsGet:
    """ASGI middleware answering ``HEAD`` as ``GET``, headers only. HTTP servers must answer HEAD wherever
    they answer GET (``curl -I``, link checkers, uptime probes), and FastAPI routes declared with ``GET``
    alone answer it 405; declaring both would double every operation in the OpenAPI description."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def open_backend(path: str | Path, *, writable: bool, config: Config | None = None) -> Backend:
    """The store at ``path``, opened read-only unless the server may write (a token was given)."""
    from samestory.serve.storeview import StoreBackend

    return StoreBackend.open(Path(path), read_only=not writable, config=config)


def _lifespan(shared: Services, *, owned: bool, warm: bool) -> Callable[[FastAPI], Any]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One BLAS thread for the whole server: a match's products are small (one lead against the stored
        # leads, sentences against sentences), and with several matches in flight each BLAS call's own
        # threads (spinning while they wait) fought the matches for the same cores: 19 ms of CPU a match
        # instead of 7 on a 20,000-article store. Concurrency comes from the matches themselves.
        blas = threadpool_limits(MATCH_BLAS_THREADS, user_api="blas")
        shared.closing.clear()
        if warm:
            threading.Thread(target=shared.warm, name="samestory-warm", daemon=True).start()
        try:
            yield
        finally:
            blas.restore_original_limits()
            # A warm-up still reading when the server stops ends quietly, also when the store is the
            # caller's (not closed here): the caller may close it while the warm-up reads.
            shared.closing.set()
            shared.stop_workers()
            if owned:
                shared.close()

    return lifespan


def _is_api(request: Request) -> bool:
    return request.url.path.startswith(("/api/", "/openapi"))


def _handle_errors(app: FastAPI) -> None:
    """API errors answer JSON ``{"detail": ...}``; page errors answer a readable HTML page."""
    from samestory.serve.pages import error_page

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        return error_page(exc.status_code, str(exc.detail), exc.headers)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        if _is_api(request):
            return JSONResponse({"detail": _plain(exc)}, 422)
        return error_page(422, _plain(exc))

    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)


def _plain(exc: RequestValidationError) -> str:
    """Validation errors as one sentence: ``query parameter 'a': Field required``."""
    parts = []
    for error in exc.errors():
        where = [str(x) for x in error.get("loc", ())]
        place = f"{where[0]} parameter {where[-1]!r}" if len(where) > 1 else "request"
        parts.append(f"{place}: {error.get('msg', 'invalid')}")
    return "; ".join(parts)
