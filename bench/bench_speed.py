"""Speed and memory of ``clean`` on text articles of 3-4 KB, with peers measured in the same run.

The articles are FNC-1 bodies cut and joined to 3-4 KB, half of them dressed in crawl noise by the
noise generator (dev wordings), published by 40 made-up sites. Measured:

(a) in-process ``clean_text``, one core: articles per second;
(b) the CLI end to end, ``samestory clean DIR --out FILE --workers W``: articles per second in all and
    per core (wall time of the whole command: start-up, reading, corpus statistics, cleaning, writing);
(c) peak memory of that command (its process tree's proportional set sizes, summed, and its largest
    process's resident set, sampled every 20 ms) for several corpus sizes: it should stay flat;
(d) peers on the same articles, one core: ``trafilatura.extract`` and jusText on the articles wrapped as
    minimal HTML (one ``<p>`` per paragraph), next to ``clean_text`` on the same subset.

    python bench/bench_speed.py                                   # defaults
    python bench/bench_speed.py --sizes 1000,4000 --inproc 1000 --peer-docs 200   # a quick look

Each in-process timing stops after ``--budget`` seconds, so slow tools cannot stall the run.
"""

from __future__ import annotations

import argparse
import html
import os
import random
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import noise
from _common import fmt_table, load_cleaner, run_process, samestory_cli, usable_cores, write_result
from _pools import POOLS
from _sites import add_site_boilerplate, make_sites
from _sources import SourceArticle, load_fnc1

TARGET_PER_CORE = 2000
SITES = 40


def article_texts(count: int, seed: int) -> list[tuple[str, str]]:
    """``count`` (source, text) pairs of 3-4 KB: FNC-1 paragraphs, half of the documents with noise."""
    rng = random.Random(seed)
    bodies = [a.paragraphs for a in load_fnc1() if a.paragraphs]
    sites = make_sites(SITES, rng, POOLS["dev"])
    for site in sites:
        add_site_boilerplate(site, rng, POOLS["dev"])
    injector = noise.Injector(rng, POOLS["dev"], [b[0] for b in bodies if 4 <= len(b[0].split()) <= 14])
    out = []
    for i in range(count):
        site = rng.choice(sites)
        paragraphs = _cut(bodies, rng, rng.randint(2900, 3700))
        if rng.random() < 0.5:
            lines, _ = injector.noisy(SourceArticle(f"speed:{i}", paragraphs), site, with_boilerplate=True)
            paragraphs = tuple(line.text for line in lines)
        out.append((site.domain, "\n".join(paragraphs)))
    return out


def _cut(bodies: list[tuple[str, ...]], rng: random.Random, size: int) -> tuple[str, ...]:
    """Consecutive paragraphs from a random place in the bodies, about ``size`` characters long."""
    b = rng.randrange(len(bodies))
    p = rng.randrange(len(bodies[b]))
    picked: list[str] = []
    length = 0
    while length < size:
        paragraph = bodies[b][p][: size - length]
        picked.append(paragraph)
        length += len(paragraph) + 1
        p += 1
        if p == len(bodies[b]):
            b, p = (b + 1) % len(bodies), 0
    return tuple(picked)


def write_corpus(docs: list[tuple[str, str]], folder: Path) -> int:
    """Write one text file per article under ``folder/<site>/``; return the bytes written."""
    total = 0
    for i, (site, text) in enumerate(docs):
        path = folder / site / f"{i:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        total += path.write_bytes(text.encode("utf-8"))
    return total


def time_per_doc(function: Callable[[str], Any], texts: list[str], budget: float = 60.0) -> dict[str, float]:
    """Articles per second of ``function`` on ``texts`` in this process, after a short warm-up.

    Stops early, after ``budget`` seconds, so a slow tool cannot stall the whole run.
    """
    for text in texts[:20]:
        function(text)
    started = time.perf_counter()
    done = 0
    for text in texts:
        function(text)
        done += 1
        if time.perf_counter() - started > budget:
            break
    seconds = time.perf_counter() - started
    return {"articles": done, "seconds": seconds, "articles_per_second": done / seconds}


def run_cli(folder: Path, out: Path, workers: int) -> dict[str, Any]:
    """Run the CLI on a folder twice: once with the memory of its process tree sampled (the peaks), once
    unwatched (the seconds: the sampler's CPU competes with the run for the cores); articles written."""
    command = [*samestory_cli(), "clean", str(folder), "--out", str(out), "--workers", str(workers)]
    stderr = out.with_suffix(".stderr")
    runs = []
    for watch in (True, False):
        with stderr.open("wb") as err:
            runs.append(run_process(command, stdout=subprocess.DEVNULL, stderr=err, watch=watch))
        if runs[-1]["exit_code"] != 0:
            break
    watched, timed = runs[0], runs[-1]
    written = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    result = {
        "seconds": timed["seconds"],
        "cpu_seconds": timed["cpu_seconds"],
        "exit_code": timed["exit_code"],
        "articles_written": written,
        "peak_pss_tree_mb": watched["peak_pss_tree_mb"],
        "peak_rss_largest_process_mb": watched["peak_rss_largest_process_mb"],
        "watcher_cpu_seconds": watched["watcher_cpu_seconds"],
        "watched_seconds": watched["seconds"],
    }
    if timed["exit_code"] != 0:
        result["stderr_tail"] = stderr.read_text(errors="replace")[-2000:]
    return result


def minimal_html(text: str) -> str:
    """An article as the smallest HTML page a peer extractor accepts: one ``<p>`` per line."""
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    return f"<html><body>{paragraphs}</body></html>"


def peers(texts: list[str], budget: float) -> dict[str, dict[str, float] | None]:
    """Speed, one core, of the peer tools on ``texts`` wrapped as minimal HTML (None: not installed)."""
    import trafilatura

    pages = [minimal_html(t) for t in texts]
    out: dict[str, dict[str, float] | None] = {
        "trafilatura.extract (minimal HTML)": time_per_doc(trafilatura.extract, pages, budget),
    }
    try:
        import justext
    except ImportError:
        out["jusText (minimal HTML)"] = None
        return out
    stoplist = justext.get_stoplist("English")
    out["jusText (minimal HTML)"] = time_per_doc(lambda page: justext.justext(page, stoplist), pages, budget)
    return out


def main(argv: list[str] | None = None) -> None:
    """Measure, print and write bench/results/bench_speed.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inproc", type=int, default=8000, help="articles for the in-process clean_text run")
    parser.add_argument("--sizes", default="2000,8000,32000", help="corpus sizes for the CLI runs")
    parser.add_argument("--workers", type=int, default=2, help="CLI --workers")
    parser.add_argument("--peer-docs", type=int, default=1000, help="articles for the peer tools")
    parser.add_argument("--budget", type=float, default=20.0, help="max seconds of each in-process timing")
    parser.add_argument("--max-cli-seconds", type=float, default=240.0, help="skip a CLI run projected longer")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]  # other work on the machine slows every figure below
    sizes = [int(s) for s in args.sizes.split(",")]
    docs = article_texts(max([args.inproc, args.peer_docs, *sizes]), args.seed)
    texts = [text for _, text in docs]
    mean_kb = sum(map(len, texts)) / len(texts) / 1024
    print(f"{len(docs):,} articles, mean {mean_kb:.2f} KB", flush=True)
    cleaner = load_cleaner()
    inproc = time_per_doc(cleaner.clean_text, texts[: args.inproc], args.budget)
    print(f"(a) clean_text in process, 1 core: {inproc['articles_per_second']:,.0f} articles/s", flush=True)
    cores = min(args.workers, usable_cores())
    cli = cli_runs(docs, sorted(sizes), args.workers, cores, args.max_cli_seconds)
    side = {"samestory clean_text (text)": time_per_doc(cleaner.clean_text, texts[: args.peer_docs], args.budget)}
    side.update(peers(texts[: args.peer_docs], args.budget))
    print_results(inproc, cli, side, cores)
    payload = {
        "target_per_core": TARGET_PER_CORE,
        "load_average_before": round(load_before, 2),
        "mean_article_kb": mean_kb,
        "inproc": inproc,
        "cli": {"workers": args.workers, "cores": cores, "runs": {str(n): r for n, r in cli.items()}},
        "peers": side,
    }
    write_result("bench_speed", payload, cleaner=cleaner.name)


def cli_runs(
    docs: list[tuple[str, str]], sizes: list[int], workers: int, cores: int, max_seconds: float
) -> dict[int, dict[str, Any]]:
    """The CLI runs, smallest corpus first; a run projected (from the last speed) to overrun is skipped."""
    runs: dict[int, dict[str, Any]] = {}
    for n in sizes:
        last = runs[max(runs)] if runs else None
        projected = n / last["articles_per_second"] if last else 0.0
        if projected > max_seconds:
            print(f"(b, c) CLI on {n:,} articles skipped: projected {projected:.0f} s > {max_seconds:.0f} s")
            continue
        runs[n] = measure_cli(docs[:n], workers, cores)
    return runs


def measure_cli(docs: list[tuple[str, str]], workers: int, cores: int) -> dict[str, Any]:
    """Write a corpus to a temporary folder and time the CLI on it."""
    with tempfile.TemporaryDirectory(prefix="samestory-speed-") as tmp:
        folder = Path(tmp) / "corpus"
        size = write_corpus(docs, folder)
        result = run_cli(folder, Path(tmp) / "articles.jsonl", workers)
    result.update(articles=len(docs), megabytes=size / 2**20)
    result["articles_per_second"] = len(docs) / result["seconds"]
    result["articles_per_second_per_core"] = result["articles_per_second"] / cores
    print(
        f"(b, c) CLI on {len(docs):,} articles: {result['articles_per_second']:,.0f} articles/s, "
        f"peak memory {result['peak_pss_tree_mb']:.0f} MB, exit {result['exit_code']}",
        flush=True,
    )
    return result


def print_results(
    inproc: dict[str, float], cli: dict[int, dict[str, Any]], side: dict[str, dict[str, float] | None], cores: int
) -> None:
    """The figures as tables."""
    rate = inproc["articles_per_second"]
    print(f"\n(a) clean_text, in process, 1 core: {rate:,.0f} articles/s (target >= {TARGET_PER_CORE:,}/core)")
    header = [
        "articles",
        "seconds",
        "art/s",
        f"art/s/core ({cores})",
        "peak PSS tree MB",
        "largest RSS MB",
        "written",
        "exit",
    ]
    rows = [
        [
            f"{n:,}",
            f"{r['seconds']:.1f}",
            f"{r['articles_per_second']:,.0f}",
            f"{r['articles_per_second_per_core']:,.0f}",
            f"{r['peak_pss_tree_mb']:.0f}",
            f"{r['peak_rss_largest_process_mb']:.0f}",
            r["articles_written"],
            r["exit_code"],
        ]
        for n, r in cli.items()
    ]
    print("\n(b, c) CLI end to end\n" + fmt_table(header, rows))
    peer_rows = [
        [name, "not installed" if v is None else f"{v['articles_per_second']:,.0f}", "" if v is None else v["articles"]]
        for name, v in side.items()
    ]
    print("\n(d) same articles, one core\n" + fmt_table(["tool", "articles/s", "articles timed"], peer_rows))


if __name__ == "__main__":
    main()
