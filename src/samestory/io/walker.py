"""Turn the paths a user gives into the files to read, in a deterministic order.

Directories are walked recursively with entries sorted by name, so the same tree always gives the same
records in the same order. Hidden entries (names starting with ``.``, such as ``.git``) and, unless asked
for, symbolic links are skipped inside directories and counted in :class:`ReadStats`; a path the user names
explicitly is always read, hidden or linked.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from samestory.io.source import Source, text_name
from samestory.io.stats import ReadStats

#: What may be named as input: one file or folder, or any iterable of them (a list, a tuple, a generator).
Paths: TypeAlias = "str | os.PathLike[str] | Iterable[str | os.PathLike[str]]"


@dataclass(frozen=True, slots=True)
class WalkFailure:
    """A directory that could not be listed."""

    source: Source
    error: OSError


def walk(
    paths: Paths, follow_symlinks: bool, stats: ReadStats, exclude: Sequence[str | Path] = ()
) -> Iterator[Source | WalkFailure]:
    """Yield a :class:`Source` for every file under ``paths``, in argument order then sorted order.

    Ids are ``<root name>/<path relative to root>``, where root is a directory argument, or the parent
    directory of a file argument, so a file gets the same id whether its directory or the file is named.
    ``exclude``: paths never yielded, counted as skipped ``output`` (a command's own output files). One path
    given alone (``"crawl/"``) is that path, not a sequence of one-letter paths ("c", "r" ... and "/").
    """
    paths = _as_paths(paths)
    excluded = {os.path.abspath(p) for p in exclude}
    # A path named twice, or inside a folder also named, is read once, from the outermost folder: else its
    # files came twice under two ids ("crawl/sub/a.txt" and "sub/a.txt"), whichever order the paths had.
    folders = {os.path.join(os.path.abspath(p), "") for p in paths if Path(p).is_dir()}  # with a final "/"
    given = {os.path.abspath(p) for p in paths}
    named: set[str] = set()
    for arg in paths:
        path = Path(arg)
        root = Path(os.path.abspath(path))
        if str(root) in named:
            stats.skipped["named_twice"] += 1
        elif path.exists() and any(_walked_from(f, root, follow_symlinks) for f in folders):
            stats.skipped["inside_another_input"] += 1
        elif str(root) in excluded:
            stats.skipped["output"] += 1
        elif path.is_dir():
            walker = _Walker(follow_symlinks, stats, excluded, given)
            found = 0
            for item in walker.walk(path, text_name(root.name), text_name(path.as_posix())):
                found += 1
                yield item
            if not found:  # else a folder named by mistake (an empty one, or only hidden files) went unsaid
                stats.skipped["folder_without_files"] += 1
        else:
            shown = text_name(path.as_posix())
            yield Source(path, id=text_name(_join(root.parent.name, path.name)), input=shown)
        named.add(str(root))


class _Walker:
    """One recursive walk; remembers the directories it entered so that link cycles end."""

    def __init__(self, follow_symlinks: bool, stats: ReadStats, excluded: set[str], given: set[str]) -> None:
        self.follow = follow_symlinks
        self.stats = stats
        self.excluded = excluded
        #: The paths named as inputs (absolute): a hidden entry or a link among them is read as named, so
        #: the walk passes it by without counting it skipped (it was counted both read and skipped).
        self.given = given
        self.seen: set[tuple[int, int]] = set()

    def walk(self, directory: Path, id_prefix: str, shown: str) -> Iterator[Source | WalkFailure]:
        try:
            key = _inode(directory)
            if key in self.seen:
                self.stats.skipped["already_walked"] += 1
                return
            self.seen.add(key)
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            yield WalkFailure(Source(directory, id=id_prefix, input=shown), exc)
            return
        for entry in entries:
            name = text_name(entry.name)
            yield from self._entry(entry, _join(id_prefix, name), f"{shown}/{name}")

    def _entry(self, entry: os.DirEntry[str], id_: str, shown: str) -> Iterator[Source | WalkFailure]:
        skip = entry.name.startswith(".") or (entry.is_symlink() and not self.follow)
        if skip and os.path.abspath(entry.path) in self.given:
            return
        if entry.name.startswith("."):
            self.stats.skipped["hidden"] += 1
        elif self.excluded and os.path.abspath(entry.path) in self.excluded:
            self.stats.skipped["output"] += 1
        elif entry.is_symlink() and not self.follow:
            self.stats.skipped["symlink"] += 1
        elif entry.is_dir(follow_symlinks=self.follow):
            yield from self.walk(Path(entry.path), id_, shown)
        elif entry.is_file(follow_symlinks=self.follow) or entry.is_symlink():
            # A followed link that points nowhere is still yielded: opening it reports the broken link.
            yield Source(Path(entry.path), id=id_, input=shown)
        else:
            self.stats.skipped["not_a_file"] += 1


def _as_paths(paths: Paths) -> list[str | os.PathLike[str]]:
    """``paths`` as a list: one path alone is a list of it, and any iterable (a generator too, which the
    walk would spend on finding the folders named before reading any) is read once. Anything else is a
    TypeError that says what to pass, rather than one from deep in :mod:`pathlib`."""
    if isinstance(paths, str | os.PathLike):
        return [paths]
    try:
        found: list[Any] = list(paths)
    except TypeError:
        found = [paths]
    for path in found:
        if not isinstance(path, str | os.PathLike):
            fix = "pass a str or a pathlib.Path, or a list of them"
            raise TypeError(f"paths: expected files or folders, got {path!r}; {fix}")
    return found


def _walked_from(folder: str, path: Path, follow_symlinks: bool) -> bool:
    """Whether the walk of ``folder`` (absolute, with a final "/") reaches ``path`` (absolute): it lies
    inside, and no part of it on the way is hidden or, unless links are followed, a link (the walk skips
    those, and a path named explicitly is always read)."""
    if not str(path).startswith(folder) or str(path) == folder.rstrip(os.sep):
        return False
    step = Path(folder)
    for part in path.relative_to(folder).parts:
        step = step / part
        if part.startswith(".") or (not follow_symlinks and step.is_symlink()):
            return False
    return True


def _inode(directory: Path) -> tuple[int, int]:
    info = directory.stat()
    return info.st_dev, info.st_ino


def _join(prefix: str, name: str) -> str:
    return f"{prefix}/{name}" if prefix and name else prefix or name
