"""``POST /api/match`` latency against a large store, under a bounded concurrent load on loopback (issue 4).

Serves a store with the real CLI (``samestory serve --store FILE``, a uvicorn process on 127.0.0.1) and
posts articles to ``/api/match`` from an async HTTP client holding at most ``C`` requests in flight, for
each concurrency asked. Half the queries are near copies of stored articles (word swaps, a sentence
dropped, a share line: the matcher finds and verifies them), half are new articles made of FNC-1 sentences
(candidates from shared n-grams and lead neighbours, mostly verified as unrelated). Latency is measured
per request at the client, from send to full response; the first requests after start-up (``--warmup``)
are left out. Target: p95 <= 100 ms.

The store is the 100,000-article store that ``bench/bench_store.py`` caches under ``bench/.cache``
(the largest ``*.duckdb`` found there); without one, a smaller store of ``--fallback-size`` articles is
built there from the same synthetic corpus as ``bench_synthetic.py`` (and reported as such).

    python bench/bench_serve.py [--store FILE] [--concurrency 1,4,8] [--requests 400] [--fallback-size 10000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx2 as httpx
import psutil
from _common import BENCH, cli_env, ensure_importable, fmt_table, samestory_cli, write_result

ensure_importable()
from samestory.store import Store  # noqa: E402

CACHE = BENCH / ".cache"
TARGET_P95_MS = 100.0
SEED = 20260404


def pick_store(explicit: Path | None, fallback_size: int) -> tuple[Path, int, bool]:
    """``(path, articles, smaller than 100k)``: the given store, else the largest store cached under
    bench/.cache (bench_store.py's 100k store when built), else a new one of ``fallback_size`` articles."""
    if explicit is not None:
        n = _articles(explicit)
        return explicit, n, n < 100_000
    cached = sorted(((_articles(p), p) for p in CACHE.glob("*.duckdb")), reverse=True)
    if cached and cached[0][0] >= min(fallback_size, 100_000):
        return cached[0][1], cached[0][0], cached[0][0] < 100_000
    path = build_fallback(fallback_size)
    return path, _articles(path), True


def _articles(path: Path) -> int:
    try:
        with Store.open(path, read_only=True) as store:
            return store.counts()["articles"]
    except Exception:
        return 0


def build_fallback(size: int) -> Path:
    """A store of ``size`` synthetic articles (bench_synthetic's speed corpus), cached for later runs."""
    path = CACHE / f"serve-{size}.duckdb"
    if path.exists() and _articles(path) >= size:
        return path
    import bench_synthetic

    CACHE.mkdir(parents=True, exist_ok=True)
    folder = CACHE / f"serve-{size}-corpus"
    bench_synthetic.write_speed(folder, bench_synthetic.build_speed(folder, size))
    print(f"building a fallback store of {size:,} articles at {path} ...", flush=True)
    t0 = time.perf_counter()
    with Store.open(path) as store:
        store.add([folder], workers=2)
    print(f"built in {time.perf_counter() - t0:.0f} s", flush=True)
    return path


def queries(store_path: Path, n: int) -> list[str]:
    """``n`` article texts: near copies of stored articles alternating with new articles."""
    import bench_synthetic

    rng = random.Random(SEED)
    with Store.open(store_path, read_only=True) as store:
        ids = [r[0] for r in store.con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        picked = [a for a in store.articles(rng.sample(ids, min(len(ids), n))) if a.matchable]
    bodies = [bench_synthetic.sentences(" ".join(p)) for p in bench_synthetic.fnc_bodies(120, 2000)]
    out = []
    for i in range(n):
        if i % 2 == 0 and picked:
            article = picked[(i // 2) % len(picked)]
            paras = bench_synthetic.near(rng, list(article.paragraphs))
            out.append("\n".join([article.title or "", *paras, "Share this article on social media"]))
        else:
            paras = [" ".join(rng.choice(bodies)[:4]) for _ in range(3)]
            out.append("\n".join([f"Fresh report {i}", *paras, f"Filed by desk {rng.randint(1, 999)}."]))
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(store_path: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    cmd = [*samestory_cli(), "serve", "--store", str(store_path), "--port", str(port), "--workers", str(workers)]
    return subprocess.Popen(cmd, env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def ready(base: str, text: str, server: subprocess.Popen[bytes], timeout: float = 900.0) -> float:
    """Seconds until the server answers a match and says it is warm (matcher and views built at start, in
    the background)."""
    t0 = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=timeout) as client:
        while True:
            try:
                response = await client.post(
                    "/api/match", content=text.encode(), headers={"Content-Type": "text/plain"}
                )
                response.raise_for_status()
                # Preloading the views; with several processes, any of them may take a new connection: ask
                # on new connections until eight answers in a row say ready.
                in_a_row = 0
                while in_a_row < 8:
                    async with httpx.AsyncClient(base_url=base, timeout=timeout) as fresh:  # a new connection
                        warm = (await fresh.get("/api/status")).json()["ready"]
                    in_a_row = in_a_row + 1 if warm else 0
                    if not warm:
                        await asyncio.sleep(0.5)
                return time.perf_counter() - t0
            except httpx.TransportError:
                if server.poll() is not None or time.perf_counter() - t0 > timeout:
                    raise RuntimeError(
                        f"the server did not come up: {server.stderr.read().decode() if server.stderr else ''}"
                    ) from None
                await asyncio.sleep(0.2)


async def load(base: str, texts: list[str], concurrency: int, warmup: int) -> dict[str, Any]:
    """Post every text with at most ``concurrency`` requests in flight; latencies in ms after the warm-up."""
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async with httpx.AsyncClient(base_url=base, timeout=120.0, limits=limits) as client:

        async def one(i: int, text: str) -> None:
            async with gate:
                t0 = time.perf_counter()
                response = await client.post(
                    "/api/match", content=text.encode(), headers={"Content-Type": "text/plain"}
                )
                elapsed = (time.perf_counter() - t0) * 1000
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            if i >= warmup:
                latencies.append(elapsed)

        t0 = time.perf_counter()
        await asyncio.gather(*(one(i, t) for i, t in enumerate(texts)))
        wall = time.perf_counter() - t0
    latencies.sort()
    return {
        "concurrency": concurrency,
        "requests": len(texts),
        "measured": len(latencies),
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "p50_ms": round(_quantile(latencies, 0.50), 1),
        "p95_ms": round(_quantile(latencies, 0.95), 1),
        "p99_ms": round(_quantile(latencies, 0.99), 1),
        "max_ms": round(latencies[-1], 1),
        "mean_ms": round(statistics.fmean(latencies), 1),
        "requests_per_second": round(len(texts) / wall, 1),
    }


def _cpu_seconds(processes: list[psutil.Process]) -> float:
    return sum(sum(p.cpu_times()[:2]) for p in processes)


def _quantile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank quantile (the value at least ``q`` of the requests did not exceed)."""
    rank = max(1, int(-(-q * len(sorted_values) // 1)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--concurrency", default="1,4,8")
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--fallback-size", type=int, default=10_000)
    parser.add_argument("--server-workers", type=int, default=2,
                        help="samestory serve --workers (match processes forked from the warm server)")  # fmt: skip
    args = parser.parse_args(argv)

    store_path, articles, fallback = pick_store(args.store, args.fallback_size)
    print(f"store: {store_path} ({articles:,} articles{', fallback' if fallback else ''})", flush=True)
    texts = queries(store_path, args.requests)
    port = free_port()
    server = start_server(store_path, port, args.server_workers)
    try:
        base = f"http://127.0.0.1:{port}"
        startup = asyncio.run(ready(base, texts[0], server))
        tree = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        # Proportional set size summed over the processes: forked workers share the parent's pages, which
        # a sum of resident sizes would count once per process.
        pss_mb = sum(p.memory_full_info().pss for p in tree) / 2**20
        rss_mb = max(p.memory_info().rss for p in tree) / 2**20
        startup_cpu = _cpu_seconds(tree)  # start-up in CPU time, which other work on the machine does not inflate
        runs = []
        for c in args.concurrency.split(","):
            cpu0 = _cpu_seconds(tree)
            run = asyncio.run(load(base, texts, int(c), args.warmup))
            # The server's CPU time per request (all its processes): what a match costs, whatever the load
            # of the machine does to the wall-clock latencies.
            run["server_cpu_ms_per_request"] = round((_cpu_seconds(tree) - cpu0) * 1000 / run["requests"], 1)
            runs.append(run)
    finally:
        server.terminate()
        server.wait(timeout=30)
    for run in runs:
        print(f"concurrency {run['concurrency']}: p50 {run['p50_ms']} ms, p95 {run['p95_ms']} ms, "
              f"{run['requests_per_second']} req/s, server CPU {run['server_cpu_ms_per_request']} ms a request",
              flush=True)  # fmt: skip
    bounded = [r for r in runs if r["concurrency"] >= 4]
    passed = {"p95_at_most_100ms": all(r["p95_ms"] <= TARGET_P95_MS for r in bounded) if bounded else None}
    print(fmt_table(["concurrency", "p50 ms", "p95 ms", "p99 ms", "req/s"],
                    [[r["concurrency"], r["p50_ms"], r["p95_ms"], r["p99_ms"], r["requests_per_second"]]
                     for r in runs]))  # fmt: skip
    figures = {
        "store_articles": articles,
        "store_fallback": fallback,
        "store_file": str(
            store_path.relative_to(BENCH.parent) if store_path.is_relative_to(BENCH.parent) else store_path
        ),
        "startup_seconds": round(startup, 1),
        "startup_cpu_seconds": round(startup_cpu, 1),
        "server_workers": args.server_workers,
        "server_pss_mb": round(pss_mb),
        "server_largest_rss_mb": round(rss_mb),
        "queries": "half near copies of stored articles, half new FNC-1-made articles",
        "runs": runs,
    }
    write_result("serve", {"name": "serve", "figures": figures, "targets": {"p95_ms": TARGET_P95_MS}, "passed": passed})
    sys.exit(0)


if __name__ == "__main__":
    main()
