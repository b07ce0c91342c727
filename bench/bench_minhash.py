"""MinHash signatures and LSH candidates: samestory next to datasketch and rensa, one core, one run.

Articles: FNC-1 bodies (``../shared/data/fnc1/train_bodies.csv``) joined and cut to 600 words. Every
library gets the same shingles: word 5-grams of ``samestory.core.shingles.tokens`` (case-folded NFKC
``\\w+`` tokens), 128 permutations. Measured, as signatures per CPU-second (process time, so a library
that starts threads is charged for them; rensa also runs with RAYON_NUM_THREADS=1):

- ``end_to_end``: text -> signature. samestory's own batch path (hash tokens once, combine 5-grams in
  numpy, one-permutation MinHash); the others get ``tokens()`` and the joined 5-gram strings they need.
- ``from_shingle_strings``: the same precomputed 5-gram strings (bytes for datasketch) -> signature;
  samestory hashes each string with xxh3 first, as it would have to.
- ``from_shingle_hashes``: precomputed uint64 shingle hashes -> signature (samestory's kernel, and
  rensa's ``digest_matrix_from_flat_token_hashes``; datasketch has no such entry point).

Also: Jaccard-estimate error against exact 5-gram Jaccard on pairs of edited copies; the speed and
collisions of samestory's n-gram combination against xxh3 of joined strings; and LSH candidate
generation for 20,000 documents (600-word windows at random places in the corpus, so overlaps vary).

    python bench/bench_minhash.py                 # defaults, ~2 minutes
    python bench/bench_minhash.py --repeats 1 --datasketch-docs 100   # a quick look
"""

from __future__ import annotations

import os

os.environ.setdefault("RAYON_NUM_THREADS", "1")  # before rensa loads: one core, like the others

import argparse
import csv
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import xxhash
from _common import data_path, ensure_importable, fmt_table, package_version, write_result

ensure_importable()
from samestory.core.lsh import find_candidates  # noqa: E402
from samestory.core.minhash import MinHasher, jaccard  # noqa: E402
from samestory.core.shingles import Ragged, batch_shingle_hashes, tokens  # noqa: E402

NUM_PERM, N, SEED = 128, 5, 1
TARGET_VS_RENSA = 2.0
_SPACE = re.compile(r"\S+")


def articles(words: int) -> list[str]:
    """FNC-1 bodies joined in file order and cut at the ``words``-th word."""
    csv.field_size_limit(1 << 30)
    path = data_path("fnc1", "train_bodies.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        bodies = [row["articleBody"] for row in csv.DictReader(handle)]
    out, parts = [], []
    for body in bodies:
        parts.append(body)
        text = "\n\n".join(parts)
        spans = [m.end() for m in _SPACE.finditer(text)]
        if len(spans) >= words:
            out.append(text[: spans[words - 1]])
            parts = []
    return out


def shingle_strings(text: str) -> list[str]:
    toks = tokens(text)
    if len(toks) < N:
        return [" ".join(toks)] if toks else []
    return [" ".join(toks[i : i + N]) for i in range(len(toks) - N + 1)]


def timed(fn: Callable[[], Any], docs: int, repeats: int) -> dict[str, float]:
    """Median signatures per CPU-second and per wall-second over ``repeats`` runs."""
    cpu, wall = [], []
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return {"per_cpu_second": docs / statistics.median(cpu), "per_wall_second": docs / statistics.median(wall)}


def speed(texts: list[str], args: argparse.Namespace) -> dict[str, dict[str, dict[str, float]]]:
    import datasketch
    import rensa

    hasher = MinHasher(NUM_PERM, SEED)
    strings = [shingle_strings(t) for t in texts]
    as_bytes = [[s.encode() for s in row] for row in strings]
    hashes = batch_shingle_hashes(texts, N)
    offsets = hashes.offsets.astype(np.uint64)
    few = texts[: args.datasketch_docs]
    few_bytes = as_bytes[: args.datasketch_docs]
    r, n, k = args.repeats, len(texts), len(few)

    def xxh3_rows(rows: list[list[str]]) -> Ragged:
        h = xxhash.xxh3_64_intdigest
        return Ragged.from_rows([np.fromiter((h(s.encode()) for s in row), np.uint64, len(row)) for row in rows])

    def ds_update_batch(rows: list[list[bytes]]) -> None:
        for row in rows:
            datasketch.MinHash(num_perm=NUM_PERM, seed=SEED).update_batch(row)

    rmh = rensa.RMinHash

    def rensa_from_text() -> None:
        rmh.digest_matrix_from_token_sets([shingle_strings(t) for t in texts], NUM_PERM, SEED)

    def rensa_from_hashes() -> None:
        rmh.digest_matrix_from_flat_token_hashes(hashes.values, offsets, NUM_PERM, SEED)

    return {
        "end_to_end": {
            "samestory": timed(lambda: hasher.signatures(batch_shingle_hashes(texts, N)), n, r),
            "rensa": timed(rensa_from_text, n, r),
            "datasketch": timed(lambda: ds_update_batch([[s.encode() for s in shingle_strings(t)] for t in few]), k, r),
            "tokens_and_strings_only": timed(lambda: [shingle_strings(t) for t in texts], n, r),  # the others' share
        },
        "from_shingle_strings": {
            "samestory": timed(lambda: hasher.signatures(xxh3_rows(strings)), n, r),
            "rensa": timed(lambda: rmh.digest_matrix_from_token_sets(strings, NUM_PERM, SEED), n, r),
            "rensa_per_object": timed(lambda: [rmh(NUM_PERM, SEED).update(row) for row in strings], n, r),
            "datasketch": timed(lambda: ds_update_batch(few_bytes), k, r),
            "datasketch_bulk": timed(lambda: datasketch.MinHash.bulk(few_bytes, num_perm=NUM_PERM, seed=SEED), k, r),
        },
        "from_shingle_hashes": {
            "samestory": timed(lambda: hasher.signatures(hashes), n, r),
            "rensa": timed(rensa_from_hashes, n, r),
            "classic_numpy": timed(lambda: classic_minhash(hashes, args.datasketch_docs), k, r),
        },
    }  # fmt: skip


def classic_minhash(rows: Ragged, docs: int) -> np.ndarray:
    """The design samestory did not pick: 128 multiply-shift hash functions on every shingle, in numpy."""
    a = np.random.default_rng(SEED).integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)
    b = np.random.default_rng(SEED + 1).integers(0, 2**63, NUM_PERM, dtype=np.uint64)
    out = np.empty((docs, NUM_PERM), np.uint32)
    for i in range(docs):
        x = rows.row(i)
        out[i] = ((a[:, None] * x[None, :] + b[:, None]) >> np.uint64(32)).min(axis=1)
    return out


def edited_pairs(texts: list[str], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(article, copy) with a random share of words replaced: exact Jaccards spread over 0..1."""
    vocab = [w for t in texts[:50] for w in t.split()]
    pairs = []
    for i in range(count):
        words = texts[i % len(texts)].split()
        rate = rng.choice([0.0, 0.005, 0.01, 0.02, 0.04, 0.08, 0.15, 0.3, 1.0])
        edited = [rng.choice(vocab) if rng.random() < rate else w for w in words]
        pairs.append((" ".join(words), " ".join(edited)))
    return pairs


def accuracy(texts: list[str], count: int) -> dict[str, dict[str, float]]:
    import datasketch
    import rensa

    pairs = edited_pairs(texts, count, random.Random(SEED))
    firsts, seconds = [shingle_strings(a) for a, _ in pairs], [shingle_strings(b) for _, b in pairs]
    exact = np.array([len(set(a) & set(b)) / len(set(a) | set(b)) for a, b in zip(firsts, seconds, strict=True)])
    hasher = MinHasher(NUM_PERM, SEED)
    sa = hasher.signatures(batch_shingle_hashes([a for a, _ in pairs], N))
    sb = hasher.signatures(batch_shingle_hashes([b for _, b in pairs], N))

    def ds(row: list[str]) -> Any:
        m = datasketch.MinHash(num_perm=NUM_PERM, seed=SEED)
        m.update_batch([s.encode() for s in row])
        return m

    def rs(row: list[str]) -> Any:
        m = rensa.RMinHash(NUM_PERM, SEED)
        m.update(row)
        return m

    estimates = {
        "samestory": [jaccard(a, b) for a, b in zip(sa, sb, strict=True)],
        "datasketch": [ds(a).jaccard(ds(b)) for a, b in zip(firsts, seconds, strict=True)],
        "rensa": [rs(a).jaccard(rs(b)) for a, b in zip(firsts, seconds, strict=True)],
    }
    return {name: error_summary(np.array(est) - exact) for name, est in estimates.items()}


def error_summary(err: np.ndarray) -> dict[str, float]:
    return {
        "mean_abs_error": float(np.abs(err).mean()),
        "rmse": float(np.sqrt((err**2).mean())),
        "bias": float(err.mean()),
        "max_abs_error": float(np.abs(err).max()),
        "pairs": int(err.size),
    }


def shingle_combination(texts: list[str], repeats: int) -> dict[str, float]:
    """samestory's numpy n-gram combination against xxh3 of joined strings, and their collisions."""
    h = xxhash.xxh3_64_intdigest
    joined = timed(lambda: [[h(s.encode()) for s in shingle_strings(t)] for t in texts], len(texts), repeats)
    combined = timed(lambda: batch_shingle_hashes(texts, N), len(texts), repeats)
    distinct_strings = len({s for t in texts for s in shingle_strings(t)})
    distinct_hashes = len(set(batch_shingle_hashes(texts, N).values.tolist()))
    return {
        "texts_per_cpu_second_numpy_combination": combined["per_cpu_second"],
        "texts_per_cpu_second_xxh3_of_joined_strings": joined["per_cpu_second"],
        "distinct_shingles": distinct_strings,
        "distinct_shingle_hashes": distinct_hashes,
    }


def lsh(texts: list[str], docs: int, words: int) -> dict[str, float]:
    """Candidate pairs at threshold 0.5 for ``docs`` random 600-word windows of the corpus."""
    stream = " ".join(texts).split()
    rng = np.random.default_rng(SEED)
    starts = rng.integers(0, len(stream) - words, docs)
    corpus = [" ".join(stream[s : s + words]) for s in starts.tolist()]
    c0 = time.process_time()
    sigs = MinHasher(NUM_PERM, SEED).signatures(batch_shingle_hashes(corpus, N))
    c1 = time.process_time()
    found = find_candidates([f"w{i:06d}" for i in range(docs)], sigs, threshold=0.5)
    c2 = time.process_time()
    return {
        "docs": docs,
        "signature_seconds": c1 - c0,
        "candidate_seconds": c2 - c1,
        "bands": found.bands,
        "rows": found.rows,
        "candidate_pairs": len(found.pairs),
        "capped_buckets": found.capped_buckets,
        "capped_pairs": found.capped_pairs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=600, help="words per article")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per figure; the median is kept")
    parser.add_argument("--datasketch-docs", type=int, default=200, help="articles for datasketch (it is slow)")
    parser.add_argument("--accuracy-pairs", type=int, default=300)
    parser.add_argument("--lsh-docs", type=int, default=20_000)
    args = parser.parse_args()

    texts = articles(args.words)
    print(f"{len(texts)} articles of {args.words} words; {NUM_PERM} permutations; word {N}-grams", flush=True)
    figures: dict[str, Any] = {"articles": len(texts), "words": args.words, "num_perm": NUM_PERM, "ngram": N}
    figures["signatures"] = speed(texts, args)
    figures["accuracy"] = accuracy(texts, args.accuracy_pairs)
    figures["shingle_combination"] = shingle_combination(texts, args.repeats)
    figures["lsh"] = lsh(texts, args.lsh_docs, args.words)
    figures["versions"] = {p: package_version(p) for p in ("numpy", "xxhash", "datasketch", "rensa")}
    report(figures)
    ratios = {mode: row["samestory"]["per_cpu_second"] / row["rensa"]["per_cpu_second"]
              for mode, row in figures["signatures"].items()}  # fmt: skip
    figures["samestory_over_rensa"] = ratios
    passed = {f"{mode}_2x_rensa": ratio >= TARGET_VS_RENSA for mode, ratio in ratios.items()}
    print("\nsamestory / rensa per core: " + ", ".join(f"{m} {v:.2f}x" for m, v in ratios.items()))
    targets = {"samestory_over_rensa_per_core": TARGET_VS_RENSA}
    write_result("minhash", {"name": "minhash", "figures": figures, "targets": targets, "passed": passed})
    return 0


def report(figures: dict[str, Any]) -> None:
    rows = [
        [mode, lib, f"{v['per_cpu_second']:,.0f}", f"{v['per_wall_second']:,.0f}"]
        for mode, libs in figures["signatures"].items()
        for lib, v in libs.items()
    ]
    print(fmt_table(["input", "library", "signatures / CPU-s", "signatures / wall-s"], rows))
    acc = [[lib, *(f"{v[key]:.4f}" for key in ("mean_abs_error", "rmse", "bias", "max_abs_error"))]
           for lib, v in figures["accuracy"].items()]  # fmt: skip
    print(fmt_table(["library", "mean |error|", "rmse", "bias", "max |error|"], acc))
    combination = [[k, f"{v:,.0f}"] for k, v in figures["shingle_combination"].items()]
    print(fmt_table(["shingle combination", "value"], combination))
    lsh_rows = [[k, v if isinstance(v, int) else f"{v:.3f}"] for k, v in figures["lsh"].items()]
    print(fmt_table(["lsh", "value"], lsh_rows))


if __name__ == "__main__":
    sys.exit(main())
