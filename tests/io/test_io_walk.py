"""Walking paths: sorted, deterministic ids, hidden entries and links skipped and counted."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from io_helpers import only, read

from samestory.config import IngestConfig
from samestory.io import ReadStats, Source, WalkFailure, read_source, walk
from samestory.records import RawRecord

Write = Callable[[str, bytes | str], Path]


@pytest.fixture
def tree(write: Write, tmp_path: Path) -> Path:
    for name in ("seeds/b.txt", "seeds/a.txt", "seeds/sub/c.txt", "seeds/Z.txt", "seeds/a0/d.txt"):
        write(name, f"Story in {name}\n")
    write("seeds/.hidden.txt", "not read\n")
    write("seeds/.git/config", "not read\n")
    return tmp_path / "seeds"


def test_walk_order_is_sorted_and_recursive(tree: Path) -> None:
    ids = [r.id for r in read(tree)]
    assert ids == ["seeds/Z.txt", "seeds/a.txt", "seeds/a0/d.txt", "seeds/b.txt", "seeds/sub/c.txt"]


def test_ids_are_the_same_for_directory_and_file_arguments(tree: Path) -> None:
    from_dir = {r.id: r.text for r in read(tree)}
    from_file = only(read(tree / "sub" / "c.txt"))
    assert from_dir["seeds/sub/c.txt"] == from_file.text
    assert only(read(tree / "a.txt")).id == "seeds/a.txt"


def test_relative_arguments_keep_the_path_as_given(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree.parent)
    records = read("seeds/sub/", "./seeds/a.txt")
    assert (records[0].input, records[0].id) == ("seeds/sub/c.txt", "sub/c.txt")
    assert (records[-1].input, records[-1].id) == ("seeds/a.txt", "seeds/a.txt")
    monkeypatch.chdir(tree)
    assert only(read("a.txt")).id == "seeds/a.txt"


def test_hidden_entries_are_skipped_and_counted_unless_named(tree: Path) -> None:
    stats = ReadStats()
    records = read(tree, stats=stats)
    assert all(".hidden" not in r.id and ".git" not in r.id for r in records)
    assert stats.skipped == {"hidden": 2}
    assert only(read(tree / ".hidden.txt")).text == "not read\n"


def test_symlinks_are_skipped_unless_followed(tree: Path, tmp_path: Path, write: Write) -> None:
    target = write("elsewhere/e.txt", "Linked story\n")
    (tree / "link.txt").symlink_to(target)
    (tree / "linkdir").symlink_to(target.parent, target_is_directory=True)
    (tree / "sub" / "loop").symlink_to(tree, target_is_directory=True)
    stats = ReadStats()
    assert "seeds/link.txt" not in [r.id for r in read(tree, stats=stats)]
    assert stats.skipped["symlink"] == 3
    followed = ReadStats()
    ids = [r.id for r in read(tree, stats=followed, follow_symlinks=True)]
    assert "seeds/link.txt" in ids
    assert "seeds/linkdir/e.txt" in ids
    assert followed.skipped["already_walked"] == 1


def test_broken_link_followed_is_an_error_record(tree: Path) -> None:
    (tree / "broken.txt").symlink_to(tree / "missing.txt")
    records = read(tree, follow_symlinks=True)
    broken = next(r for r in records if r.id == "seeds/broken.txt")
    assert broken.error is not None
    assert broken.error.code == "unreadable"


def test_missing_path_is_an_error_record_and_reading_goes_on(tree: Path) -> None:
    missing = tree.parent / "nope" / "x.txt"
    records = read(missing, tree / "a.txt")
    assert records[0].error is not None
    assert records[0].error.code == "unreadable"
    assert records[0].id == "nope/x.txt"
    assert records[0].error.message.startswith(f"{missing.as_posix()}: cannot read (No such file or directory). Fix:")
    assert records[1].error is None


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_and_directory(tree: Path) -> None:
    (tree / "a.txt").chmod(0)
    (tree / "sub").chmod(0)
    try:
        records = {r.id: r for r in read(tree)}
    finally:
        (tree / "a.txt").chmod(0o644)
        (tree / "sub").chmod(0o755)
    for id_ in ("seeds/a.txt", "seeds/sub"):
        error = records[id_].error
        assert error is not None
        assert error.code == "unreadable"
        assert "Permission denied" in error.message


def test_walk_and_read_source_split_the_work(tree: Path) -> None:
    stats = ReadStats()
    sources = [s for s in walk([tree, tree / "missing"], False, stats) if isinstance(s, Source)]
    records = [r for s in sources for r in read_source(s, IngestConfig(), stats)]
    assert [r.id for r in records] == [r.id for r in read(tree)] + ["seeds/missing"]
    assert (stats.files, stats.records, dict(stats.errors)) == (6, 5, {"unreadable": 1})


def test_fifo_is_skipped_not_opened(tree: Path) -> None:
    os.mkfifo(tree / "pipe")
    stats = ReadStats()
    assert len(read(tree, stats=stats)) == 5
    assert stats.skipped["not_a_file"] == 1


def test_walk_failure_for_a_directory_that_cannot_be_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", refuse)
    items = list(walk([tmp_path], False, ReadStats()))
    assert len(items) == 1
    assert isinstance(items[0], WalkFailure)
    record = only(read(tmp_path))
    assert record.error is not None
    assert (record.id, record.format, record.error.code) == (tmp_path.name, "unknown", "unreadable")


def test_permission_denied_on_open(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = Path.open

    def guarded(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", guarded)
    records = {r.id: r for r in read(tree)}
    error = records["seeds/a.txt"].error
    assert error is not None
    assert error.code == "unreadable"
    assert error.message == (
        f"{(tree / 'a.txt').as_posix()}: cannot read (Permission denied). "
        "Fix: make it readable (chmod +r) or run samestory as a user who can read it"
    )
    assert records["seeds/b.txt"].error is None


def test_a_file_name_that_is_not_utf8_is_named_with_escapes(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text("A story whose file name is Latin-1.\n", encoding="utf-8")
    from_dir, from_file = only(read(folder)), only(read(folder / os.fsdecode(b"caf\xe9.txt")))
    assert from_dir.id == from_file.id == "crawl/caf\\xe9.txt"
    assert from_dir.input.endswith("crawl/caf\\xe9.txt") and from_dir.text.startswith("A story")
    from_dir.input.encode("utf-8")  # every name can be written out


def test_excluded_paths_are_skipped_as_output(tree: Path) -> None:
    stats = ReadStats()
    found = [s.id for s in walk([tree], False, stats, exclude=[tree / "b.txt", tree / "sub"])]
    assert found == ["seeds/Z.txt", "seeds/a.txt", "seeds/a0/d.txt"]
    assert stats.skipped["output"] == 2
    assert [s.id for s in walk([tree / "a.txt"], False, ReadStats(), exclude=[tree / "a.txt"])] == []


def test_a_path_inside_another_or_named_twice_is_read_once(tree: Path) -> None:
    for order in ([tree / "sub", tree, tree], [tree, tree / "sub", tree / "a.txt"]):
        stats = ReadStats()
        ids = [s.id for s in walk(order, False, stats)]
        assert ids == ["seeds/Z.txt", "seeds/a.txt", "seeds/a0/d.txt", "seeds/b.txt", "seeds/sub/c.txt"]
        assert stats.skipped["inside_another_input"] + stats.skipped["named_twice"] == 2


def test_one_path_given_alone_is_one_path_not_its_characters(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``samestory.clean("crawl/")``: a str is a sequence too, and was read as the paths "c", "r", "a", "w",
    "l" and "/" (the root folder) - error records for each letter, or a walk of the whole disk."""
    from samestory import clean
    from samestory.io import read_inputs

    monkeypatch.chdir(tree.parent)
    whole = [a.id for a in clean(["seeds"], corpus_stats=False)]
    assert whole and [a.id for a in clean("seeds", corpus_stats=False)] == whole
    assert [a.id for a in clean(Path("seeds"), corpus_stats=False)] == whole  # type: ignore[arg-type]
    assert [r.id for r in read_inputs("seeds/a.txt", IngestConfig())] == ["seeds/a.txt"]


def test_paths_given_as_a_generator_are_all_read(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``samestory.clean(p for p in folders)``: the walk went over the paths twice (to find the folders
    named, then to read them), so a generator was spent by the first and nothing was read, silently (an
    empty run, as if the folders were empty)."""
    from samestory import clean, run
    from samestory.io import read_inputs

    monkeypatch.chdir(tree.parent)
    whole = [a.id for a in clean(["seeds"], corpus_stats=False)]
    assert [a.id for a in clean((p for p in ["seeds"]), corpus_stats=False)] == whole  # type: ignore[arg-type]
    assert [r.id for r in read_inputs(iter(["seeds/a.txt"]), IngestConfig())] == ["seeds/a.txt"]  # type: ignore[arg-type]
    assert [a.id for a in run(iter(["seeds"]), corpus_stats=False).articles] == whole  # type: ignore[arg-type]


@pytest.mark.parametrize("paths", [[5], [b"seeds/a.txt"], None, ["seeds", None]])
def test_a_path_that_is_no_path_is_a_type_error_that_names_it(paths: object) -> None:
    """``clean([5])``, ``clean([b"crawl"])``, ``clean(None)``: a TypeError from deep in pathlib ("expected
    str, bytes or os.PathLike object, not int"; "'NoneType' object is not iterable") that said neither
    which argument nor what to pass."""
    with pytest.raises(TypeError, match=r"^paths: .*got .*; pass a str or a pathlib\.Path, or a list of them"):
        list(walk(paths, False, ReadStats()))  # type: ignore[arg-type]


def test_a_reader_that_fails_is_an_error_record_and_reading_goes_on(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A bug in a reader on one odd page ended clean and run with a traceback, and every other input with it
    # (as the cleaner's own failures do not: they become clean_failed records).
    def broken(data: bytes, source: Source) -> RawRecord:
        raise LookupError("a bug")

    monkeypatch.setattr("samestory.io.inputs.read_html", broken)
    page = write("crawl/a.html", "<html><body><p>Some page.</p></body></html>")
    write("crawl/b.txt", "A story.")
    stats = ReadStats()
    out = read(page.parent, stats=stats)
    assert [(r.id, r.error.code if r.error else None) for r in out] == [
        ("crawl/a.html", "read_failed"),
        ("crawl/b.txt", None),
    ]
    assert out[0].error is not None
    assert out[0].error.message == (
        f"{page.as_posix()}: reading failed (LookupError: a bug). Fix: this is a bug in samestory; report it with "
        "this input"
    )
    assert stats.to_dict()["errors"] == {"read_failed": 1}


def test_a_path_named_inside_a_named_folder_that_its_walk_skips_is_read(tree: Path, write: Write) -> None:
    """``samestory clean seeds seeds/linkdir seeds/.hidden.txt``: the walk of seeds skips the link and the
    hidden file, and the named paths were skipped as inside_another_input, so they were read by neither
    (a path named explicitly is always read, hidden or linked)."""
    target = write("elsewhere/e.txt", "Linked story\n")
    (tree / "linkdir").symlink_to(target.parent, target_is_directory=True)
    (tree / "link.txt").symlink_to(target)
    for order in ([tree, tree / "linkdir", tree / "link.txt", tree / ".hidden.txt"],
                  [tree / ".hidden.txt", tree / "link.txt", tree / "linkdir", tree]):  # fmt: skip
        stats = ReadStats()
        ids = sorted(s.id for s in walk(order, False, stats))
        assert ids == sorted([*[r.id for r in read(tree)], "linkdir/e.txt", "seeds/link.txt", "seeds/.hidden.txt"])
        assert "inside_another_input" not in stats.skipped
        # Read as named, they are not counted skipped by the walk too (.git is): each input is counted once.
        assert stats.skipped == {"hidden": 1}
    followed = ReadStats()
    ids = [s.id for s in walk([tree, tree / "linkdir", tree / "linkdir" / "e.txt"], True, followed)]
    assert ids.count("seeds/linkdir/e.txt") == 1 and "linkdir/e.txt" not in ids
    assert followed.skipped["inside_another_input"] == 2


def test_a_named_pipe_named_as_an_input_is_an_error_record_not_a_hang(tmp_path: Path) -> None:
    """In a folder a named pipe is skipped (not_a_file); named on the command line it was opened, and
    opening a pipe that nothing writes to waits for ever: 'samestory clean crawl/pipe' never ended."""
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    got: list[RawRecord] = []
    reader = threading.Thread(target=lambda: got.extend(read(pipe, tmp_path / "missing.txt")), daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert len(got) == 2, "reading a named pipe did not end"
    error = got[0].error
    assert error is not None and error.code == "unreadable"
    assert error.message.startswith(f"{pipe.as_posix()}: is a named pipe (FIFO), not a file. Fix: ")


def test_a_named_folder_without_files_is_counted(tmp_path: Path, write: Write) -> None:
    """A folder named as an input that yields no file (empty, or hidden files only) showed nowhere in the
    summary but "files 0": now it is skipped as folder_without_files; a folder with files is not."""
    (tmp_path / "empty").mkdir()
    write("hidden_only/.draft.txt", "not read\n")
    write("full/a.txt", "Story\n")
    stats = ReadStats()
    sources = list(walk([tmp_path / "empty", tmp_path / "hidden_only", tmp_path / "full"], False, stats))
    assert [s.id for s in sources if isinstance(s, Source)] == ["full/a.txt"]
    assert stats.skipped["folder_without_files"] == 2 and stats.skipped["hidden"] == 1
