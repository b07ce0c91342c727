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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import ahocorasick
import re2

from samestory.core.lexicon import Lexicon, load_lexicons
from samestory.core.text import MEMO_LINES, normal_words, remember_in, rule_form

Position = Literal["head", "body", "tail"]
#: Lines up to this long have their rule decision remembered, up to this many lines (a few MB; see
#: text.MEMO_LINES for why no more). A memo of its own per rule set (cleared when full), not
#: :func:`~samestory.core.text.remember_short_lines`: its key holds the position, and tests build rule sets.
SEEN_MAX_CHARS = 160
SEEN_MAX_LINES = MEMO_LINES
#: Lines of more words than this are screened with the patterns of the rules that apply to them only.
LONG_LINE_WORDS = 40
#: The positional pass searches its few patterns without the RE2 sets when they number at most this many: the
#: sets scan a line with every pattern, which cost twice as much as searching a menu rule's four (measured).
EDGE_SCREEN_MIN_PATTERNS = 16


@dataclass(frozen=True, slots=True)
class Rule:
    """One reason with its compiled patterns and the limits under which they apply."""

    reason: str
    #: Searched one by one: ``re`` finds a literal prefix in each pattern and skips ahead to it, which it
    #: cannot do for one big alternation (measured: 3x slower on article lines).
    patterns: tuple[re.Pattern[str], ...]
    max_words: int
    edge_only: bool
    block: int
    #: Lower-case substrings, one of which a line must contain for the rule to be tried (a fast gate).
    triggers: tuple[str, ...] = ()
    #: The closing line of a heading's block (searched in its lower-cased normal form): the block is every
    #: line up to the first this matches within ``block`` lines, whatever other rules say of them, and
    #: nothing when none does (a toolbar that ends in a line of its own).
    until: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class RuleMatch:
    reason: str
    pattern: str
    block: int
    until: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class InlineRule:
    reason: str
    regex: re.Pattern[str]
    #: A match counts only with at least this many digits and letters (a lookahead in ``re`` for the same
    #: test made the pattern 20x slower).
    min_digits: int = 0
    min_letters: int = 0
    #: ... and at least this many switches between a letter and a digit among its letters and digits
    #: ("nL4N2X" switches 4 times: the shape of a generated code, which no regex states briefly).
    min_switches: int = 0
    #: A cheaper RE2 pattern that every match of ``regex`` also matches (lookarounds and counts dropped):
    #: RE2 scans a text in one linear pass, about 20x faster than ``re`` searching the full pattern,
    #: and most articles hold no tracking id, so the full pattern runs on few texts.
    gate: Any = None
    #: Search ``regex`` only around the gate's matches (:func:`near_gate`), not through the whole text. Sound
    #: when every match of ``regex`` that counts (see :meth:`accepts`) holds a match of the gate, and no match
    #: holds white space except at most one character right after its first token ("ref: 1a2b-..."): a
    #: test checks it on generated strings.
    near_gate: bool = False

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self.gate is None:
            matches: Iterable[re.Match[str]] = self.regex.finditer(text)
        elif self.near_gate:
            matches = near_gate(self.regex, text, self.gate.finditer(text))
        elif self.gate.search(text) is None:
            return []
        else:
            matches = self.regex.finditer(text)
        return [(m.start(), m.end(), self.reason) for m in matches if self.accepts(m[0])]

    def accepts(self, token: str) -> bool:
        if not (self.min_digits or self.min_letters or self.min_switches):
            return True
        digits = sum(c.isdigit() for c in token)
        if digits < self.min_digits or sum(c.isalpha() for c in token) < self.min_letters:
            return False
        return not self.min_switches or switches(token) >= self.min_switches


def switches(token: str) -> int:
    """How many times ``token`` switches between letters and digits (other characters are skipped).

    >>> switches("nL4N2X81Q7"), switches("COVID-19"), switches("2024")
    (7, 1, 0)
    """
    count, last = 0, ""
    for c in token:
        kind = "d" if c.isdigit() else "a" if c.isalpha() else ""
        if kind:
            count += bool(last) and kind != last
            last = kind
    return count


def near_gate(regex: re.Pattern[str], text: str, gates: Iterable[Any]) -> Iterator[re.Match[str]]:
    """``regex.finditer(text)``, searched only in windows around the gate matches ``gates``: from the start
    of the white-space-delimited token holding a gate match (or of the token before it, when one
    white-space character separates them) to the end of the token where the gate match ends.

    Every match of such a regex that counts overlaps a gate match that a left-to-right scan reports, and
    lies in that match's window (a match holding no gate match is one the rule refuses anyway). Windows
    end at white space (or the end of the text), where ``\\b`` and look-aheads read as they do at the end
    of a text, and look-behinds still see the text before a window. So the matches, and the left-to-right
    choice among overlapping ones, are those of the whole scan (on the speed corpus, the first rule's
    search through whole articles took about a tenth of the cleaning time).
    """
    pos = 0
    for start, end in _windows(text, gates):
        at = max(pos, start)
        while at < end and (m := regex.search(text, at, end)) is not None:
            yield m
            pos = at = m.end()


def _windows(text: str, gates: Iterable[Any]) -> Iterator[tuple[int, int]]:
    """The windows of :func:`near_gate`, in order, overlapping ones merged."""
    window: tuple[int, int] | None = None
    for gate in gates:
        start, end = gate.start(), gate.end()
        if window is not None and end <= window[1]:
            # Inside the window, whose end is a token's end: its window would change nothing (and walking
            # to its token's ends again for each gate match in one long token was quadratic).
            continue
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        if start >= 2 and text[start - 1].isspace() and not text[start - 2].isspace():
            start -= 1
            while start > 0 and not text[start - 1].isspace():
                start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        if window is not None and start <= window[1]:
            window = (window[0], max(window[1], end))
            continue
        if window is not None:
            yield window
        window = (start, end)
    if window is not None:
        yield window


_MENU_SEPARATORS = re.compile(
    r"[\s|\u2022\u00b7/,>\u00bb\u203a\u2013\u2014\u2190-\u21ff\u2261\u25a0-\u25ff\u2600-\u27bf-]+"
)
_SENTENCE_END = frozenset(".!?;:,\"'\u201d\u2019")


@dataclass(frozen=True, slots=True)
class Menu:
    """The words of site menus ("Home", "World", "Top stories", "Newsletters"): a line at a document's edge
    made only of capitalised menu items, nearly all of them such words, is navigation whatever separates the
    items (pipes, bullets, plain or double spaces) and in whatever order a page lists its sections.

    >>> menu = Menu(frozenset({"news", "sport", "weather", "top stories"}), 2)
    >>> menu.items("Top stories  Sport  Weather"), menu.items("Sport wins the weather news")
    (['top stories', 'sport', 'weather'], None)
    """

    words: frozenset[str] = frozenset()
    #: Words of the longest entry ("most read": 2).
    longest: int = 1
    #: At least this many items, and at most ``unknown`` of them not menu words.
    min_items: int = 3
    unknown: int = 1
    #: Answers already given: the edge lines are asked about again on every round of the positional pass,
    #: and a site's menu recurs on its every page. Cleared when full, as the rule memo is.
    _seen: dict[str, list[str] | None] = field(default_factory=dict, compare=False, repr=False)

    def items(self, text: str) -> list[str] | None:
        """The menu words of a menu line, or None when ``text`` is not one."""
        if not self.words or len(text) > 160 or text[-1] in _SENTENCE_END:  # most edge lines: sentences
            return None
        return remember_in(self._seen, text, lambda: self._items(text), SEEN_MAX_LINES)

    def _items(self, text: str) -> list[str] | None:
        tokens = [t for t in _MENU_SEPARATORS.split(text) if t]
        if len(tokens) < self.min_items:
            return None
        low = [t.casefold() for t in tokens]
        found: list[str] = []
        unknown = at = 0
        while at < len(low):
            if not tokens[at][0].isupper():  # every item is capitalised ("Top stories"), as menus print them
                return None
            size = next((n for n in range(self.longest, 0, -1) if " ".join(low[at : at + n]) in self.words), 0)
            if size:
                found.append(" ".join(low[at : at + size]))
            else:
                unknown += 1
                if unknown > self.unknown:
                    return None
            at += size or 1
        return found if len(found) + unknown >= self.min_items and len(found) > unknown else None


@dataclass(frozen=True, slots=True)
class Rules:
    """All line rules in their order of precedence, plus the inline (span) rules."""

    lines: tuple[Rule, ...]
    inline: tuple[InlineRule, ...]
    #: Menu lines at the edges (see :class:`Menu`).
    menu: Menu = field(default_factory=Menu)
    #: Word classes tried on the lines no pattern claims (see :mod:`~samestory.core.lexicon`).
    lexicons: tuple[Lexicon, ...] = ()
    #: All rules' triggers in one Aho-Corasick automaton: one scan of a line tells which rules to try.
    #: (Unanchored alternations are slow to search with ``re``, and a Python loop over substrings is too.)
    automaton: Any = None
    #: Line patterns in RE2 sets (see :func:`_screen`); ``slots[rule][pattern]``: the pattern's index in
    #: the set, -1 for a pattern left out (always searched).
    screen: Any = None
    slots: tuple[tuple[int, ...], ...] = ()
    #: Rules all of whose patterns are in the set.
    screened: frozenset[int] = frozenset()
    #: One more than the largest ``max_words``: longer lines share one entry of the eligible-rules cache.
    words_cap: int = 0
    #: ``(screen, slots, screened)`` of the patterns of the rules that apply to lines of more than
    #: :data:`LONG_LINE_WORDS` words: a paragraph, where most of a text's characters are, is scanned with
    #: the few patterns that can claim it, not with every widget's.
    long: tuple[Any, tuple[tuple[int, ...], ...], frozenset[int]] | None = None
    #: Whether the positional pass (``edge_rules_only``) uses the RE2 sets (see
    #: :data:`EDGE_SCREEN_MIN_PATTERNS`).
    screen_edges: bool = True
    #: The inline rules' gates in one RE2 set (see :class:`_Gates`), or None.
    gates: Any = None
    _cache: dict[tuple[int, str, bool], tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    _unscreened_cache: dict[tuple[int, str, bool, bool], tuple[int, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    #: Decisions on short lines already seen (see :meth:`match_lowered`).
    _seen: dict[tuple[str, str, bool], RuleMatch | None] = field(default_factory=dict, compare=False, repr=False)

    def _gated(self, low: str) -> set[int]:
        return {rule for _end, rules in self.automaton.iter(low) for rule in rules} if self.automaton else set()

    def match(self, line: str, position: Position, *, edge_rules_only: bool = False) -> RuleMatch | None:
        """The first rule that claims ``line`` at ``position``, with the matched text as evidence.

        ``edge_rules_only``: try only the rules that depend on position (a second, positional pass).
        """
        return self.match_lowered(rule_form(line), position, edge_rules_only=edge_rules_only)

    def match_lowered(self, low: str, position: Position, *, edge_rules_only: bool = False) -> RuleMatch | None:
        """:meth:`match` for a line already passed through :func:`~samestory.core.text.rule_form`.

        Decisions on short lines are remembered: a site's widgets, menus and footers recur on its every
        page (in the speed corpus, over half of the lines asked about had been asked about before), while
        paragraph-long lines rarely recur and would only fill the memo. It is cleared when full, so its
        memory is bounded.
        """
        if len(low) > SEEN_MAX_CHARS:
            return self._match(low, position, edge_rules_only)
        key = (low, position, edge_rules_only)
        return remember_in(self._seen, key, lambda: self._match(low, position, edge_rules_only), SEEN_MAX_LINES)

    def _match(self, low: str, position: Position, edge_rules_only: bool) -> RuleMatch | None:
        words = normal_words(low)
        gated: set[int] | None = None  # computed on first need: most lines never reach a gated rule
        hits: frozenset[int] | None = None  # the same for the patterns that can match (see _screen)
        screen, slots, screened = self.screen, self.slots, self.screened
        if words > LONG_LINE_WORDS and self.long is not None:
            screen, slots, screened = self.long
        elif edge_rules_only and not self.screen_edges:
            screen = None
        capped = min(words, self.words_cap)
        eligible = self._eligible(capped, position, edge_rules_only)
        hit_rules: set[int] = set()
        if eligible and screen is not None and low.isascii() and low.isprintable():
            hits = frozenset(screen.Match(low) or ())
            hit_rules = screen.rules_hit(hits)
            if not hit_rules:  # no screened pattern can match (most lines): only the others are walked
                eligible = self._unscreened(capped, position, edge_rules_only, screened)
        for i in eligible:
            rule = self.lines[i]
            # A rule none of whose patterns can match is skipped before its (costlier) trigger gate.
            if hits is not None and i in screened and i not in hit_rules:
                continue
            if rule.triggers:
                gated = self._gated(low) if gated is None else gated
                if i not in gated:
                    continue
            for k, pattern in enumerate(rule.patterns):
                if hits is not None and slots[i][k] >= 0 and slots[i][k] not in hits:
                    continue
                m = pattern.search(low)
                if m:
                    return RuleMatch(rule.reason, m.group(0), rule.block, rule.until)
        return None if edge_rules_only else self._lexicon_match(low, words)

    def _lexicon_match(self, low: str, words: int) -> RuleMatch | None:
        """The first word class (see :mod:`~samestory.core.lexicon`) that claims a line no pattern did."""
        for lexicon in self.lexicons:
            if words <= lexicon.max_words and (why := lexicon.evidence(low)) is not None:
                return RuleMatch(lexicon.reason, why, 0)
        return None

    def _eligible(self, words: int, position: Position, edge_rules_only: bool) -> tuple[int, ...]:
        """Indexes of the rules that apply to a line of ``words`` words at ``position``, in order (cached:
        the same few combinations recur on every line)."""
        key = (words, position, edge_rules_only)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = tuple(
                i
                for i, rule in enumerate(self.lines)
                if words <= rule.max_words
                and not (rule.edge_only and position == "body")
                and not (edge_rules_only and not rule.edge_only)
            )
        return found

    def _unscreened(
        self, words: int, position: Position, edge_rules_only: bool, screened: frozenset[int]
    ) -> tuple[int, ...]:
        """The rules of :meth:`_eligible` that ``screened`` (one of the two screens' rules) does not hold,
        in order: those a line that no screened pattern matches must still be asked (most often none, or
        a rule with a pattern RE2 cannot read). Cached as the eligible rules are: walking every eligible
        rule to skip the screened ones cost more than the screen itself."""
        key = (words, position, edge_rules_only, screened is self.screened)
        found = self._unscreened_cache.get(key)
        if found is None:
            eligible = self._eligible(words, position, edge_rules_only)
            found = self._unscreened_cache[key] = tuple(i for i in eligible if i not in screened)
        return found

    def inline_spans(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, reason)`` of the inline matches in ``text``, in text order, overlaps merged."""
        rules = self.inline if self.gates is None else self.gates.rules_for(text)
        found = sorted(span for rule in rules for span in rule.find(text))
        merged: list[tuple[int, int, str]] = []
        for start, end, reason in found:
            if merged and start < merged[-1][1]:
                prev = merged[-1]
                merged[-1] = (prev[0], max(prev[1], end), prev[2])
            else:
                merged.append((start, end, reason))
        return merged


def _compile(patterns: list[str], flags: int) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), flags)


def _build(data: dict[str, Any]) -> Rules:
    lines = tuple(
        Rule(
            reason=r["reason"],
            patterns=tuple(re.compile(p) for p in r["patterns"]),
            max_words=int(r.get("max_words", 40)),
            edge_only=r.get("where", "any") == "edge",
            block=int(r.get("block", 0)),
            triggers=tuple(r.get("triggers", ())),
            until=re.compile(r["until"]) if "until" in r else None,
        )
        for r in data.get("rule", [])
    )
    inline = tuple(
        InlineRule(
            r["reason"],
            _compile(r["patterns"], 0),
            r.get("min_digits", 0),
            r.get("min_letters", 0),
            r.get("min_switches", 0),
            re2.compile(r["gate"]) if "gate" in r else None,
            bool(r.get("near_gate", False)),
        )
        for r in data.get("inline", [])
    )
    gates = _Gates.build(inline, [r.get("gate") for r in data.get("inline", [])])
    screen, slots = _screen(lines)
    long_screen, long_slots = _screen(lines, LONG_LINE_WORDS)
    long = (long_screen, long_slots, _screened(long_slots)) if long_screen is not None else None
    cap = max((rule.max_words for rule in lines), default=0) + 1
    screened = _screened(slots)
    menu_data = data.get("menu", {})
    words = frozenset(" ".join(w.casefold().split()) for w in menu_data.get("words", ()))
    menu = Menu(
        words,
        max((w.count(" ") + 1 for w in words), default=1),
        int(menu_data.get("min_items", 3)),
        int(menu_data.get("unknown", 1)),
    )
    lexicons = load_lexicons(data.get("lexicon", []))
    edge_patterns = sum(len(rule.patterns) for rule in lines if rule.edge_only)
    return Rules(
        lines, inline, menu, lexicons, _automaton(lines), screen, slots, screened, cap, long=long,
        screen_edges=edge_patterns > EDGE_SCREEN_MIN_PATTERNS, gates=gates,
    )  # fmt: skip


def _screened(slots: tuple[tuple[int, ...], ...]) -> frozenset[int]:
    """Rules all of whose patterns are in a set."""
    return frozenset(i for i, rule in enumerate(slots) if all(k >= 0 for k in rule))


class _SplitSet:
    """RE2 sets with the interface of one (``Add``, ``Compile``, ``Match``): patterns anchored at the line's
    start (``^...``) in one set, the others in another, ``Match`` giving the indexes of both kinds.

    RE2 builds a set's DFA lazily, line by line, and in one set each anchored pattern's states multiply with
    the floating ones' (a floating pattern may start at any character): on the distinct short lines of the
    speed corpus one set of both kinds cost 19 us a new line, two sets 5 us (1.3 + 3.8), and building states
    for new lines was the largest single cost of a corpus clean. A pattern's matches do not depend on the
    other patterns of its set, so the split changes no answer."""

    def __init__(self, options: Any) -> None:
        self._sets = (re2.Set.SearchSet(options), re2.Set.SearchSet(options))
        #: Per set, the index (over both sets) of each of its patterns.
        self._ids: tuple[list[int], list[int]] = ([], [])
        #: The rule each pattern belongs to, by its index (set by :func:`_screen`).
        self.owners: dict[int, int] = {}
        #: Per set with patterns, its binding's ``Match`` and its patterns' indexes (set by ``Compile``).
        self._match: list[tuple[Any, list[int]]] = []

    def Add(self, pattern: str) -> int:
        kind = 0 if pattern.startswith("^") else 1
        self._sets[kind].Add(pattern)
        self._ids[kind].append(len(self._ids[0]) + len(self._ids[1]))
        return self._ids[kind][-1]

    def Compile(self) -> None:
        for screen, ids in zip(self._sets, self._ids, strict=True):
            if ids:
                screen.Compile()
        # The compiled sets' own bindings, past the wrapper's Python call (a line is asked about in 2-3 us,
        # and nearly every line matches nothing): a set without patterns is never asked.
        self._match = [(screen._set.Match, ids) for screen, ids in zip(self._sets, self._ids, strict=True) if ids]

    def Match(self, text: str) -> list[int]:
        data = text.encode()  # once for both sets: given a str, each would encode it again
        found: list[int] = []
        for match, ids in self._match:
            if hits := match(data):
                found.extend(ids[k] for k in hits)
        return found

    def rules_hit(self, hits: frozenset[int]) -> set[int]:
        """The rules (see :func:`_screen`) that own one of the patterns ``hits``."""
        return {self.owners[k] for k in hits}


class _Gates:
    """The gates of the inline rules (:attr:`InlineRule.gate`) in one RE2 set: one scan of a text says which
    gates match in it at all, and a rule whose gate matches nowhere finds nothing (its patterns are searched
    only where, or when, the gate matches), so it is not asked. Most articles hold no tracking id: scanning
    each with every rule's gate, one after the other, was about a tenth of the cleaning time (measured on
    the speed corpus, where 2 in 3 articles match no gate)."""

    def __init__(self, inline: tuple[InlineRule, ...], screen: Any, slots: tuple[int, ...]) -> None:
        self.inline = inline
        self.screen = screen
        #: Per rule, its gate's index in the set, -1 for a rule without a gate (always asked).
        self.slots = slots

    @classmethod
    def build(cls, inline: tuple[InlineRule, ...], gates: list[str | None]) -> _Gates | None:
        """The set of ``gates`` (one per rule of ``inline``, None for a rule without one), or None."""
        if not any(gates):
            return None
        options = re2.Options()  # as re2.compile's, with room for the DFA (see _screen)
        options.max_mem = 64 << 20
        options.log_errors = False
        screen = re2.Set.SearchSet(options)
        slots = tuple(-1 if gate is None else screen.Add(gate) for gate in gates)
        screen.Compile()
        return cls(inline, screen, slots)

    def rules_for(self, text: str) -> list[InlineRule]:
        """The rules, in order, whose gate matches somewhere in ``text`` (and those without a gate)."""
        hits = self.screen.Match(text) or ()
        return [rule for rule, k in zip(self.inline, self.slots, strict=True) if k < 0 or k in hits]


def _screen(rules: tuple[Rule, ...], over: int = 0) -> tuple[Any, tuple[tuple[int, ...], ...]]:
    """RE2 sets (:class:`_SplitSet`) of every line pattern (of the rules for lines of more than ``over`` words;
    the others get -1, and are never asked about such lines): a linear scan of a line says which patterns match
    it at all, so ``re`` (which gives the evidence) runs only on those (most lines match none). Used on printable
    ASCII lines only (nearly all rule forms): there RE2 and ``re`` agree on ``\\w``, ``\\d``, ``\\b``, ``\\s``,
    ``^`` and ``$`` (neither is multi-line, and such a line holds no newline; patterns anchored with ``^``,
    most of them, joined the set once their decisions were checked equal on the 43,572 distinct lines of the
    noise pools and the speed corpus), while on other text RE2's classes are ASCII-only and ``re``'s
    Unicode, ``re``'s ``\\s`` also takes ``\\v`` and ``$`` a final newline. A pattern is screened without its
    look-arounds (see :func:`_add`); one RE2 cannot read even so is left out of the set, and its rule is asked
    about every line it applies to, as are the rules of patterns with syntax that both compile but read
    differently (``{,n}``: a count in ``re``, literal in RE2; ``[[:alpha:]]``: a class in RE2 only)."""
    options = re2.Options()
    # Room for the set's DFA, so that a search never runs out of memory (which RE2 reports as no match).
    options.max_mem = 64 << 20
    options.log_errors = False
    screen = _SplitSet(options)
    try:
        slots = tuple(
            tuple(_add(screen, p.pattern) if rule.max_words > over else -1 for p in rule.patterns) for rule in rules
        )
        if all(k < 0 for rule in slots for k in rule):
            return None, ()
        screen.Compile()
        screen.owners = {k: i for i, rule in enumerate(slots) for k in rule if k >= 0}
    except re2.error:
        return None, ()
    return screen, slots


_POSIX_CLASS = re.compile(r"\[:\^?[a-z]+:\]")


#: A bounded run of any character (".{0,60}", not a literal dot "\\.{0,3}") or of a class ("[^.!?]{2,60}").
_BOUNDED_RUN = re.compile(r"((?<!\\)\.|(?<!\\)\[(?:\\.|[^\]\\])+\])\{\d*,(\d+)\}")
#: Runs bounded at this many characters or more go into a set unbounded (see :func:`_add`).
LOOSE_BOUND = 10


def _loosen(pattern: str) -> str:
    """``pattern`` with its long bounded runs unbounded (``[^.]{2,60}`` -> ``[^.]*``): it matches wherever the
    pattern does."""
    return _BOUNDED_RUN.sub(lambda m: m.group(1) + "*" if int(m.group(2)) >= LOOSE_BOUND else m.group(0), pattern)


#: What opens a look-around: an assertion RE2 does not have.
_LOOKAROUNDS = ("(?=", "(?!", "(?<=", "(?<!")


def _without_lookarounds(pattern: str) -> str | None:
    """``pattern`` with its look-arounds left out (``^related(?!ly\\b)[a-z]`` -> ``^related[a-z]``): an
    assertion only narrows where a pattern matches, so what is left matches wherever the pattern does. None
    when a look-around is quantified (left out, its quantifier would bind to what precedes it).

    Written here: no library takes a look-around out of a pattern. The scan knows escapes, character
    classes (where ``(`` is literal) and nested groups, which is all a look-around's extent needs."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith(_LOOKAROUNDS, i):
            i = _skip(pattern, i)
            if i < len(pattern) and pattern[i] in "?*+{":
                return None
            continue
        end = i + 1 if pattern[i] == "(" else _skip(pattern, i)  # into other groups: they may hold one
        out.append(pattern[i:end])
        i = end
    return "".join(out)


def _skip(pattern: str, i: int) -> int:
    """Where the token of ``pattern`` at ``i`` ends: an escape, a character class, a whole group when at
    ``(``, else one character."""
    if pattern[i] == "\\":
        return i + 2
    if pattern[i] == "[":
        j = i + 1
        j += pattern.startswith("^", j)
        j += pattern.startswith("]", j)  # a "]" first in a class is literal
        while j < len(pattern) and pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return j + 1
    if pattern[i] == "(":
        j = i + 1
        while j < len(pattern) and pattern[j] != ")":
            j = _skip(pattern, j)
        return j + 1
    return i + 1


def _add(screen: Any, pattern: str) -> int:
    """Add ``pattern`` to an RE2 set; its index, or -1 when RE2 cannot read it as ``re`` does.

    The set only screens (a pattern it rules out is not searched), so it may hold a looser pattern: a long
    bounded run of any character or of a class (``.{0,60}``, ``[^.!?]{8,200}``) goes in unbounded (``.*``,
    ``[^.!?]*``), which matches whatever the bounded one does, and keeps the set's automaton small (each
    bound multiplies its states: rules with such runs added in session 15 made the sets' matching 2.3 times
    slower until they were loosened); a look-around, which RE2 cannot read, is left out
    (:func:`_without_lookarounds`). A rule with a pattern left out of the set is asked about every line, so
    three rules with one look-around each were searched on every short line of the body."""
    loose = _without_lookarounds(pattern)
    if loose is None or "{," in loose or _POSIX_CLASS.search(loose):
        return -1
    try:
        return int(screen.Add(_loosen(loose)))
    except re2.error:
        return -1


def _automaton(rules: tuple[Rule, ...]) -> Any:
    by_trigger: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        for trigger in rule.triggers:
            by_trigger.setdefault(trigger, []).append(i)
    if not by_trigger:
        return None
    automaton = ahocorasick.Automaton()
    for trigger, indexes in by_trigger.items():
        automaton.add_word(trigger, tuple(indexes))
    automaton.make_automaton()
    return automaton


@cache
def load_rules(path: Path | None = None) -> Rules:
    """Rules from ``path``, or the bundled ``boilerplate.toml`` when no path is given."""
    if path is None:
        raw = resources.files("samestory").joinpath("data", "boilerplate.toml").read_text(encoding="utf-8")
    else:
        raw = path.read_text(encoding="utf-8")
    return _build(tomllib.loads(raw))
