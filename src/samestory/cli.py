"""The ``samestory`` command: parse, call the library, print, and map exceptions to exit codes.

Exit codes: 0 everything read; 3 partial failure (some inputs could not be read, the rest were processed);
1 an error that stopped the run (bad configuration, unwritable output); 2 a usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from samestory import __version__
from samestory.config import Config, load_config
from samestory.errors import SamestoryError
from samestory.executors.local import LocalExecutor
from samestory.executors.summary import RunSummary
from samestory.io.writers import JsonlWriter

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3
F = TypeVar("F", bound=Callable[..., Any])


def input_options(fn: F) -> F:
    """Options shared by every command that reads a crawl."""
    decorators = [
        click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path)),
        click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="TOML file with [ingest] and [clean] settings (flags override it)."),
        click.option("--workers", "-j", type=click.IntRange(1), default=1, show_default=True,
                     help="Worker processes; results are identical for any number."),
        click.option("--max-record-bytes", type=click.IntRange(1), default=None,
                     help="Refuse records larger than this (default 20,000,000)."),
        click.option("--corpus-stats/--no-corpus-stats", default=True, show_default=True,
                     help="Count lines across the corpus to find each source's boilerplate (two passes)."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr."),
    ]  # fmt: skip
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def _config(config_path: Path | None, max_record_bytes: int | None) -> Config:
    return load_config(config_path, {"ingest": {"max_record_bytes": max_record_bytes}})


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
    for message in summary.failures[:20]:
        console.print(Text("error ", style="red") + Text(message), highlight=False)
    if len(summary.failures) > 20:
        console.print(f"... and {len(summary.failures) - 20} more errors (see the error records in the output)")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="samestory")
def main() -> None:
    """samestory: clean messy news crawls and find every version of the same story."""


@main.command()
@input_options
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write articles as JSON Lines here (default: stdout).")  # fmt: skip
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the run summary as JSON to this file.")  # fmt: skip
def clean(
    inputs: tuple[Path, ...], config_path: Path | None, workers: int, max_record_bytes: int | None,
    corpus_stats: bool, quiet: bool, out: Path | None, summary_path: Path | None,
) -> None:  # fmt: skip
    """Clean crawled news: text dumps, JSONL, HTML, WARC (any of them gzipped), files or directories.

    Writes one JSON object per article (error records included) and prints a summary on stderr.
    """
    console = Console(stderr=True)
    try:
        config = _config(config_path, max_record_bytes)
        executor = LocalExecutor(workers=workers, progress=not quiet and console.is_terminal)
        with JsonlWriter(out if out is not None else sys.stdout) as writer:
            for article in executor.clean(list(inputs), config, corpus_stats=corpus_stats):
                writer.write(article.to_dict())
    except SamestoryError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(EXIT_ERROR)
    except OSError as exc:
        console.print(f"[red]error:[/red] cannot write output: {exc}", highlight=False)
        sys.exit(EXIT_ERROR)
    summary = executor.summary
    if summary_path is not None:
        summary_path.write_text(json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8")
    if not quiet:
        print_summary(summary, console)
    sys.exit(EXIT_PARTIAL if summary.partial_failure else EXIT_OK)
