"""Settings, one small frozen dataclass per stage.

Precedence: the defaults here < a user TOML file (``--config FILE``, tables ``[ingest]``, ``[clean]`` and
``[match]``) < command-line flags. Settings built in Python are checked as those of a file are.

>>> load_config(None).clean.head_lines
6
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samestory.core.align import AlignParams
from samestory.core.cluster import ATTACH_LINKAGE, ATTACH_SIZE, STORY_LINKAGE
from samestory.core.embed import TIERS
from samestory.core.relation import RelationParams
from samestory.errors import ConfigError
from samestory.stages.candidates import CandidateParams


@dataclass(frozen=True, slots=True)
class IngestConfig:
    """How inputs are read."""

    #: A single record (a text file, a JSON line, an HTML page, a WARC record) larger than this is refused
    #: with a ``too_large`` error record instead of being loaded.
    max_record_bytes: int = 20_000_000
    #: Follow symbolic links when walking directories.
    follow_symlinks: bool = False
    #: Paths never read, even inside an input directory (skipped as ``output``): the commands put their
    #: own output files here, so that ``samestory run . --out out`` does not read what it writes.
    exclude: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check(self, "ingest")


@dataclass(frozen=True, slots=True)
class CleanConfig:
    """How articles are cleaned."""

    #: How many leading lines may hold crawler headers, error pages and title matter.
    head_lines: int = 6
    #: How many trailing lines count as the tail, where widgets and disclaimers live.
    tail_lines: int = 8
    #: A repeated line is dropped as a within-document duplicate only when it has at least this many words,
    #: or when it belongs to a run of at least two repeated lines.
    min_repeat_words: int = 5
    #: Corpus statistics: a line seen in at least this many documents of one source is boilerplate.
    corpus_min_docs: int = 4
    #: A short line's template (numbers and names masked) seen in at least this many documents ...
    template_min_docs: int = 8
    #: ... of at least this many sources is boilerplate too (a widget that many sites share).
    template_min_sources: int = 3
    #: Corpus boilerplate is removed only where it covers less than this share of the text (else: a copy).
    corpus_max_share: float = 0.5
    #: Detect the language of the body.
    detect_language: bool = True
    #: Score the lines no rule claimed with the learned line model (``core/linemodel.py``) and remove those
    #: that read like page furniture: wordings no pattern names.
    line_model: bool = True

    def __post_init__(self) -> None:
        _check(self, "clean")


def _default(cls: type[Any], name: str) -> Any:
    """The default of a field of a (slotted) dataclass: one source for each algorithm parameter."""
    return next(f.default for f in dataclasses.fields(cls) if f.name == name)


@dataclass(frozen=True, slots=True)
class MatchConfig:
    """How articles are matched, verified and grouped into stories. Defaults come from the algorithms'
    own parameter classes (where each is explained and measured), so they are stated once."""

    #: Embedding tier for leads and sentences: "static" (fast, shipped) or "transformer" (MiniLM, slow).
    embedder: str = "static"
    #: Candidates (samestory.stages.candidates.CandidateParams).
    minhash_threshold: float = _default(CandidateParams, "minhash_threshold")
    ngram_max_df: int = _default(CandidateParams, "ngram_max_df")
    ngram_min_shared: int = _default(CandidateParams, "ngram_min_shared")
    neighbours: int = _default(CandidateParams, "neighbours")
    min_lead_cosine: float = _default(CandidateParams, "min_lead_cosine")
    #: Alignment (samestory.core.align.AlignParams).
    paraphrase_threshold: float = _default(AlignParams, "paraphrase_threshold")
    strong_paraphrase: float = _default(AlignParams, "strong_paraphrase")
    #: Relations (samestory.core.relation.RelationParams).
    near_duplicate: float = _default(RelationParams, "near_duplicate")
    partial_reprint: float = _default(RelationParams, "partial_reprint")
    rewrite: float = _default(RelationParams, "rewrite")
    rewrite_coverage: float = _default(RelationParams, "rewrite_coverage")
    rewrite_reworded: float = _default(RelationParams, "rewrite_reworded")
    same_event: float = _default(RelationParams, "same_event")
    entities: float = _default(RelationParams, "entities")
    event_entities: float = _default(RelationParams, "event_entities")
    #: Stories (samestory.core.cluster.build_stories): two groups join when the mean similarity over all
    #: their member pairs (unverified pairs count 0) is at least this (average linkage).
    story_linkage: float = STORY_LINKAGE
    #: ... then groups of at most ``story_attach_size`` articles (0: none) join the larger story with which
    #: their mean similarity is highest, when it is at least ``story_attach_linkage``
    #: (samestory.core.cluster.attach_small, where both are derived).
    story_attach_size: int = ATTACH_SIZE
    story_attach_linkage: float = ATTACH_LINKAGE
    #: The hybrid embedding tier (samestory.stages.cluster.refine_near_threshold), off at 0: same-event pairs
    #: whose similarity is within this of ``story_linkage`` are decided again with the MiniLM transformer's
    #: lead cosine (needs ``pip install 'samestory[transformer]'``). Off by default: it loads torch and, on
    #: ECB+, costs about four times the CPU of the whole static match. With the average-linkage fix and the
    #: linkage re-derived (0.15) it no longer pays: best band on the ECB+ dev split 0.1 (0.05 to 0.25
    #: tried, before ``story_attach_size``), dev ARI 0.847 against 0.845 static, with twice the hard
    #: negatives merged (4.0% against 2.0%); with the attachment, 0.901 against 0.901 (5.8% against 4.5%).
    #: (+0.017 before the fix, at band 0.2.)
    transformer_band: float = 0.0

    def __post_init__(self) -> None:
        _check(self, "match")


@dataclass(frozen=True, slots=True)
class Config:
    ingest: IngestConfig = field(default_factory=IngestConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    match: MatchConfig = field(default_factory=MatchConfig)

    def excluding(self, outputs: Sequence[str | Path]) -> Config:
        """These settings with ``outputs``, and the partial files written beside them, added to the paths
        never read (``IngestConfig.exclude``): a command's own output files.

        >>> Config().excluding(["out/articles.jsonl"]).ingest.exclude[:2]
        ('out/articles.jsonl', 'out/articles.jsonl.part')
        """
        if not outputs:
            return self
        paths = tuple(str(p) + suffix for p in outputs for suffix in _PARTIAL_SUFFIXES)
        ingest = dataclasses.replace(self.ingest, exclude=(*self.ingest.exclude, *paths))
        return dataclasses.replace(self, ingest=ingest)


#: What a file a command writes may leave beside it while it is written: JsonlWriter's partial file, and
#: DuckDB's write-ahead log.
_PARTIAL_SUFFIXES = ("", ".part", ".wal")


_SECTIONS: dict[str, type[Any]] = {"ingest": IngestConfig, "clean": CleanConfig, "match": MatchConfig}

#: The range of a number setting: a count is at least 0 and a share, similarity or threshold between 0 and
#: 1, but for these (out of range, a setting ended a run with a traceback deep in an algorithm, or quietly
#: refused every record).
_RANGES: dict[str, tuple[float, float]] = {
    "ingest.max_record_bytes": (1, float("inf")),
    "match.neighbours": (1, float("inf")),
    "match.min_lead_cosine": (-1.0, 1.0),
}


def _check_range(where: str, value: float, default: float) -> None:
    low, high = _RANGES.get(where, (0.0, 1.0) if isinstance(default, float) else (0, float("inf")))
    if not low <= value <= high:
        span = f"from {low:g} up" if high == float("inf") else f"between {low:g} and {high:g}"
        raise ConfigError(f"{where}: expected a number {span}, got {value!r}")


def _table(values: Any, where: str) -> dict[str, Any]:
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: expected a table ([{where}]), got {values!r}")
    return values


def _toml_type(default: Any) -> str:
    """What a setting takes, in TOML's words (a message about a TOML file, not about Python's types)."""
    if isinstance(default, bool):
        return "true or false"
    if isinstance(default, tuple):
        return 'an array of strings (["a", "b"])'
    return {int: "a whole number", float: "a number", str: "a string"}.get(type(default), type(default).__name__)


def _toml_value(value: Any) -> str:
    """A value as it was written in the TOML file: true, not Python's True."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return repr(value)


def _check(settings: Any, section: str) -> None:
    """Each of a stage's settings of its default's type, in its range and among its choices, else a
    :class:`ConfigError` that names it: whether set in TOML, by a flag or in Python (``MatchConfig(
    neighbours=0)`` ran, and ended deep in numpy). A list of strings for an array setting becomes a tuple."""
    for f in dataclasses.fields(settings):
        default: Any = f.default
        value, where = getattr(settings, f.name), f"{section}.{f.name}"
        if isinstance(default, tuple) and isinstance(value, list) and all(isinstance(v, str) for v in value):
            object.__setattr__(settings, f.name, value := tuple(value))  # a TOML array of strings
        number = isinstance(value, int) and not isinstance(value, bool)  # TOML's true is Python's int 1
        wrong = isinstance(value, bool) and not isinstance(default, bool)
        if wrong or not (isinstance(value, type(default)) or (isinstance(default, float) and number)):
            raise ConfigError(f"{where}: expected {_toml_type(default)}, got {_toml_value(value)}")
        if number or isinstance(value, float):
            _check_range(where, value, default)
        if value not in _CHOICES.get(where, (value,)):
            choices = ", ".join(_toml_value(c) for c in _CHOICES[where])
            raise ConfigError(f"{where}: expected one of {choices}, got {_toml_value(value)}")


#: The values a string setting takes.
_CHOICES: dict[str, tuple[str, ...]] = {"match.embedder": TIERS}


def _section(cls: type[Any], values: Any, where: str) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    for key in _table(values, where):
        if key not in names:
            raise ConfigError(f"{where}: unknown setting {key!r}; known: {', '.join(sorted(names))}")
    return cls(**values)


def load_config(path: str | Path | None, overrides: dict[str, dict[str, Any]] | None = None) -> Config:
    """Build a :class:`Config` from defaults, an optional TOML file and explicit overrides."""
    data: dict[str, dict[str, Any]] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            utf8 = isinstance(exc, UnicodeDecodeError)
            fix = "save it as UTF-8, as TOML must be" if utf8 else "check the path and the TOML syntax"
            raise ConfigError(f"{path}: cannot read config ({exc}); {fix}") from exc
    for section, values in (overrides or {}).items():
        data[section] = {**_table(data.get(section, {}), section), **{k: v for k, v in values.items() if v is not None}}
    unknown = set(data) - set(_SECTIONS)
    if unknown:
        raise ConfigError(f"unknown config table(s) {sorted(unknown)}; known: {sorted(_SECTIONS)}")
    parts = {name: _section(cls, data.get(name, {}), name) for name, cls in _SECTIONS.items()}
    return Config(**parts)
