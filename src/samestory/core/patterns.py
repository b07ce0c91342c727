"""Boilerplate and error-page patterns, loaded from data (``samestory/data/boilerplate.toml``).

Patterns live in a data file so that a new publisher's widget or a new wording of a soft-404 page is a
one-line change that needs no code review of the matcher. This module compiles them once and answers
one question: which rule, if any, claims this line?

>>> rules = load_rules()
>>> rules.match("CommentsNo comment", position="tail").reason
'comment_widget'
>>> rules.match("NATO defense ministers are meeting in Brussels.", position="body") is None
True
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from samestory.core.text import fold, word_count

Position = Literal["head", "body", "tail"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One reason with its compiled patterns and the limits under which they apply."""

    reason: str
    regex: re.Pattern[str]
    max_words: int
    edge_only: bool
    block: int


@dataclass(frozen=True, slots=True)
class RuleMatch:
    reason: str
    pattern: str
    block: int


@dataclass(frozen=True, slots=True)
class InlineRule:
    reason: str
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Rules:
    """All line rules in their order of precedence, plus the inline (span) rules."""

    lines: tuple[Rule, ...]
    inline: tuple[InlineRule, ...]

    def match(self, line: str, position: Position, *, edge_rules_only: bool = False) -> RuleMatch | None:
        """The first rule that claims ``line`` at ``position``, with the pattern text as evidence.

        ``edge_rules_only``: try only the rules that depend on position (a second, positional pass).
        """
        folded = fold(line)
        words = word_count(folded)
        for rule in self.lines:
            if words > rule.max_words or (rule.edge_only and position == "body"):
                continue
            if edge_rules_only and not rule.edge_only:
                continue
            m = rule.regex.search(folded)
            if m:
                return RuleMatch(rule.reason, m.group(0), rule.block)
        return None

    def inline_spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, reason)`` of every inline match in ``text``, in text order."""
        found = [(m.start(), m.end(), r.reason) for r in self.inline for m in r.regex.finditer(text)]
        return sorted(found)


def _compile(patterns: list[str], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _build(data: dict[str, Any]) -> Rules:
    lines = tuple(
        Rule(
            reason=r["reason"],
            regex=_compile(r["patterns"], re.IGNORECASE),
            max_words=int(r.get("max_words", 40)),
            edge_only=r.get("where", "any") == "edge",
            block=int(r.get("block", 0)),
        )
        for r in data.get("rule", [])
    )
    inline = tuple(InlineRule(r["reason"], _compile(r["patterns"], 0)) for r in data.get("inline", []))
    return Rules(lines, inline)


@cache
def load_rules(path: Path | None = None) -> Rules:
    """Rules from ``path``, or the bundled ``boilerplate.toml`` when no path is given."""
    if path is None:
        raw = resources.files("samestory").joinpath("data", "boilerplate.toml").read_text(encoding="utf-8")
    else:
        raw = path.read_text(encoding="utf-8")
    return _build(tomllib.loads(raw))
