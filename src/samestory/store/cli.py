"""The store's commands (``add``, ``stories``, ``show``, ``export``), registered on ``samestory``'s group.

Thin: parse, call :class:`~samestory.store.Store`, print with rich. Errors become messages and exit codes
in :func:`samestory.cli.exits_on_error`, as for every command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from samestory.records import Article, Story

#: The store's file name in a run's output folder (``samestory run --store``), and the name it is built
#: under until the run is done.
STORE_NAME = "samestory.duckdb"
PART_NAME = STORE_NAME + ".part"


def _wal(path: Path) -> Path:
    """DuckDB's write-ahead log of the database file ``path``."""
    return path.with_name(path.name + ".wal")


def no_stdin(inputs: tuple[Path, ...]) -> tuple[Path, ...]:
    """The input paths, refused when one is ``-``: the inputs are read twice (corpus statistics) and by
    worker processes, so they must be files."""
    if any(str(path) == "-" for path in inputs):
        raise click.BadParameter(
            "'-' (standard input) is not read: save the input to a file and pass its path (gzip is read as it is)"
        )
    return inputs


def no_output_as_input(inputs: Sequence[Path], outputs: Sequence[Path]) -> None:
    """Refuse an input that is one of the command's output files: a command skips its outputs when it reads
    (``skipped: output``), and would then overwrite the input with the other inputs' articles, or none (or,
    the store of ``add``, add nothing from it)."""
    for path in inputs:
        for out in outputs:
            if _same_file(path, out):
                raise click.BadParameter(
                    f"{path} is also an output ({out}): it would be skipped and then written to. "
                    "Fix: write the output elsewhere", param_hint="INPUTS",
                )  # fmt: skip


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.resolve() == b.resolve()


F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_STORE = Path("out/samestory.duckdb")


def store_option(fn: F) -> F:
    option = click.option(
        "--store", "store_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_STORE,
        envvar="SAMESTORY_STORE", show_default=True, help="The store file (DuckDB); also $SAMESTORY_STORE.",
    )  # fmt: skip
    return option(fn)


def _exits(console: Console) -> Any:
    from samestory.cli import exits_on_error

    return exits_on_error(console)


@click.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path), callback=lambda c, p, v: no_stdin(v))
@store_option
@click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file with [ingest], [clean] and [match] settings (a store keeps the ones it was built with).",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Worker processes; results are identical for any number.",
)
@click.option("--quiet", "-q", is_flag=True, help="No summary on stderr (the inputs that failed are still named).")
def add(inputs: tuple[Path, ...], store_path: Path, config_path: Path | None, workers: int, quiet: bool) -> None:
    """Add crawled articles to a store: clean them, match them against everything stored, update stories.

    Adding in batches gives the same pairs and stories as one run over all of them; re-adding a stored
    record changes nothing. One add is one transaction: if it is killed, the store is as before.

    After an upgrade that changed the cleaning rules, the add first cleans every stored article again, a
    chunk at a time, each chunk committed: if it is killed, the next add goes on from there. With no
    INPUTS, an add only does that (or nothing).
    """
    from samestory.config import load_config
    from samestory.store import Store

    no_output_as_input(inputs, [store_path])
    console = Console(stderr=True)
    with _exits(console):
        config = load_config(config_path).excluding([store_path])
        with Store.open(store_path) as store:
            progress = not quiet and console.is_terminal
            result = store.add(list(inputs), config, workers=workers, progress=progress)
    if not quiet:
        table = Table(title=Text(f"samestory add -> {store_path}"), header_style="bold")
        table.add_column("what")
        table.add_column("count", justify="right")
        for key, value in result.to_dict().items():
            if key == "duplicate_ids":
                table.add_row("not added: their id is another's too", str(sum(map(len, value.values()))))
            elif key == "skipped":
                for reason, n in value.items():
                    table.add_row(f"skipped: {reason}", str(n))
            elif key not in ("timings", "failures"):
                table.add_row(key.replace("_", " "), str(value))
        table.add_row("seconds", "  ".join(f"{k} {v:.2f}" for k, v in result.timings.items()))
        console.print(table)
    print_failures(result.failures, console, "store")  # with --quiet too: each names its input and fix
    print_duplicates(result.duplicate_ids, console, "added")
    sys.exit(3 if result.errors or result.duplicate_ids else 0)


def _skipped(skipped: dict[str, int]) -> str:
    """What an add skipped on purpose, by reason, as a clause of ``run --store``'s line ("" for nothing)."""
    if not skipped:
        return ""
    reasons = ", ".join(f"{reason} {n}" for reason, n in skipped.items())
    return f"; skipped {sum(skipped.values())} inputs: {reasons}"


def print_failures(failures: list[str], console: Console, where: str, limit: int = 20) -> None:
    """An error line for each input that could not be read (at most ``limit``; the others are in the error
    records of the ``where``: "output", "store")."""
    for message in failures[:limit]:
        console.print(Text("error ", style="red") + Text(message), highlight=False)
    if len(failures) > limit:
        console.print(f"... and {len(failures) - limit} more errors (see the error records in the {where})")


def print_duplicates(duplicates: dict[str, list[str]], console: Console, done: str) -> None:
    """An error line for each id given to several records (``done``: "added", "matched")."""
    from samestory.executors.summary import duplicate_id_errors

    for line in duplicate_id_errors(duplicates, done):
        console.print(Text("error ", style="red") + Text(line), highlight=False)


def _iso_date(value: str | None) -> str | None:
    """A ``--from`` or ``--to`` date, checked: compared as text with the stored dates, a date of another
    form would silently match nothing."""
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: give it as YYYY-MM-DD, e.g. 2026-02-12") from None


def _date_option(flag: str, dest: str, side: str) -> Callable[[F], F]:
    """``--from`` or ``--to``: a date the stories' member dates are compared with, checked."""
    return click.option(flag, dest, default=None, callback=lambda c, p, v: _iso_date(v),
                        help=f"Only stories with a member dated on or {side} (ISO date).")  # fmt: skip


def _json_option(what: str) -> Callable[[F], F]:
    return click.option("--json", "as_json", is_flag=True, help=f"Print JSON instead of tables: {what}.")


def _print_json(value: Any) -> None:
    """One JSON document on stdout, as the API sends it (UTF-8, not ASCII escapes)."""
    import json

    click.echo(json.dumps(value, ensure_ascii=False))


@click.command()
@store_option
@click.option("--search", "-s", default=None,
              help="Words (a phrase in double quotes is one), each in a story's title or in a member's title, "
                   "text or source.")  # fmt: skip
@click.option("--source", default=None, help="Only stories with a member from this source.")
@_date_option("--from", "date_from", "after")
@_date_option("--to", "date_to", "before")
@click.option("--limit", "-n", type=click.IntRange(1), default=20, show_default=True, help="Stories to list.")
@click.option("--offset", type=click.IntRange(0), default=0, help="Stories to skip first (the next page).")
@_json_option("the page as GET /api/stories gives it: total, limit, offset and the stories")
def stories(
    store_path: Path, search: str | None, source: str | None, date_from: str | None, date_to: str | None, limit: int,
    offset: int, as_json: bool,
) -> None:  # fmt: skip
    """List stories, largest first: id, size, title, sources, dates."""
    from samestory.store import Store

    console = Console()
    with _exits(Console(stderr=True)), Store.open(store_path, read_only=True) as store:
        warn_unfinished(store)
        page, total = store.stories(
            search=search, source=source, date_from=date_from, date_to=date_to, limit=limit, offset=offset
        )
    if as_json:
        keys = ("story_id", "size", "title", "sources", "first_date", "last_date")  # the API's, not lead_id
        stories = [{k: row[k] for k in keys} for row in (s.to_dict() for s in page)]
        _print_json({"total": total, "limit": limit, "offset": offset, "stories": stories})
        return
    shown = f"{offset + 1}-{offset + len(page)}" if offset and page else str(len(page))
    table = Table(header_style="bold", caption=f"{shown} of {total} stories")
    for name, justify in (("story", "left"), ("size", "right"), ("title", "left"), ("sources", "left"),
                          ("dates", "left")):  # fmt: skip
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    for s in page:
        dates = s.first_date or ""
        if s.last_date and s.last_date != s.first_date:
            dates += f" .. {s.last_date}"
        table.add_row(s.story_id, str(s.size), Text(s.title or s.lead_id), Text(_sources(s.sources)), Text(dates))
    console.print(table)


def _sources(sources: list[str]) -> str:
    """The first few sources of a story and how many more (150 copies by as many sites: 150 lines)."""
    from samestory.store.store import SOURCES_SHOWN

    shown = ", ".join(sources[:SOURCES_SHOWN])
    return shown + (f" and {len(sources) - SOURCES_SHOWN:,} more" if len(sources) > SOURCES_SHOWN else "")


@click.command()
@click.argument("item_id")
@store_option
@_json_option(
    'a story as {"story": ..., "pairs": [...]} (GET /api/stories/ID), an article as {"article": ..., '
    '"story_id": ..., "pairs": [...]} (its articles.jsonl and pairs.jsonl rows)'
)
def show(item_id: str, store_path: Path, as_json: bool) -> None:
    """Show a story (members, copy families, relations) or an article (fields, removals with reasons)."""
    from samestory.store import Store

    console = Console()
    with _exits(Console(stderr=True)), Store.open(store_path, read_only=True) as store:
        warn_unfinished(store)
        story = store.story(item_id)
        if story is not None and as_json:
            pairs = store.story_pairs(story.story_id)
            _print_json({"story": story.to_dict(), "pairs": [p.to_dict() for p in pairs]})
            return
        if story is not None:
            _show_story(console, store, story)
            return
        article = store.article(item_id)
        if article is None:
            message = f"no story or article {item_id!r} in {store_path}. Fix: list ids with samestory stories"
            Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", highlight=False)
            sys.exit(1)
        if as_json:
            rows = [p.to_dict() for p in store.pairs_of(article.id)]
            _print_json({"article": article.to_dict(), "story_id": store.story_of(article.id), "pairs": rows})
            return
        _show_article(console, store, article)


def warn_unfinished(store: Any, console: Console | None = None) -> None:
    """A store part way through a re-clean is consistent, but holds results of two rule sets: say so (on
    ``console``, else on stderr)."""
    from samestory.store.reclean import unfinished_message

    if (state := store.reclean_state()) is not None:
        console = console or Console(stderr=True)
        console.print(f"[yellow]warning:[/yellow] {escape(unfinished_message(store.path, state))}", highlight=False)


# Every table column below folds a word too long for it onto the next lines (``overflow="fold"``): rich's
# default cuts it with an ellipsis, and the words of these tables are ids, sources and URLs to be read whole.


def _show_story(console: Console, store: Any, story: Story) -> None:
    articles = {a.id: a for a in store.articles(story.members)}
    console.print(Text(f"story {story.story_id}: {len(story.members)} articles", style="bold"))
    for fam in story.families:
        console.print(Text(f"family of {len(fam.members)}, original: {fam.original or 'undecided'}", style="bold"))
        for line in fam.evidence[:5]:
            console.print(Text(f"  evidence: {line}", style="dim"))
        for member in fam.members:
            a = articles.get(member)
            mark = "*" if member == fam.original else "-"
            when = (a.published or a.fetched or "") if a else ""
            console.print(Text(f"  {mark} {member}  {when}  {a.title if a and a.title else ''}"))
    table = Table(title="relations", header_style="bold")
    for name in ("a", "b", "relation", "similarity", "original"):
        table.add_column(name, overflow="fold")
    for p in store.story_pairs(story.story_id, light=True):  # one query (150 near copies: 11,000 pairs)
        table.add_row(Text(p.a), Text(p.b), p.relation, f"{p.similarity:.2f}", Text(p.direction.original or ""))
    console.print(table)


def _show_article(console: Console, store: Any, article: Article) -> None:
    fields = Table(title=Text(f"article {article.id}"), show_header=False)
    fields.add_column("field", style="bold")
    fields.add_column("value", overflow="fold")
    for name in ("title", "subtitle", "author", "source", "url", "published", "fetched", "http_status", "dateline",
                 "credit", "language"):  # fmt: skip
        value = getattr(article, name)
        if value is not None:
            fields.add_row(name, Text(str(value)))
    fields.add_row("flags", ", ".join(article.flags))
    fields.add_row("story", store.story_of(article.id) or "")
    if article.error:
        fields.add_row("error", Text(f"{article.error.code}: {article.error.message}", style="red"))
    console.print(fields)
    if article.error and not article.text:  # nothing was read: no text, nothing removed (as the article page)
        console.print(Text("No clean text: this input could not be read (see the error above)", style="dim"))
        return
    console.print(Text(article.text))
    if not article.removed:
        console.print(Text("Cleaning removed nothing from this article.", style="dim"))
    else:
        _show_removed(console, article)
    for p in store.pairs_of(article.id):
        other = p.b if p.a == article.id else p.a
        console.print(Text(f"{p.relation} {p.similarity:.2f} with {other}"))


def _show_removed(console: Console, article: Article) -> None:
    removed = Table(title="removed by cleaning", header_style="bold")
    for name in ("reason", "where", "text", "evidence"):
        removed.add_column(name, overflow="fold")
    for r in article.removed:
        snippet = r.text if len(r.text) <= 80 else r.text[:77] + "..."
        removed.add_row(r.reason, f"{r.start}-{r.end}", Text(snippet), Text(r.evidence))
    console.print(removed)


@click.command()
@store_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    show_default=True,
    help="JSON Lines (as samestory run writes) or Parquet.",
)
@click.option("--out", "-o", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder for articles, pairs and stories.")  # fmt: skip
def export(store_path: Path, fmt: str, out_dir: Path) -> None:
    """Export a store's articles, pairs and stories as JSON Lines or Parquet files."""
    from samestory.store import Store
    from samestory.store.export import export as write

    console = Console(stderr=True)
    with _exits(console), Store.open(store_path, read_only=True) as store:
        paths = write(store, out_dir, fmt)
    console.print(Text("wrote " + ", ".join(str(p) for p in paths)), highlight=False)


COMMANDS = (add, stories, show, export)


def run_into_store(
    inputs: list[Path], out_dir: Path, config: Any, workers: int, quiet: bool, corpus_stats: bool
) -> int:
    """``samestory run --store``: add everything to a new store OUT/samestory.duckdb, then write the run's three
    files from it. Returns the exit code.

    The store is built beside as OUT/samestory.duckdb.part and renamed into place when done, replacing the
    folder's store of an earlier run: added to, that one would make this run's files hold the earlier run's
    articles too (a run's files are those of its inputs), and a run stopped half way leaves it as it was."""
    from samestory.errors import ConfigError
    from samestory.store import Store
    from samestory.store.export import export as write

    if not corpus_stats:
        raise ConfigError("--store needs corpus statistics (a store keeps them). Fix: drop --no-corpus-stats")
    path, part = out_dir / STORE_NAME, out_dir / PART_NAME
    for stale in (part, _wal(part)):  # left by a run that was stopped
        stale.unlink(missing_ok=True)
    with Store.open(part) as store:
        result = store.add(inputs, config, workers=workers)
        write(store, out_dir, "jsonl")
    _wal(path).unlink(missing_ok=True)  # the old store's log must not be replayed into the new one
    part.replace(path)
    console = Console(stderr=True)
    if not quiet:
        console.print(
            Text(
                f"added {result.added} articles ({result.errors} input errors), {result.pairs} pairs, "
                f"{result.stories} stories; wrote {path}, articles.jsonl, pairs.jsonl, stories.jsonl"
                + _skipped(result.skipped)
            ),
            highlight=False,
        )
    print_failures(result.failures, console, "output")  # with --quiet too
    print_duplicates(result.duplicate_ids, console, "added")
    return 3 if result.errors or result.duplicate_ids else 0
