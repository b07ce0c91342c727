"""Stand-in cleaners with the shape of ``samestory.clean_text`` / ``samestory.clean``, for testing the bench.

They know the ground truth, so their scores are known in advance: the oracle removes exactly the injected
noise (precision = recall = 1, no text lost); the null cleaner removes nothing (recall 0). Running the
scorer on them (``bench_clean.py --self-test``) checks the scorer, not samestory.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from _common import Cleaner, ensure_importable, read_jsonl

ensure_importable()
from samestory.records import Article, Removal, Span  # noqa: E402


def _article(doc_id: str, text: str, noise: list[tuple[int, int, str]]) -> Article:
    """An article whose removals are the given spans and whose paragraphs are the remaining lines."""
    removed = [Removal(label, s, e, text[s:e], "oracle") for s, e, label in noise]
    article = Article(id=doc_id, input=doc_id, format="text", original=text, removed=removed)
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        cut = [(s, e) for s, e, _ in noise if s < end and e > start]
        if line.strip() and not any(s <= start and e >= end for s, e in cut):
            stop = min([s for s, _ in cut if s > start] or [end])
            article.paragraphs.append(text[start:stop])
            article.paragraph_spans.append(Span(start, stop))
        offset = end + 1
    return article


def _noise_spans(truth_doc: dict[str, Any]) -> list[tuple[int, int, str]]:
    lines = [(s, e, label) for s, e, label in truth_doc["lines"] if label not in {"article", "source_noise"}]
    return lines + [(s, e, label) for s, e, label in truth_doc["inline"]]


def make_cleaner(corpus: Path, kind: str) -> Cleaner:
    """A stand-in cleaner for one generated corpus (``docs.jsonl`` + ``truth.json``): ``oracle`` or ``null``."""
    truth = json.loads((corpus / "truth.json").read_text(encoding="utf-8"))
    by_id = {d["id"]: d for d in truth["docs"]}
    ids = {r["text"]: r["id"] for r in read_jsonl(corpus / "docs.jsonl")}

    def spans(doc_id: str) -> list[tuple[int, int, str]]:
        return _noise_spans(by_id[doc_id]) if kind == "oracle" and doc_id in by_id else []

    def clean_text(text: str, *, config: Any = None) -> Article:
        doc_id = ids.get(text, "text")
        return _article(doc_id, text, spans(doc_id))

    def clean(paths: Sequence[str | Path], config: Any = None) -> Iterator[Article]:
        for path in paths:
            for record in read_jsonl(Path(path)):
                yield _article(record["id"], record["text"], spans(record["id"]))

    return Cleaner(kind, clean_text, clean)
