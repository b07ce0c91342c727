"""Scoring a cleaner's removals against the noise-injection ground truth.

Units are the labelled lines of a document and its inline noise spans (a tracking id glued to the last
paragraph). A unit counts as removed when removal spans cover at least half of its non-space characters;
for an article line that carries an inline noise span, only the line's own characters count. Lines
labelled ``source_noise`` (the real article's own page furniture), and article lines listed in
``bench/source_furniture.txt`` (more of it, read line by line), are not scored. "Text lost" is the
share of article characters (non-space) covered by removals.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from _sources import source_furniture

ARTICLE = "article"
SOURCE_NOISE = "source_noise"
CORPUS_ONLY = "site_boilerplate"
COVERED = 0.5


@dataclass
class Sample:
    """One scored unit worth showing: a missed noise unit or a falsely removed article line."""

    doc: str
    label: str
    text: str
    where: str
    reasons: list[str]
    evidence: str


@dataclass
class Tally:
    """Counts over all scored documents of one pool and one mode."""

    noise: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    article_lines: int = 0
    false_removals: int = 0
    article_chars: int = 0
    article_chars_removed: int = 0
    article_chars_missing: int = 0
    noise_chars: int = 0
    noise_chars_removed: int = 0
    source_noise: int = 0
    source_noise_removed: int = 0
    clean_docs: int = 0
    clean_docs_touched: int = 0
    docs: int = 0
    invariant_errors: int = 0
    flags: Counter[str] = field(default_factory=Counter)
    misses: list[Sample] = field(default_factory=list)
    false: list[Sample] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures, as a JSON-ready dict."""
        tp, noise = sum(self.removed.values()), sum(self.noise.values())
        predicted = tp + self.false_removals
        # Site boilerplate can only be found with corpus statistics: single-document recall without it.
        local_tp, local = tp - self.removed[CORPUS_ONLY], noise - self.noise[CORPUS_ONLY]
        return {
            "docs": self.docs,
            "precision": tp / predicted if predicted else None,
            "recall": tp / noise if noise else None,
            "recall_without_site_boilerplate": local_tp / local if local else None,
            "noise_units": noise,
            "noise_units_removed": tp,
            "article_lines": self.article_lines,
            "false_removals": self.false_removals,
            "false_removals_per_article_line": self.false_removals / max(self.article_lines, 1),
            "text_lost": self.article_chars_removed / max(self.article_chars, 1),
            "article_text_missing_from_output": self.article_chars_missing / max(self.article_chars, 1),
            "noise_chars_removed": self.noise_chars_removed / max(self.noise_chars, 1),
            "clean_docs": self.clean_docs,
            "clean_docs_with_a_false_removal": self.clean_docs_touched,
            "unscored_source_noise_lines": self.source_noise,
            "unscored_source_noise_removed": self.source_noise_removed,
            "invariant_errors": self.invariant_errors,
            "flags": dict(self.flags.most_common()),
            "per_kind": {
                kind: {
                    "units": n,
                    "removed": self.removed[kind],
                    "recall": self.removed[kind] / n,
                    "missed_into": self.missed_into(kind),
                }
                for kind, n in sorted(self.noise.items())
            },
        }

    def missed_into(self, kind: str) -> dict[str, int]:
        """Where the missed units of ``kind`` ended up (``paragraph``, a field such as ``title`` or
        ``tail_credit``), by count: safe to show for the held-out pool, which no wording leaves."""
        return dict(Counter(m.where for m in self.misses if m.label == kind).most_common())


class DocScorer:
    """Scores one article against one ground-truth document, adding to a :class:`Tally`."""

    def __init__(self, text: str, truth: dict[str, Any], article: Any):
        self.text, self.truth, self.article = text, truth, article
        size = len(text)
        self.nonspace = np.fromiter((not c.isspace() for c in text), dtype=bool, count=size)
        self.covered = np.zeros(size, dtype=bool)
        for r in article.removed:
            self.covered[r.start : r.end] = True
        self.output = np.zeros(size, dtype=bool)
        for span in [*article.paragraph_spans, *article.fields.values()]:
            self.output[span.start : span.end] = True
        self.inline = np.zeros(size, dtype=bool)
        for s, e, _ in truth["inline"]:
            self.inline[s:e] = True

    def score(self, tally: Tally) -> None:
        """Add this document's units to the tally."""
        tally.docs += 1
        tally.flags.update(getattr(self.article, "flags", []) or [])
        tally.invariant_errors += invariant_errors(self.text, self.article)
        false_before = tally.false_removals
        for s, e, label in self.truth["lines"]:
            self._line(tally, s, e, label)
        for s, e, label in self.truth["inline"]:
            self._noise(tally, s, e, label, self.nonspace[s:e])
        if self.truth["clean"]:
            tally.clean_docs += 1
            tally.clean_docs_touched += tally.false_removals > false_before

    def _line(self, tally: Tally, s: int, e: int, label: str) -> None:
        mask = self.nonspace[s:e] & ~self.inline[s:e]
        if not mask.any():
            return
        if label == ARTICLE and self._own_text(s, e) in source_furniture():
            label = SOURCE_NOISE  # furniture of the source page, found after the corpora were generated
        if label == SOURCE_NOISE:
            tally.source_noise += 1
            tally.source_noise_removed += self._removed(s, e, mask)[0]
        elif label == ARTICLE:
            self._article_line(tally, s, e, mask)
        else:
            self._noise(tally, s, e, label, mask)

    def _own_text(self, s: int, e: int) -> str:
        """A line's text without the inline noise glued to it (as its source article has it)."""
        inline = self.inline[s:e]
        return "".join(c for c, glued in zip(self.text[s:e], inline, strict=True) if not glued).strip()

    def _removed(self, s: int, e: int, mask: np.ndarray) -> tuple[bool, int, int]:
        total = int(mask.sum())
        hit = int((self.covered[s:e] & mask).sum())
        return hit >= COVERED * total, hit, total

    def _article_line(self, tally: Tally, s: int, e: int, mask: np.ndarray) -> None:
        removed, hit, total = self._removed(s, e, mask)
        tally.article_lines += 1
        tally.article_chars += total
        tally.article_chars_removed += hit
        tally.article_chars_missing += int((mask & ~self.output[s:e]).sum())
        if removed:
            tally.false_removals += 1
            tally.false.append(self._sample(s, e, ARTICLE))

    def _noise(self, tally: Tally, s: int, e: int, label: str, mask: np.ndarray) -> None:
        removed, hit, total = self._removed(s, e, mask)
        tally.noise[label] += 1
        tally.noise_chars += total
        tally.noise_chars_removed += hit
        if removed:
            tally.removed[label] += 1
        else:
            tally.misses.append(self._sample(s, e, label))

    def _sample(self, s: int, e: int, label: str) -> Sample:
        hits = [r for r in self.article.removed if r.start < e and r.end > s]
        return Sample(
            doc=self.truth["id"],
            label=label,
            text=self.text[s:e],
            where=self._where(s, e),
            reasons=sorted({r.reason for r in hits}),
            evidence="; ".join(sorted({str(r.evidence) for r in hits if r.evidence}))[:200],
        )

    def _where(self, s: int, e: int) -> str:
        """Where a unit's text ended up: a field name, ``paragraph``, ``removed`` or ``nowhere``."""
        for name, span in self.article.fields.items():
            if span.start < e and span.end > s:
                return name
        if any(p.start < e and p.end > s for p in self.article.paragraph_spans):
            return "paragraph"
        return "removed" if self.covered[s:e].any() else "nowhere"


def invariant_errors(text: str, article: Any) -> int:
    """How many promises of the Article contract this article breaks (original, removal and paragraph text)."""
    errors = int(article.original != text)
    errors += sum(r.text != article.original[r.start : r.end] for r in article.removed)
    errors += sum(
        p != article.original[s.start : s.end]
        for p, s in zip(article.paragraphs, article.paragraph_spans, strict=False)
    )
    return errors + int(len(article.paragraphs) != len(article.paragraph_spans))


def pick_samples(samples: list[Sample], limit: int) -> list[Sample]:
    """Up to ``limit`` samples spread over labels and reasons (round robin), in a stable order."""
    groups: dict[str, list[Sample]] = {}
    for sample in samples:
        groups.setdefault(f"{sample.label}|{','.join(sample.reasons)}", []).append(sample)
    out: list[Sample] = []
    while len(out) < limit and any(groups.values()):
        for key in sorted(groups):
            if groups[key] and len(out) < limit:
                out.append(groups[key].pop(0))
    return out
