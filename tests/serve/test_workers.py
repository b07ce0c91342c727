"""Match processes forked from a warm server (``samestory serve --workers N``) answer what the server
itself would, and the server goes on reading the store for its pages meanwhile."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient
from serve_data import SEEDS, TOKEN

from samestory import clean_text
from samestory.serve.app import create_app
from samestory.store import Store

# The pool's processes are forked from the test process, which pytest runs with threads of its own;
# Python 3.12 warns about that. The server forks them before it starts any thread.
pytestmark = pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")


def queries() -> list[str]:
    wire = (SEEDS / "000_d4a47ec4de73bb3b.txt").read_text(encoding="utf-8")
    rewrite = (SEEDS / "001_fdedb239be57391e.txt").read_text(encoding="utf-8")
    partial = "\n".join(wire.splitlines()[:9])
    unrelated = "Harbour Wall to Be Rebuilt\nThe council said on Friday that the harbour wall will be rebuilt."
    return [wire, rewrite, partial, unrelated]


def as_json(pairs: list) -> str:  # type: ignore[type-arg]
    return json.dumps([p.to_dict() for p in pairs], sort_keys=True)


def test_match_processes_answer_as_the_server_would(store_copy: Path) -> None:
    with Store.open(store_copy, read_only=True) as store:
        matcher = store.matcher()
        expected = [as_json(matcher.match(clean_text(text, id=f"q{k}"))) for k, text in enumerate(queries())]
    app = create_app(store_copy, preload=True)
    services = app.state.services
    services.start_workers(2)
    try:
        got = [as_json(services.match(clean_text(text, id=f"q{k}"))) for k, text in enumerate(queries())]
        assert got == expected
        assert any('"rewrite"' in answer for answer in got)
        with TestClient(app) as client:  # the server's own connection, reopened after the fork
            assert client.get("/api/counts").json()["articles"] == 3
            body = queries()[1].encode()
            answer = client.post("/api/match", content=body, headers={"Content-Type": "text/plain"})
            assert answer.status_code == 200
            assert any(p["relation"] == "rewrite" for p in answer.json()["relations"])
    finally:
        services.stop_workers()
        services.store.close()


def test_match_processes_need_a_read_only_server(store_copy: Path) -> None:
    app = create_app(store_copy, token=TOKEN)
    try:
        with pytest.raises(ValueError, match="read-only"):
            app.state.services.start_workers(2)
    finally:
        app.state.services.store.close()


def test_a_warm_up_cut_short_by_the_server_stopping_ends_quietly(store_copy: Path) -> None:
    """The server closes its store when it stops; a preload still reading it in the background ended in a
    thread traceback ("No open result set"). It now ends without one."""
    from samestory.config import Config
    from samestory.serve.app import Services
    from samestory.serve.storeview import StoreBackend

    services = Services(StoreBackend.open(store_copy, read_only=True), Config(), None, preload=True)
    services.close()
    services.warm()  # the store is closed: what a warm-up meets when the server stops under it
    assert not services.warmed.is_set()
    with pytest.raises(duckdb.ConnectionException):  # a store closed for another reason is still an error
        Services(_closed(store_copy), Config(), None, preload=True).warm()


def _closed(path: Path):  # type: ignore[no-untyped-def]
    from samestory.serve.storeview import StoreBackend

    backend = StoreBackend.open(path, read_only=True)
    backend.close()
    return backend
