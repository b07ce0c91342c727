"""The store's exception: a :class:`~samestory.errors.SamestoryError`, so the CLI reports it with exit code 1."""

from __future__ import annotations

from samestory.errors import SamestoryError


class StoreError(SamestoryError):
    """A store that cannot be opened or used as asked; the message names the file and the fix."""
