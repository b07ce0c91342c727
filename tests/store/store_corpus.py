"""A small synthetic crawl for store tests: stories told by several sources (exact copies, near copies,
partial reprints, rewrites, unrelated articles) and per-source footer lines that become corpus
boilerplate only once enough documents of the source are seen. Made-up words keep stories apart."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "vas", "zel", "qua", "dor", "pli", "sen", "gor", "fa", "nib", "ust", "ov"]
SOURCES = ["harbor.example", "granite.example", "summit.example", "pine.example"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))


def _sentence(rng: random.Random, names: list[str]) -> str:
    words = [_word(rng) for _ in range(rng.randint(10, 16))]
    words.insert(rng.randrange(len(words)), rng.choice(names))
    words.insert(rng.randrange(len(words)), str(rng.randint(2, 990)))
    return " ".join(words).capitalize() + "."


def _quote(rng: random.Random, names: list[str]) -> str:
    said = " ".join(_word(rng) for _ in range(8))
    return f'"{said.capitalize()}," said {rng.choice(names)}.'


def _story(rng: random.Random) -> tuple[str, list[str]]:
    names = [f"{_word(rng).capitalize()} {_word(rng).capitalize()}" for _ in range(2)]
    sentences = [_sentence(rng, names) for _ in range(rng.randint(6, 9))]
    sentences.insert(2, _quote(rng, names))
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    return " ".join(_word(rng).capitalize() for _ in range(6)), paragraphs


def _variant(rng: random.Random, kind: str, paragraphs: list[str]) -> list[str]:
    if kind == "near":
        out = list(paragraphs)
        words = out[-1].split()
        words[rng.randrange(len(words))] = _word(rng)
        return [*out[:-1], " ".join(words)]
    if kind == "partial":
        return paragraphs[: max(2, len(paragraphs) // 2)]
    if kind == "rewrite":
        return [paragraphs[0], *reversed(paragraphs[1:])]
    return list(paragraphs)


def make_corpus(seed: int = 7, stories: int = 12) -> list[dict[str, Any]]:
    """JSON Lines rows (``id``, ``title``, ``source``, ``date``, ``text``), in a shuffled order."""
    rng = random.Random(seed)
    footers = {
        s: f"{_word(rng).capitalize()} {_word(rng)} {_word(rng)} {s} {_word(rng)} {_word(rng)}." for s in SOURCES
    }
    rows = []
    for n in range(stories):
        title, paragraphs = _story(rng)
        kinds = ["base", *rng.sample(["exact", "near", "partial", "rewrite"], k=rng.randint(0, 3))]
        for k, kind in enumerate(kinds):
            source = SOURCES[(n + k) % len(SOURCES)]
            body = _variant(rng, kind, paragraphs)
            text = "\n".join([title, *body, footers[source]])
            day = 1 + (n + k) % 27
            rows.append({"id": f"{source}/{n:02d}-{kind}", "title": title, "source": source,
                         "date": f"2026-03-{day:02d}", "text": text})  # fmt: skip
    rng.shuffle(rows)
    return rows


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def write_batches(folder: Path, rows: list[dict[str, Any]], n: int = 3) -> list[Path]:
    """The corpus cut into ``n`` consecutive batches, one JSONL file each."""
    size = -(-len(rows) // n)
    return [write_jsonl(folder / f"batch{i}.jsonl", rows[i * size : (i + 1) * size]) for i in range(n)]
