"""Constants and helpers shared by the serve tests (a module of its own: test folders each have a
conftest.py, and importing "conftest" by name picks whichever was imported first)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from samestory.serve import create_app
from samestory.serve.storeview import StoreBackend

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "examples" / "seeds"
A = "seeds/000_d4a47ec4de73bb3b.txt"
B = "seeds/001_fdedb239be57391e.txt"
HOSTILE = "hostile/harbour.txt"
TOKEN = "s3cret-token"
HOSTILE_TEXT = """<img src=x onerror="window.__pwned=2"> Council votes to rebuild the harbour wall
The town council voted on Tuesday to rebuild the harbour wall after winter storms, the mayor said. \
<script>window.__pwned = 1</script> Work is due to start in March and cost 2 million euros.

Residents had asked for the repairs for years, and the council said the money would come from reserves. \
"We have waited long enough," said the mayor, Anna Berg.
"""


def make_app(backend: StoreBackend, **kwargs: object) -> FastAPI:
    return create_app(backend, **kwargs)  # type: ignore[arg-type]
