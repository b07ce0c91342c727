"""How well ``clean`` removes crawl noise, on the noise-injection corpora of ``bench/noise.py``.

Two modes per pool: ``corpus`` runs ``samestory.clean([docs.jsonl])`` over the whole pool, so corpus
statistics (a line recurring across one source's documents is boilerplate) apply; ``single`` runs
``samestory.clean_text`` on each document alone. The headline is the held-out ``fresh2`` pool in corpus
mode: wordings and sites written after the cleaner was last tuned, by someone who did not see its rules.
``dev``, ``test``, ``fresh``, ``fresh3``, ``fresh4``, ``fresh5``, ``fresh6``, ``fresh7``, ``fresh8`` and ``fresh9``
are development pools (``test`` and ``fresh`` were each held out once, and have been read since). Misses are
listed for the development pools only (listing them for the held-out pool would show its wordings;
``--show-held-out-samples`` does it anyway, for a final audit), and a crash on the held-out pool is reported
without its message, which may quote a wording. For every pool, the held-out one too, each kind's missed
units are counted by where they were kept (``paragraph``, or a field the head or tail reader gave them, such
as ``title`` or ``tail_credit``): counts only, no wording.

    python bench/bench_clean.py            # all pools, both modes
    python bench/bench_clean.py --self-test  # check the scorer with the oracle and null stand-ins
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import noise
from _cleanscore import DocScorer, Sample, Tally, pick_samples
from _common import OUT, Cleaner, ensure_importable, fmt_table, load_cleaner, read_jsonl, write_result
from _pools import HELD_OUT, POOLS

ensure_importable()
from samestory.records import Article  # noqa: E402

TARGETS = {"precision": 0.99, "recall": 0.97, "text_lost": 0.005}
MODES = ("corpus", "single")
#: What each pool is for; the held-out one is the headline.
ROLES = {pool: "held-out" if pool == HELD_OUT else "development" for pool in POOLS}


def ensure_corpus(pool: str, seed: int, regenerate: bool) -> Path:
    """The folder of a pool's generated corpus, generated if absent, asked for, or made by other code."""
    folder = noise.pool_dir(OUT / "noise", pool)
    truth = folder / "truth.json"
    made = json.loads(truth.read_text(encoding="utf-8")) if truth.exists() else {}
    current = made.get("seed") == seed and made.get("generator") == noise.generator_version()
    if regenerate or not current:
        print(f"generating the {pool} corpus (seed {seed}) ...", file=sys.stderr)
        docs = noise.generate(pool, seed, clean_share=0.15)
        noise.write_pool(docs, pool, seed, folder)
    return folder


@dataclass
class Run:
    """What one mode produced: articles by document id, and the crashes met on the way."""

    articles: dict[str, Any] = field(default_factory=dict)
    crashes: list[str] = field(default_factory=list)


def crash_note(exc: BaseException, pool: str) -> str:
    """Where the cleaner crashed; the message too, except on the held-out pool (it may quote its wordings)."""
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    where = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno} ({frame.name})"
    return where if pool == HELD_OUT else f"{where}: {str(exc)[:120]}"


def run_corpus(cleaner: Cleaner, folder: Path, texts: dict[str, str], pool: str) -> Run:
    """Articles by document id from one ``clean([docs.jsonl])`` call over the whole pool."""
    by_text = {text: doc_id for doc_id, text in texts.items()}
    run = Run()
    try:
        for article in cleaner.clean([folder / "docs.jsonl"]):
            doc_id = article.id if article.id in texts else by_text.get(article.original)
            if doc_id is not None:
                run.articles[doc_id] = article
    except Exception as exc:  # the run is scored as far as it got; the rest counts as unmatched
        run.crashes.append(crash_note(exc, pool))
    return run


def run_single(cleaner: Cleaner, folder: Path, texts: dict[str, str], pool: str) -> Run:
    """Articles by document id from ``clean_text`` on each document alone."""
    run = Run()
    for doc_id, text in texts.items():
        try:
            run.articles[doc_id] = cleaner.clean_text(text)
        except Exception as exc:  # a crash on one document is counted, and scored as "nothing removed"
            run.crashes.append(f"{doc_id}: {crash_note(exc, pool)}")
    return run


RUNNERS: dict[str, Callable[[Cleaner, Path, dict[str, str], str], Run]] = {
    "corpus": run_corpus,
    "single": run_single,
}


def evaluate(cleaner: Cleaner, folder: Path, mode: str, pool: str) -> tuple[dict[str, Any], Tally]:
    """Run the cleaner on a corpus in one mode and score it.

    A document the cleaner crashed on, or returned no article for, is scored as an article with nothing
    removed and nothing kept: it counts against recall and is reported, never silently skipped.
    """
    texts = {r["id"]: r["text"] for r in read_jsonl(folder / "docs.jsonl")}
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    run = RUNNERS[mode](cleaner, folder, texts, pool)
    seconds = time.perf_counter() - started
    tally = Tally()
    for doc in truth["docs"]:
        article = run.articles.get(doc["id"]) or Article(doc["id"], doc["id"], "text", texts[doc["id"]])
        DocScorer(texts[doc["id"]], doc, article).score(tally)
    summary = tally.summary()
    summary.update(seconds=round(seconds, 2), docs_without_article=len(truth["docs"]) - len(run.articles))
    summary.update(crashes=len(run.crashes), crash_samples=run.crashes[:10])
    summary["pass"] = passes(summary)
    return summary, tally


def passes(summary: dict[str, Any]) -> dict[str, bool]:
    """Each target met or not."""
    return {
        "precision": (summary["precision"] or 0) >= TARGETS["precision"],
        "recall": (summary["recall"] or 0) >= TARGETS["recall"],
        "text_lost": summary["text_lost"] <= TARGETS["text_lost"],
    }


def print_summary(pool: str, mode: str, s: dict[str, Any]) -> None:
    """The headline figures and per-kind recall of one pool and mode."""
    role = "held-out, the headline" if ROLES.get(pool) == "held-out" else "development"
    print(f"\n== {pool} pool ({role}), {mode} mode: {s['docs']} docs, {s['seconds']} s ==")
    rows = [
        ["precision", _num(s["precision"]), f">= {TARGETS['precision']}", _ok(s["pass"]["precision"])],
        ["recall", _num(s["recall"]), f">= {TARGETS['recall']}", _ok(s["pass"]["recall"])],
        ["recall without site boilerplate", _num(s["recall_without_site_boilerplate"]), "", ""],
        ["text lost", f"{s['text_lost']:.3%}", f"<= {TARGETS['text_lost']:.1%}", _ok(s["pass"]["text_lost"])],
        ["false removals / article line", f"{s['false_removals_per_article_line']:.4f}", "", ""],
        ["article text missing from output", f"{s['article_text_missing_from_output']:.3%}", "", ""],
        ["clean docs with a false removal", f"{s['clean_docs_with_a_false_removal']}/{s['clean_docs']}", "", ""],
        ["invariant errors", s["invariant_errors"], "0", _ok(s["invariant_errors"] == 0)],
        ["crashes", s["crashes"], "0", _ok(s["crashes"] == 0)],
        ["documents without an article", s["docs_without_article"], "0", _ok(s["docs_without_article"] == 0)],
    ]
    print(fmt_table(["figure", "value", "target", ""], rows))
    kinds = [
        [k, v["units"], v["removed"], f"{v['recall']:.3f}", ", ".join(f"{w} {n}" for w, n in v["missed_into"].items())]
        for k, v in s["per_kind"].items()
    ]
    print(fmt_table(["noise kind", "units", "removed", "recall", "missed units kept as"], kinds))
    for note in s["crash_samples"]:
        print(f"  crash: {note}")


def print_samples(title: str, samples: list[Sample]) -> None:
    """A few units with what happened to them, so a developer can see what is wrong."""
    if not samples:
        return
    print(f"\n-- {title} --")
    for x in samples:
        why = f"reason={','.join(x.reasons) or '-'}" + (f" evidence={x.evidence[:60]!r}" if x.evidence else "")
        print(f"  [{x.label}] {x.doc} -> {x.where}; {why}\n      {x.text[:150]!r}")


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.4f}"


def _ok(flag: bool) -> str:
    return "pass" if flag else "FAIL"


def self_test(seed: int, regenerate: bool) -> None:
    """Score the oracle and the null stand-ins on the dev corpus; exit 1 if the scorer is wrong."""
    import _stub

    folder = ensure_corpus("dev", seed, regenerate)
    failures = []
    for kind, expect in {"oracle": (1.0, 1.0, 0.0), "null": (None, 0.0, 0.0)}.items():
        for mode in MODES:
            s, _ = evaluate(_stub.make_cleaner(folder, kind), folder, mode, "dev")
            got = (s["precision"], s["recall"], s["text_lost"])
            print(f"{kind:6} {mode:6} precision={got[0]} recall={got[1]} text_lost={got[2]}")
            if got != expect or s["invariant_errors"] or s["docs_without_article"] or s["crashes"]:
                failures.append(f"{kind}/{mode}: expected {expect}, got {got}")
    if failures:
        sys.exit("self-test FAILED: " + "; ".join(failures))
    print("self-test passed")


def main(argv: list[str] | None = None) -> None:
    """Evaluate the cleaner on the pools in both modes and write bench/results/bench_clean.json."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pools", default=",".join(POOLS), help=f"comma-separated: {','.join(POOLS)}")
    parser.add_argument("--modes", default="corpus,single", help="comma-separated: corpus,single")
    parser.add_argument("--seed", type=int, default=13, help="noise generator seed")
    parser.add_argument("--regenerate", action="store_true", help="regenerate the corpora first")
    parser.add_argument("--samples", type=int, default=20, help="how many misses / false removals to list")
    parser.add_argument(
        "--show-held-out-samples", action="store_true", help=f"also list the {HELD_OUT} pool's misses (final audit)"
    )
    parser.add_argument("--self-test", action="store_true", help="check the scorer with stand-in cleaners")
    parser.add_argument(
        "--no-line-model",
        action="store_true",
        help="rules and corpus statistics only (an ablation; written to bench_clean-no-line-model.json)",
    )
    args = parser.parse_args(argv)
    if args.self_test:
        self_test(args.seed, args.regenerate)
        return
    cleaner = without_line_model(load_cleaner()) if args.no_line_model else load_cleaner()
    results: dict[str, Any] = {}
    samples: dict[str, Any] = {}
    for pool in args.pools.split(","):
        folder = ensure_corpus(pool, args.seed, args.regenerate)
        for mode in args.modes.split(","):
            summary, tally = evaluate(cleaner, folder, mode, pool)
            results.setdefault(pool, {})[mode] = summary
            print_summary(pool, mode, summary)
            samples.setdefault(pool, {})[mode] = show_samples(pool, tally, args)
    # Without the held-out pool, the newest development pool measured stands in (POOLS is oldest first).
    headline_pool = next((p for p in (HELD_OUT, *reversed(POOLS)) if "corpus" in results.get(p, {})), None)
    corpora = {pool: corpus_stats(pool, args.seed) for pool in results}
    payload = {
        "seed": args.seed,
        "targets": TARGETS,
        "headline": results[headline_pool]["corpus"] if headline_pool else None,
        "headline_pool": headline_pool,
        "roles": {pool: ROLES[pool] for pool in results},
        "corpora": corpora,
        "pools": results,
        "samples": samples,
    }
    name = "bench_clean-no-line-model" if args.no_line_model else "bench_clean"
    write_result(name, payload, cleaner=cleaner.name)


def without_line_model(cleaner: Cleaner) -> Cleaner:
    """The same cleaner with the line model switched off (``[clean] line_model = false``)."""
    from samestory.config import CleanConfig, Config

    off = CleanConfig(line_model=False)
    return Cleaner(
        cleaner.name,
        functools.partial(cleaner.clean_text, config=off),
        functools.partial(cleaner.clean, config=Config(clean=off)),
    )


def corpus_stats(pool: str, seed: int) -> dict[str, Any]:
    """What a pool's corpus holds (documents, clean documents, sites, units per label)."""
    folder = ensure_corpus(pool, seed, regenerate=False)
    return noise.pool_stats(json.loads((folder / "truth.json").read_text(encoding="utf-8")))


def show_samples(pool: str, tally: Tally, args: argparse.Namespace) -> dict[str, list[dict[str, Any]]]:
    """Print and return samples of false removals and (development pools, or when asked) misses."""
    false = pick_samples(tally.false, args.samples)
    print_samples(f"{pool}: false removals (article lines removed), {len(tally.false)} in all", false)
    out = {"false_removals": [asdict(x) for x in false]}
    if pool != HELD_OUT or args.show_held_out_samples:
        misses = pick_samples(tally.misses, args.samples)
        print_samples(f"{pool}: misses (noise kept), {len(tally.misses)} in all", misses)
        out["misses"] = [asdict(x) for x in misses]
    return out


if __name__ == "__main__":
    main()
