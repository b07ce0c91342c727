"""The library's front door: the functions the CLI calls and users import from :mod:`samestory`."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from samestory.config import CleanConfig, Config, IngestConfig, MatchConfig
from samestory.core.columns import Columns
from samestory.core.compare import compare_views
from samestory.core.embed import load_embedder
from samestory.errors import InputError
from samestory.executors.summary import RunSummary
from samestory.io import Paths
from samestory.io.writers import JsonlWriter, json_lines
from samestory.records import Article, Fingerprint, Pair, RawRecord, Story
from samestory.stages.clean import clean_record
from samestory.stages.fingerprint import lead_text
from samestory.stages.match import (
    MatchResult,
    align_params,
    fingerprint_matchable,
    match,
    relation_params,
)
from samestory.stages.verify import article_view

if TYPE_CHECKING:
    from samestory.executors.local import LocalExecutor


def clean_text(text: str, *, config: CleanConfig | Config | None = None, id: str = "text") -> Article:
    """Clean one document given as a string (a text dump: optional crawler header, title, body, noise).
    ``config``: the cleaning settings, or all settings (their ``clean``); an ``id`` that is a number
    becomes a string, as in JSON Lines.

    >>> clean_text("date 2026-02-12 403\\nA Headline Here\\nThe story itself, told in a sentence.").http_status
    403
    """
    check_text(text, "text")
    if isinstance(id, int) and not isinstance(id, bool):
        id = str(id)
    if not isinstance(id, str):
        raise TypeError(f"id: expected a str, got {id!r}")
    settings = config.clean if isinstance(config, Config) else config
    if not isinstance(settings, CleanConfig | None):
        raise TypeError(f"config: expected a samestory.CleanConfig or Config, got {config!r}")
    return clean_record(RawRecord(id=id, input=id, format="text", text=text), settings)


def check_text(text: object, name: str) -> None:
    """A TypeError that says what to pass unless ``text`` is a str: cleaning bytes, None or a path failed
    deep inside, as an error record that blamed samestory."""
    if isinstance(text, str):
        return
    got, fix = repr(text), ""
    if isinstance(text, bytes):
        got, fix = "bytes", "; decode them first (data.decode('utf-8')), or pass their file to clean([path])"
    elif isinstance(text, Path):
        fix = "; to clean a file, pass it to clean([path])"
    raise TypeError(f"{name}: expected the article's text as a str, got {got}{fix}")


def as_config(config: Config | None) -> Config:
    """``config``, or the defaults; a stage's own settings (``MatchConfig(...)``) are a TypeError that
    says how to pass them, not an AttributeError from deep inside."""
    if config is None or isinstance(config, Config):
        return config or Config()
    stage = {IngestConfig: "ingest", CleanConfig: "clean", MatchConfig: "match"}.get(type(config))
    fix = f"pass samestory.Config({stage}=...)" if stage else "pass a samestory.Config"
    raise TypeError(f"config: expected a samestory.Config, got {config!r}; {fix}")


def clean(
    paths: Paths,
    config: Config | None = None,
    *,
    workers: int = 1,
    corpus_stats: bool = True,
    executor: LocalExecutor | None = None,
) -> Iterator[Article]:
    """Read files and directory trees in any supported format and yield clean articles in input order.

    ``corpus_stats`` counts lines across the corpus first, so that a line repeated across many documents
    of one source is removed as boilerplate (a second pass over the input). ``executor``: where the work
    runs (default: this machine, ``workers`` processes; or a
    :class:`~samestory.executors.dask.DaskExecutor`); the articles are the same either way.
    """
    return _executor(executor, workers).clean(paths, as_config(config), corpus_stats=corpus_stats)


def _executor(executor: LocalExecutor | None, workers: int, progress: bool = False) -> LocalExecutor:
    """``executor``, or a local one with ``workers`` processes."""
    if executor is not None:
        return executor
    from samestory.executors.local import LocalExecutor

    return LocalExecutor(workers=workers, progress=progress)


@dataclass(slots=True)
class RunResult:
    """What :func:`run` produced: every article (error records included), related pairs and stories."""

    articles: list[Article]
    pairs: list[Pair]
    stories: list[Story]
    summary: RunSummary
    match: MatchResult


#: The files :func:`run` writes in its ``out_dir``.
RUN_FILES = ("articles.jsonl", "pairs.jsonl", "stories.jsonl")


def run(
    paths: Paths,
    out_dir: str | Path | None = None,
    config: Config | None = None,
    *,
    workers: int = 1,
    corpus_stats: bool = True,
    progress: bool = False,
    executor: LocalExecutor | None = None,
) -> RunResult:
    """Clean, match and cluster a crawl; with ``out_dir``, also write ``articles.jsonl``, ``pairs.jsonl``
    and ``stories.jsonl`` there (never read as inputs, as the command's outputs). ``executor``: as for
    :func:`clean` (a given executor keeps its own ``workers`` and ``progress``); the result does not depend
    on it.

    >>> result = run(["examples/seeds"])
    >>> [(p.relation, p.direction.original) for p in result.pairs]
    [('rewrite', 'seeds/000_d4a47ec4de73bb3b.txt')]
    """
    config = as_config(config)
    if out_dir is not None:  # never read back, even inside an input folder (as the command does)
        config = config.excluding([Path(out_dir) / name for name in RUN_FILES])
    executor = _executor(executor, workers, progress)
    # Loaded before the workers start, which then inherit it (forked) instead of loading it each.
    embedder = load_embedder(config.match.embedder)
    # Each chunk of clean articles is fingerprinted and encoded as JSON Lines by the worker that cleaned it,
    # while the other workers clean on: done after cleaning, fingerprinting was a stage of its own, and the
    # encoding ran in this process with the workers idle. Only when a text's embedding does not depend on
    # its batch (then neither does a fingerprint). Views are not built there: that would build them for
    # every article, not only the paired ones (78% of them on sparse 5,000, 86% on 20,000).
    prepared = embedder.row_independent
    prepare = functools.partial(_prepare_chunk, config=config.match, match=prepared, encode=out_dir is not None)
    articles: list[Article] = []
    fingerprints: dict[str, Fingerprint] = {}
    with contextlib.ExitStack() as files:
        # articles.jsonl is written as the chunks come, and renamed into place once the run has succeeded.
        writer = None if out_dir is None else files.enter_context(JsonlWriter(Path(out_dir) / "articles.jsonl"))
        for chunk in executor.clean_prepared(paths, config, prepare, corpus_stats=corpus_stats):
            articles.extend(chunk.articles)
            fingerprints.update((fp.id, fp) for fp in chunk.extra.fingerprints)
            if writer is not None:
                writer.write_lines(chunk.extra.jsonl, len(chunk.articles))
        result = match(
            articles, config.match, embedder, mapper=executor.map_tasks, shared_memory=executor.shares_memory,
            fingerprints=fingerprints if prepared else None,
        )  # fmt: skip
        out = RunResult(articles, result.pairs, result.stories, executor.summary, result)
        if out_dir is not None:
            write_run(out, Path(out_dir), articles=False)
    return out


@dataclass(frozen=True, slots=True)
class _Chunk:
    """What a worker computes from a chunk of clean articles for :func:`run`, beside cleaning."""

    fingerprints: list[Fingerprint]
    jsonl: str


def _prepare_chunk(articles: list[Article], config: MatchConfig, match: bool, encode: bool) -> _Chunk:
    """What :func:`run` needs of a chunk of clean articles besides them: the fingerprints of the matchable
    ones (:func:`~samestory.stages.match.fingerprint_matchable`) and the chunk's lines of ``articles.jsonl``
    (module level, so that it pickles)."""
    return _Chunk(
        Columns(fingerprint_matchable(articles, config).values()) if match else [],
        json_lines(a.to_dict() for a in articles) if encode else "",
    )


def write_run(result: RunResult, out_dir: Path, *, articles: bool = True) -> None:
    """Write the three JSON Lines files of a run (each written whole, then renamed into place); with
    ``articles`` false, only pairs.jsonl and stories.jsonl."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, Iterable[Any]]] = [
        ("pairs.jsonl", (p.to_dict() for p in result.pairs)),
        ("stories.jsonl", (s.to_dict() for s in result.stories)),
    ]
    if articles:
        files.insert(0, ("articles.jsonl", (a.to_dict() for a in result.articles)))
    for name, rows in files:
        with JsonlWriter(out_dir / name) as writer:
            for row in rows:
                writer.write(row)


def compare(a: str | Path | Article, b: str | Path | Article, config: Config | None = None) -> Pair:
    """How two articles relate: relation, similarity, sub-scores, aligned passages, likely original.

    ``a`` and ``b`` are clean :class:`Article` objects, paths to files in any input format (the first record
    with article text is used), or raw text (a str that is a file's path is refused: pass a ``Path``); a file
    or text that holds no article (an error page, nothing left once cleaned) raises
    :class:`~samestory.errors.InputError`. Two articles of one id are told apart as :func:`distinct_ids` does.

    >>> from pathlib import Path
    >>> pair = compare(Path("examples/seeds/000_d4a47ec4de73bb3b.txt"), Path("examples/seeds/001_fdedb239be57391e.txt"))
    >>> pair.relation, pair.similarity >= 0.8
    ('rewrite', True)
    """
    config = as_config(config)
    embedder = load_embedder(config.match.embedder)
    first, second = distinct_ids(*(as_article(x, config, default_id) for x, default_id in ((a, "a"), (b, "b"))))
    view_a, view_b = article_view(first, embedder), article_view(second, embedder)
    leads = embedder.encode([lead_text(first), lead_text(second)])
    return compare_views(
        view_a, view_b, float(leads[0] @ leads[1]), align_params(config.match), relation_params(config.match)
    )


def distinct_ids(a: Article, b: Article) -> tuple[Article, Article]:
    """Two articles to compare, each under an id of its own: given one id (every :func:`clean_text` is
    "text" unless named; two files of one folder name in two places), they go by their inputs when those
    differ, else by "a" and "b", the ids of two raw texts; a pair of "text" and "text" would say nothing.

    >>> a, b = distinct_ids(clean_text("One text here."), clean_text("Another text."))
    >>> a.id, b.id
    ('a', 'b')
    """
    if a.id != b.id:
        return a, b
    ids = (a.input, b.input) if a.input != b.input else ("a", "b")
    return replace(a, id=ids[0]), replace(b, id=ids[1])


def as_article(item: str | Path | Article, config: Config, default_id: str) -> Article:
    """``item`` as a clean article to compare: itself, a file's first record with article text, or raw text.
    A file or text that holds no article (an error page, nothing left after cleaning) is an
    :class:`InputError`: compared, it could only be ``unrelated``, a relation with nothing behind it."""
    if isinstance(item, Article):
        return item
    if not isinstance(item, Path):
        check_text(item, default_id)
        if "\n" not in item and os.path.isfile(item):  # no text of an article is a file's path
            fix = f"pass Path({item!r}) to compare the file"
            raise InputError(item, "a str is compared as the article's text, and this is the path of a file", fix)
        return with_text(clean_text(item, config=config.clean, id=default_id), default_id)
    if item.is_dir():  # as the command: its first article would be compared, whichever that is
        fix = "pass one of its files, or run() to match every article in it"
        raise InputError(str(item), "is a folder; compare takes two articles", fix)
    failure, textless = None, None
    for article in clean([item], config, corpus_stats=False):
        if article.matchable:
            return article  # a file of several records (JSON Lines, WARC): its first with article text
        if article.error is None:
            textless = textless or article
        failure = failure or article.error
    if textless is not None:
        return with_text(textless, str(item))
    if failure is not None:
        raise InputError.of(failure.message, str(item))
    raise InputError(str(item), "holds no article", "pass a file with at least one record")


def with_text(article: Article, name: str) -> Article:
    """``article``, when it holds article text (:attr:`Article.matchable`); else the :class:`InputError` that
    says why not (an unreadable input's own error, an error page, nothing left after cleaning)."""
    if article.matchable:
        return article
    if article.error is not None:
        raise InputError.of(article.error.message, article.input or name)
    if "error_page" in article.flags:
        said = [repr(article.title)] if article.title else []
        said += [f"HTTP {article.http_status}"] if article.http_status else []
        what = f"is an error page ({', '.join(said)})" if said else "is an error page"
        raise InputError(name, f"{what}: it holds no article text", "pass the article's own page, or fetch it again")
    raise InputError(name, "holds no article text once cleaned", "pass a page or text with the article's body")
