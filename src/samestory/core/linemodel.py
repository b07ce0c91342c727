"""A learned line model: how much a line reads like page furniture rather than article text.

Rules (:mod:`~samestory.core.patterns`) name the wordings someone has seen; this model scores the words and
the shape of any line, so that furniture in wordings nobody wrote a rule for is still found ("Talk about this
story: 14 replies", "Fetched 2025-03-02T10:11:12Z via crawler-bot status 200"). It is a logistic regression
over sparse binary features (:func:`features`): the line's words, their stems, pairs of consecutive words,
digit runs by length, marks, and its shape (length, closing character, capitals, ids that switch between
letters and digits, links, quotation marks). The weights are data, not code: ``data/linemodel.json``,
trained by ``bench/train_linemodel.py`` on the crawl-noise wordings of the development pools against real
article lines, with thresholds chosen there so that held-out article lines are rarely scored over them.

Scoring is written here rather than left to scikit-learn, which only trains it: at run time a line has a few
dozen features, and a dictionary lookup per feature and a sum in pure Python cost less than building a
sparse matrix for one line (and keep scikit-learn out of the runtime dependencies). A second table of
weights per removal reason names the kind of furniture a line over the threshold is.

>>> model = load_model()
>>> model.score(rule_form("Click here to subscribe to our newsletter")) > model.score(rule_form(
...     "The minister said the talks would resume on Monday after a week of delays."))
True
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import numpy as np

from samestory.core.text import MEMO_MAX_CHARS, remember_in, rule_form

__all__ = ["LineModel", "features", "load_model"]

_WORD = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")
#: Letters and digits switching at least twice inside one token: "menafn3112201900670000id109949436".
_MIXED = re.compile(r"[a-z]\d+[a-z]|\d[a-z]+\d", re.IGNORECASE)
_URL = re.compile(r"https?://|www\.|\.(?:com|org|net|co\.uk)\b")
#: Characters whose presence says something about a line's role (separators, marks, brackets).
_MARKS = frozenset("|»«>\u203a•·©®™@#:/()[]{}!?*=_+&%$€£")
#: Words longer than this also give their first letters as a feature: "subscribe", "subscriber" and
#: "subscription" share "subsc", so a wording nobody trained on still meets weights it can use.
STEM = 5
_ENDINGS = {".": "period", "!": "bang", "?": "ask", '"': "quote", "'": "quote", ":": "colon", ")": "paren"}
# The same closing marks of other scripts (the weights were trained on English lines: such a mark reads as
# its ASCII form, not as the "other" character that closes menus and ids): the ideographic full stop, the
# full-width marks, corner brackets, the Arabic question mark, the Urdu full stop and the Devanagari danda.
_ENDINGS |= {
    "\u3002": "period", "\uff0e": "period", "\uff01": "bang", "\uff1f": "ask", "\u300d": "quote",
    "\u300f": "quote", "\uff1a": "colon", "\uff09": "paren", "\u061f": "ask", "\u06d4": "period",
    "\u0964": "period",
}  # fmt: skip


def _bucket(n: int, edges: tuple[int, ...]) -> int:
    """The index of the first edge ``n`` is at most, or ``len(edges)``."""
    for i, edge in enumerate(edges):
        if n <= edge:
            return i
    return len(edges)


def features(lowered: str, text: str) -> list[str]:
    """The features of one line: ``lowered`` is its :func:`~samestory.core.text.rule_form`, ``text`` the line
    as read. Words, their stems, pairs of consecutive words, digit runs by length, marks, and the shape.

    >>> features("read more: 12 dead", "Read more: 12 dead")[:7]
    ['w:read', 'w:more', 'w:dead', 'b:read more', 'b:more dead', 's::', 'd:2']
    """
    words = _WORD.findall(lowered)
    digits = _DIGITS.findall(lowered)
    out = [f"w:{w}" for w in words]
    out += [f"p:{w[:STEM]}" for w in words if len(w) > STEM]
    out += [f"b:{a} {b}" for a, b in itertools.pairwise(words)]
    out += [f"s:{m}" for m in sorted(_MARKS.intersection(lowered))]
    out += [f"d:{min(len(d), 9)}" for d in digits]
    out += _shape(lowered, text, len(words), bool(digits))
    return out


def _shape(lowered: str, text: str, n_words: int, has_digits: bool = True) -> list[str]:
    """The features of a line's shape: length, closing character, capitals, ids, links, quotation marks."""
    out = [f"n:{_bucket(n_words, (1, 2, 3, 5, 8, 12, 20, 35))}"]
    stripped = text.rstrip()
    last = stripped[-1:] if stripped else ""
    out.append(f"end:{_ENDINGS.get(last, 'digit' if last.isdigit() else 'letter' if last.isalpha() else 'other')}")
    words = text.split()
    caps = sum(1 for w in words if w[:1].isupper())
    out.append(f"caps:{_bucket(round(4 * caps / max(len(words), 1)), (0, 1, 2, 3))}")
    if n_words >= 2 and text.isupper():
        out.append("t:upper")
    if has_digits and _MIXED.search(text):
        out.append("t:mixed")
    if _URL.search(lowered):
        out.append("t:url")
    if '"' in lowered or "\u201c" in text:
        out.append("t:quoted")
    out.append("bias")
    return out


def _sum(weights: dict[str, float], keys: set[str] | frozenset[str]) -> float:
    """The weights of ``keys``, summed exactly (``math.fsum``): a set's order changes with the process's
    string hashing, and a float sum in another order could move a line across a threshold."""
    return math.fsum(map(weights.get, keys, itertools.repeat(0.0)))  # no generator frame: a tenth of scoring


@dataclass(frozen=True)
class LineModel:
    """Weights of the furniture score and of the reason per feature. A line scoring at least ``threshold``
    (a probability) is furniture anywhere; among the first or last ``edge_lines`` lines of the text, at least
    ``head_threshold`` or ``tail_threshold`` suffices: that is where pages keep their furniture."""

    weights: dict[str, float]
    reasons: dict[str, dict[str, float]]
    threshold: float
    head_threshold: float
    tail_threshold: float
    edge_lines: int
    version: str
    #: The weights split by feature kind and keyed without their prefix, so that :meth:`score` looks tokens
    #: up without building a string per feature (it runs on every candidate line of every document).
    _by_kind: dict[str, dict[str, float]] = field(init=False, repr=False, compare=False)
    #: The reasons (sorted) and, per feature, its weight for each reason: one vector sum names a reason.
    _reason_rows: tuple[list[str], dict[str, np.ndarray]] = field(init=False, repr=False, compare=False)
    #: Scores of lines seen before: a site's furniture comes back on every page (bounded, see remember_in).
    _memo: dict[str, float] = field(init=False, repr=False, compare=False, default_factory=dict)
    _explained: dict[str, tuple[str, str]] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        by_kind: dict[str, dict[str, float]] = {k: {} for k in "wpbsd"}
        for name, weight in self.weights.items():
            kind, _, key = name.partition(":")
            if key and kind in by_kind:
                by_kind[kind][key] = weight
        object.__setattr__(self, "_by_kind", by_kind)
        names = sorted(self.reasons)
        rows: dict[str, np.ndarray] = {}
        for col, name in enumerate(names):
            for feature, weight in self.reasons[name].items():
                rows.setdefault(feature, np.zeros(len(names)))[col] = weight
        object.__setattr__(self, "_reason_rows", (names, rows))

    def score(self, lowered: str, text: str | None = None) -> float:
        """The probability that a line is page furniture (``lowered`` is its rule form): the sum of the
        weights of the distinct :func:`features` (the model is trained on their presence), computed
        without building them."""
        text = lowered if text is None else text
        if len(text) > MEMO_MAX_CHARS:
            return self._score(lowered, text)
        return remember_in(self._memo, text, lambda: self._score(lowered, text))

    def _score(self, lowered: str, text: str) -> float:
        words = _WORD.findall(lowered)
        digits = _DIGITS.findall(lowered)
        kinds = self._by_kind
        unique = set(words)
        z = _sum(kinds["w"], unique) + _sum(kinds["p"], {w[:STEM] for w in unique if len(w) > STEM})
        z += _sum(kinds["b"], {f"{a} {b}" for a, b in itertools.pairwise(words)})
        z += _sum(kinds["s"], _MARKS.intersection(lowered))
        z += _sum(kinds["d"], {str(min(len(d), 9)) for d in digits})
        n_words = len(words)
        get = self.weights.get
        z += math.fsum(get(f, 0.0) for f in _shape(lowered, text, n_words, bool(digits)))
        return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0

    def explain(self, lowered: str, text: str, score: float) -> tuple[str, str]:
        """The removal reason whose weights fit a line best, and the evidence: the line's ``score`` and the
        features that raised it most."""
        if len(text) > MEMO_MAX_CHARS:
            return self._explain(lowered, text, score)
        return remember_in(self._explained, text, lambda: self._explain(lowered, text, score))

    def _explain(self, lowered: str, text: str, score: float) -> tuple[str, str]:
        feats = sorted(set(features(lowered, text)))  # sorted: the sums below do not depend on hashing
        names, rows = self._reason_rows
        found = [rows[f] for f in feats if f in rows]
        fit = np.sum(found, axis=0) if found else np.zeros(len(names))
        reason = names[int(np.argmax(fit))]  # the first of equal fits: names are sorted
        top = sorted(((self.weights.get(f, 0.0), f) for f in feats), reverse=True)[:4]
        shown = ", ".join(f"{f} {w:+.1f}" for w, f in top if w > 0)
        return reason, f"line model {self.version} score {score:.3f} ({shown})"


@cache
def load_model(path: str | None = None) -> LineModel:
    """The line model shipped in ``samestory/data/linemodel.json``, or the one at ``path``."""
    if path is None:
        raw = resources.files("samestory").joinpath("data/linemodel.json").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
    data = json.loads(raw)
    return LineModel(
        weights={k: float(v) for k, v in data["weights"].items()},
        reasons={r: {k: float(v) for k, v in w.items()} for r, w in data["reasons"].items()},
        threshold=float(data["threshold"]),
        head_threshold=float(data["head_threshold"]),
        tail_threshold=float(data["tail_threshold"]),
        edge_lines=int(data["edge_lines"]),
        version=str(data["version"]),
    )


def score_line(text: str) -> float:
    """The furniture probability of one line as read (a convenience for tests and exploration)."""
    return load_model().score(rule_form(text), text)
