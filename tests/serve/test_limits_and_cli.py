"""The body limit at the ASGI level, and ``samestory serve`` as users start it."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import httpx2
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from serve_data import REPO, TOKEN, A

from samestory.cli import main
from samestory.serve import create_app
from samestory.serve.cli import base_url, is_loopback
from samestory.serve.limits import BodyLimit
from samestory.store import StoreError


def _call(limit: int, chunks: list[bytes], headers: list[tuple[bytes, bytes]]) -> tuple[list[dict[str, Any]], int]:
    """Run BodyLimit over an app that reads the whole body; returns the messages sent and bytes read."""
    sent: list[dict[str, Any]] = []
    read = 0
    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal read
        while True:
            message = await receive()
            read += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/api/match", "headers": headers}
    asyncio.run(BodyLimit(app, max_body=limit)(scope, receive, send))  # type: ignore[arg-type]
    return sent, read


def test_streamed_body_is_cut_off_as_soon_as_it_passes_the_limit() -> None:
    sent, read = _call(1000, [b"x" * 600, b"x" * 600, b"x" * 600], headers=[])
    assert sent[0]["status"] == 413 and read == 600  # the second chunk was refused, never handed to the app
    assert "limit of 1,000 bytes" in json.loads(sent[1]["body"])["detail"]


def test_declared_length_is_refused_before_reading() -> None:
    sent, read = _call(1000, [b"x" * 10], headers=[(b"content-length", b"5000")])
    assert sent[0]["status"] == 413 and read == 0


def test_bodies_within_the_limit_pass() -> None:
    sent, read = _call(1000, [b"x" * 500, b"x" * 500], headers=[])
    assert sent[0]["status"] == 200 and read == 1000


def test_the_address_printed_at_start_is_a_url_for_ipv6_too() -> None:
    # "serving ... on http://::1:8000/" could not be pasted into a browser: an IPv6 host goes in brackets
    assert base_url("::1", 8000) == "http://[::1]:8000/"
    assert base_url("127.0.0.1", 8765) == "http://127.0.0.1:8765/" and base_url("[::]", 80) == "http://[::]:80/"


def test_is_loopback() -> None:
    assert [is_loopback(h) for h in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "192.168.1.2", "example.org")] == [
        True, True, True, False, False, False,
    ]  # fmt: skip


def test_serve_help_and_missing_store() -> None:
    runner = CliRunner()
    help_text = runner.invoke(main, ["serve", "--help"]).output
    assert "--store" in help_text and "SAMESTORY_TOKEN" in help_text and "127.0.0.1" in help_text
    missing = runner.invoke(main, ["serve", "--store", "no/such.duckdb"])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_serve_refuses_a_duckdb_file_that_is_not_a_store(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    result = CliRunner().invoke(main, ["serve", "--store", str(path)])
    assert result.exit_code == 1 and f"{path}: not a samestory store" in " ".join(result.output.split())


def test_serving_read_only_refuses_a_store_older_than_the_code(store_copy: Path) -> None:
    """Migrations run when a store is opened for writing; a server without a token cannot run them, and its
    matcher reads tables the newer migrations made (the warm thread died on a missing table)."""
    con = duckdb.connect(str(store_copy))
    con.execute("DROP TABLE view_parts")
    con.execute("DELETE FROM schema_migrations WHERE version >= 5")  # as before view parts (migration 5)
    con.close()
    with pytest.raises(StoreError, match=f"older than this samestory.*samestory add --store {store_copy}"):
        create_app(store_copy)
    with TestClient(create_app(store_copy, token=TOKEN)) as client:  # opened for writing: upgraded
        assert client.get("/api/counts").status_code == 200
    with TestClient(create_app(store_copy)) as client:
        assert client.get("/api/counts").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("with_token", [False, True])
def test_samestory_serve_runs_on_loopback(store_copy: Path, with_token: bool) -> None:
    port = _free_port()
    env = (
        {**os.environ, "SAMESTORY_TOKEN": TOKEN}
        if with_token
        else {k: v for k, v in os.environ.items() if k != "SAMESTORY_TOKEN"}
    )
    cmd = [sys.executable, "-m", "samestory", "serve", "--store", str(store_copy), "--port", str(port)]
    server = subprocess.Popen([*cmd, "--max-body", "100000"], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                counts = httpx2.get(f"{base}/api/counts", timeout=5)
                break
            except httpx2.TransportError:
                assert server.poll() is None and time.monotonic() < deadline, "samestory serve did not start"
                time.sleep(0.2)
        assert counts.json()["articles"] == 3
        assert httpx2.get(f"{base}/article", params={"id": A}).status_code == 200
        assert httpx2.get(f"{base}/api/counts", headers={"Host": "attacker.example"}).status_code == 400
        # The body limit behind the real HTTP parser (httptools when installed): declared, and streamed.
        big = b"x" * 150_000
        assert httpx2.post(f"{base}/api/match", content=big, timeout=60).status_code == 413
        chunks = iter([big[:60_000], big[60_000:]])
        assert httpx2.post(f"{base}/api/match", content=chunks, timeout=60).status_code == 413
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
        text = "A harbour wall will be rebuilt after winter storms, the council of the small town said on Friday."
        stored = httpx2.post(f"{base}/api/match?store=true&id=cli/1", content=text.encode(), headers=auth, timeout=60)
        assert stored.status_code == (200 if with_token else 403)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert f"serving {store_copy} on http://127.0.0.1:{port}/" in err


def test_samestory_serve_with_two_worker_processes(store_copy: Path) -> None:
    """Read-only serving in two processes, each warming its own matcher; with a token it is refused."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "SAMESTORY_TOKEN"}
    cmd = [sys.executable, "-m", "samestory", "serve", "--store", str(store_copy), "--port", str(port)]
    refused = subprocess.run([*cmd, "--workers", "2", "--token", TOKEN], env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and "read-only" in refused.stderr
    server = subprocess.Popen([*cmd, "--workers", "2"], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx2.get(f"{base}/api/status", timeout=5).json()["ready"]:
                    break
            except httpx2.TransportError:
                pass
            assert server.poll() is None and time.monotonic() < deadline, "samestory serve did not start"
            time.sleep(0.2)
        text = (REPO / "examples" / "seeds" / "001_fdedb239be57391e.txt").read_bytes()
        for _ in range(4):  # whichever process answers
            found = httpx2.post(f"{base}/api/match", content=text, headers={"Content-Type": "text/plain"}, timeout=60)
            assert found.status_code == 200 and any(p["relation"] == "rewrite" for p in found.json()["relations"])
    finally:
        server.terminate()
        server.communicate(timeout=30)
