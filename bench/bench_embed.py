"""Embedding tiers side by side: speed per core and quality on real, labelled news data.

    python bench/bench_embed.py             # every tier found, writes bench/results/embed.json
    python bench/bench_embed.py --quick     # smaller speed samples, no variants (a smoke run)

Tiers: the MiniLM transformer, the shipped static model, the static variants that
``bench/build_static_model.py --variants`` leaves in bench/out/static_model (plain model2vec distillation,
tokenlearn, our training at other widths), and hybrids (static first, the transformer only where the
static score cannot decide). Quality:

- STS-B ``main-news`` pairs of all splits (never trained on): Spearman of cosine against the 0-5 score.
- MRPC train: F1 of "paraphrase" at the best cosine threshold, and that threshold.
- ECB+ same story, article level: every pair of documents within a topic (same story, or a different real
  event of the same kind: the hard negatives) plus as many random cross-topic pairs. Pearson, Spearman
  and ROC AUC of cosine against the label, AUC on the within-topic pairs alone, best-threshold F1; for the
  whole text and for the lead (first three sentences). Candidate recall: of each document's same-story
  documents, the share found among its k nearest neighbours in the whole collection.

Speed: sentences per second per core, one process with one thread, on ECB+ sentences, and articles per
second on whole ECB+ documents (MiniLM reads the first 256 word pieces, the static tier up to 512
tokens); CPU seconds (process time) are the denominator, so other jobs on the machine do not lower the
figure. Hybrid cost is counted in texts the transformer must encode (each once), as a share of all texts.
Thresholds are fitted on the data they are scored on (as "best-threshold F1" says): read them as the
ceiling of each tier, compared on equal terms.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ["TOKENIZERS_PARALLELISM"] = "false"
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import torch
from _common import data_path, ensure_importable, fmt_table, read_jsonl, write_result
from build_static_model import BUILD_DIR, lead, split_sentences

SEED = 7
BANDS = (0.05, 0.1, 0.2, 0.3)  # share of pairs, nearest the static threshold, sent to the transformer
RECALL_AT = (5, 10, 20)
Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Pairs:
    """Labelled text pairs: ``gold`` is a score (STS-B) or 0/1 (MRPC, ECB+)."""

    left: list[str]
    right: list[str]
    gold: np.ndarray
    hard: np.ndarray  # within-topic pairs of ECB+ (all False elsewhere)


# --- data -------------------------------------------------------------------------------------------------


def stsb_news() -> Pairs:
    """STS-B pairs of the ``main-news`` genre, all three splits."""
    left, right, gold = [], [], []
    for split in ("train", "dev", "test"):
        with data_path("stsbenchmark", f"sts-{split}.csv").open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 7 and row[0] == "main-news":
                    left.append(row[5])
                    right.append(row[6])
                    gold.append(float(row[4]))
    return Pairs(left, right, np.array(gold), np.zeros(len(gold), dtype=bool))


def mrpc() -> Pairs:
    """MRPC train pairs; 1 = paraphrase."""
    left, right, gold = [], [], []
    with data_path("mrpc", "msr_paraphrase_train.txt").open(encoding="utf-8-sig") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) == 5 and row[0] in "01":
                left.append(row[3])
                right.append(row[4])
                gold.append(int(row[0]))
    return Pairs(left, right, np.array(gold), np.zeros(len(gold), dtype=bool))


def ecb_docs() -> list[dict[str, Any]]:
    """The ECB+ documents, in file order."""
    return list(read_jsonl(data_path("ecbplus", "ecbplus_docs.jsonl")))


def ecb_pairs(docs: list[dict[str, Any]], view: Callable[[str], str]) -> Pairs:
    """All within-topic pairs plus as many random cross-topic pairs; 1 = same story."""
    index: list[tuple[int, int]] = []
    for i in range(len(docs)):
        index += [(i, j) for j in range(i + 1, len(docs)) if docs[i]["topic"] == docs[j]["topic"]]
    within = len(index)
    rng = random.Random(SEED)
    while len(index) < 2 * within:
        i, j = rng.randrange(len(docs)), rng.randrange(len(docs))
        if docs[i]["topic"] != docs[j]["topic"]:
            index.append((i, j))
    texts = [view(d["text"]) for d in docs]
    gold = np.array([docs[i]["story_id"] == docs[j]["story_id"] for i, j in index], dtype=int)
    hard = np.arange(len(index)) < within
    return Pairs([texts[i] for i, _ in index], [texts[j] for _, j in index], gold, hard)


# --- metrics ----------------------------------------------------------------------------------------------


def ranks(values: np.ndarray) -> np.ndarray:
    """Ranks from 1, ties given their average rank."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    starts = np.r_[0, np.flatnonzero(np.diff(sorted_values)) + 1]
    ends = np.r_[starts[1:], len(values)]
    out = np.empty(len(values))
    for start, end in zip(starts, ends, strict=True):
        out[order[start:end]] = (start + end + 1) / 2
    return out


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(ranks(x), ranks(y))[0, 1])


def pearson(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.corrcoef(x, y)[0, 1])


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """ROC AUC as the Mann-Whitney statistic."""
    r = ranks(scores)
    pos = labels == 1
    n_pos, n_neg = int(pos.sum()), int((~pos).sum())
    return float((r[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def best_f1(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The best F1 of ``score >= threshold`` over all thresholds, and that threshold."""
    order = np.argsort(-scores, kind="mergesort")
    hits = np.cumsum(labels[order] == 1)
    predicted = np.arange(1, len(scores) + 1)
    f1 = 2 * hits / (predicted + labels.sum())
    cut = int(np.argmax(f1))
    below = scores[order[cut + 1]] if cut + 1 < len(scores) else scores[order[cut]] - 1e-6
    return float(f1[cut]), float((scores[order[cut]] + below) / 2)


def f1_of(decisions: np.ndarray, labels: np.ndarray) -> float:
    hits = int((decisions & (labels == 1)).sum())
    return 2 * hits / max(1, int(decisions.sum()) + int(labels.sum()))


# --- scoring ----------------------------------------------------------------------------------------------


def cosines(encode: Encode, pairs: Pairs) -> np.ndarray:
    """Cosine of each pair, every distinct text encoded once."""
    texts = list(dict.fromkeys(pairs.left + pairs.right))
    vectors = encode(texts)
    row = {t: i for i, t in enumerate(texts)}
    left = vectors[[row[t] for t in pairs.left]]
    right = vectors[[row[t] for t in pairs.right]]
    return np.einsum("ij,ij->i", left, right)


def binary_scores(scores: np.ndarray, pairs: Pairs) -> dict[str, float]:
    f1, threshold = best_f1(scores, pairs.gold)
    out = {"f1": f1, "threshold": threshold, "auc": auc(scores, pairs.gold)}
    if pairs.hard.any():
        out |= {
            "pearson": pearson(scores, pairs.gold),
            "spearman": spearman(scores, pairs.gold),
            "auc_within_topic": auc(scores[pairs.hard], pairs.gold[pairs.hard]),
        }
    return out


def recall_at(vectors: np.ndarray, stories: list[str]) -> dict[str, float]:
    """Share of same-story documents among each document's k nearest neighbours (micro-averaged)."""
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    order = np.argsort(-sims, axis=1, kind="mergesort")
    story = np.array(stories)
    same = story[order] == story[:, None]
    total = same.sum()
    return {f"recall@{k}": float(same[:, :k].sum() / total) for k in RECALL_AT}


def hybrid(static: np.ndarray, transformer: np.ndarray, pairs: Pairs, band: float) -> dict[str, float]:
    """Static decides, except the ``band`` share of pairs closest to its threshold, which MiniLM decides."""
    _, ts = best_f1(static, pairs.gold)
    _, tt = best_f1(transformer, pairs.gold)
    near = np.argsort(np.abs(static - ts), kind="mergesort")[: round(band * len(static))]
    decisions = static >= ts
    decisions[near] = transformer[near] >= tt
    texts = set(pairs.left) | set(pairs.right)
    called = {pairs.left[i] for i in near} | {pairs.right[i] for i in near}
    return {
        "f1": f1_of(decisions, pairs.gold),
        "pairs_rescored": len(near),
        "transformer_texts": len(called),
        "transformer_text_share": len(called) / len(texts),
    }


# --- speed ------------------------------------------------------------------------------------------------


def speed(encode: Encode, texts: list[str], budget_s: float) -> dict[str, float]:
    """Texts per CPU second and per wall second, repeating batches of 256 until ``budget_s`` of CPU is spent."""
    encode(texts[:32])  # warm-up: first-call allocations and lazy initialisation
    done, cpu0, wall0 = 0, time.process_time(), time.perf_counter()
    while time.process_time() - cpu0 < budget_s:
        start = done % len(texts)
        batch = texts[start : start + 256]
        encode(batch)
        done += len(batch)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {"per_cpu_second": done / cpu, "per_wall_second": done / wall, "texts": done}


# --- tiers ------------------------------------------------------------------------------------------------


def static_tiers(include_variants: bool) -> dict[str, Path]:
    """The shipped static model, plus the built variants when asked for and present."""
    from samestory.core.static_model import DEFAULT_STATIC_MODEL

    tiers = {f"static:{DEFAULT_STATIC_MODEL.name}": DEFAULT_STATIC_MODEL}
    if include_variants and BUILD_DIR.exists():
        for folder in sorted(BUILD_DIR.iterdir()):
            if (folder / "model.safetensors").is_file():
                tiers[f"static:{folder.name}"] = folder
    return tiers


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


def evaluate(encode: Encode, data: dict[str, Any]) -> dict[str, Any]:
    """Every quality figure of one tier, plus the raw pair scores the hybrids need."""
    raw = {name: cosines(encode, pairs) for name, pairs in data["pairs"].items()}
    figures: dict[str, Any] = {
        "stsb_news_spearman": spearman(raw["stsb"], data["pairs"]["stsb"].gold),
        "mrpc": binary_scores(raw["mrpc"], data["pairs"]["mrpc"]),
        "ecb_article": binary_scores(raw["ecb_article"], data["pairs"]["ecb_article"]),
        "ecb_lead": binary_scores(raw["ecb_lead"], data["pairs"]["ecb_lead"]),
    }
    docs = data["docs"]
    stories = [d["story_id"] for d in docs]
    figures["ecb_recall_article"] = recall_at(encode([d["text"] for d in docs]), stories)
    figures["ecb_recall_lead"] = recall_at(encode([lead(d["text"]) for d in docs]), stories)
    return {"figures": figures, "raw": raw}


def memoised(encode: Encode) -> Encode:
    """``encode`` that computes each distinct text once (quality runs see the same texts several times)."""
    memo: dict[str, np.ndarray] = {}

    def run(texts: Sequence[str]) -> np.ndarray:
        new = [t for t in dict.fromkeys(texts) if t not in memo]
        if new:
            memo.update(zip(new, encode(new), strict=True))
        return np.stack([memo[t] for t in texts])

    return run


def measure(name: str, encode: Encode, data: dict[str, Any], budget_s: float, load_s: float) -> dict[str, Any]:
    """Quality and speed of one tier, printed as it goes."""
    started = time.perf_counter()
    result = evaluate(memoised(encode), data)
    result["figures"]["load_seconds"] = load_s
    result["figures"]["sentences"] = speed(encode, data["sentences"], budget_s)
    result["figures"]["articles"] = speed(encode, data["articles"], budget_s)
    f = result["figures"]
    print(
        f"{name}: sts {f['stsb_news_spearman']:.3f}  mrpc f1 {f['mrpc']['f1']:.3f}  "
        f"ecb auc {f['ecb_article']['auc']:.3f}  {f['sentences']['per_cpu_second']:.0f} sent/s/core  "
        f"({time.perf_counter() - started:.0f} s)",
        flush=True,
    )
    return result


def load_data() -> dict[str, Any]:
    docs = ecb_docs()
    sentences = [s for d in docs for s in split_sentences(d["text"])]
    return {
        "docs": docs,
        "sentences": sentences,
        "articles": [d["text"] for d in docs],
        "pairs": {
            "stsb": stsb_news(),
            "mrpc": mrpc(),
            "ecb_article": ecb_pairs(docs, lambda text: text),
            "ecb_lead": ecb_pairs(docs, lead),
        },
    }


def hybrids(static: dict[str, Any], transformer: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """Static decisions with MiniLM re-scoring a band of pairs around the static threshold, per band width."""
    return {
        task: {
            f"{band:.2f}": hybrid(static["raw"][task], transformer["raw"][task], data["pairs"][task], band)
            for band in BANDS
        }
        for task in ("mrpc", "ecb_article", "ecb_lead")
    }


def summary_rows(tiers: dict[str, dict[str, Any]]) -> list[list[Any]]:
    rows = []
    for name, result in tiers.items():
        f = result["figures"]
        rows.append(
            [
                name,
                f.get("size_mb", "-"),
                round(f["sentences"]["per_cpu_second"]),
                round(f["articles"]["per_cpu_second"], 1),
                f["stsb_news_spearman"],
                f["mrpc"]["f1"],
                f["mrpc"]["auc"],
                f["ecb_article"]["pearson"],
                f["ecb_article"]["auc"],
                f["ecb_article"]["auc_within_topic"],
                f["ecb_lead"]["pearson"],
                f["ecb_lead"]["auc"],
                f["ecb_recall_lead"]["recall@10"],
            ]
        )
    return rows


def targets_and_verdicts(figures: dict[str, Any], shipped: str) -> tuple[dict[str, Any], dict[str, bool]]:
    """Targets from the issue: fast static tier, gap to MiniLM at least halved, hybrid near MiniLM for few calls."""
    tiers = figures["tiers"]
    ship, mini = tiers[shipped], tiers["transformer"]
    plain = tiers.get("static:plain-256-float16")
    targets: dict[str, Any] = {
        "shipped_model_max_mb": 4.0,
        "static_sentences_per_cpu_second_min": 2000,
        "gap_closed_min": 0.5,
        "hybrid_f1_max_loss_vs_transformer": 0.01,
        "hybrid_band_max": 0.2,
    }
    passed = {
        "shipped_model_size": ship["size_mb"] <= targets["shipped_model_max_mb"],
        "static_speed": ship["sentences"]["per_cpu_second"] >= targets["static_sentences_per_cpu_second_min"],
    }
    if plain is not None:
        for key, get in (
            ("stsb", lambda f: f["stsb_news_spearman"]),
            ("ecb_article_pearson", lambda f: f["ecb_article"]["pearson"]),
        ):
            closed = (get(ship) - get(plain)) / max(1e-9, get(mini) - get(plain))
            figures.setdefault("gap_closed", {})[key] = closed
            passed[f"gap_closed_{key}"] = closed >= targets["gap_closed_min"]
    band = f"{targets['hybrid_band_max']:.2f}"
    for task in ("mrpc", "ecb_article"):
        loss = mini[task]["f1"] - figures["hybrid"][task][band]["f1"]
        passed[f"hybrid_{task}"] = loss <= targets["hybrid_f1_max_loss_vs_transformer"]
    return targets, passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short speed runs, shipped static model only")
    args = parser.parse_args()
    ensure_importable()
    from samestory.core.embed import StaticEmbedder, TransformerEmbedder

    torch.set_num_threads(1)  # "per core": one process, one thread
    budget = 3.0 if args.quick else 10.0
    data = load_data()
    results: dict[str, dict[str, Any]] = {}
    started = time.perf_counter()
    mini = TransformerEmbedder.from_package()
    results["transformer"] = measure("transformer", mini.encode, data, budget * 2, time.perf_counter() - started)
    for name, folder in static_tiers(not args.quick).items():
        started = time.perf_counter()
        embedder = StaticEmbedder.from_path(folder)
        results[name] = measure(name, embedder.encode, data, budget, time.perf_counter() - started)
        results[name]["figures"]["size_mb"] = round(size_mb(folder), 2)
    shipped = next(name for name in results if name.startswith("static:samestory"))
    figures: dict[str, Any] = {
        "tiers": {name: r["figures"] for name, r in results.items()},
        "hybrid": hybrids(results[shipped], results["transformer"], data),
        "hybrid_static_tier": shipped,
        "data": {
            "stsb_news_pairs": len(data["pairs"]["stsb"].gold),
            "mrpc_pairs": len(data["pairs"]["mrpc"].gold),
            "ecb_pairs": len(data["pairs"]["ecb_article"].gold),
            "ecb_within_topic_pairs": int(data["pairs"]["ecb_article"].hard.sum()),
            "ecb_docs": len(data["docs"]),
            "speed_sentences": len(data["sentences"]),
        },
    }
    targets, passed = targets_and_verdicts(figures, shipped)
    header = [
        "tier",
        "MB",
        "sent/s/core",
        "art/s/core",
        "STS-B news",
        "MRPC F1",
        "MRPC AUC",
        "ECB r",
        "ECB AUC",
        "ECB AUC hard",
        "lead r",
        "lead AUC",
        "lead R@10",
    ]
    print(fmt_table(header, summary_rows(results)))
    for task, bands in figures["hybrid"].items():
        for band, h in bands.items():
            print(f"hybrid {task} band {band}: f1 {h['f1']:.4f}, transformer texts {h['transformer_text_share']:.1%}")
    print("passed:", passed)
    write_result("embed", {"name": "embed", "figures": figures, "targets": targets, "passed": passed})


if __name__ == "__main__":
    main()
