"""Synthetic corpora built from real articles with known relations (issue 3's acceptance).

1. Quality: ~300 FNC-1 bodies of 250-900 words as bases, each with derived versions of known relation
   (exact_duplicate: other crawl header, trailing share line; near_duplicate: a few word, sentence and
   punctuation edits; partial_reprint: a contiguous 40-60% run of paragraphs), plus bases composed of MRPC
   paraphrase-pair first sentences whose ``rewrite`` is the second sentences, paragraphs shuffled and
   sometimes truncated. One ``samestory.run`` over the whole corpus; per relation precision and recall of
   the generated base-derived pairs, a confusion matrix, and the related cross-family pairs (FNC-1 holds
   many articles on the same claims, so these are reported, not scored).
   The MRPC bases are sentence collections, not coherent stories: the rewrite figures measure alignment of
   paraphrased sentences, not story semantics.
2. Speed: 5k/10k/20k-article corpora of two kinds, each 70% distinct articles and 30% copies and rewrites
   of them, through ``samestory run --workers 2``: wall seconds, articles per second, peak memory of the
   process tree; and the stage split (clean alone by the CLI, and fingerprint / candidates / verify /
   cluster timed through the Python API, on the smallest corpus).

   - ``sparse`` (:func:`build_sparse`), what a crawl with 70% distinct stories looks like: the distinct
     articles share no text with one another (real bodies disguised one by one, see ``_sparse.py``); the
     rewrite families use each MRPC pair once, so they are capped at what the pool holds (~250) and the rest
     of the derived share is exact, near and partial copies.
   - ``dense`` (:func:`build_speed`), a stress row: "distinct" articles are sentence runs of three FNC-1
     bodies plus a unique sentence, so at 20k each shares verbatim runs with ~25 others, and the MRPC pairs
     are recycled 3-4 times (at 5k, 88% of the related pairs found are between different generated groups).

    python bench/bench_synthetic.py [--sizes 5000,10000,20000] [--kind sparse|dense|both] [--skip-speed]
                                    [--skip-quality]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import re
import shutil
import subprocess
import sys
import time
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from _common import (
    OUT,
    RESULTS,
    data_path,
    ensure_importable,
    fmt_table,
    run_process,
    samestory_cli,
    write_result,
)
from _sparse import Disguise
from threadpoolctl import threadpool_limits

ensure_importable()
import samestory  # noqa: E402
from samestory.config import MatchConfig  # noqa: E402
from samestory.core.embed import load_embedder  # noqa: E402
from samestory.stages.candidates import find_candidates  # noqa: E402
from samestory.stages.cluster import cluster  # noqa: E402
from samestory.stages.fingerprint import fingerprint  # noqa: E402
from samestory.stages.match import (  # noqa: E402
    VERIFY_BLAS_THREADS,
    align_params,
    candidate_params,
    relation_params,
)
from samestory.stages.verify import Verifier  # noqa: E402

RELATIONS = ("exact_duplicate", "near_duplicate", "partial_reprint", "rewrite")
TARGETS = {"precision": 0.95, "recall": 0.95, "articles_per_second": 500.0, "memory_growth": "at most linear"}
SEED = 20260101
WORK = OUT / "synthetic"
SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'\u201d)]))\s+(?=[\"'\u201c(]?[A-Z0-9])")
WORD_SWAPS = {"said": "stated", "says": "states", "told": "informed", "about": "around", "also": "additionally",
              "but": "yet", "big": "large", "large": "big", "many": "numerous", "after": "following",
              "before": "prior to", "show": "indicate", "shows": "indicates", "new": "fresh", "people": "persons",
              "reported": "said", "report": "account", "according": "per", "during": "throughout"}  # fmt: skip
FILLERS = ("The report could not be independently verified.", "More details are expected later.",
           "Officials did not respond to requests for comment.", "The story is developing.")  # fmt: skip


# ----------------------------------------------------------------------------------------------- material


def sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.split(text.strip()) if s.strip()]


def fnc_bodies(min_words: int = 250, max_words: int = 900) -> list[list[str]]:
    """FNC-1 bodies within the word range, deduplicated, as lists of paragraphs (>= 4 of them)."""
    seen: set[str] = set()
    out = []
    with data_path("fnc1", "train_bodies.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            body = row["articleBody"].strip()
            key = " ".join(body.split()).lower()
            if not min_words <= len(body.split()) <= max_words or key in seen:
                continue
            seen.add(key)
            paras = [" ".join(p.split()) for p in body.split("\n") if p.strip()]
            if len(paras) < 4:  # regroup one-block bodies into paragraphs of three sentences
                sents = sentences(" ".join(paras))
                paras = [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]
            if len(paras) >= 4:
                out.append(paras)
    return out


def mrpc_pairs() -> list[tuple[str, str]]:
    """MRPC train pairs labelled paraphrase (s1, s2)."""
    with data_path("mrpc", "msr_paraphrase_train.txt").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r[3].strip(), r[4].strip()) for r in rows if len(r) == 5 and r[0] == "1"]


def mrpc_article(rng: random.Random, pool: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """A base of 8-14 MRPC s1 sentences in paragraphs of 2-3, and its rewrite from the matching s2
    sentences: paragraph order shuffled, sometimes the last 1-2 paragraphs dropped."""
    n = rng.randint(8, 14)
    chosen = [pool.pop() for _ in range(min(n, len(pool)))]
    groups, i = [], 0
    while i < len(chosen):
        size = rng.choice((2, 3))
        groups.append(chosen[i : i + size])
        i += size
    base = [" ".join(s1 for s1, _ in g) for g in groups]
    rewrite = [" ".join(s2 for _, s2 in g) for g in groups]
    rng.shuffle(rewrite)
    if len(rewrite) >= 4 and rng.random() < 0.5:
        rewrite = rewrite[: -rng.choice((1, 2))]
    return base, rewrite


# ----------------------------------------------------------------------------------------------- derivations


def header(rng: random.Random) -> str:
    return f"date 2026-01-{rng.randint(1, 28):02d} 200"


def exact(rng: random.Random, paras: list[str]) -> list[str]:
    return list(paras) + (["Share this article"] if rng.random() < 0.5 else [])


def near(rng: random.Random, paras: list[str]) -> list[str]:
    """Change 2-4 words, drop or add one short sentence, a punctuation change; the rest verbatim."""
    paras = list(paras)
    for _ in range(rng.randint(2, 4)):
        k = rng.randrange(len(paras))
        words = paras[k].split(" ")
        spots = [j for j, w in enumerate(words) if w.lower() in WORD_SWAPS]
        j = rng.choice(spots) if spots else rng.randrange(len(words))
        w = words[j]
        words[j] = WORD_SWAPS.get(w.lower(), "the" if w.lower() != "the" else "a")
        paras[k] = " ".join(words)
    k = rng.randrange(len(paras))
    sents = sentences(paras[k])
    if rng.random() < 0.5 and len(sents) > 1:
        sents.pop(min(range(len(sents)), key=lambda j: len(sents[j])))
    else:
        sents.insert(rng.randint(0, len(sents)), rng.choice(FILLERS))
    paras[k] = " ".join(sents)
    k = rng.randrange(len(paras))
    paras[k] = paras[k].replace(", ", "; ", 1) if ", " in paras[k] else paras[k].replace(". ", "! ", 1)
    return paras


def partial(rng: random.Random, paras: list[str]) -> list[str]:
    """A contiguous run of 40-60% of the paragraphs: the lead, or a middle run."""
    n = len(paras)
    size = max(2, round(n * rng.uniform(0.4, 0.6)))
    start = 0 if rng.random() < 0.6 else rng.randint(1, n - size)
    return paras[start : start + size]


def write_article(path: Path, paras: list[str], head: str | None) -> None:
    lines = ([head] if head else []) + paras
    path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------------------------- quality


def build_quality(
    corpus: Path, fnc_bases: int, mrpc_bases: int, sites: int
) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Write the corpus; return family of each file name and the generated (base, derived) -> relation.

    With ``sites``, each file goes to one of that many site folders (a folder is a source for samestory's
    corpus statistics), the members of a family to different sites, as copies on different publishers'
    sites are; with 0, everything is in one folder (one source)."""
    rng = random.Random(SEED)
    bodies = fnc_bodies()
    rng.shuffle(bodies)
    pool = mrpc_pairs()
    rng.shuffle(pool)
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    family: dict[str, str] = {}
    truth: dict[tuple[str, str], str] = {}

    taken: dict[str, set[int]] = defaultdict(set)

    def emit(name: str, fam: str, paras: list[str], head: str | None) -> str:
        folder = corpus
        if sites:
            site = rng.choice([k for k in range(sites) if k not in taken[fam]])
            taken[fam].add(site)
            folder = corpus / f"site{site:02d}"
            folder.mkdir(exist_ok=True)
        write_article(folder / name, paras, head)
        family[name] = fam
        return name

    for i, paras in enumerate(bodies[:fnc_bases]):
        fam = f"f{i:04d}"
        base = emit(f"{fam}_base.txt", fam, paras, header(rng) if rng.random() < 0.5 else None)
        derived = {
            "exact_duplicate": (exact(rng, paras), header(rng)),
            "near_duplicate": (near(rng, paras), header(rng) if rng.random() < 0.5 else None),
            "partial_reprint": (partial(rng, paras), header(rng) if rng.random() < 0.5 else None),
        }
        for rel, (text, head) in derived.items():
            truth[(base, emit(f"{fam}_{rel}.txt", fam, text, head))] = rel
    for i in range(mrpc_bases):
        fam = f"m{i:04d}"
        base_paras, rewrite = mrpc_article(rng, pool)
        base = emit(f"{fam}_base.txt", fam, base_paras, header(rng) if rng.random() < 0.5 else None)
        truth[(base, emit(f"{fam}_rewrite.txt", fam, rewrite, None))] = "rewrite"
    return family, truth


def name_of(article: Any) -> str:
    return Path(article.input or article.id).name


def score_quality(fnc_bases: int, mrpc_bases: int, sites: int) -> dict[str, Any]:
    corpus = WORK / "corpus"
    family, truth = build_quality(corpus, fnc_bases, mrpc_bases, sites)
    print(f"quality corpus: {len(family)} articles, {len(truth)} generated pairs in {corpus}", flush=True)
    t0 = time.perf_counter()
    result = samestory.run([corpus])
    seconds = time.perf_counter() - t0
    names = {a.id: name_of(a) for a in result.articles}
    predicted: dict[tuple[str, str], str] = {}
    originals: dict[tuple[str, str], str | None] = {}
    for p in result.pairs:
        a, b = names.get(p.a, p.a), names.get(p.b, p.b)
        key = (a, b) if a <= b else (b, a)  # truth keys are sorted: base first
        predicted[key] = p.relation
        original = p.direction.original if p.direction else None
        originals[key] = names.get(original, original) if original else None
    labels = [*RELATIONS, "same_event"]
    confusion = {g: Counter() for g in RELATIONS}
    for pair, rel in truth.items():
        confusion[rel][predicted.get(pair, "missing")] += 1
    per: dict[str, dict[str, Any]] = {}
    in_family = {k: v for k, v in predicted.items() if family.get(k[0]) == family.get(k[1])}
    cross = Counter(v for k, v in predicted.items() if family.get(k[0]) != family.get(k[1]))
    derived_pairs = Counter(v for k, v in in_family.items() if k not in truth)
    for rel in RELATIONS:
        gen = sum(confusion[rel].values())
        hit = confusion[rel][rel]
        found = gen - confusion[rel]["missing"]
        pred = sum(1 for k, v in in_family.items() if v == rel and k in truth)
        pred_all = sum(1 for v in in_family.values() if v == rel)
        per[rel] = {
            "generated": gen, "recall": round(hit / gen, 4) if gen else None,
            "found_any_relation": round(found / gen, 4) if gen else None,
            "predicted_in_family_base_derived": pred,
            "precision": round(hit / pred, 4) if pred else None,
            "predicted_in_family_incl_derived_derived": pred_all,
        }  # fmt: skip
    fnc_names = [n for n in family if n.startswith("f") and n.endswith("_base.txt")]
    return {
        "direction": directions(truth, predicted, originals),
        "sites": sites, "articles_written": len(family), "articles_read": len(result.articles),
        "seconds": round(seconds, 1),
        "fnc_bases": fnc_bases, "mrpc_bases": mrpc_bases, "generated_pairs": len(truth),
        "candidates": result.match.candidates, "candidates_by_source": result.match.by_source,
        "pairs_returned": len(result.pairs), "per_relation": per,
        "confusion": {g: {p: confusion[g][p] for p in [*labels, "missing"]} for g in RELATIONS},
        "derived_derived_pairs_by_relation": dict(derived_pairs),
        "cross_family_pairs_by_relation": dict(cross),
        "cross_family_pairs_possible": len(family) * (len(family) - 1) // 2 - sum(
            c * (c - 1) // 2 for c in Counter(family.values()).values()),
        "fnc_base_pairs_possible": len(fnc_names) * (len(fnc_names) - 1) // 2,
        "cross_family_pairs_between_fnc_bases": dict(Counter(
            v for k, v in predicted.items() if k[0] in fnc_names and k[1] in fnc_names)),
        "note": "MRPC bases are sentence collections, not coherent stories: rewrite figures measure alignment "
                "of paraphrased sentences. Cross-family pairs are not errors by construction (FNC-1 has many "
                "articles on the same claims) and are not scored.",
    }  # fmt: skip


Key = tuple[str, str]


def directions(
    truth: dict[Key, str], predicted: dict[Key, str], originals: dict[Key, str | None]
) -> dict[str, dict[str, Any]]:
    """Per generated relation, of the base-derived pairs found as a copy relation: how often the base is named
    the likely original, the derived copy, or neither (undecided). Only a partial reprint has one right
    answer here (the base holds all of it and more: ``partial_reprint_base_named`` is the figure); exact and
    near copies differ only in their crawl headers' fetch dates, drawn at random, and a rewrite of MRPC
    sentences has no side that carries more, so for them the split is reported, not scored."""
    out: dict[str, dict[str, Any]] = {}
    for rel in RELATIONS:
        counts: Counter[str] = Counter()
        for pair, generated in truth.items():
            if generated != rel or predicted.get(pair, "unrelated") not in RELATIONS:
                continue
            original = originals.get(pair)
            counts["undecided" if original is None else "base" if original == pair[0] else "derived"] += 1
        total = sum(counts.values())
        out[rel] = {
            "pairs": total, **{k: counts[k] for k in ("base", "derived", "undecided")},
            "base_named": round(counts["base"] / total, 4) if total else None,
        }  # fmt: skip
    return out


# ----------------------------------------------------------------------------------------------- speed


def sentence_runs(rng: random.Random, bodies: list[list[str]], count: int = 3) -> list[str]:
    """A "distinct" article of the speed corpora: a run of 3 to 5 sentences from each of ``count`` bodies."""
    paras = []
    for b in rng.sample(range(len(bodies)), count):
        s = bodies[b]
        size = rng.randint(3, 5)
        start = rng.randint(0, max(0, len(s) - size))
        paras.append(" ".join(s[start : start + size]))
    return paras


def build_speed(root: Path, total: int) -> list[tuple[str, str, list[str], str | None]]:
    """20k articles: 70% distinct (sentence runs of three different FNC-1 bodies + a unique sentence), 30%
    derived (exact / near / partial from FNC-based ones, rewrites from MRPC-based ones). Returns
    (name, group, paragraphs, header) in an order where every prefix keeps the proportions."""
    rng = random.Random(SEED + 1)
    bodies = [sentences(" ".join(p)) for p in fnc_bodies(120, 2000)]
    pool = mrpc_pairs()
    distinct_n, derived_n = round(total * 0.7), total - round(total * 0.7)
    rewrites_n = derived_n // 4
    items: list[tuple[str, str, list[str], str | None]] = []
    # the MRPC-based distinct articles go with their rewrites (pool sentences recycled when it runs dry)
    fnc_items, mrpc_items = [], []
    for i in range(distinct_n - rewrites_n):
        paras = sentence_runs(rng, bodies)
        paras.append(f"Reference {i:05d}: filed by desk {rng.randint(1, 999)} on day {rng.randint(1, 365)}.")
        fnc_items.append((f"d{i:05d}.txt", f"d{i:05d}", paras, header(rng) if rng.random() < 0.5 else None))
    for i in range(rewrites_n):
        if len(pool) < 14:
            pool = mrpc_pairs()
            rng.shuffle(pool)
        base, rewrite = mrpc_article(rng, pool)
        mrpc_items.append((f"m{i:05d}.txt", f"m{i:05d}", base, None))
        mrpc_items.append((f"m{i:05d}_rw.txt", f"m{i:05d}", rewrite, None))
    kinds = ("exact", "near", "partial")
    derived = []
    for j in range(derived_n - rewrites_n):
        _, group, paras, _ = fnc_items[j * len(fnc_items) // (derived_n - rewrites_n)]
        kind = kinds[j % 3]
        text = exact(rng, paras) if kind == "exact" else near(rng, paras) if kind == "near" else partial(rng, paras)
        derived.append((f"{group}_{kind}.txt", group, text, header(rng)))
    # interleave so that any prefix has the same mix
    groups: dict[str, list[tuple[str, str, list[str], str | None]]] = defaultdict(list)
    for item in [*fnc_items, *mrpc_items, *derived]:
        groups[item[1]].append(item)
    order = list(groups)
    rng.shuffle(order)
    for g in order:
        items.extend(groups[g])
    return items[:total]


def _paragraphs(text: str) -> list[str]:
    """A source body as paragraphs: its lines, or runs of three sentences when it has fewer than 4 lines."""
    paras = [" ".join(p.split()) for p in text.split("\n") if p.strip()]
    if len(paras) < 4:
        sents = sentences(" ".join(paras))
        paras = [" ".join(sents[i : i + 3]) for i in range(0, len(sents), 3)]
    return paras


def sparse_sources(min_words: int = 120) -> list[list[str]]:
    """Real news bodies (FNC-1, ECB+, NewsWCL50, the Scrapinghub article-extraction ground truth) of at
    least ``min_words`` words and 3 paragraphs, as paragraphs."""
    texts = [row["articleBody"] for row in csv.DictReader(data_path("fnc1", "train_bodies.csv").open(encoding="utf-8"))]
    for name in (("ecbplus", "ecbplus_docs.jsonl"), ("newswcl50", "newswcl50_docs.jsonl")):
        texts += [json.loads(line)["text"] for line in data_path(*name).open(encoding="utf-8") if line.strip()]
    truth = json.loads(data_path("scrapinghub-aeb", "ground-truth.json").read_text(encoding="utf-8"))
    texts += [v["articleBody"] for v in truth.values()]
    seen: set[str] = set()
    out = []
    for text in texts:
        key = " ".join(text.split()).lower()
        if len(key.split()) < min_words or key in seen:
            continue
        seen.add(key)
        if len(paras := _paragraphs(text)) >= 3:
            out.append(paras)
    return out


def build_sparse(total: int) -> tuple[list[tuple[str, str, list[str], str | None]], dict[str, int]]:
    """The sparse speed corpus: 70% distinct articles that share no text with one another, 30% derived.

    Distinct: real bodies (:func:`sparse_sources`, cycled in a seeded order) each disguised with its own
    seed by :class:`_sparse.Disguise` (shape, punctuation, numbers' lengths and the word frequency
    distribution of news kept; function words and content words drawn per article; see its docstring), plus the
    MRPC bases of the rewrite families. Derived: rewrites of MRPC-made bases (:func:`mrpc_article`), no MRPC
    pair used by two families, so the rewrite families are capped at what the pool holds (about 250 of the
    ``derived // 4`` asked for at 20k); the rest of the derived share is exact, near and partial copies of
    the disguised articles in equal parts. Built for the largest size: every prefix keeps the proportions.
    Returns the items (as :func:`build_speed`) and the counts by kind."""
    rng = random.Random(SEED + 2)
    bodies = sparse_sources()
    disguise = Disguise.from_texts([" ".join(p) for p in bodies])
    order = list(range(len(bodies)))
    rng.shuffle(order)
    pool = mrpc_pairs()
    rng.shuffle(pool)
    distinct_n, derived_n = round(total * 0.7), total - round(total * 0.7)
    families = []
    while len(pool) >= 14 and len(families) < derived_n // 4:  # mrpc_article takes at most 14 pairs
        families.append(mrpc_article(rng, pool))
    base_items = []
    for i in range(distinct_n - len(families)):
        text = disguise.apply("\n".join(bodies[order[i % len(order)]]), seed=SEED + 2 + i)
        paras = text.split("\n")
        base_items.append((f"s{i:05d}.txt", f"s{i:05d}", paras, header(rng) if rng.random() < 0.5 else None))
    items = list(base_items)
    for i, (base, rewrite) in enumerate(families):
        items += [(f"m{i:05d}.txt", f"m{i:05d}", base, None), (f"m{i:05d}_rw.txt", f"m{i:05d}", rewrite, None)]
    copies_n = derived_n - len(families)
    kinds = ("exact", "near", "partial")
    for j in range(copies_n):
        _, group, paras, _ = base_items[j * len(base_items) // copies_n]
        kind = kinds[j % 3]
        text = exact(rng, paras) if kind == "exact" else near(rng, paras) if kind == "near" else partial(rng, paras)
        items.append((f"{group}_{kind}_{j:05d}.txt", group, text, header(rng)))
    counts = {"distinct": distinct_n - len(families), "mrpc_bases": len(families), "rewrites": len(families),
              "copies": copies_n, "sources": len(bodies)}  # fmt: skip
    return interleave(rng, items, total), counts


def interleave(
    rng: random.Random, items: list[tuple[str, str, list[str], str | None]], total: int
) -> list[tuple[str, str, list[str], str | None]]:
    """Items grouped by family, families in a seeded order, so that any prefix has the same mix."""
    groups: dict[str, list[tuple[str, str, list[str], str | None]]] = defaultdict(list)
    for item in items:
        groups[item[1]].append(item)
    order = list(groups)
    rng.shuffle(order)
    return [item for g in order for item in groups[g]][:total]


def write_speed(root: Path, items: list[tuple[str, str, list[str], str | None]]) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    for name, _, paras, head in items:
        folder = root / f"site{zlib.crc32(name.encode()) % 50:02d}"  # 50 sources
        folder.mkdir(exist_ok=True)
        write_article(folder / name, paras, head)


def cli(args: list[str], timeout: float, *, watch: bool = False) -> dict[str, Any]:
    """``samestory ARGS``: its seconds, exit code and CPU seconds, and with ``watch`` its peak memory
    (see :func:`_common.run_process`)."""
    err = WORK / "stderr.txt"
    with err.open("w") as handle:
        out = run_process([*samestory_cli(), *args], stdout=subprocess.DEVNULL, stderr=handle, timeout=timeout,
                          watch=watch)  # fmt: skip
    if out["exit_code"] != 0:
        out["stderr_tail"] = err.read_text(errors="replace")[-1500:]
    return out


def api_stages(corpus: Path) -> dict[str, Any]:
    """The stages of samestory.run timed one by one through the Python API (one process)."""
    times: dict[str, float] = {}
    t = time.perf_counter()
    articles = list(samestory.clean([corpus], workers=2))
    times["clean (2 workers)"] = time.perf_counter() - t
    c = MatchConfig()
    t = time.perf_counter()
    embedder = load_embedder(c.embedder)
    usable = sorted((a for a in articles if a.matchable), key=lambda a: a.id)
    times["load embedder"] = time.perf_counter() - t
    t = time.perf_counter()
    fps = fingerprint(usable, embedder)
    times["fingerprint"] = time.perf_counter() - t
    t = time.perf_counter()
    cands = find_candidates(fps, candidate_params(c))
    times["find_candidates"] = time.perf_counter() - t
    t = time.perf_counter()
    verifier = Verifier({a.id: a for a in usable}, {f.id: f for f in fps}, embedder, align_params(c),
                        relation_params(c))  # fmt: skip
    with threadpool_limits(VERIFY_BLAS_THREADS, user_api="blas"):  # as samestory.run's verification tasks
        pairs = [p for p in verifier.verify_all(cands) if p.relation != "unrelated"]
    times["verify"] = time.perf_counter() - t
    t = time.perf_counter()
    stories = cluster([a.id for a in usable], pairs, c)
    times["cluster"] = time.perf_counter() - t
    return {
        "articles": len(articles), "candidates": len(cands), "pairs": len(pairs), "stories": len(stories),
        "pairs_by_relation": dict(Counter(p.relation for p in pairs)),
        "seconds": {k: round(v, 2) for k, v in times.items()}, "total_seconds": round(sum(times.values()), 2),
    }  # fmt: skip


#: One line on each speed corpus kind, printed and rendered in BENCHMARKS.md.
KIND_DESCRIPTIONS = {
    "sparse": "70% distinct articles that share no text (real bodies of FNC-1, ECB+, NewsWCL50 and Scrapinghub "
    "disguised one by one: shape and word frequencies of news, function and content words of their own), 30% "
    "exact, near and partial copies of them plus MRPC rewrites (each MRPC pair in one family only, so rewrite "
    "families are capped at what the pool holds)",
    "dense": "stress case: 70% 'distinct' articles made of 3-5-sentence runs of three of 1,683 FNC-1 bodies (each "
    "shares verbatim runs with ~25 others at 20k), 30% copies and rewrites, MRPC pairs reused 3-4 times",
}


def speed_items(kind: str, total: int) -> tuple[list[tuple[str, str, list[str], str | None]], dict[str, Any]]:
    """The items of one corpus kind and a description of it."""
    if kind == "sparse":
        items, counts = build_sparse(total)
        return items, {"kind": kind, "description": KIND_DESCRIPTIONS[kind], "built_for": total, **counts}
    return build_speed(WORK, total), {"kind": kind, "description": KIND_DESCRIPTIONS[kind], "built_for": total}


def timed_run(corpus: Path, out: Path, n: int, timeout: float, repeats: int) -> dict[str, Any]:
    """``samestory run`` on ``corpus``: once with its memory sampled (the peaks), then ``repeats`` times
    unwatched, as a user runs it (the seconds: the run of median wall time, with every run's seconds; one
    run's figure moved by a tenth between sessions on the same code, with other work on the machine).
    The sampler's CPU competes with the run for the two cores, so the watched run's seconds are kept
    apart (``watched_seconds``)."""
    args = ["run", str(corpus), "--out", str(out), "-q", "--workers", "2"]
    watched = cli(args, timeout, watch=True)
    if watched["exit_code"] != 0:
        return {**watched, "articles": n, "articles_per_second": None}
    runs = []
    for _ in range(repeats):
        r = cli(args, timeout)
        if r["exit_code"] != 0:
            return {**r, "articles": n, "articles_per_second": None}
        runs.append(r)
    chosen = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    memory = {k: v for k, v in watched.items() if k.startswith("peak_") or k == "watcher_cpu_seconds"}
    return {**chosen, **memory, "watched_seconds": watched["seconds"], "articles": n,
            "articles_per_second": round(n / chosen["seconds"], 1),
            **({"repeat_seconds": [r["seconds"] for r in runs]} if repeats > 1 else {})}  # fmt: skip


def speed(sizes: list[int], timeout: float, split_size: int, kind: str = "dense", repeats: int = 3) -> dict[str, Any]:
    """Each size timed once, the largest ``repeats`` times (its median run is the figure), after a run of
    each with its memory sampled (see :func:`timed_run`)."""
    items, corpus_info = speed_items(kind, max(sizes))
    print(f"{kind} speed corpora: {corpus_info}", flush=True)
    runs: dict[str, Any] = {}
    done: list[tuple[int, float]] = []
    for n in sorted(sizes):
        if len(done) >= 2:  # skip a size whose time, extrapolated from the last two, would pass the timeout
            (n1, t1), (n2, t2) = done[-2:]
            exponent = math.log(t2 / t1) / math.log(n2 / n1)
            predicted = t2 * (n / n2) ** exponent
            if predicted > timeout:
                runs[str(n)] = {"articles": n, "skipped": True, "predicted_seconds": round(predicted),
                                "growth_exponent": round(exponent, 2), "exit_code": None}  # fmt: skip
                print(f"speed corpus {n}: skipped, predicted {predicted:.0f} s > timeout {timeout:.0f} s", flush=True)
                break
        corpus = WORK / f"speed_{kind}_{n}"
        write_speed(corpus, items[:n])
        times = repeats if n == max(sizes) else 1
        print(f"{kind} speed corpus {n}: running samestory run --workers 2 ({times}x) ...", flush=True)
        r = timed_run(corpus, WORK / f"speed_{kind}_{n}_out", n, timeout, times)
        runs[str(n)] = r
        print(f"  {r}", flush=True)
        if r["exit_code"] != 0:
            break
        done.append((n, r["seconds"]))
    out: dict[str, Any] = {"corpus": corpus_info, "runs": runs}
    if done and kind == "sparse":  # the largest size that finished (the dense corpus shares text by design)
        out["peers"] = compare_peers(kind, done[-1][0], items, runs[str(done[-1][0])])
    n = split_size
    if runs.get(str(n), {}).get("exit_code") == 0:
        split_dir = WORK / f"speed_{kind}_{n}"
        print(f"stage split on {kind} {n}: samestory clean --workers 2, then the API stages ...", flush=True)
        clean = cli(["clean", str(split_dir), "--out", str(WORK / f"speed_{kind}_{n}_clean.jsonl"), "-q", "--workers",
                     "2"], timeout)  # fmt: skip
        full = runs[str(n)]["seconds"]
        out["cli_split"] = {"articles": n, "run_seconds": full, "clean_seconds": clean["seconds"],
                            "match_seconds_by_difference": round(full - clean["seconds"], 2),
                            "clean_exit_code": clean["exit_code"]}  # fmt: skip
        out["api_stages"] = api_stages(split_dir)
    return out


# ----------------------------------------------------------------------------------------------- report


def print_quality(q: dict[str, Any]) -> None:
    rows = [[rel, v["generated"], v["recall"], v["found_any_relation"], v["predicted_in_family_base_derived"],
             v["precision"]] for rel, v in q["per_relation"].items()]  # fmt: skip
    print(fmt_table(["relation", "generated", "recall", "found (any)", "predicted", "precision"], rows))
    cols = [*RELATIONS, "same_event", "missing"]
    print("\nconfusion (generated x predicted):")
    print(fmt_table(["generated", *cols], [[g, *[q["confusion"][g][c] for c in cols]] for g in RELATIONS]))
    print("\nlikely original named, pairs found as a copy relation (base = the generated original):")
    d = q["direction"]
    print(
        fmt_table(
            ["generated", "pairs", "base", "derived", "undecided"],
            [[g, d[g]["pairs"], d[g]["base"], d[g]["derived"], d[g]["undecided"]] for g in RELATIONS],
        )
    )
    print(f"\ncross-family related pairs (not scored): {q['cross_family_pairs_by_relation']} "
          f"of {q['cross_family_pairs_possible']} possible; derived-derived in-family pairs: "
          f"{q['derived_derived_pairs_by_relation']}")  # fmt: skip


def print_speed(s: dict[str, Any]) -> None:
    rows = [[n, r.get("seconds", f"skipped (~{r.get('predicted_seconds')} s)"), r.get("articles_per_second"),
             r.get("peak_rss_tree_mb"), r.get("peak_pss_tree_mb"), r.get("peak_rss_largest_process_mb"),
             r["exit_code"]] for n, r in s["runs"].items()]  # fmt: skip
    print(fmt_table(["articles", "wall s", "articles/s", "peak RSS tree MB", "peak PSS tree MB",
                     "largest proc MB", "exit"], rows))  # fmt: skip
    if "peers" in s:
        peers = s["peers"]
        print(f"\nside by side, {peers['articles']} articles:")
        print(fmt_table(["tool", "articles/CPU-s", "recall", "pairs", "across families"],
                        [[t, v["articles_per_cpu_second"], v["recall"], v["pairs"], v["pairs_across_families"]]
                         for t, v in peers["tools"].items()]))  # fmt: skip
    if "cli_split" in s:
        print(f"\nCLI split: {s['cli_split']}")
        a = s["api_stages"]
        print(fmt_table(["stage (API, one process)", "seconds"], [[k, v] for k, v in a["seconds"].items()]))
        print(f"candidates {a['candidates']}, pairs {a['pairs']} {a['pairs_by_relation']}, stories {a['stories']}")


# ------------------------------------------------------------------------------------------------- peers

#: MinHash LSH, the usual tool for near-duplicate detection: 128 permutations over word 5-grams (as
#: bench_minhash.py), candidates at this estimated Jaccard.
PEER_THRESHOLD = 0.5


def gold_pairs(items: list[tuple[str, str, list[str], str | None]]) -> dict[tuple[str, str], str]:
    """The generated (base, derived) file-name pairs of a speed corpus and their kinds: each copy with the
    distinct article it was made from (``exact``, ``near``, ``partial``), each MRPC rewrite with its base
    (``rewrite``)."""
    base_of = {group: name for name, group, _, _ in items if name == f"{group}.txt"}
    out = {}
    for name, group, _, _ in items:
        if name == f"{group}.txt" or group not in base_of:
            continue
        kind = "rewrite" if name.endswith("_rw.txt") else name[len(group) + 1 :].split("_")[0]
        out[tuple(sorted((base_of[group], name)))] = kind
    return out


def pair_scores(found: set[tuple[str, str]], items: list[tuple[str, str, list[str], str | None]]) -> dict[str, Any]:
    """Recall per generated kind of ``found`` (sorted file-name pairs), and its pairs across groups: two
    articles of no common family (the corpus's distinct articles share no text)."""
    gold = gold_pairs(items)
    group = {name: g for name, g, _, _ in items}
    recall = {}
    for kind in ("exact", "near", "partial", "rewrite"):
        pairs = [pair for pair, k in gold.items() if k == kind]
        recall[kind] = round(sum(pair in found for pair in pairs) / len(pairs), 4) if pairs else None
    across = sum(group.get(a) != group.get(b) for a, b in found)
    return {"recall": recall, "pairs": len(found), "pairs_across_families": across}


def run_pairs(out: Path) -> set[tuple[str, str]]:
    """The related pairs (any relation but ``unrelated``) of a ``samestory run`` output, as file names."""
    names = {}
    with (out / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            a = json.loads(line)
            names[a["id"]] = Path(a["input"]).name
    found = set()
    with (out / "pairs.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            p = json.loads(line)
            if p["relation"] != "unrelated":
                found.add(tuple(sorted((names[p["a"]], names[p["b"]]))))
    return found


def peer_minhash(corpus: Path) -> dict[str, Any]:
    """The peers on the files of ``corpus``, one process: read each file, word 5-grams (the tokens of
    bench_minhash.py), a MinHash of 128 permutations, an LSH at :data:`PEER_THRESHOLD`, every article
    queried for its candidates. CPU seconds of the whole, and the pairs found (file names)."""
    import datasketch  # the bench extra's
    import rensa
    from bench_minhash import NUM_PERM, shingle_strings
    from bench_minhash import SEED as PERM_SEED

    files = sorted(corpus.rglob("*.txt"))
    out: dict[str, Any] = {}

    def ds() -> set[tuple[str, str]]:
        lsh = datasketch.MinHashLSH(threshold=PEER_THRESHOLD, num_perm=NUM_PERM)
        sigs = {}
        for f in files:
            m = datasketch.MinHash(num_perm=NUM_PERM, seed=PERM_SEED)
            m.update_batch([x.encode() for x in shingle_strings(f.read_text(encoding="utf-8"))])
            sigs[f.name] = m
            lsh.insert(f.name, m)
        return {tuple(sorted((k, o))) for k, m in sigs.items() for o in lsh.query(m) if o != k}

    # rensa takes the bands as given, a divisor of the permutations: the one whose curve's midpoint
    # (1/b)^(1/r) is nearest the threshold (32 bands of 4 rows, 0.42, for 0.5; datasketch picks 25 of 5).
    bands = min((b for b in range(1, NUM_PERM + 1) if NUM_PERM % b == 0),
                key=lambda b: abs((1 / b) ** (b / NUM_PERM) - PEER_THRESHOLD))  # fmt: skip

    def rs() -> set[tuple[str, str]]:
        lsh = rensa.RMinHashLSH(PEER_THRESHOLD, NUM_PERM, bands)
        sigs = []
        for i, f in enumerate(files):
            m = rensa.RMinHash(NUM_PERM, PERM_SEED)
            m.update(shingle_strings(f.read_text(encoding="utf-8")))
            sigs.append(m)
            lsh.insert(i, m)
        return {
            tuple(sorted((files[i].name, files[j].name))) for i, m in enumerate(sigs) for j in lsh.query(m) if j != i
        }

    probe = datasketch.MinHashLSH(threshold=PEER_THRESHOLD, num_perm=NUM_PERM)
    for name, fn, lsh in (("datasketch MinHashLSH", ds, f"{probe.b} bands x {probe.r} rows"),
                          ("rensa RMinHashLSH", rs, f"{bands} bands x {NUM_PERM // bands} rows")):  # fmt: skip
        c0 = time.process_time()
        found = fn()
        cpu = time.process_time() - c0
        out[name] = {"cpu_seconds": round(cpu, 2), "articles_per_cpu_second": round(len(files) / cpu, 1),
                     "lsh": lsh, "found": found}  # fmt: skip
    return out


def compare_peers(
    kind: str, n: int, items: list[tuple[str, str, list[str], str | None]], timed: dict[str, Any]
) -> dict[str, Any]:
    """samestory's run on the corpus of ``n`` articles (``timed``: its figure, see :func:`timed_run`; the
    pairs of its last run) beside the MinHash LSH peers on the same files: articles per CPU-second and
    recall per generated kind."""
    run = {"cpu_seconds": timed["cpu_seconds"], "articles_per_cpu_second": round(n / timed["cpu_seconds"], 1),
           "lsh": "all four candidate generators, then verification"}  # fmt: skip
    corpus, out = WORK / f"speed_{kind}_{n}", WORK / f"speed_{kind}_{n}_out"
    print(f"peers on {kind} {n}: datasketch and rensa MinHash LSH, one process ...", flush=True)
    rows = {name: {**{k: v for k, v in r.items() if k != "found"}, **pair_scores(r["found"], items[:n])}
            for name, r in peer_minhash(corpus).items()}  # fmt: skip
    rows["samestory run (verified pairs)"] = {**run, **pair_scores(run_pairs(out), items[:n])}
    return {"articles": n, "threshold": PEER_THRESHOLD, "tools": rows}


#: Where each corpus kind's speed figures go in the result (``speed`` for dense: older results had only it).
SPEED_KEYS = {"sparse": "speed_sparse", "dense": "speed"}


def speed_checks(kind: str) -> tuple[str, ...]:
    """Entries of "passed" that one kind's speed run decides (the others come from the quality part)."""
    return (f"articles_per_second_{kind}", f"memory_at_most_linear_{kind}")


def check_speed(s: dict[str, Any], kind: str, passed: dict[str, bool | None]) -> None:
    """The target checks of one kind: articles/s at the largest size run, memory growth at most linear."""
    ok = [r for r in s["runs"].values() if r["exit_code"] == 0]
    if ok:
        passed[f"articles_per_second_{kind}"] = ok[-1]["articles_per_second"] >= TARGETS["articles_per_second"]
    if len(ok) >= 2:  # memory per article at the largest size no more than at the smallest
        small, large = ok[0], ok[-1]
        growth = (large["peak_pss_tree_mb"] / small["peak_pss_tree_mb"]) / (large["articles"] / small["articles"])
        s["memory_growth_vs_linear"] = round(growth, 3)
        passed[f"memory_at_most_linear_{kind}"] = growth <= 1.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fnc-bases", type=int, default=300)
    parser.add_argument("--mrpc-bases", type=int, default=150)
    parser.add_argument("--sites", type=int, default=20, help="site folders of the quality corpus")
    parser.add_argument("--sizes", default="5000,10000,20000")
    parser.add_argument("--kind", choices=("sparse", "dense", "both"), default="both",
                        help="speed corpora: sparse (distinct articles share no text), dense (stress)")  # fmt: skip
    parser.add_argument("--split-size", type=int, default=0, help="corpus size of the stage split (smallest)")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per CLI run before it is killed")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the largest size (its median is the figure)")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--skip-speed", action="store_true")
    args = parser.parse_args(argv)
    kinds = [] if args.skip_speed else ["sparse", "dense"] if args.kind == "both" else [args.kind]
    WORK.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {}
    passed: dict[str, bool | None] = {}
    last = RESULTS / "synthetic.json"
    if (args.skip_quality or len(kinds) < 2) and last.is_file():  # keep the parts not run from the last result
        previous = json.loads(last.read_text())
        run_checks = {c for k in kinds for c in speed_checks(k)}
        kept = {SPEED_KEYS[k] for k in SPEED_KEYS if k not in kinds}
        if args.skip_quality:
            kept |= {"quality_one_source", "quality"}
        figures.update({k: v for k, v in previous.get("figures", {}).items() if k in kept})
        speed_check = ("articles_per_second", "memory_at_most_linear")
        legacy = {"articles_per_second", "memory_at_most_linear"}  # one kind only, before the sparse corpus
        passed.update({k: v for k, v in previous.get("passed", {}).items() if k not in run_checks | legacy
                       and (k.startswith(speed_check) or args.skip_quality)})  # fmt: skip
    if not args.skip_quality:
        print("--- one folder (one source): corpus statistics see every copy as the same site")
        one = score_quality(args.fnc_bases, args.mrpc_bases, 0)
        print_quality(one)
        figures["quality_one_source"] = one
        print(f"\n--- files spread over {args.sites} site folders, family members on different sites")
        q = score_quality(args.fnc_bases, args.mrpc_bases, args.sites)
        figures["quality"] = q
        print_quality(q)
        for rel, v in q["per_relation"].items():
            passed[f"{rel}_precision"] = None if v["precision"] is None else v["precision"] >= TARGETS["precision"]
            passed[f"{rel}_recall"] = None if v["recall"] is None else v["recall"] >= TARGETS["recall"]
    sizes = [int(x) for x in args.sizes.split(",")]
    for kind in kinds:
        s = speed(sizes, args.timeout, args.split_size or min(sizes), kind, args.repeats)
        figures[SPEED_KEYS[kind]] = s
        check_speed(s, kind, passed)
    for kind in kinds:
        print(f"\n--- speed, {kind} corpus: {KIND_DESCRIPTIONS[kind]}")
        print_speed(figures[SPEED_KEYS[kind]])
    for kind in kinds:
        print(f"{kind}: articles_per_second target {TARGETS['articles_per_second']:.0f} -> "
              f"{passed.get(f'articles_per_second_{kind}')}")  # fmt: skip
    write_result("synthetic", {"name": "synthetic", "figures": figures, "targets": TARGETS, "passed": passed},
                 cleaner="samestory")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
