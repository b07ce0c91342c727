"""The same `samestory run` on this machine's process pool and on a Dask cluster: same output, what it costs.

Builds bench_synthetic's sparse corpus (70% distinct real bodies disguised one by one, 30% copies and
rewrites) and runs the CLI on it alternately with ``--workers 2`` (local process pool) and ``--executor
dask --workers 2`` (a local Dask cluster of two worker processes, one thread each, started by the run and
counted in its time), ``--rounds`` times each, then once more each with the memory sampler on (peak
memory; the timed runs are not watched). The three output files of every timed run must be byte-identical
to the first local run's; the bench fails otherwise. A local Dask cluster on the same two cores measures
the engine's overhead (task scheduling, pickling articles into match tasks, no shared memory), not a
cluster's speed-up.

    python bench/bench_executors.py [--articles 5000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import filecmp
import os
import statistics
from pathlib import Path
from typing import Any

from _common import OUT, fmt_table, write_result
from bench_synthetic import WORK as SYNTHETIC_WORK
from bench_synthetic import build_sparse, cli, write_speed

WORK = OUT / "executors"
FILES = ("articles.jsonl", "pairs.jsonl", "stories.jsonl")
EXECUTORS = {"local": ["--workers", "2"], "dask": ["--executor", "dask", "--workers", "2"]}


def same_output(a: Path, b: Path) -> bool:
    return all(filecmp.cmp(a / name, b / name, shallow=False) for name in FILES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=1800)
    args = parser.parse_args()
    items, counts = build_sparse(args.articles)
    SYNTHETIC_WORK.mkdir(parents=True, exist_ok=True)  # where bench_synthetic.cli keeps stderr
    corpus = WORK / f"sparse_{args.articles}"
    write_speed(corpus, items[: args.articles])
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in EXECUTORS}
    reference: Path | None = None
    identical = True
    for k in range(args.rounds):
        for name, flags in EXECUTORS.items():
            out = WORK / f"out_{name}_{k}"
            print(f"round {k + 1}: samestory run {' '.join(flags)} ...", flush=True)
            r = cli(["run", str(corpus), "--out", str(out), "-q", *flags], args.timeout)
            r["articles_per_second"] = round(args.articles / r["seconds"], 1) if r["exit_code"] == 0 else None
            reference = reference or out
            r["identical_to_first_local"] = r["exit_code"] == 0 and same_output(reference, out)
            identical = identical and r["identical_to_first_local"]
            runs[name].append(r)
            print(f"  {r}", flush=True)
    # Peak memory from one more run of each, watched (the sampler's CPU would slow the timed runs).
    memory = {}
    for name, flags in EXECUTORS.items():
        print(f"memory: samestory run {' '.join(flags)}, watched ...", flush=True)
        watched = WORK / f"out_{name}_watched"
        w = cli(["run", str(corpus), "--out", str(watched), "-q", *flags], args.timeout, watch=True)
        memory[name] = {k: w.get(k) for k in ("peak_pss_tree_mb", "peak_rss_tree_mb", "peak_rss_largest_process_mb")}
    summary = {
        name: {"median_seconds": statistics.median(r["seconds"] for r in rs),
               "median_articles_per_second": statistics.median(r["articles_per_second"] or 0 for r in rs)}
        for name, rs in runs.items()
    }  # fmt: skip
    ratio = summary["dask"]["median_seconds"] / summary["local"]["median_seconds"]
    rows = [[n, s["median_seconds"], s["median_articles_per_second"]] for n, s in summary.items()]
    print(fmt_table(["executor", "median s", "articles/s"], rows))
    print(f"dask / local time: {ratio:.2f}; outputs identical: {identical}")
    write_result("executors", {
        "load_average_before": round(load_before, 2),
        "corpus": {"kind": "sparse", "articles": args.articles, **counts},
        "runs": runs, "memory": memory, "summary": summary, "dask_over_local_time": round(ratio, 2),
        "passed": {"outputs_identical": identical},
    })  # fmt: skip
    if not identical:
        raise SystemExit("outputs differ between executors")


if __name__ == "__main__":
    main()
