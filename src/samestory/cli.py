"""The ``samestory`` command: parse, call the library, print, and map exceptions to exit codes.

Exit codes: 0 everything read; 3 partial failure (some inputs could not be read, the rest were processed);
1 an error that stopped the run (bad configuration, unwritable output), or a closed output pipe (`| head`),
said by no message; 2 a usage error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import BrokenExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from samestory import __version__
from samestory.config import Config, load_config
from samestory.errors import SamestoryError
from samestory.executors.local import LocalExecutor
from samestory.executors.summary import RunSummary
from samestory.io.writers import JsonlWriter
from samestory.records import Article, Pair
from samestory.store import cli as store_cli

if TYPE_CHECKING:
    from samestory.api import RunResult

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., Any])


def input_options(fn: F) -> F:
    """Options shared by every command that reads a crawl."""
    decorators = [
        click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path),
                       callback=lambda c, p, v: store_cli.no_stdin(v)),
        click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="TOML file of settings: [ingest], [clean] and (run) [match]; flags override it."),
        click.option("--workers", "-j", type=click.IntRange(1), default=1, show_default=True,
                     help="Worker processes; results are identical for any number."),
        click.option("--max-record-bytes", type=click.IntRange(1), default=None,
                     help="Refuse records larger than this (default 20,000,000)."),
        click.option("--corpus-stats/--no-corpus-stats", default=True, show_default=True,
                     help="Count lines across the corpus to find each source's boilerplate (two passes)."),
        click.option("--quiet", "-q", is_flag=True,
                     help="No progress bar and no summary on stderr (the inputs that failed are still named)."),
    ]  # fmt: skip
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def executor_options(fn: F) -> F:
    """Where ``clean`` and ``run`` do their work: this machine, or a Dask cluster."""
    decorators = [
        click.option("--executor", type=click.Choice(["local", "dask"]), default="local", show_default=True,
                     help="local: --workers processes here; dask: a Dask cluster (--scheduler, or a local "
                          "one of --workers processes). Results are identical."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Dask scheduler address (tcp://host:8786); implies --executor dask. Workers must "
                          "read the inputs under the same paths."),
    ]  # fmt: skip
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


@contextlib.contextmanager
def open_executor(kind: str, scheduler: str | None, workers: int, progress: bool) -> Iterator[LocalExecutor]:
    """The executor the options name, closed (a Dask client and any local cluster) when done."""
    if kind == "local" and scheduler is None:
        yield LocalExecutor(workers=workers, progress=progress)
        return
    from samestory.executors.dask import DaskExecutor

    with DaskExecutor(workers=workers, progress=progress, scheduler=scheduler) as executor:
        yield executor


@contextlib.contextmanager
def exits_on_error(console: Console) -> Iterator[None]:
    """The one place library errors become a message on stderr and exit code 1."""
    try:
        yield
    except SamestoryError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_ERROR)
    except BrokenPipeError:
        _stdout_closed()
    except OSError as exc:
        console.print(f"[red]error:[/red] cannot read or write: {escape(str(exc))}", highlight=False)
        sys.exit(EXIT_ERROR)
    except Exception as exc:
        if not isinstance(exc, BrokenExecutor) and not _killed_dask_worker(exc):
            raise
        console.print(
            f"[red]error:[/red] a worker process died ({exc}); the system may have stopped it for lack of memory. "
            "Fix: run again with fewer --workers, or a lower --max-record-bytes",
            highlight=False,
        )
        sys.exit(EXIT_ERROR)


def _stdout_closed() -> NoReturn:
    """The reader of the output went away (``samestory clean crawl/ | head``): no error of ours, so no
    message. Exit 1, as click and rich do; what is still buffered goes to /dev/null, or Python would
    report the pipe again when it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(EXIT_ERROR)


def _killed_dask_worker(exc: Exception) -> bool:
    """Whether ``exc`` is Dask's news that workers died running a task (the optional ``[dask]`` extra)."""
    try:
        from distributed import KilledWorker
    except ImportError:
        return False
    return isinstance(exc, KilledWorker)


def _config(config_path: Path | None, max_record_bytes: int | None, outputs: Sequence[Path] = ()) -> Config:
    """The settings, with this command's ``outputs`` (and their partial files) never read as inputs."""
    return load_config(config_path, {"ingest": {"max_record_bytes": max_record_bytes}}).excluding(outputs)


def print_summary(summary: RunSummary, console: Console) -> None:
    """A readable account of the run on stderr: inputs, outcomes, flags, removals by reason."""
    table = Table(title="samestory clean", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_column("chars", justify="right")
    table.add_row("files", str(summary.files), "")
    table.add_row("records", str(summary.records), f"{summary.chars_in:,}")
    table.add_row("articles", str(summary.articles), f"{summary.chars_kept:,}")
    for code, n in sorted(summary.failed.items()):
        table.add_row(f"[red]failed: {code}", str(n), "")
    for reason, n in sorted(summary.skipped.items()):
        table.add_row(f"skipped: {reason}", str(n), "")
    for flag, n in sorted(summary.flags.items()):
        table.add_row(f"flag: {flag}", str(n), "")
    for reason, n in sorted(summary.removals.items()):
        table.add_row(f"removed: {reason}", str(n), f"{summary.removed_chars[reason]:,}")
    console.print(table)


class _Commands(click.Group):
    """A command group that imports ``samestory serve``'s module only when that command is asked for: it
    imports Starlette, which no other command needs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "serve"])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "serve":
            from samestory.serve.cli import serve

            return serve
        return super().get_command(ctx, cmd_name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="samestory")
def main() -> None:
    """samestory: clean messy news crawls and find every version of the same story."""


@main.command()
@input_options
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write articles as JSON Lines here (default: stdout).")  # fmt: skip
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the run summary as JSON to this file.")  # fmt: skip
@executor_options
def clean(
    inputs: tuple[Path, ...], config_path: Path | None, workers: int, max_record_bytes: int | None,
    corpus_stats: bool, quiet: bool, out: Path | None, summary_path: Path | None, executor: str,
    scheduler: str | None,
) -> None:  # fmt: skip
    """Clean crawled news: text dumps, JSONL, HTML, WARC (any of them gzipped), files or directories.

    Writes one JSON object per article (error records included) and prints a summary on stderr.
    """
    console = Console(stderr=True)
    outputs = [path for path in (out, summary_path) if path is not None]
    store_cli.no_output_as_input(inputs, outputs)
    with exits_on_error(console):
        config = _config(config_path, max_record_bytes, outputs)
        progress = not quiet and console.is_terminal
        with (
            open_executor(executor, scheduler, workers, progress) as ex,
            JsonlWriter(out if out is not None else sys.stdout) as writer,
        ):
            for lines in ex.clean_jsonl(list(inputs), config, corpus_stats=corpus_stats):
                writer.write_lines(lines.text, lines.count)
        summary = ex.summary
        if summary_path is not None:
            summary_path.parent.mkdir(parents=True, exist_ok=True)
            summary_path.write_text(json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8")
    if not quiet:
        print_summary(summary, console)
    store_cli.print_failures(summary.failures, console, "output")  # with --quiet too: each names its input and fix
    sys.exit(EXIT_PARTIAL if summary.partial_failure else EXIT_OK)


def _match_table(result: RunResult) -> Table:
    table = Table(title="samestory match", show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("matchable articles", str(sum(a.matchable for a in result.articles)))
    if result.match.duplicate_ids:
        shared = sum(len(found) for found in result.match.duplicate_ids.values())
        table.add_row("  not matched: their id is another's too", str(shared))
    table.add_row("candidate pairs", str(result.match.candidates))
    for source, n in sorted(result.match.by_source.items()):
        table.add_row(f"  proposed by {source}", str(n))
    table.add_row("unrelated after verification", str(result.match.unrelated))
    for relation, n in sorted(Counter(p.relation for p in result.pairs).items()):
        table.add_row(f"pairs: {relation}", str(n))
    table.add_row("stories", str(len(result.stories)))
    table.add_row("  with more than one article", str(sum(len(s.members) > 1 for s in result.stories)))
    return table


def _print_stories(result: RunResult, console: Console, limit: int = 10) -> None:
    titles = {a.id: a.title or a.id for a in result.articles}
    multi = sorted((s for s in result.stories if len(s.members) > 1), key=lambda s: (-len(s.members), s.story_id))
    for story in multi[:limit]:
        console.print(Text(f"story {story.story_id}: {len(story.members)} articles", style="bold"))
        for fam in story.families:
            head = fam.original or "undecided"
            console.print(Text(f"  family of {len(fam.members)}, original: {head}"))
            for member in fam.members:
                mark = "*" if member == fam.original else "-"
                console.print(Text(f"    {mark} {member}: {titles.get(member, '')}"), highlight=False)


@main.command()
@input_options
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for articles.jsonl, pairs.jsonl and stories.jsonl.")  # fmt: skip
@click.option("--store", "with_store", is_flag=True,
              help="Run through a new store, OUT/samestory.duckdb, replacing an earlier run's (same pairs and "
                   "stories; records that share an id are not stored; later: samestory add).")  # fmt: skip
@executor_options
def run(
    inputs: tuple[Path, ...], config_path: Path | None, workers: int, max_record_bytes: int | None,
    corpus_stats: bool, quiet: bool, out_dir: Path, with_store: bool, executor: str, scheduler: str | None,
) -> None:  # fmt: skip
    """Clean, match and cluster a crawl: which articles tell the same story, and how they relate.

    Writes OUT/articles.jsonl, OUT/pairs.jsonl (related pairs with alignment and direction) and
    OUT/stories.jsonl (stories with copy families and their likely originals); prints a summary.
    """
    from samestory import api  # here: matching's modules, which clean does not need

    console = Console(stderr=True)
    names = (*api.RUN_FILES, store_cli.STORE_NAME, store_cli.PART_NAME)
    store_cli.no_output_as_input(inputs, [out_dir / name for name in names])
    with exits_on_error(console):
        config = _config(config_path, max_record_bytes, [out_dir / name for name in names])
        if with_store:
            if executor != "local" or scheduler is not None:
                raise click.UsageError("--store runs on this machine: leave out --executor dask and --scheduler")
            sys.exit(store_cli.run_into_store(list(inputs), out_dir, config, workers, quiet, corpus_stats))
        progress = not quiet and console.is_terminal
        with open_executor(executor, scheduler, workers, progress) as ex:
            result = api.run(list(inputs), out_dir, config, corpus_stats=corpus_stats, executor=ex)
    if not quiet:
        print_summary(result.summary, console)
        console.print(_match_table(result))
        _print_stories(result, console)
    store_cli.print_failures(result.summary.failures, console, "output")  # with --quiet too
    store_cli.print_duplicates(result.match.duplicate_ids, console, "matched")
    if not quiet:
        console.print(f"wrote {escape(str(out_dir))}/articles.jsonl, pairs.jsonl, stories.jsonl", highlight=False)
    bad = result.summary.partial_failure or bool(result.match.duplicate_ids)
    sys.exit(EXIT_PARTIAL if bad else EXIT_OK)


def _side_by_side(pair: Pair, a: Article, b: Article) -> Table:
    table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
    table.add_column(Text(a.id), ratio=1)
    table.add_column(Text(b.id), ratio=1)
    styles = {"exact": "green", "paraphrase": "yellow"}
    for x in pair.alignment:
        style = styles.get(x.kind, "")
        label = f"[{x.kind} {x.score:.2f}] "
        table.add_row(
            Text(label, style="dim") + Text(a.text[x.a_start : x.a_end], style=style),
            Text(label, style="dim") + Text(b.text[x.b_start : x.b_end], style=style),
        )
    for span in pair.a_only:
        table.add_row(Text("[only here] ", style="dim") + Text(a.text[span.start : span.end], style="red"), "")
    for span in pair.b_only:
        table.add_row("", Text("[only here] ", style="dim") + Text(b.text[span.start : span.end], style="red"))
    return table


@main.command()
@click.argument("first", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("second", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="TOML file with [ingest] (max_record_bytes), [clean] and [match] settings.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True,
              help="Print the pair as JSON instead of a table: a pairs.jsonl row, plus a_text and b_text, the "
                   "clean texts its offsets index.")  # fmt: skip
def compare(first: Path, second: Path, config_path: Path | None, as_json: bool) -> None:
    """Compare two articles (files in any input format): relation, similarity, sub-scores, alignment."""
    console = Console()
    with exits_on_error(Console(stderr=True)):
        config = _config(config_path, None)
        from samestory import api

        a, b = api.distinct_ids(*(api.as_article(path, config, path.name) for path in (first, second)))
        pair = api.compare(a, b, config)
    if as_json:
        # The clean texts too: the offsets index them, and neither is the input file's text (HTML, crawl noise).
        shown = {**pair.to_dict(), "a_text": a.text, "b_text": b.text}
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    console.print(Text(f"{pair.relation}  similarity {pair.similarity:.2f}", style="bold"))
    console.print(Text("  ".join(f"{k} {v:.2f}" for k, v in pair.scores.items()), style="dim"))
    if pair.direction.original or pair.direction.evidence:
        console.print(Text(f"original: {pair.direction.original or 'undecided'}", style="bold"))
        for line in pair.direction.evidence:
            console.print(Text(f"  - {line}"), highlight=False)
    if pair.alignment or pair.a_only or pair.b_only:
        console.print(_side_by_side(pair, a, b))
    else:  # an empty table under the two names would look like a display fault
        console.print(Text(f"no passage of one aligns with the other ({a.id}, {b.id})"), highlight=False)


for _command in store_cli.COMMANDS:
    main.add_command(_command)
