"""The front door (``samestory.api``) as a newcomer calls it: what it takes, and what it says when given
something else (the argument, what was given and what to pass), rather than a record that blames
samestory or a traceback from deep inside."""

from __future__ import annotations

from pathlib import Path

import pytest

from samestory import CleanConfig, Config, InputError, MatchConfig, clean, clean_text, compare, run


@pytest.mark.parametrize(
    ("given", "says"),
    [
        (b"A Headline Here\nThe body of the story, which is long enough to read.", r"got bytes; decode them first"),
        (None, r"got None"),
        (Path("examples/seeds/000_d4a47ec4de73bb3b.txt"), r"got .*Path.*; to clean a file, pass it to clean"),
    ],
)
def test_clean_text_of_what_is_no_text_is_a_type_error(given: object, says: str) -> None:
    """``clean_text(response.content)``, ``clean_text(None)`` and ``clean_text(Path(...))`` gave an article
    that was an error record, 'cleaning failed (TypeError: cannot use a string pattern on a bytes-like
    object). Fix: this is a bug in samestory; report it', with the bytes, None or path as its original."""
    with pytest.raises(TypeError, match=rf"^text: expected the article's text as a str, {says}"):
        clean_text(given)  # type: ignore[arg-type]


def test_compare_of_what_is_no_text_names_the_side() -> None:
    with pytest.raises(TypeError, match=r"^b: expected .*, got bytes"):
        compare("One text here, long enough to read.", b"Another text.")  # type: ignore[arg-type]


def test_clean_text_takes_a_number_as_an_id_as_json_lines_do() -> None:
    """``clean_text(text, id=5)`` gave an article whose id was the int 5 (JSON Lines ids that are numbers
    become strings); an id that is neither is a TypeError."""
    assert clean_text("The body of the story, long enough to read.", id=5).id == "5"  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^id: expected a str"):
        clean_text("The body of the story.", id=None)  # type: ignore[arg-type]


def test_clean_text_takes_the_settings_of_every_stage_too() -> None:
    """``clean_text(text, config=Config())`` (what clean, run and compare take) gave an error record that
    blamed samestory ('Config' object has no attribute 'line_model'), not the article."""
    text = "A Headline Here\nThe body of the story, which is long enough to read.\nShare this article"
    assert clean_text(text, config=Config()) == clean_text(text)
    quiet = Config(clean=CleanConfig(line_model=False))
    assert clean_text(text, config=quiet) == clean_text(text, config=quiet.clean)
    with pytest.raises(TypeError, match=r"^config: expected a samestory\.CleanConfig or Config, got MatchConfig\("):
        clean_text(text, config=MatchConfig())  # type: ignore[arg-type]


def test_a_stage_s_settings_given_for_all_settings_say_what_to_pass(seeds: Path) -> None:
    """``run(paths, config=MatchConfig(...))`` ended with AttributeError: 'MatchConfig' object has no
    attribute 'match' (clean: no attribute 'ingest')."""
    fix = r"pass samestory\.Config\(match=\.\.\.\)"
    with pytest.raises(TypeError, match=rf"^config: expected a samestory\.Config, got MatchConfig\(.*\); {fix}"):
        run([seeds], config=MatchConfig())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^config: .*got CleanConfig\(.*\); pass samestory\.Config\(clean=\.\.\.\)"):
        list(clean([seeds], CleanConfig()))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=rf"^config: .*; {fix}"):
        compare("One text.", "Another text.", MatchConfig())  # type: ignore[arg-type]


def test_compare_of_a_file_s_path_given_as_a_str_says_to_pass_a_path(seeds: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A str is compared as the article's text; ``compare("a.txt", "b.txt")`` said 'a: holds no article
    text once cleaned', and a longer path could be compared as a one-word text."""
    monkeypatch.chdir(seeds)
    with pytest.raises(InputError, match=r"^000_d4a47ec4de73bb3b\.txt: .*path of a file.*Fix: pass Path\("):
        compare("000_d4a47ec4de73bb3b.txt", "001_fdedb239be57391e.txt")


def test_compare_of_a_folder_is_refused_as_the_command_refuses_it(seeds: Path) -> None:
    """``compare(Path("crawl"), b)`` compared the folder's first article, whichever that was, where
    ``samestory compare crawl b.txt`` is a usage error (a file is needed)."""
    with pytest.raises(InputError, match=r"seeds: is a folder.*Fix: pass one of its files, or run\(\)"):
        compare(seeds, seeds / "001_fdedb239be57391e.txt")


@pytest.mark.parametrize(
    ("workers", "error"), [("2", TypeError), (2.0, TypeError), (True, TypeError), (0, ValueError), (-1, ValueError)]
)
def test_workers_that_are_no_count_of_processes_are_refused_at_the_call(
    seeds: Path, tmp_path: Path, workers: object, error: type[Exception]
) -> None:
    """workers="2" failed deep inside the pool ("'>' not supported between 'str' and 'int'"), and workers=0 or
    -1 quietly ran in one process (found by the API QA pass)."""
    from samestory.store import Store

    with pytest.raises(error, match=r"^workers: "):
        list(clean([seeds], workers=workers))  # type: ignore[arg-type]
    with pytest.raises(error, match=r"^workers: "):
        run([seeds], workers=workers)  # type: ignore[arg-type]
    with Store.open(tmp_path / "s.duckdb") as store, pytest.raises(error, match=r"^workers: "):
        store.add([seeds], workers=workers)  # type: ignore[arg-type]
