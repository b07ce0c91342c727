"""``samestory serve``: the web interface and JSON API over a store, served by uvicorn."""

from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from samestory.serve.limits import DEFAULT_MAX_BODY


def is_loopback(host: str) -> bool:
    """Whether ``host`` only accepts connections from this machine.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("0.0.0.0")
    (True, True, False)
    """
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def base_url(host: str, port: int) -> str:
    """The address to open in a browser: an IPv6 host goes in brackets.

    >>> base_url("::1", 8000), base_url("127.0.0.1", 8000)
    ('http://[::1]:8000/', 'http://127.0.0.1:8000/')
    """
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


@click.command()
@click.option(
    "--store",
    "store_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The store file to serve (made by samestory add).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. Anything but loopback exposes the store to the network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--token",
    envvar="SAMESTORY_TOKEN",
    default=None,
    show_envvar=True,
    help="Secret that POST /api/match?store=true must send as 'Authorization: Bearer TOKEN'. "
    "Without it the server refuses every write.",
)
@click.option(
    "--max-body",
    type=click.IntRange(1),
    default=DEFAULT_MAX_BODY,
    show_default=True,
    help="Largest request body accepted, in bytes (413 above it).",
)
@click.option(
    "--preload-views/--no-preload-views",
    default=True,
    show_default=True,
    help="At start, build the comparison view of every stored article from the sentence embeddings the store "
    "kept (about 115 KB an article in memory, about 0.8 ms each to build): POST /api/match then only verifies.",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="Server processes. Above 1, the matcher and views are built once and the process is forked, so the "
    "workers share that memory; read-only (no --token): DuckDB lets one process write.",
)
def serve(
    store_path: Path, host: str, port: int, token: str | None, max_body: int, preload_views: bool, workers: int
) -> None:
    """Serve a store: story list and search, story pages with the copy graph, side-by-side comparisons,
    what cleaning removed, and a JSON API under /api/ (OpenAPI at /openapi.json)."""
    import uvicorn

    from samestory.errors import SamestoryError
    from samestory.serve.app import LOOPBACK_HOSTS, create_app

    console = Console(stderr=True)
    allowed = LOOPBACK_HOSTS if is_loopback(host) else None
    if workers > 1 and token:
        console.print("[red]error:[/red] --workers above 1 serves read-only: a store has one writer process. "
                      "Fix: drop --token, or serve with --workers 1", highlight=False)  # fmt: skip
        sys.exit(2)
    try:
        _warn_unfinished_reclean(console, store_path)
        app = create_app(
            store_path, token=token or None, max_body=max_body, warm=workers == 1, preload=preload_views,
            allowed_hosts=allowed,
        )  # fmt: skip
    except SamestoryError as exc:
        console.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False)
        sys.exit(1)
    if not is_loopback(host):
        console.print(f"[yellow]warning:[/yellow] listening on {escape(host)}: anyone who can reach it can read "
                      "the store", soft_wrap=True)  # fmt: skip
    writes = "writes need the token" if token else "read-only: no token given"
    console.print(Text(f"serving {store_path} on {base_url(host, port)} ({writes})"), highlight=False, soft_wrap=True)
    if workers > 1:  # warm here, then fork the match processes, before the server listens
        console.print(f"building the matcher and views, then {workers} match processes ...", highlight=False)
        app.state.services.start_workers(workers)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _warn_unfinished_reclean(console: Console, store_path: Path) -> None:
    """A store part way through a re-clean for new cleaning rules is served (it is consistent), with a
    warning: it holds results of two rule sets until an add finishes the re-clean."""
    from samestory.store import Store
    from samestory.store.cli import warn_unfinished

    with Store.open(store_path, read_only=True) as store:
        warn_unfinished(store, console)
