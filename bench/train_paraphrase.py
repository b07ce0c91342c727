"""Train the sentence paraphrase score (samestory.core.paraphrase) and write ``samestory/data/paraphrase.toml``.

Training data: the STS Benchmark's train file, ``main-news`` pairs only (gold 0-5, scaled to 0-1 and used as
soft labels of a logistic regression). Nothing reported elsewhere is trained or tuned on: STS-B news dev and
test are the held-out figures of ``bench_match.py stsb``; MRPC train (``bench_match.py mrpc``) and the
synthetic corpus (``bench_synthetic.py``, whose rewrites come from MRPC train pairs) are not read here except
to print the held-out figures at the end, which decide nothing. (MRPC's test file, which could have served
for training, is not in ../shared/data.)

Derived on the training pairs only:
- ``floor``: 0.4, kept from the score before: pairs with a cosine at most this get the cosine-only piece,
  so overlap features cost a Python set operation only for pairs close in meaning;
- ``paraphrase_threshold``: the score with the best F1 for "gold >= 3" (STS: "roughly equivalent, some
  important information differs or is missing", what an aligned sentence of a rewrite may be);
- ``strong_paraphrase``: the score with the best F1 for "gold >= 4" ("mostly equivalent").

Tried and dropped (STS-B news dev+test Spearman of this model: 0.756 with the same features fitted
without the floor): a soft word alignment from the static model's token vectors (BERTScore-like greedy
matching, token norms as weights) added 0.007 but needs each sentence's token vectors at verification;
content-word Jaccard and containment, and capitalised-word agreement, added nothing (0.748 to 0.756);
gradient-boosted trees over all of them reached 0.750, so the linear model is not what limits it.

    python bench/train_paraphrase.py [--write]

Deterministic: the same data give the same coefficients (lbfgs from zeros); printed with 17 digits.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable

import numpy as np
from _common import REPO, ensure_importable
from _sources import load_mrpc, load_stsb_news

ensure_importable()
import sklearn  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from samestory.core.embed import load_embedder  # noqa: E402
from samestory.core.paraphrase import FEATURES, MODEL_FILE, ParaphraseModel, overlap_features  # noqa: E402

FLOOR = 0.4
#: Inverse regularisation strength (sklearn's default): the features are all in [0, 1].
C = 1.0
GRID = np.round(np.arange(0.2, 0.96, 0.01), 2)


def stsb(names: tuple[str, ...]) -> tuple[list[tuple[str, str]], np.ndarray]:
    pairs = [p for name in names for p in load_stsb_news(name)]
    return [(p.a, p.b) for p in pairs], np.array([p.label for p in pairs])


def cosines(pairs: list[tuple[str, str]], tier: str = "static") -> np.ndarray:
    """The cosine of each pair's two sentences in ``tier``'s embeddings."""
    embedder = load_embedder(tier)
    left, right = embedder.encode([a for a, _ in pairs]), embedder.encode([b for _, b in pairs])
    return (left * right).sum(axis=1).astype(np.float32).astype(np.float64)


def soft_logistic(x: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, float]:
    """Logistic regression on soft labels in [0, 1]: each row twice, as a positive weighted ``target`` and a
    negative weighted ``1 - target`` (the cross-entropy of the soft label)."""
    model = LogisticRegression(C=C, max_iter=5000, tol=1e-10)
    model.fit(np.vstack([x, x]), np.r_[np.ones(len(x)), np.zeros(len(x))], sample_weight=np.r_[target, 1 - target])
    return model.coef_[0], float(model.intercept_[0])


def f1(labels: np.ndarray, predicted: np.ndarray) -> float:
    tp = float((labels & predicted).sum())
    precision, recall = tp / max(1, predicted.sum()), tp / max(1, labels.sum())
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The grid score with the best F1 (the lowest of ties)."""
    return float(max(GRID, key=lambda t: (f1(labels, scores >= t), -t)))


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    from scipy.stats import spearmanr

    return float(spearmanr(x, y)[0])


def train() -> tuple[ParaphraseModel, int]:
    pairs, gold = stsb(("sts-train.csv",))
    cos, target = cosines(pairs), gold / 5
    near = cos > FLOOR
    weights, bias = soft_logistic(overlap_features([p for p, n in zip(pairs, near, strict=True) if n], cos[near]),
                                  target[near])  # fmt: skip
    far_weights, far_bias = soft_logistic(cos[~near, None], target[~near])
    model = ParaphraseModel(
        weights=tuple(float(w) for w in weights), bias=bias, floor=FLOOR, far_weight=float(far_weights[0]),
        far_bias=far_bias, paraphrase_threshold=0.0, strong_paraphrase=0.0,
    )  # fmt: skip
    scores = model.score_pairs(pairs, cos).astype(np.float64)
    paraphrase, strong = best_threshold(scores, gold >= 3), best_threshold(scores, gold >= 4)
    model = dataclasses.replace(model, paraphrase_threshold=paraphrase, strong_paraphrase=strong)
    print(f"train: {len(pairs)} STS-B train news pairs ({int(near.sum())} over the floor), "
          f"Spearman {spearman(scores, gold):.4f} (cosine {spearman(cos, gold):.4f})")  # fmt: skip
    return model, len(pairs)


def held_out(model: ParaphraseModel) -> None:
    """Figures on data not trained on, for information (bench_match.py reports them)."""
    pairs, gold = stsb(("sts-dev.csv", "sts-test.csv"))
    cos = cosines(pairs)
    print(f"held out: STS-B dev+test news Spearman {spearman(model.score_pairs(pairs, cos), gold):.4f} "
          f"(cosine {spearman(cos, gold):.4f})")  # fmt: skip
    rows = load_mrpc()
    mrpc = [(r.a, r.b) for r in rows]
    labels = np.array([r.label == 1 for r in rows])
    scores = model.score_pairs(mrpc, cosines(mrpc))
    print(f"held out: MRPC train F1 {f1(labels, scores >= model.paraphrase_threshold):.4f} at "
          f"{model.paraphrase_threshold}")  # fmt: skip


Cosine = Callable[[list[tuple[str, str]]], np.ndarray]


def refit(cosine: Cosine) -> dict[str, float]:
    """What the score's features reach over the cosines ``cosine`` gives, fitted as the shipped score is (soft
    labels, STS-B train news only) but as one logistic over every pair, with no floor: Spearman on the held-out
    STS-B news pairs, and MRPC train F1 at the score with the best F1 on the training pairs for gold >= 3 (and
    the best on MRPC itself, a ceiling). Read by ``bench_match.py`` to set the default static tier beside the
    transformer, trained and scored the same way; nothing here is written to the shipped model."""
    pairs, gold = stsb(("sts-train.csv",))
    train = overlap_features(pairs, cosine(pairs))  # once: a transformer's cosines take a minute
    weights, bias = soft_logistic(train, gold / 5)

    def score(features: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(features @ weights + bias)))

    def score_pairs(some: list[tuple[str, str]]) -> np.ndarray:
        return score(overlap_features(some, cosine(some)))

    threshold = best_threshold(score(train), gold >= 3)
    held, held_gold = stsb(("sts-dev.csv", "sts-test.csv"))
    rows = load_mrpc()
    labels, mrpc = np.array([r.label == 1 for r in rows]), score_pairs([(r.a, r.b) for r in rows])
    return {
        "stsb_news_spearman": round(spearman(score_pairs(held), held_gold), 4), "threshold": threshold,
        "mrpc_f1": round(f1(labels, mrpc >= threshold), 4),
        "mrpc_best_f1": round(max(f1(labels, mrpc >= t) for t in GRID), 4),
    }  # fmt: skip


def finetuned_cosine(epochs: int = 2, batch: int = 16, seed: int = 0) -> tuple[Cosine, float]:
    """The MiniLM transformer (a fresh copy of the shipped weights, not the shared embedder) fine-tuned on
    STS-B train news as a bi-encoder, the cosine of a pair regressed on its gold / 5 (sentence-transformers'
    ``CosineSimilarityLoss``, written out: its trainer wants the ``datasets`` package), AdamW at 2e-5; its
    cosine function and the CPU seconds the training took. Measures what fine-tuning on the training file the
    score already uses would give; samestory ships no such model."""
    import random
    import time

    import torch

    from samestory.core.embed import TransformerEmbedder

    random.seed(seed)
    torch.manual_seed(seed)
    model = TransformerEmbedder.from_package()._model
    pairs, gold = stsb(("sts-train.csv",))
    target = torch.tensor(gold / 5, dtype=torch.float32)
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-5)
    order, started = list(range(len(pairs))), time.process_time()
    model.train()
    for _ in range(epochs):
        random.shuffle(order)
        for at in range(0, len(order), batch):
            rows = order[at : at + batch]
            left, right = ([pairs[i][side] for i in rows] for side in (0, 1))
            u, v = (model(model.preprocess(texts))["sentence_embedding"] for texts in (left, right))
            loss = torch.nn.functional.mse_loss(torch.nn.functional.cosine_similarity(u, v), target[rows])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    model.eval()
    seconds = time.process_time() - started

    def cosine(some: list[tuple[str, str]]) -> np.ndarray:
        with torch.no_grad():
            u, v = (model.encode([p[side] for p in some], normalize_embeddings=True, batch_size=64) for side in (0, 1))
        return (u * v).sum(axis=1).astype(np.float64)

    return cosine, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"write src/samestory/data/{MODEL_FILE}")
    args = parser.parse_args(argv)
    model, n = train()
    print(model)
    held_out(model)
    if args.write:
        header = (
            "# The sentence paraphrase score (samestory.core.paraphrase), written by bench/train_paraphrase.py:\n"
            f"# a logistic regression on {n} STS Benchmark train news pairs (gold / 5 as soft labels),\n"
            f"# scikit-learn {sklearn.__version__}, C = {C}. Features: {', '.join(FEATURES)}.\n"
            "# Thresholds: best F1 on the same pairs for gold >= 3 (paraphrase) and gold >= 4 (strong)."
        )
        path = REPO / "src" / "samestory" / "data" / MODEL_FILE
        path.write_text(model.to_toml(header), encoding="utf-8")
        print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
